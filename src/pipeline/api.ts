/**
 * Stage 4 of the pipeline, the API dry-run: the site's SKUs checked on its staging store
 * (read-only), earlier leftovers swept, every cart dry-run, every order emptied. It returns its part
 * of the run (cases, findings, housekeeping); the pipeline assembles results.json, decides the
 * verdict and redacts.
 */
import type { LimitFunction } from 'p-limit';
import { randomBytes } from 'node:crypto';
import type { Campaign, Site } from '../config/types.ts';
import type { CaseMoment, CaseResult, Finding, Housekeeping } from '../findings/types.ts';
import { newCase } from '../findings/types.ts';
import { createSolidusClient, StoreUnreachableError, type Schemas, type SolidusClient, type RequestLogEntry } from '../solidus/client.ts';
import { Catalog } from '../dryrun/catalog.ts';
import { dryRun } from '../dryrun/engine.ts';
import type { PlannedMoment } from '../dryrun/moments.ts';
import { OrderLedger, DRYRUN_DOMAIN, type OrphanOrder } from '../dryrun/flow.ts';
import { customerEmail, customersOf, DRYRUN_MARKER, isMarked, markerOf, runStamp } from '../dryrun/customers.ts';
import { stepSkus } from '../dryrun/steps.ts';
import { guardFor, stagingKind } from '../safety/guard.ts';
import { prepareMoments, stripMoment, type MomentSetup } from '../dryrun/clock.ts';
import { campaignMoments, momentOf } from '../dryrun/moments.ts';
import { showCode } from '../safety/redact.ts';
import { liveAt, unplannedPromotions } from '../inventory/live.ts';
import { unplannedRuns, type UnplannedRun } from '../inventory/unplanned.ts';
import type { InventoryReads } from './inventory.ts';
import type { Inventory, PromotionEngine } from '../solidus/inventory.ts';
import { engineOf } from '../dryrun/engine-of.ts';

/** A site-file value the store contradicts (an unknown SKU): bad input, exit 2. */
export class SiteInputError extends Error {
  readonly code = 'site-input';
  constructor(readonly problems: { path: string; message: string }[]) {
    super(problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
    this.name = 'SiteInputError';
  }
}

/** What the pipeline's caller may set for a site's run (runSite); the API dry-run reads these. */
export interface RunOptions {
  site: Site;
  env?: NodeJS.ProcessEnv;
  /** When the run started (default now): names its orders, and bounds which leftovers are swept. */
  startedAt?: Date;
  /** Overrides the site's dry_run.concurrency. */
  concurrency?: number;
  /**
   * The limiter of the site's staging store (limits.ts), shared with the other sites on that store
   * under --all; the dry-run lowers it while the store struggles.
   */
  limit?: LimitFunction;
  /** Try carts either side of a threshold (default on). */
  boundaries?: boolean;
  /** Try every two codes that run at the same time on one cart (default on). */
  pairs?: boolean;
  /** Progress lines for the terminal (the pipeline masks them). */
  progress?: (line: string) => void;
  /** Filled as the run goes, so a caller can empty orders after Ctrl-C. */
  ledger?: OrderLedger;
  /** Every request attempt (masked), for requests.json in the run folder. */
  requestLog?: RequestLogEntry[];
  /** Tests pass their own fetch (both clients use it; the safety guard still sees every request). */
  fetch?: typeof globalThis.fetch;
  /** How long an earlier run's cart must have been idle to be swept (default SWEEP_AFTER_MS; tests shorten it). */
  sweepAfterMs?: number;
  /** --at: every case at this one moment (ISO, or local to holiday.timezone), by the store's signed clock. */
  at?: string;
  /**
   * Both stores' promotion inventories, read once per run before this stage (src/pipeline/inventory.ts):
   * staging's promotions live during the holiday that the site file does not plan are dry-run too
   * (src/inventory/unplanned.ts).
   */
  inventory?: InventoryReads;
  /** Dry-run staging's unplanned promotions (default on; shards after the first leave them to the first). */
  unplanned?: boolean;
}

/** What runSite has settled by the time the API dry-run starts. */
type ApiOptions = RunOptions & Required<Pick<RunOptions, 'env' | 'startedAt' | 'limit' | 'progress'>> & { secrets: string[] };

/** The API dry-run's part of a site's run. */
export interface ApiPart {
  cases: CaseResult[];
  findings: Finding[];
  housekeeping: Housekeeping;
  /** Campaign name (planned or unplanned) -> the moments its cases ran at (absent for a campaign that ran only now). */
  moments?: Map<string, CaseMoment[]>;
  /** Staging's unplanned promotions as campaigns, after the planned ones in results.json (outcome from their cases). */
  unplanned?: Campaign[];
  /** Staging's promotion engine: its inventory's word, else the dry-run orders' adjustments' (src/dryrun/engine-of.ts). */
  engine?: PromotionEngine;
}

/** Dry-runs write: never on a store the site also names as production (a SiteInputError on staging.url, before any request). */
export function refuseProductionAsStaging(site: Site): void {
  if (stagingKind(site.staging.url, site.production?.url) === 'production') {
    throw new SiteInputError([{ path: 'staging.url', message: `is the same store as production.url (${site.production!.url}): dry-runs create carts, so staging must be another store` }]);
  }
}

/**
 * The API dry-run stage, after runSite refused a staging store that is production. Throws
 * SiteInputError (a SKU the store does not sell) and StoreUnreachableError (the catalog cannot be
 * read) before any cart is made.
 */
export async function runApiDryRun(opts: ApiOptions): Promise<ApiPart> {
  const { site, env, startedAt, limit, progress } = opts;
  // Staging's promotions nobody planned; their codes are secrets like the site's own (the request log masks them too).
  const staged = opts.inventory?.staging?.status === 'read' ? opts.inventory.staging.inventory : undefined;
  const stagingInventory = opts.unplanned !== false ? staged : undefined;
  const stagingPromotions = staged?.promotions;
  const secrets = [...opts.secrets, ...(stagingInventory ? unplannedPromotions(stagingInventory, site).flatMap((p) => p.codes.values.map((c) => c.value)) : [])];
  const runId = `${runStamp(startedAt)}-${randomBytes(3).toString('hex')}`;
  const log = opts.requestLog ?? [];
  const ledger = opts.ledger ?? new OrderLedger();

  const guard = guardFor('staging', { origin: site.staging.url, stopping: () => ledger.closing });
  const common = {
    baseUrl: site.staging.url,
    timeoutMs: site.dryRun.timeoutMs,
    retries: site.dryRun.retries,
    secrets,
    guard,
    fetch: opts.fetch,
    onLog: (e: RequestLogEntry) => log.push(e),
  };
  const guest = createSolidusClient(common);
  const apiKey = env[site.staging.apiKeyEnv];
  const admin = createSolidusClient({ ...common, apiKey });
  ledger.track(guest, admin);
  ledger.orphanClient = admin;
  const email = customerEmail(undefined, runId)!;
  // Customers (src/dryrun/customers.ts): returning customers' e-mails, and a client per signed-in test user (its own key).
  const customers = customersOf(site);
  const users = new Map(customers.userKeyEnvs.map((name) => [name, createSolidusClient({ ...common, apiKey: env[name] })]));
  ledger.track(...users.values());
  const mine = { admin, returning: customers.returning, users: [...users.values()] };
  ledger.findOrphans = () => ordersOfRun(email, { ...mine, marker: markerOf(runId) });

  // Preflight, read-only: is the store there, and does it sell every SKU the carts name?
  const catalog = new Catalog(admin, limit);
  const named = site.campaigns.flatMap((c, i) =>
    c.carts.flatMap((cart, j) => [
      ...Object.keys(cart.items).map((sku) => ({ sku, path: `campaigns[${i}].carts[${j}].items.${sku}` })),
      ...(cart.steps ?? []).flatMap((step, k) => stepSkus([step]).map((sku) => ({ sku, path: `campaigns[${i}].carts[${j}].steps[${k}].${'add' in step ? 'add' : 'quantity'}.${sku}` }))),
    ]),
  );
  const skus = named.map((n) => n.sku);
  let missing: string[];
  try {
    missing = await catalog.resolve(skus);
  } catch (error) {
    // A store that cannot answer its catalog cannot be dry-run: exit 3, not a crash.
    if (error instanceof StoreUnreachableError) throw error;
    const why = error instanceof Error ? error.message : String(error);
    throw new StoreUnreachableError(site.staging.url, `the catalog could not be read (${why})`);
  }
  if (missing.length) {
    throw new SiteInputError(
      named.filter(({ sku }) => missing.includes(sku)).map(({ sku, path }) => ({ path, message: `the store at ${site.staging.url} has no variant with SKU ${sku}: check the SKU with the client` })),
    );
  }

  // Leftovers are carts untouched for a while: another run (a shard, a colleague) may be live right now.
  ledger.swept += await sweepLeftovers(new Date(startedAt.getTime() - (opts.sweepAfterMs ?? SWEEP_AFTER_MS)), mine).catch(() => 0);
  // Moments (src/dryrun/clock.ts): what staging holds for each code, whether its clock works, what runs when.
  const moments = await prepareMoments({
    site, env, admin, guest, limit, now: startedAt, at: opts.at, show: showCode, progress,
    ...(staged ? { inventory: staged } : {}),
    clockClient: (at, secret, apiKey) => createSolidusClient({ ...common, apiKey, clock: { at, secret } }),
    track: (c) => ledger.track(c),
  });
  // A signed-in user's requests carry the store's clock like the guest's when it works.
  const userClientAt = (name: string, moment: PlannedMoment | undefined): SolidusClient => {
    const at = moments.clientAt(moment, env[name] ?? '');
    return at === guest ? users.get(name)! : at;
  };
  const cases = moments.site.campaigns.reduce((n, c) => n + c.carts.length * (moments.plan.run.get(c)?.length ?? 1), 0);
  progress(`dry-running ${skus.length ? cases : 0} cases on ${site.staging.url} (concurrency ${limit.concurrency})`);

  const findings: Finding[] = [];
  const onCase = (c: CaseResult, again?: boolean) => progress(`${c.outcome === 'pass' ? 'pass' : c.outcome === 'fail' ? 'FAIL' : 'n/a '}  ${again ? '(second try) ' : ''}${c.campaign} — ${c.cart}${c.moment && c.moment.label !== 'now' ? ` @ ${c.moment.label}` : ''}`);
  let dry: Awaited<ReturnType<typeof dryRun>>;
  let unplanned: UnplannedPart | undefined;
  try {
    const engine = { client: guest, limit, ledger, runId, show: showCode, boundaries: opts.boundaries, clientAt: moments.clientAt, promotions: stagingPromotions, onCase };
    dry = await dryRun({
      ...engine, site: moments.site, pairs: opts.pairs, momentsOf: (c) => moments.plan.run.get(c) ?? [],
      pairMomentOf: moments.plan.pairMoment, staging: moments.plan.staging, userClientAt,
    }, catalog);
    if (stagingInventory && !ledger.closing) {
      // The same engine, orders and ledger; no code pairs (nobody plans to hand these codes out together).
      unplanned = await dryRunUnplanned({ site, inventory: stagingInventory, catalog, moments, now: startedAt, at: opts.at, progress }, (campaigns, momentsAt) =>
        dryRun({ ...engine, site: { ...site, campaigns, allCampaigns: undefined }, pairs: false, momentsOf: momentsAt }, catalog));
    }
  } finally {
    const left = await ledger.emptyAll();
    if (left.length) {
      findings.push({
        id: 'harness:cleanup', source: 'harness', level: 'warn', title: `${left.length} dry-run orders could not be emptied`,
        expected: 'every order the dry-run created is emptied', actual: `${left.length} orders still hold items`,
        cause: 'The store did not answer the empty request.', action: `They will be swept by the next run (orders under @${DRYRUN_DOMAIN}).`,
      });
    }
  }
  findings.unshift(...moments.plan.findings, ...dry.findings, ...(unplanned?.findings ?? []));
  dry.cases.push(...moments.plan.cases, ...(unplanned?.cases ?? []));
  const refused = log.filter((e) => e.status === 'refused');
  if (refused.length) {
    const reasons = [...new Set(refused.map((e) => (e.error ?? '').split(' store: ').slice(1).join(' store: ') || e.error || 'refused'))];
    findings.push({
      id: 'harness:guard', source: 'harness', level: 'warn',
      title: `The safety guard refused ${refused.length} request${refused.length === 1 ? '' : 's'} to the store`,
      expected: 'only the calls a dry-run needs: carts up to the payment step, never a payment or a completed order',
      actual: refused.slice(0, 5).map((e) => `${e.method} ${e.path}`).join(', ') + (refused.length > 5 ? ', …' : ''),
      cause: `The guard said: ${reasons.slice(0, 3).join('; ')}.`,
      action: 'Nothing was sent for these requests; the cases they belong to are reported as not checked.',
    });
  }

  // The moments each campaign ran at, for its line in results.json (the pipeline puts them there).
  const momentsOf = new Map<string, CaseMoment[]>();
  for (const c of [...site.campaigns, ...(unplanned?.campaigns ?? [])]) {
    const at = moments.plan.run.get(c);
    const own = at ? at.map(stripMoment) : momentsRan(dry.cases, c.name);
    if (own.length) momentsOf.set(c.name, own);
  }
  const engine = engineOf(staged?.engine) ?? dry.engine;
  return { cases: dry.cases, findings, housekeeping: ledger.counts, moments: momentsOf, ...(unplanned ? { unplanned: unplanned.campaigns } : {}), ...(engine ? { engine } : {}) };
}

/** The moments a campaign's cases ran at, each once. */
const momentsRan = (cases: CaseResult[], campaign: string) => [...new Map(cases.filter((c) => c.campaign === campaign && c.moment).map((c) => [c.moment!.at, c.moment!])).values()];

/** The unplanned promotions' part of the API dry-run. */
type UnplannedPart = Pick<ApiPart, 'cases' | 'findings'> & { campaigns: Campaign[] };

type UnplannedInput = Pick<ApiOptions, 'site' | 'at' | 'progress'> & { inventory: Inventory; catalog: Catalog; moments: MomentSetup; now: Date };

/**
 * Staging's promotions live during the holiday that the site file does not plan, dry-run by the
 * engine like planned campaigns (without code pairs) at their first live minute of the holiday, on
 * carts built from their rules (src/inventory/unplanned.ts). Without the store's clock, those live on
 * staging now run now and the others are not checked; with --at, those live then run then. Their
 * findings say they are unplanned and are warnings at most: the site never promised what they give.
 */
async function dryRunUnplanned(u: UnplannedInput, run: (campaigns: Campaign[], momentsOf: (c: Campaign) => PlannedMoment[]) => ReturnType<typeof dryRun>): Promise<UnplannedPart> {
  const { site, inventory, catalog } = u;
  const tz = site.holiday.timezone;
  const clock = u.moments.plan.clock.state === 'works';
  const at = u.at !== undefined ? campaignMoments(site, {}, u.at)[0] : undefined;
  const shelf = { items: await catalog.purchasable(), notPromotionable: await catalog.notPromotionable(), permalinks: await catalog.taxonPermalinks() };
  const runs = unplannedRuns({
    site, promotions: inventory.promotions, shelf, currency: inventory.store.currency,
    when: (p, first) => {
      if (at) return liveAt(p, at.instant) ? at : { skip: `it is not live on staging at the moment given with --at (${at.text.replace(/^as on /, '')})` };
      if (clock) return first;
      return liveAt(p, u.now) ? { ...momentOf(u.now, 'now', tz), instant: u.now, role: 'full', primary: true } : { skip: 'it is not live on staging now, and the store\'s clock is not available to dry-run it at a moment it is' };
    },
  });
  if (!runs.length) return { cases: [], findings: [], campaigns: [] };
  const going = runs.filter((r) => !r.skip);
  u.progress(`unplanned: ${runs.length} promotion${runs.length === 1 ? '' : 's'} live during ${site.holiday.name} on staging that the site file does not plan; ${going.reduce((n, r) => n + r.campaign.carts.length, 0)} cases from their own rules`);
  const byCampaign = new Map(runs.map((r) => [r.campaign, r]));
  const dry = going.length ? await run(going.map((r) => r.campaign), (c) => [byCampaign.get(c)!.moment!]) : { cases: [], findings: [] };
  const byName = new Map(runs.map((r) => [r.campaign.name, r]));
  const cases: CaseResult[] = dry.cases.map((c) => ({ ...c, unplanned: true }));
  const findings = dry.findings.map((f) => (f.campaign && byName.has(f.campaign) ? unplannedFinding(f, byName.get(f.campaign)!, site) : f));
  for (const r of runs.filter((x) => x.skip)) {
    // Not dry-run: no moment (nothing ran at one).
    const code = showCode(r.campaign);
    cases.push({
      ...newCase('api', `api:${r.campaign.name} / any cart`, r.campaign, code, { name: 'any cart', items: {}, expect: {} }),
      summary: `Not checked: ${r.skip}.`, unplanned: true,
    });
    findings.push({
      id: `api:unplanned:${r.campaign.name}`, source: 'api', level: 'info', campaign: r.campaign.name, code,
      title: `Unplanned: ${r.campaign.name} not dry-run: ${r.skip}`,
      expected: `every promotion live during ${site.holiday.name} that the site file does not plan, dry-run on carts built from its own rules`,
      actual: `not dry-run: ${r.skip}`,
      cause: [`Nobody planned "${r.promotion.name}" (promotion ${r.promotion.id} on staging), so the harness builds its carts from its rules and actions.`, ...r.notes].join(' '),
      action: `Ask the client whether customers should get it during ${site.holiday.name}; if so, add it to the site file as a campaign with carts and what they should get, so the dry-run tries it; if not, end it before the holiday.`,
    });
  }
  return { cases, findings, campaigns: runs.map((r) => r.campaign) };
}

/**
 * A finding of an unplanned promotion's dry-run: said as unplanned, a warning at most, with what its
 * settings explain.
 */
function unplannedFinding(f: Finding, r: UnplannedRun, site: Site): Finding {
  return {
    ...f,
    level: f.level === 'error' ? 'warn' : f.level,
    title: `Unplanned: ${f.title.replace('does not give what was planned', 'does not give what its actions say')}`,
    // Which promotion took its place, and why, the engine says already (src/dryrun/causes.ts).
    cause: [f.cause, ...r.notes].filter(Boolean).join(' '),
    action: f.notChecked
      ? f.action
      : `Nobody planned "${r.promotion.name}" (promotion ${r.promotion.id} on staging). Ask the client whether customers should get it during ${site.holiday.name}: if so, correct its rules and actions in the store admin (then in production too) and add it to the site file as a campaign; if not, end it before the holiday.`,
  };
}

/** Orders of earlier runs are found by the reserved domain; full ones only (they have line items). */
const LEFTOVER_QUERY = { email_end: `@${DRYRUN_DOMAIN}`, completed_at_null: '1', line_items_id_gt: '0' };
/** Bound on the pages read per search (100 orders a page). */
const MAX_PAGES = 20;

type OrderRow = Schemas['order-small'];

/** Every order a search (`/orders`) or a signed-in user's own list (`/orders/mine`) holds, all pages (bounded), each once. */
async function searchOrders(client: SolidusClient, q: Record<string, string>, path: '/orders' | '/orders/mine' = '/orders'): Promise<OrderRow[]> {
  const seen = new Map<string, OrderRow>();
  for (let page = 1; page <= MAX_PAGES; page++) {
    const { data, response } = await client.GET(path, { params: { query: { per_page: 100, page, q } as never } });
    if (!response.ok) throw new Error(`GET /api${path} answered ${response.status}`);
    const { orders, pages } = (data ?? {}) as { orders?: OrderRow[]; pages?: number };
    for (const o of orders ?? []) if (o.number && !seen.has(o.number)) seen.set(o.number, o);
    if (!pages || page >= pages) break;
  }
  return [...seen.values()];
}

const isFull = (o: OrderRow) => Number(o.total_quantity ?? 0) > 0 || Number(o.item_total ?? 0) > 0;

/** Where the orders of a run's returning customers and signed-in users are (src/dryrun/customers.ts). */
interface CustomerOrders {
  admin: SolidusClient;
  /** Returning customers' e-mails: their dry-run orders are found by e-mail and the marker. */
  returning: string[];
  /** Signed-in test users' clients: their dry-run orders are in `GET /orders/mine`, with the marker. */
  users: SolidusClient[];
}

/** Dry-run orders (by their marker, `startsWith`) of the run's returning customers and signed-in users, incomplete. */
async function customerOrders(c: CustomerOrders, marker: string, q: Record<string, string> = {}): Promise<{ row: OrderRow; client: SolidusClient }[]> {
  const found: { row: OrderRow; client: SolidusClient }[] = [];
  for (const email of c.returning) {
    for (const row of await searchOrders(c.admin, { email_eq: email, completed_at_null: '1', ...q })) found.push({ row, client: c.admin });
  }
  for (const user of c.users) for (const row of await searchOrders(user, { completed_at_null: '1' }, '/orders/mine')) found.push({ row, client: user });
  return found.filter(({ row }) => row.number && !row.completed_at && (row as { special_instructions?: string | null }).special_instructions?.startsWith(marker));
}

/** This run's own orders on the store (by its email, and its marker for other customers), for orders whose creation answer was lost. */
async function ordersOfRun(email: string, customers: CustomerOrders & { marker: string }): Promise<OrphanOrder[]> {
  const own = (await searchOrders(customers.admin, { email_eq: email, completed_at_null: '1' })).filter((o) => o.email === email && !o.completed_at);
  // The admin key empties any order, a signed-in user's too.
  const others = (await customerOrders(customers, customers.marker)).map(({ row }) => row);
  return [...own, ...others].map((o) => ({ number: o.number!, full: isFull(o) }));
}

/** How long a dry-run cart must have been idle before a later run treats it as left behind. */
export const SWEEP_AFTER_MS = 10 * 60_000;

/**
 * Empties carts that earlier runs left (killed, or the store failed to answer their cleanup): orders
 * under the reserved domain that still hold items and have been idle since before `before`, so a run
 * in progress elsewhere is left alone. Every page is read first (the store filters on the domain,
 * line items and creation time; `updated_at` is not searchable, so idleness is checked here), then
 * each order is emptied.
 */
export async function sweepLeftovers(before: Date, customers: CustomerOrders): Promise<number> {
  const { admin } = customers;
  const rows = await searchOrders(admin, { ...LEFTOVER_QUERY, created_at_lt: before.toISOString() });
  // Returning customers' and signed-in users' carts carry real e-mails: only the marker says they are dry-run carts.
  const theirs = await customerOrders(customers, DRYRUN_MARKER, { line_items_id_gt: '0', created_at_lt: before.toISOString() }).catch(() => []);
  let swept = 0;
  for (const { row: o, client } of [...rows.map((row) => ({ row, client: admin })), ...theirs]) {
    if (!o.number || o.completed_at) continue;
    if (client === admin && !o.email?.endsWith(`@${DRYRUN_DOMAIN}`) && !isMarked((o as { special_instructions?: string | null }).special_instructions)) continue;
    const touched = o.updated_at ?? o.created_at;
    if (touched && new Date(touched) >= before) continue;
    if (!isFull(o)) continue;
    const res = await admin.PUT('/orders/{order_number}/empty', { params: { path: { order_number: o.number } } }).catch(() => undefined);
    if (res?.response.ok) swept++;
  }
  return swept;
}

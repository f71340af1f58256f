/**
 * Stage 4 of the pipeline, the API dry-run: the site's SKUs checked on its staging store
 * (read-only), earlier leftovers swept, every cart dry-run, every order emptied. It returns its part
 * of the run (cases, findings, housekeeping); the pipeline assembles results.json, decides the
 * verdict and redacts.
 */
import type { LimitFunction } from 'p-limit';
import { randomBytes } from 'node:crypto';
import type { Site } from '../config/types.ts';
import type { CaseMoment, CaseResult, Finding, Housekeeping } from '../findings/types.ts';
import { createSolidusClient, StoreUnreachableError, type Schemas, type SolidusClient, type RequestLogEntry } from '../solidus/client.ts';
import { Catalog } from '../dryrun/catalog.ts';
import { dryRun } from '../dryrun/engine.ts';
import { OrderLedger, DRYRUN_DOMAIN, type OrphanOrder } from '../dryrun/flow.ts';
import { guardFor, stagingKind } from '../safety/guard.ts';
import { prepareMoments, stripMoment } from '../dryrun/clock.ts';
import { showCode } from '../safety/redact.ts';

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
}

/** What runSite has settled by the time the API dry-run starts. */
type ApiOptions = RunOptions & Required<Pick<RunOptions, 'env' | 'startedAt' | 'limit' | 'progress'>> & { secrets: string[] };

/** The API dry-run's part of a site's run. */
export interface ApiPart {
  cases: CaseResult[];
  findings: Finding[];
  housekeeping: Housekeeping;
  /** Campaign name -> the moments its cases ran at (absent for a campaign that ran only now). */
  moments?: Map<string, CaseMoment[]>;
}

/**
 * The API dry-run stage. Throws SiteInputError (a SKU the store does not sell, a staging store that
 * is production) and StoreUnreachableError (the catalog cannot be read) before any cart is made.
 */
/** Dry-runs write: never on a store the site also names as production. Throws SiteInputError before anything is sent. */
export function refuseStagingThatIsProduction(site: Site): void {
  if (stagingKind(site.staging.url, site.production?.url) === 'production') {
    throw new SiteInputError([{ path: 'staging.url', message: `is the same store as production.url (${site.production!.url}): dry-runs create carts, so staging must be another store` }]);
  }
}

export async function runApiDryRun(opts: ApiOptions): Promise<ApiPart> {
  const { site, env, startedAt, limit, progress, secrets } = opts;
  const runId = `${startedAt.toISOString().replace(/[-:T]/g, '').slice(0, 14)}-${randomBytes(3).toString('hex')}`;
  const log = opts.requestLog ?? [];
  const ledger = opts.ledger ?? new OrderLedger();

  refuseStagingThatIsProduction(site);
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
  const email = `dryrun+${runId}@${DRYRUN_DOMAIN}`;
  ledger.findOrphans = () => ordersOfRun(admin, email);

  // Preflight, read-only: is the store there, and does it sell every SKU the carts name?
  const catalog = new Catalog(admin, limit);
  const skus = site.campaigns.flatMap((c) => c.carts.flatMap((cart) => Object.keys(cart.items)));
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
      site.campaigns.flatMap((c, i) =>
        c.carts.flatMap((cart, j) =>
          Object.keys(cart.items)
            .filter((sku) => missing.includes(sku))
            .map((sku) => ({
              path: `campaigns[${i}].carts[${j}].items.${sku}`,
              message: `the store at ${site.staging.url} has no variant with SKU ${sku}: check the SKU with the client`,
            })),
        ),
      ),
    );
  }

  // Leftovers are carts untouched for a while: another run (a shard, a colleague) may be live right now.
  ledger.swept += await sweepLeftovers(admin, new Date(startedAt.getTime() - (opts.sweepAfterMs ?? SWEEP_AFTER_MS))).catch(() => 0);
  // Moments (src/dryrun/clock.ts): what staging holds for each code, whether its clock works, what runs when.
  const moments = await prepareMoments({
    site, env, admin, guest, limit, now: startedAt, at: opts.at, show: showCode, progress,
    clockClient: (at, secret) => createSolidusClient({ ...common, clock: { at, secret } }),
    track: (c) => ledger.track(c),
  });
  const cases = moments.site.campaigns.reduce((n, c) => n + c.carts.length * (moments.plan.run.get(c)?.length ?? 1), 0);
  progress(`dry-running ${skus.length ? cases : 0} cases on ${site.staging.url} (concurrency ${limit.concurrency})`);

  const findings: Finding[] = [];
  let dry: Awaited<ReturnType<typeof dryRun>>;
  try {
    dry = await dryRun(
      {
        site: moments.site, client: guest, limit, ledger, runId, show: showCode, boundaries: opts.boundaries, pairs: opts.pairs,
        momentsOf: (c) => moments.plan.run.get(c) ?? [], clientAt: moments.clientAt, pairMomentOf: moments.plan.pairMoment, staging: moments.plan.staging,
        onCase: (c, again) => progress(`${c.outcome === 'pass' ? 'pass' : c.outcome === 'fail' ? 'FAIL' : 'n/a '}  ${again ? '(second try) ' : ''}${c.campaign} — ${c.cart}${c.moment && c.moment.label !== 'now' ? ` @ ${c.moment.label}` : ''}`),
      },
      catalog,
    );
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
  findings.unshift(...moments.plan.findings, ...dry.findings);
  dry.cases.push(...moments.plan.cases);
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
  for (const c of site.campaigns) {
    const at = moments.plan.run.get(c);
    const own = at ? at.map(stripMoment) : [...new Map(dry.cases.filter((x) => x.campaign === c.name && x.moment).map((x) => [x.moment!.at, x.moment!])).values()];
    if (own.length) momentsOf.set(c.name, own);
  }
  return { cases: dry.cases, findings, housekeeping: ledger.counts, moments: momentsOf };
}

/** Orders of earlier runs are found by the reserved domain; full ones only (they have line items). */
const LEFTOVER_QUERY = { email_end: `@${DRYRUN_DOMAIN}`, completed_at_null: '1', line_items_id_gt: '0' };
/** Bound on the pages read per search (100 orders a page). */
const MAX_PAGES = 20;

type OrderRow = Schemas['order-small'];

/** Every order matching a search, all pages (bounded), each once. */
async function searchOrders(admin: SolidusClient, q: Record<string, string>): Promise<OrderRow[]> {
  const seen = new Map<string, OrderRow>();
  for (let page = 1; page <= MAX_PAGES; page++) {
    const { data, response } = await admin.GET('/orders', { params: { query: { per_page: 100, page, q } as never } });
    if (!response.ok) throw new Error(`GET /api/orders answered ${response.status}`);
    for (const o of data?.orders ?? []) if (o.number && !seen.has(o.number)) seen.set(o.number, o);
    if (!data?.pages || page >= data.pages) break;
  }
  return [...seen.values()];
}

const isFull = (o: OrderRow) => Number(o.total_quantity ?? 0) > 0 || Number(o.item_total ?? 0) > 0;

/** This run's own orders on the store (by its email), for orders whose creation answer was lost. */
async function ordersOfRun(admin: SolidusClient, email: string): Promise<OrphanOrder[]> {
  const rows = await searchOrders(admin, { email_eq: email, completed_at_null: '1' });
  return rows.filter((o) => o.email === email && !o.completed_at).map((o) => ({ number: o.number!, full: isFull(o) }));
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
export async function sweepLeftovers(admin: SolidusClient, before: Date): Promise<number> {
  const rows = await searchOrders(admin, { ...LEFTOVER_QUERY, created_at_lt: before.toISOString() });
  let swept = 0;
  for (const o of rows) {
    if (!o.number || !o.email?.endsWith(`@${DRYRUN_DOMAIN}`) || o.completed_at) continue;
    const touched = o.updated_at ?? o.created_at;
    if (touched && new Date(touched) >= before) continue;
    if (!isFull(o)) continue;
    const res = await admin.PUT('/orders/{order_number}/empty', { params: { path: { order_number: o.number } } }).catch(() => undefined);
    if (res?.response.ok) swept++;
  }
  return swept;
}

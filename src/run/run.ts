/**
 * One site, end to end: preflight (store reachable, SKUs exist), sweep of earlier leftovers, the API
 * dry-run, cleanup, and the run folder (results.json first; everything else is rendered from it).
 */
import pLimit, { type LimitFunction } from 'p-limit';
import { randomBytes } from 'node:crypto';
import type { Site } from '../config/types.ts';
import type { Campaign } from '../config/types.ts';
import { SCHEMA_VERSION, verdictOf, type RunResults, type CampaignSummary, type Finding } from '../findings/types.ts';
import { createSolidusClient, StoreUnreachableError, type SolidusClient, type RequestLogEntry } from '../solidus/client.ts';
import { Catalog } from '../dryrun/catalog.ts';
import { dryRun } from '../dryrun/engine.ts';
import { OrderLedger, DRYRUN_DOMAIN } from '../dryrun/flow.ts';

/** A site-file value the store contradicts (an unknown SKU): bad input, exit 2. */
export class SiteInputError extends Error {
  constructor(readonly problems: { path: string; message: string }[]) {
    super(problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
    this.name = 'SiteInputError';
  }
}

export interface RunOptions {
  site: Site;
  env?: NodeJS.ProcessEnv;
  /** Overrides the site's dry_run.concurrency. */
  concurrency?: number;
  /** A limiter shared with other sites (--all): one limit for the whole machine. */
  limit?: LimitFunction;
  /** Try carts either side of a threshold (default on). */
  boundaries?: boolean;
  /** Progress lines for the terminal (never contain secrets). */
  progress?: (line: string) => void;
  /** Filled as the run goes, so a caller can empty orders after Ctrl-C. */
  ledger?: OrderLedger;
  /** Every request attempt (masked), for requests.json in the run folder. */
  requestLog?: RequestLogEntry[];
}

export function secretsOf(site: Site, env: NodeJS.ProcessEnv): string[] {
  const keys = [site.staging.apiKeyEnv, site.production?.apiKeyEnv].map((k) => (k ? env[k] : undefined));
  const codes = site.campaigns.filter((c) => c.secret && c.code).map((c) => c.code!);
  return [...keys, ...codes].filter((s): s is string => !!s && s.length >= 3);
}

export function showCode(campaign: Campaign): string {
  if (!campaign.code) return 'automatic';
  return campaign.secret ? maskCode(campaign.code) : campaign.code;
}

/** BLACKFRIDAY50 -> BL•••••••••50: enough for a person to recognise, useless to a customer. */
export function maskCode(code: string): string {
  if (code.length <= 4) return '•'.repeat(code.length);
  return code.slice(0, 2) + '•'.repeat(code.length - 4) + code.slice(-2);
}

export async function runSite(opts: RunOptions): Promise<RunResults> {
  const { site } = opts;
  const env = opts.env ?? process.env;
  const startedAt = new Date();
  const runId = `${startedAt.toISOString().replace(/[-:T]/g, '').slice(0, 14)}-${randomBytes(3).toString('hex')}`;
  const progress = opts.progress ?? (() => undefined);
  const secrets = secretsOf(site, env);
  const log = opts.requestLog ?? [];
  const common = {
    baseUrl: site.staging.url,
    timeoutMs: site.dryRun.timeoutMs,
    retries: site.dryRun.retries,
    secrets,
    onLog: (e: RequestLogEntry) => log.push(e),
  };
  const guest = createSolidusClient(common);
  const apiKey = env[site.staging.apiKeyEnv];
  const admin = createSolidusClient({ ...common, apiKey });
  const limit = opts.limit ?? pLimit(opts.concurrency ?? site.dryRun.concurrency);
  const ledger = opts.ledger ?? new OrderLedger();

  // Preflight, read-only: is the store there, and does it sell every SKU the carts name?
  const catalog = new Catalog(admin, limit);
  const skus = site.campaigns.flatMap((c) => c.carts.flatMap((cart) => Object.keys(cart.items)));
  const missing = await catalog.resolve(skus);
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
  ledger.swept += await sweepLeftovers(admin, new Date(startedAt.getTime() - SWEEP_AFTER_MS)).catch(() => 0);
  progress(`dry-running ${skus.length ? site.campaigns.reduce((n, c) => n + c.carts.length, 0) : 0} carts on ${site.staging.url} (concurrency ${limit.concurrency})`);

  const findings: Finding[] = [];
  let dry: Awaited<ReturnType<typeof dryRun>> = { cases: [], findings: [] };
  try {
    dry = await dryRun(
      {
        site, client: guest, limit, ledger, runId, show: showCode, boundaries: opts.boundaries,
        onCase: (c) => progress(`${c.outcome === 'pass' ? 'pass' : c.outcome === 'fail' ? 'FAIL' : 'n/a '}  ${c.campaign} — ${c.cart}`),
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
  findings.unshift(...dry.findings);

  const campaigns: CampaignSummary[] = site.campaigns.map((c) => {
    const cases = dry.cases.filter((x) => x.campaign === c.name);
    const outcome = cases.some((x) => x.outcome === 'fail') ? 'fail' : cases.some((x) => x.outcome === 'not-checked') ? 'not-checked' : 'pass';
    return {
      name: c.name, code: showCode(c), automatic: !c.code, outcome,
      ...(c.window ? { window: c.window } : {}),
      ...(c.expectedRedemptions !== undefined ? { expectedRedemptions: c.expectedRedemptions } : {}),
    };
  });

  return {
    schemaVersion: SCHEMA_VERSION,
    site: site.site,
    siteName: site.name,
    currency: site.currency,
    verdict: verdictOf(findings),
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    target: { name: 'staging', url: site.staging.url },
    holiday: { name: site.holiday.name, officesClosed: site.holiday.officesClosed, timezone: site.holiday.timezone },
    people: site.people as unknown as Record<string, unknown>,
    campaigns,
    cases: dry.cases,
    audits: [],
    findings,
    housekeeping: ledger.counts,
  };
}

/** How long a dry-run cart must have been idle before a later run treats it as left behind. */
export const SWEEP_AFTER_MS = 10 * 60_000;

/** Empties carts that earlier runs left (orders under the reserved domain, idle since before `before`). */
export async function sweepLeftovers(admin: SolidusClient, before: Date): Promise<number> {
  const { data, response } = await admin.GET('/orders', {
    params: { query: { per_page: 100, q: { email_end: `@${DRYRUN_DOMAIN}`, completed_at_null: '1', item_count_gt: '0' } } },
  });
  if (!response.ok) return 0;
  let swept = 0;
  for (const o of data?.orders ?? []) {
    if (!o.number || !o.email?.endsWith(`@${DRYRUN_DOMAIN}`)) continue;
    const touched = o.updated_at ?? o.created_at;
    if (touched && new Date(touched) >= before) continue;
    const res = await admin.PUT('/orders/{order_number}/empty', { params: { path: { order_number: o.number } } });
    if (res.response.ok) swept++;
  }
  return swept;
}

export { StoreUnreachableError };

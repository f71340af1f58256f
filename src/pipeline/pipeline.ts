/**
 * One pipeline owns a site's run from start to finish. The stages, in order:
 *
 *   1. site files       every site loaded and validated, every problem reported at once; on bad
 *                       input nothing is sent to any store (src/config/)
 *   2. preflight        API keys known, stores answer, the embedded sandbox started (preflight.ts)
 *   3. inventory        production's and staging's promotion inventories, read once through the
 *                       extension (inventory.ts); a store without it is a result, never a stop
 *   4. API dry-run      every cart as a throwaway guest order, then emptied (api.ts, src/dryrun/)
 *   5. readiness audits (src/audits/run.ts, audits/): after the dry-run, so the speed audit measures
 *                       a store the dry-run is not loading
 *   6. browser dry-run  the same carts in Chromium (src/browser/run.ts, scenarios/)
 *   7. verdict          decided once, from every stage's findings (results.ts)
 *   8. redaction        once, over the whole results: API keys, secret codes and the store's codes
 *   9. run folder       results.json and what is rendered from it (run-folder.ts)
 *
 * Each stage takes what it needs and returns its part; only this module assembles results.json.
 * Sites run in parallel, each store's requests under that store's one limiter (limits.ts). The
 * pipeline prints nothing itself: its progress goes to `log`, and the CLI prints the outcomes and
 * picks the exit code.
 */
import path from 'node:path';
import pLimit from 'p-limit';
import { displayPath, loadSite, locateKey, type SiteError } from '../config/load.ts';
import type { Site } from '../config/types.ts';
import type { RunResults } from '../findings/types.ts';
import { refuseProductionAsStaging, runApiDryRun, SiteInputError, type RunOptions } from './api.ts';
import { redactor, redactDeep, secretsOf } from '../safety/redact.ts';
import { StoreUnreachableError, type RequestLogEntry } from '../solidus/client.ts';
import { OrderLedger } from '../dryrun/flow.ts';
import { AUDIT_IDS, runReadinessAudits } from './audits.ts';
import { runBrowserDryRun } from '../browser/run.ts';
import { browserPlanOf } from '../dryrun/clock.ts';
import { shardSite, type ShardSpec } from '../nightly/shard.ts';
import { preflight } from './preflight.ts';
import { storeLimits } from './limits.ts';
import { assembleResults, unreachableResults } from './results.ts';
import { inventoryCodes, readInventories, type InventoryReads } from './inventory.ts';
import type { LimitFunction } from 'p-limit';
import { timestamp, writeRunFolder } from './run-folder.ts';

type Redact = (text: string) => string;

export interface SiteRunOptions extends RunOptions {
  /** Run the readiness audits after the dry-run (default: no). */
  audits?: boolean;
  /** Run the browser dry-run, writing its case files and screenshots into this run folder (default: no). */
  browserRunDir?: string;
  /** The production store's limiter (limits.ts), for the inventory read; default one of the site's concurrency. */
  productionLimit?: LimitFunction;
}

/**
 * Stages 3 to 8 for one site whose store passed preflight: the inventory (unless given), API dry-run,
 * readiness audits and browser dry-run (each when asked), then one results.json with its verdict,
 * redacted. Throws what the API dry-run throws before any cart is made (SiteInputError, StoreUnreachableError).
 */
export async function runSite(o: SiteRunOptions): Promise<RunResults> {
  const { site } = o;
  const env = o.env ?? process.env;
  const startedAt = o.startedAt ?? new Date();
  const limit = o.limit ?? pLimit(o.concurrency ?? site.dryRun.concurrency);
  refuseProductionAsStaging(site); // before the first request, the inventory's read included
  const inventory = o.inventory ?? (await readSiteInventory(site, env, { ...o, limit }));
  // Everything the run hands over, on screen or on disk, passes through one redactor.
  const secrets = secretsOf(site, env, inventoryCodes(inventory));
  const redact = redactor(secrets);
  const progress = (line: string) => o.progress?.(redact(line));

  const api = await runApiDryRun({ ...o, env, startedAt, limit, progress, secrets, inventory });
  let audits: Awaited<ReturnType<typeof runReadinessAudits>> | undefined;
  if (o.audits) {
    progress('readiness audits…');
    audits = await runReadinessAudits({ site, env, now: startedAt, limit: pLimit(o.concurrency ?? site.dryRun.concurrency), fetch: o.fetch, progress, inventory });
  }
  let browser;
  if (o.browserRunDir) {
    // The campaigns the API dry-run ran, each at the moment of its first minute (src/dryrun/clock.ts).
    const clock = browserPlanOf(api);
    const browsed = await runBrowserDryRun({
      sites: [clock.skip.size ? { ...site, campaigns: site.campaigns.filter((c) => !clock.skip.has(c.name)) } : site],
      runDirs: new Map([[site.site, o.browserRunDir]]), env, apiCases: new Map([[site.site, api.cases]]), progress,
      clock: new Map([[site.site, clock.at]]),
    });
    browser = browsed.get(site.site);
  }
  return redactDeep(assembleResults(site, startedAt, { api, audits, browser, inventory }), redact);
}

/** Stage 3: both stores' inventories, each under its store's limiter, the requests in the run's log. */
function readSiteInventory(
  site: Site,
  env: NodeJS.ProcessEnv,
  o: Pick<SiteRunOptions, 'productionLimit' | 'concurrency' | 'fetch' | 'requestLog' | 'progress'> & { limit: LimitFunction },
): Promise<InventoryReads> {
  const production = o.productionLimit ?? pLimit(o.concurrency ?? site.dryRun.concurrency);
  const redact = redactor(secretsOf(site, env));
  return readInventories({
    site, env, secrets: secretsOf(site, env), fetch: o.fetch,
    limitOf: (store) => (store === 'production' ? production : o.limit),
    onLog: o.requestLog ? (e) => o.requestLog!.push(e) : undefined,
    progress: (line) => o.progress?.(redact(line)),
  });
}

export interface PipelineOptions {
  /** The checkout: sandbox/, reports/. */
  root: string;
  /** The user's working directory, for the paths shown. */
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The site files to run. */
  files: string[];
  /** The run folder (one site only); default reports/<site>/<timestamp>/ under `reports`. */
  out?: string;
  /** Root of the run folders, history and index.html (default reports/). */
  reports?: string;
  /** Cases at once per store; default the highest dry_run.concurrency of its sites. */
  concurrency?: number;
  /** Only shard i of N of each site's campaigns (CI); audits run on shard 1 only. */
  shard?: ShardSpec;
  browser: boolean;
  audits: boolean;
  boundaries: boolean;
  pairs: boolean;
  /** Dry-run staging's promotions live during the holiday that the site file does not plan (default on). */
  unplanned?: boolean;
  /** --at: every case at this one moment (src/dryrun/moments.ts), by the store's signed clock. */
  at?: string;
  /** Start the embedded sandbox when it is not running. */
  startSandbox: boolean;
  /** Progress for the terminal, masked; `site` when the text belongs to one site's run. */
  log: (text: string, site?: Site) => void;
  /** Ctrl-C: the ledgers of the sites still running, whose orders the CLI empties before it exits. */
  running?: Set<OrderLedger>;
}

/** How one site's run ended. */
export type SiteOutcome =
  /** The run folder is written; `report` is its report.html. */
  | { status: 'done'; site: Site; results: RunResults; report: string; redact: Redact }
  /** The store contradicts the site file (an unknown SKU): nothing but reads was sent. */
  | { status: 'bad-input'; site: Site; errors: SiteError[]; redact: Redact }
  /** The store could not be reached; its run folder says that nothing was checked. */
  | { status: 'unreachable'; site: Site };

export type PipelineResult =
  /** Bad input found before anything was sent to any store: in the site files, or a missing key. */
  | { status: 'bad-input'; stage: 'site-files' | 'preflight'; errors: SiteError[] }
  | { status: 'ran'; sites: SiteOutcome[] };

export async function runPipeline(o: PipelineOptions): Promise<PipelineResult> {
  // 1. Site files: every site first, every problem at once, before touching any store.
  const sites: Site[] = [];
  const errors: SiteError[] = [];
  for (const file of o.files) {
    const loaded = loadSite(file, { env: o.env, requireKey: false, auditIds: AUDIT_IDS });
    if (loaded.ok) sites.push(o.shard ? shardSite(loaded.site, o.shard) : loaded.site);
    else errors.push(...loaded.errors);
  }
  if (errors.length) return { status: 'bad-input', stage: 'site-files', errors };

  // 2. Preflight. Bad input stops everything before anything is sent; a store that cannot be reached
  // stops only its own site, whose run folder says that nothing was checked (so the nightly report
  // and Slack do).
  const env = { ...o.env };
  const outcomes = new Map<Site, SiteOutcome>();
  const down: { site: Site; reason: string }[] = [];
  for (const site of sites) {
    const checked = await preflight(site, env, { root: o.root, startSandbox: o.startSandbox, log: (t) => o.log(t), rel: (f) => displayPath(o.cwd, f) });
    if (checked.status === 'bad-input') return { status: 'bad-input', stage: 'preflight', errors: checked.errors };
    if (checked.status === 'unreachable') down.push({ site, reason: checked.reason });
  }
  for (const { site, reason } of down) {
    writeUnreachable(site, reason, env, o, (t) => o.log(t));
    outcomes.set(site, { status: 'unreachable', site });
  }

  // 3–9 for every site that passed, in parallel, each store under its own limiter.
  const up = sites.filter((s) => !outcomes.has(s));
  const limitOf = storeLimits(up, o.concurrency);
  await Promise.all(up.map(async (site) => outcomes.set(site, await pipeSite(site, env, o, limitOf(site), site.production ? limitOf(site, 'production') : undefined))));
  return { status: 'ran', sites: sites.map((s) => outcomes.get(s)!) };
}

async function pipeSite(site: Site, env: NodeJS.ProcessEnv, o: PipelineOptions, limit: LimitFunction, productionLimit?: LimitFunction): Promise<SiteOutcome> {
  const log = (text: string) => o.log(text, site);
  const ledger = new OrderLedger();
  const requestLog: RequestLogEntry[] = [];
  log(`holiday-ready · ${site.name} (${site.site}) · staging ${site.staging.url}\n`);
  const startedAt = new Date();
  // 3. The inventory, read once: its codes join the secrets every output of the run is masked with.
  const progress = (line: string) => log(`  ${line}\n`);
  const inventory = await readSiteInventory(site, env, { limit, productionLimit, concurrency: o.concurrency, requestLog, progress });
  const redact = redactor(secretsOf(site, env, inventoryCodes(inventory)));
  const { dir, reportsRoot } = runFolder(site, startedAt, o);
  let results: RunResults;
  o.running?.add(ledger);
  try {
    results = await runSite({
      site, env, startedAt, ledger, limit, productionLimit, inventory, requestLog, concurrency: o.concurrency, boundaries: o.boundaries, pairs: o.pairs, at: o.at,
      progress,
      audits: o.audits && (!o.shard || o.shard.index === 1),
      // Staging's unplanned promotions are dry-run once, with the first shard.
      unplanned: o.unplanned !== false && (!o.shard || o.shard.index === 1),
      browserRunDir: o.browser ? dir : undefined,
    });
  } catch (error) {
    if (error instanceof SiteInputError) {
      const errs: SiteError[] = error.problems.map((p) => ({ code: 'bad-value', file: site.file, ...locateKey(site.file, p.path), path: p.path, message: p.message }));
      return { status: 'bad-input', site, errors: errs, redact };
    }
    if (error instanceof StoreUnreachableError) {
      log(redact(`holiday-ready: ${error.message}\n`));
      writeUnreachable(site, error.message, env, o, log);
      return { status: 'unreachable', site };
    }
    throw error;
  } finally {
    o.running?.delete(ledger);
  }
  // 9. The run folder.
  const report = writeRunFolder(results, { dir, reportsRoot, index: !o.out, requestLog, redact, log });
  return { status: 'done', site, results, report, redact };
}

/** A site's run folder (--out, or reports/<site>/<timestamp>/) and the root of the run folders. */
function runFolder(site: Site, startedAt: Date, o: PipelineOptions): { dir: string; reportsRoot: string } {
  const reportsRoot = o.reports ?? path.join(o.root, 'reports');
  return { dir: o.out ?? path.join(reportsRoot, site.site, timestamp(startedAt)), reportsRoot };
}

/** The run folder of a site whose store could not be reached: every campaign "not checked". */
function writeUnreachable(site: Site, reason: string, env: NodeJS.ProcessEnv, o: PipelineOptions, log: (text: string) => void): void {
  const results = redactDeep(unreachableResults(site, reason), redactor(secretsOf(site, env)));
  const { dir, reportsRoot } = runFolder(site, new Date(results.startedAt), o);
  try {
    const report = writeRunFolder(results, { dir, reportsRoot, index: !o.out, log });
    log(`Report for ${site.site} (nothing checked): ${displayPath(o.cwd, report)}\n`);
  } catch (e) {
    log(`holiday-ready: could not write the run folder ${displayPath(o.cwd, dir)}: ${(e as Error).message}\n`);
  }
}

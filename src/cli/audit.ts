/**
 * The audit command's work: load the sites (all problems at once), make sure their stores answer
 * (starting the embedded sandbox when a site uses it), run each site, write its run folder, print
 * a summary, and decide the exit code once, at the end.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pLimit from 'p-limit';
import { loadSite, formatSiteErrors, resolveSitePath, locateKey, siteFiles, type SiteError } from '../config/load.ts';
import type { Site } from '../config/types.ts';
import type { RunResults } from '../findings/types.ts';
import { runSite, SiteInputError, secretsOf, unreachableResults } from '../run/run.ts';
import { redactor, redactDeep } from '../safety/redact.ts';
import { StoreUnreachableError, type RequestLogEntry } from '../solidus/client.ts';
import { OrderLedger } from '../dryrun/flow.ts';
import { loadHistory, writeIndex, writeRunFolder } from '../../reports/render.ts';
import { runBrowserDryRun, mergeBrowserResults } from '../browser/run.ts';
import { browserPlanOf } from '../dryrun/clock.ts';
import { runAudits, AUDIT_IDS } from '../audits/run.ts';
import { verdictOf } from '../findings/types.ts';
import { shardSite, type ShardSpec } from '../nightly/shard.ts';

const run = promisify(execFile);

export const EXIT = { ok: 0, blocked: 1, badInput: 2, unreachable: 3 } as const;

export interface AuditOptions {
  root: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  sites: string[];
  all: boolean;
  out?: string;
  /** Root of the run folders, history and index.html (default reports/). */
  reports?: string;
  concurrency?: number;
  /** Only shard i of N of each site's campaigns (CI); audits run on shard 1 only. */
  shard?: ShardSpec;
  browser: boolean;
  audits: boolean;
  boundaries: boolean;
  pairs: boolean;
  /** --at: every case at this one moment (src/dryrun/moments.ts). */
  at?: string;
  startSandbox: boolean;
  json: boolean;
  out_: (s: string) => void;
  err: (s: string) => void;
}


/** A path as the user would type it: relative under the working directory, absolute elsewhere. */
const rel = (cwd: string, file: string) => {
  const r = path.relative(cwd, file);
  return r && !r.startsWith('..') && !path.isAbsolute(r) ? r : file;
};

export async function audit(o: AuditOptions): Promise<number> {
  const files = o.all ? siteFiles(o.root) : o.sites.map((s) => resolveSitePath(s, o.root, o.cwd));
  if (o.out && files.length > 1) {
    o.err('holiday-ready: --out takes one site; with several sites each gets reports/<site>/<timestamp>/\n');
    return EXIT.badInput;
  }

  // Load every site first and report every problem before touching any store.
  const sites: Site[] = [];
  const errors: SiteError[] = [];
  for (const file of files) {
    const loaded = loadSite(file, { env: o.env, requireKey: false, auditIds: AUDIT_IDS });
    if (loaded.ok) sites.push(o.shard ? shardSite(loaded.site, o.shard) : loaded.site);
    else errors.push(...loaded.errors);
  }
  if (errors.length) {
    o.err(formatSiteErrors(errors, { cwd: o.cwd }) + '\n');
    o.err(`\n${errors.length} problem${errors.length === 1 ? '' : 's'} in the site file${files.length === 1 ? '' : 's'}; nothing was sent to any store.\n`);
    return EXIT.badInput;
  }

  const env = { ...o.env };
  // Bad input stops everything before anything is sent; a store that cannot be reached stops only
  // its own site, whose run folder says that nothing was checked (so the nightly report and Slack do).
  const down: { site: Site; reason: string }[] = [];
  for (const site of sites) {
    const code = await prepareStore(site, env, o);
    if (code === EXIT.badInput) return code;
    if (code === EXIT.unreachable) down.push({ site, reason: `${site.staging.url} did not answer` });
  }
  for (const { site, reason } of down) writeUnreachable(site, reason, env, o);
  const up = sites.filter((s) => !down.some((d) => d.site === s));
  if (!up.length) return EXIT.unreachable;

  // One limiter for every site's cases: --all shares the machine and the stores fairly.
  const shared = pLimit(o.concurrency ?? Math.max(...up.map((s) => s.dryRun.concurrency)));
  const many = sites.length > 1;
  const codes = await Promise.all(
    up.map((site) => auditSite(site, env, many ? { ...o, err: (s: string) => o.err(s.replace(/^(?=.)/gm, `[${site.site}] `)) } : o, many ? shared : undefined)),
  );
  return Math.max(down.length ? EXIT.unreachable : EXIT.ok, ...codes);
}

/** The run folder of a site whose store could not be reached: every campaign "not checked". */
function writeUnreachable(site: Site, reason: string, env: NodeJS.ProcessEnv, o: AuditOptions): void {
  const redact = redactor(secretsOf(site, env));
  const results = redactDeep(unreachableResults(site, reason), redact);
  const reportsRoot = o.reports ?? path.join(o.root, 'reports');
  const dir = o.out ?? path.join(reportsRoot, site.site, timestamp(new Date(results.startedAt)));
  try {
    const { files } = writeRunFolder(dir, results, loadHistory(reportsRoot, site.site, { exclude: dir }));
    if (!o.out) writeIndex(reportsRoot);
    o.err(`Report for ${site.site} (nothing checked): ${rel(o.cwd, files.find((f) => f.endsWith('report.html')) ?? dir)}\n`);
  } catch (e) {
    o.err(`holiday-ready: could not write the run folder ${rel(o.cwd, dir)}: ${(e as Error).message}\n`);
  }
}

/** sandbox/bin/setup (packages, gems, both stores' databases), once per process however many stores start. */
let sandboxSetUp: Promise<unknown> | undefined;
function setUpSandbox(sandboxBin: string): Promise<unknown> {
  sandboxSetUp ??= run(path.join(sandboxBin, 'setup'), [], { maxBuffer: 64 << 20 }).catch((e) => {
    sandboxSetUp = undefined;
    throw e;
  });
  return sandboxSetUp;
}

/** Makes sure the site's API key is known and its store answers; starts the embedded sandbox if needed. */
async function prepareStore(site: Site, env: NodeJS.ProcessEnv, o: AuditOptions): Promise<number> {
  const target = site.staging;
  const sandboxBin = path.join(o.root, 'sandbox', 'bin');
  const missingKey = () => {
    const at = locateKey(site.file, 'staging.api_key_env');
    o.err(formatSiteErrors([{ code: 'missing-env', file: site.file, ...at, path: 'staging.api_key_env',
      message: `the environment variable ${target.apiKeyEnv} is not set: export it with the staging store's admin API key` }], { cwd: o.cwd }) + '\n');
    return EXIT.badInput;
  };
  // Bad input is reported before anything is sent: a missing key needs no store to be noticed.
  if (!env[target.apiKeyEnv] && !target.sandbox) return missingKey();
  if (!(await reachable(target.url))) {
    if (target.sandbox && o.startSandbox) {
      o.err(`The sandbox store is not running at ${target.url}: setting it up and starting it (sandbox/bin/setup, sandbox/bin/serve)…\n`);
      try {
        await setUpSandbox(sandboxBin);
        await run(path.join(sandboxBin, 'serve'), ['--background'], { env: { ...process.env, PORT: new URL(target.url).port || '3000' } });
      } catch (error) {
        const e = error as { stderr?: string; message: string };
        o.err(`holiday-ready: could not start the sandbox store: ${(e.stderr || e.message).trim()}\n`);
        return EXIT.unreachable;
      }
    }
    if (!(await reachable(target.url))) {
      o.err(`holiday-ready: cannot reach the staging store of ${site.name} at ${target.url} (${rel(o.cwd, site.file)}).\n` +
        (target.sandbox ? 'Start it with: npm run sandbox\n' : 'Check the URL and that the store is up, then run again.\n'));
      return EXIT.unreachable;
    }
  }
  if (!env[target.apiKeyEnv] && target.sandbox) {
    try {
      const { stdout } = await run(path.join(sandboxBin, 'api-key'), []);
      env[target.apiKeyEnv] = stdout.trim();
    } catch { /* reported below as a missing variable */ }
  }
  if (!env[target.apiKeyEnv]) return missingKey();
  // The sandbox's staging store has a clock secret (sandbox/bin/clock-secret); a client's is exported.
  if (target.sandbox && target.clockSecretEnv && !env[target.clockSecretEnv]) {
    try {
      const { stdout } = await run(path.join(sandboxBin, 'clock-secret'), []);
      if (stdout.trim()) env[target.clockSecretEnv] = stdout.trim();
    } catch { /* the run says once that the clock is not available */ }
  }
  await prepareProduction(site, env, o);
  return EXIT.ok;
}

/**
 * The embedded sandbox's read-only production store (`production.sandbox: true`), which the
 * schedule, usage-limit, catalog and indexing audits read: started and its API key read like
 * staging's, so that the README's first command audits everything on a fresh machine. If it still
 * does not answer, the run goes on and those audits say they could not run.
 */
async function prepareProduction(site: Site, env: NodeJS.ProcessEnv, o: AuditOptions): Promise<void> {
  const target = site.production;
  if (!target?.sandbox) return;
  const sandboxBin = path.join(o.root, 'sandbox', 'bin');
  if (o.startSandbox && !(await reachable(target.url))) {
    o.err(`The sandbox's production store is not running at ${target.url}: starting it (sandbox/bin/serve production)…\n`);
    const port = new URL(target.url).port || '3001';
    try {
      await setUpSandbox(sandboxBin);
      // PRODUCTION_PORT for the shared store, PORT for a private copy (SANDBOX_INSTANCE).
      await run(path.join(sandboxBin, 'serve'), ['production', '--background'], { env: { ...process.env, PRODUCTION_PORT: port, PORT: port } });
    } catch (error) {
      const e = error as { stderr?: string; message: string };
      o.err(`holiday-ready: could not start the sandbox's production store (${(e.stderr || e.message).trim()}); the audits that read production will say they could not run.\n`);
      return;
    }
  }
  if (!env[target.apiKeyEnv]) {
    try {
      const { stdout } = await run(path.join(sandboxBin, 'api-key'), ['production']);
      env[target.apiKeyEnv] = stdout.trim();
    } catch { /* the audits that need it say so */ }
  }
}

/** Stores that already answered in this process: --all checks each store once, not once per site. */
const answered = new Set<string>();

/**
 * Whether the store answers at all. A refused connection is an answer (no); a slow store gets a
 * second chance, since a store busy with another run's carts is not an unreachable one.
 */
export async function reachable(url: string, timeoutMs = 15_000): Promise<boolean> {
  const origin = new URL(url).origin;
  if (answered.has(origin)) return true;
  for (let attempt = 1; attempt <= 2; attempt++) {
    try {
      const res = await fetch(new URL('/api/products?per_page=1', url), { signal: AbortSignal.timeout(timeoutMs) });
      await res.body?.cancel();
      answered.add(origin);
      return true; // any HTTP answer means the store is there; errors are the dry-run's to report
    } catch (error) {
      const code = (error as { cause?: { code?: string } })?.cause?.code;
      if (code === 'ECONNREFUSED' || code === 'ENOTFOUND') return false;
    }
  }
  return false;
}

function timestamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

async function auditSite(site: Site, env: NodeJS.ProcessEnv, o: AuditOptions, limit?: ReturnType<typeof pLimit>): Promise<number> {
  // Every line and file this run produces passes through one redactor: API keys and secret codes.
  const redact = redactor(secretsOf(site, env));
  const say = (line: string) => o.err(redact(`  ${line}\n`));
  const ledger = new OrderLedger();
  const requestLog: RequestLogEntry[] = [];
  const onSignal = () => {
    o.err('\nInterrupted: emptying the dry-run orders before exiting…\n');
    void ledger.emptyAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  o.err(`holiday-ready · ${site.name} (${site.site}) · staging ${site.staging.url}\n`);
  let results: RunResults;
  try {
    results = await runSite({
      site, env, ledger, limit, requestLog, concurrency: o.concurrency, boundaries: o.boundaries, pairs: o.pairs, progress: say, at: o.at,
    });
  } catch (error) {
    if (error instanceof SiteInputError) {
      const errs: SiteError[] = error.problems.map((p) => ({ code: 'bad-value', file: site.file, ...locateKey(site.file, p.path), path: p.path, message: p.message }));
      o.err(redact(formatSiteErrors(errs, { cwd: o.cwd })) + '\n');
      return EXIT.badInput;
    }
    if (error instanceof StoreUnreachableError) {
      o.err(redact(`holiday-ready: ${error.message}\n`));
      writeUnreachable(site, error.message, env, o);
      return EXIT.unreachable;
    }
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }

  if (o.audits && (!o.shard || o.shard.index === 1)) {
    // Its own stage after the dry-run, so the speed audit measures a store the dry-run is not loading.
    say('readiness audits…');
    const audited = await runAudits({
      site, env, now: new Date(results.startedAt), limit: pLimit(o.concurrency ?? site.dryRun.concurrency), progress: say,
    });
    results.audits = audited.audits;
    results.findings.push(...audited.findings);
  }
  const reportsRoot = o.reports ?? path.join(o.root, 'reports');
  const dir = o.out ?? path.join(reportsRoot, site.site, timestamp(new Date(results.startedAt)));
  if (o.browser) {
    // The campaigns the API dry-run ran, each at the moment of its first minute (src/dryrun/clock.ts).
    const clock = browserPlanOf(results);
    const browser = await runBrowserDryRun({
      sites: [clock.skip.size ? { ...site, campaigns: site.campaigns.filter((c) => !clock.skip.has(c.name)) } : site],
      runDirs: new Map([[site.site, dir]]), env, apiCases: new Map([[site.site, results.cases]]), progress: say,
      clock: new Map([[site.site, clock.at]]),
    });
    mergeBrowserResults(results, browser.get(site.site));
  }
  // Collect, then decide: the verdict follows from every stage's findings, once.
  results.verdict = verdictOf(results.findings);
  results = redactDeep(results, redact);

  const { files } = writeRunFolder(dir, results, loadHistory(reportsRoot, site.site, { exclude: dir }));
  fs.writeFileSync(path.join(dir, 'requests.json'), redact(JSON.stringify(requestLog, null, 1)) + '\n');
  if (!o.out) {
    try {
      writeIndex(reportsRoot);
    } catch (e) {
      o.err(`holiday-ready: ${path.join(reportsRoot, 'index.html')} not updated: ${(e as Error).message}\n`);
    }
  }
  const report = files.find((f) => f.endsWith('report.html')) ?? path.join(dir, 'report.html');

  if (o.json) o.out_(JSON.stringify(results, null, 2) + '\n');
  else o.out_(redact(summary(results, rel(o.cwd, report))));
  return results.verdict === 'blocked' ? EXIT.blocked : EXIT.ok;
}

/** " · before-start, start, end" after a campaign: the moments its cases ran at (nothing for "now"). */
function momentsWords(moments: RunResults['campaigns'][number]['moments']): string {
  const shown = (moments ?? []).filter((m) => m.label !== 'now');
  return shown.length ? ` · ${shown.map((m) => m.label).join(', ')}` : '';
}

export function summary(r: RunResults, reportPath: string): string {
  const word = { ready: 'READY', 'at-risk': 'AT RISK', blocked: 'BLOCKED' }[r.verdict];
  const lines = [`${r.siteName}: ${word}`];
  for (const c of r.campaigns) {
    // A campaign fails at risk, not blocked, when none of its findings blocks (live too early is a warning).
    const blocks = r.findings.some((f) => f.campaign === c.name && f.level === 'error' && !f.notChecked);
    const over = r.findings.some((f) => f.campaign === c.name && f.id.startsWith('api:over:'));
    const mark = c.outcome === 'pass' ? 'works  ' : c.outcome === 'fail' ? (blocks ? 'BLOCKED' : 'AT RISK') : over ? 'skipped (over)' : 'not checked';
    lines.push(`  ${mark}  ${c.name}${c.automatic ? ' (automatic)' : ` (${c.code})`}${momentsWords(c.moments)}`);
  }
  const blocking = r.findings.filter((f) => f.level === 'error');
  if (blocking.length) lines.push('', 'Blocking:');
  for (const f of blocking) {
    lines.push(`  ✗ ${f.title}${f.moment && f.moment.label !== 'now' ? `, ${f.moment.text}` : ''}`);
    if (f.evidence?.boundary) lines.push(`    ${f.evidence.boundary}`);
  }
  const warnings = r.findings.filter((f) => f.level === 'warn');
  if (warnings.length) lines.push('', 'At risk:', ...warnings.map((f) => `  ! ${f.title}${f.moment && f.moment.label !== 'now' && !f.title.includes(f.moment.text) ? `, ${f.moment.text}` : ''}`));
  const clock = r.findings.find((f) => f.id === 'harness:clock');
  if (clock) lines.push('', `Note: ${clock.title}.`);
  const h = r.housekeeping;
  lines.push('', `Orders: ${h.ordersCreated} created, ${h.ordersEmptied} emptied, ${h.leftoversSwept} leftovers swept`);
  lines.push(`Report: ${reportPath}`, '');
  return lines.join('\n');
}

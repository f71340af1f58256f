/**
 * The pipeline's preflight stage, before anything is sent that could change a store: the site's API
 * key is known and its staging store answers. A site on the embedded sandbox (`staging.sandbox`,
 * `production.sandbox`) gets its store set up and started, and its keys read from it, so that the
 * README's first command works on a fresh machine.
 */
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { locateKey, type SiteError } from '../config/load.ts';
import type { Site } from '../config/types.ts';

const run = promisify(execFile);

export interface PreflightOptions {
  /** The checkout (sandbox/bin is under it). */
  root: string;
  /** Start the embedded sandbox when it is not running (--no-start: false). */
  startSandbox: boolean;
  /** Lines for the terminal. */
  log: (text: string) => void;
  /** A path as the user would type it. */
  rel: (file: string) => string;
}

export type PreflightOutcome =
  | { status: 'ok' }
  /** Bad input, found before anything was sent (a missing key variable). */
  | { status: 'bad-input'; errors: SiteError[] }
  | { status: 'unreachable'; reason: string };

/**
 * Makes sure the site's API key is known (in `env`, which receives the keys read from the sandbox)
 * and its staging store answers; starts the embedded sandbox if needed.
 */
export async function preflight(site: Site, env: NodeJS.ProcessEnv, o: PreflightOptions): Promise<PreflightOutcome> {
  const target = site.staging;
  const sandboxBin = path.join(o.root, 'sandbox', 'bin');
  const missingKey = (): PreflightOutcome => ({
    status: 'bad-input',
    errors: [{ code: 'missing-env', file: site.file, ...locateKey(site.file, 'staging.api_key_env'), path: 'staging.api_key_env',
      message: `the environment variable ${target.apiKeyEnv} is not set: export it with the staging store's admin API key` }],
  });
  // Bad input is reported before anything is sent: a missing key needs no store to be noticed.
  if (!env[target.apiKeyEnv] && !target.sandbox) return missingKey();
  if (!(await reachable(target.url))) {
    if (target.sandbox && o.startSandbox) {
      o.log(`The sandbox store is not running at ${target.url}: setting it up and starting it (sandbox/bin/setup, sandbox/bin/serve)…\n`);
      try {
        await setUpSandbox(sandboxBin);
        await run(path.join(sandboxBin, 'serve'), ['--background'], { env: { ...process.env, PORT: new URL(target.url).port || '3000' } });
      } catch (error) {
        const e = error as { stderr?: string; message: string };
        o.log(`holiday-ready: could not start the sandbox store: ${(e.stderr || e.message).trim()}\n`);
        return { status: 'unreachable', reason: `${target.url} did not answer` };
      }
    }
    if (!(await reachable(target.url))) {
      o.log(`holiday-ready: cannot reach the staging store of ${site.name} at ${target.url} (${o.rel(site.file)}).\n` +
        (target.sandbox ? 'Start it with: npm run sandbox\n' : 'Check the URL and that the store is up, then run again.\n'));
      return { status: 'unreachable', reason: `${target.url} did not answer` };
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
  return { status: 'ok' };
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

/**
 * The embedded sandbox's read-only production store (`production.sandbox: true`), which the
 * schedule, usage-limit, catalog and indexing audits read: started and its API key read like
 * staging's. If it still does not answer, the run goes on and those audits say they could not run.
 */
async function prepareProduction(site: Site, env: NodeJS.ProcessEnv, o: PreflightOptions): Promise<void> {
  const target = site.production;
  if (!target?.sandbox) return;
  const sandboxBin = path.join(o.root, 'sandbox', 'bin');
  if (o.startSandbox && !(await reachable(target.url))) {
    o.log(`The sandbox's production store is not running at ${target.url}: starting it (sandbox/bin/serve production)…\n`);
    const port = new URL(target.url).port || '3001';
    try {
      await setUpSandbox(sandboxBin);
      // PRODUCTION_PORT for the shared store, PORT for a private copy (SANDBOX_INSTANCE).
      await run(path.join(sandboxBin, 'serve'), ['production', '--background'], { env: { ...process.env, PRODUCTION_PORT: port, PORT: port } });
    } catch (error) {
      const e = error as { stderr?: string; message: string };
      o.log(`holiday-ready: could not start the sandbox's production store (${(e.stderr || e.message).trim()}); the audits that read production will say they could not run.\n`);
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

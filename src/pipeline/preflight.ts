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
      const failed = await startSandbox(o.root, 'staging', target.url);
      if (failed) {
        o.log(`holiday-ready: could not start the sandbox store: ${failed}\n`);
        return { status: 'unreachable', reason: `${target.url} did not answer` };
      }
    }
    if (!(await reachable(target.url))) {
      o.log(`holiday-ready: cannot reach the staging store of ${site.name} at ${target.url} (${o.rel(site.file)}).\n` +
        (target.sandbox ? 'Start it with: npm run sandbox\n' : 'Check the URL and that the store is up, then run again.\n'));
      return { status: 'unreachable', reason: `${target.url} did not answer` };
    }
  }
  if (target.sandbox) await fromSandbox(o.root, env, target.apiKeyEnv, 'api-key', [sandboxStore('staging', target.url)]);
  if (!env[target.apiKeyEnv]) return missingKey();
  // The sandbox's staging store has a clock secret (sandbox/bin/clock-secret); a client's is exported.
  // Without it, the run says once that the clock is not available.
  if (target.sandbox && target.clockSecretEnv) await fromSandbox(o.root, env, target.clockSecretEnv, 'clock-secret');
  await prepareProduction(site, env, o);
  return { status: 'ok' };
}

/** Runs a script of sandbox/bin; its output, trimmed. */
async function sandboxBin(root: string, script: string, args: string[], opts: { env?: NodeJS.ProcessEnv; maxBuffer?: number } = {}): Promise<string> {
  const { stdout } = await run(path.join(root, 'sandbox', 'bin', script), args, opts);
  return stdout.trim();
}

/** An environment variable read from the sandbox (an API key, the clock secret) when it is not set; left unset when that fails. */
async function fromSandbox(root: string, env: NodeJS.ProcessEnv, name: string, script: string, args: string[] = []): Promise<void> {
  if (env[name]) return;
  const value = await sandboxBin(root, script, args).catch(() => '');
  if (value) env[name] = value;
}

type SandboxStore = 'staging' | 'production' | 'classic' | 'promotions';

/**
 * The sandbox's stores other than staging that a sandbox site's staging URL can name, by port: the classic storefront's
 * (sandbox/bin/serve classic) and the one on Solidus's new promotion engine (sandbox/bin/serve promotions).
 */
const SANDBOX_PORTS: Record<string, SandboxStore> = { 3002: 'classic', 3003: 'promotions' };

/** Which of the sandbox's stores (sandbox/bin/_env) a sandbox site's URL names: by its port. */
function sandboxStore(kind: 'staging' | 'production', url: string): SandboxStore {
  return kind === 'production' ? 'production' : SANDBOX_PORTS[new URL(url).port] ?? 'staging';
}

/**
 * sandbox/bin/setup (packages, gems, the stores' databases), once per process however many stores
 * start; the promotions store's own setup (`setup promotions`) builds only that store.
 */
const sandboxSetUp = new Map<string, Promise<unknown>>();

/** Sets up and starts one of the sandbox's stores; why it could not, or undefined. */
async function startSandbox(root: string, kind: 'staging' | 'production', url: string): Promise<string | undefined> {
  const port = new URL(url).port || (kind === 'staging' ? '3000' : '3001');
  const store = sandboxStore(kind, url);
  const setupArgs = store === 'promotions' ? ['promotions'] : [];
  try {
    const key = setupArgs.join(' ');
    const setUp = sandboxSetUp.get(key) ?? sandboxBin(root, 'setup', setupArgs, { maxBuffer: 64 << 20 }).catch((e: unknown) => {
      sandboxSetUp.delete(key);
      throw e;
    });
    sandboxSetUp.set(key, setUp);
    await setUp;
    // PRODUCTION_PORT for the shared production store, CLASSIC_PORT for the classic storefront's
    // store (staging's data on :3002, sandbox/README.md), PROMOTIONS_PORT for the store on the new
    // promotion engine (:3003), PORT for staging or a private copy.
    await sandboxBin(root, 'serve', [store, '--background'], {
      env: { ...process.env, PORT: port, ...(store === 'production' && { PRODUCTION_PORT: port }), ...(store === 'classic' && { CLASSIC_PORT: port }),
        ...(store === 'promotions' && { PROMOTIONS_PORT: port }) },
    });
    return undefined;
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    return (e.stderr || e.message).trim();
  }
}

/**
 * The embedded sandbox's read-only production store (`production.sandbox: true`), which the
 * schedule, usage-limit, catalog and indexing audits read: started and its API key read like
 * staging's. If it still does not answer, the run goes on and those audits say they could not run.
 */
async function prepareProduction(site: Site, env: NodeJS.ProcessEnv, o: PreflightOptions): Promise<void> {
  const target = site.production;
  if (!target?.sandbox) return;
  if (o.startSandbox && !(await reachable(target.url))) {
    o.log(`The sandbox's production store is not running at ${target.url}: starting it (sandbox/bin/serve production)…\n`);
    const failed = await startSandbox(o.root, 'production', target.url);
    if (failed) {
      o.log(`holiday-ready: could not start the sandbox's production store (${failed}); the audits that read production will say they could not run.\n`);
      return;
    }
  }
  // Without it, the audits that need it say so.
  await fromSandbox(o.root, env, target.apiKeyEnv, 'api-key', ['production']);
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

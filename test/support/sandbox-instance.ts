/**
 * A private copy of the sandbox store for a test file that changes store state or counts carts:
 * its own database (a copy of the pristine one), port and process, so it never disturbs the shared
 * stores on :3000/:3001 or another test. Starting one takes a few seconds.
 *
 *   const store = await startInstance('safety-faults');
 *   after(() => store.stop());
 *   store.url, store.apiKey, store.fullCarts(), store.sql('UPDATE …')
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './sandbox.ts';

const run = promisify(execFile);

/** tsx's loader as an absolute URL: `node --import <TSX>` works from any working directory. */
export const TSX = import.meta.resolve('tsx');
const BIN = path.join(ROOT, 'sandbox', 'bin');

export interface SandboxInstance {
  name: string;
  url: string;
  port: number;
  apiKey: string;
  /** Absolute path of its SQLite database. */
  db: string;
  /** Incomplete orders that still hold items (same query as sandbox.ts fullCarts). */
  fullCarts(): number;
  /** Full carts of the harness (orders under the reserved domain). */
  harnessFullCarts(): number;
  /** Runs SQL against its database and returns the output. */
  sql(query: string, readonly?: boolean): string;
  /** Back to the seeded state (drops the store's cache too). */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export async function startInstance(name: string): Promise<SandboxInstance> {
  const port = await freePort();
  const env = { ...process.env, SANDBOX_INSTANCE: name, PORT: String(port) };
  // A copy left running by an interrupted test run is stopped first.
  await run(path.join(BIN, 'stop'), ['staging'], { env }).catch(() => undefined);
  const db = path.join(ROOT, 'sandbox', 'db', `instance-${name}.sqlite3`);
  await run(path.join(BIN, 'serve'), ['--background'], { env, maxBuffer: 16 << 20 });
  await run(path.join(BIN, 'reset'), ['staging'], { env });
  const { stdout } = await run(path.join(BIN, 'api-key'), ['staging'], { env });
  const sql = (query: string, readonly = true) =>
    execFileSync('sqlite3', [...(readonly ? ['-readonly'] : []), '-cmd', '.timeout 10000', db, query], { encoding: 'utf8' }).trim();
  const count = (where: string) =>
    Number(sql(`SELECT COUNT(DISTINCT o.id) FROM spree_orders o JOIN spree_line_items li ON li.order_id = o.id WHERE o.completed_at IS NULL${where}`));
  return {
    name,
    url: `http://127.0.0.1:${port}`,
    port,
    apiKey: stdout.trim(),
    db,
    sql,
    fullCarts: () => count(''),
    harnessFullCarts: () => count(" AND o.email LIKE '%@holiday-ready.invalid'"),
    reset: async () => {
      await run(path.join(BIN, 'reset'), ['staging'], { env });
    },
    stop: async () => {
      // SIGTERM to the copy's own Puma (by the pid it wrote), without waiting for its graceful exit.
      const pidfile = path.join(ROOT, 'sandbox', 'tmp', 'pids', `${name}.pid`);
      try {
        process.kill(Number(fs.readFileSync(pidfile, 'utf8').trim()), 'SIGTERM');
      } catch {
        // not running
      }
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(db + suffix, { force: true });
    },
  };
}

/** The campaigns of sites/acme.yml, as YAML under `campaigns:`. */
export const ACME_CAMPAIGNS = `
  - name: Black Friday 50% off
    code: BLACKFRIDAY50
    carts:
      - { name: $120 jacket, items: { JKT-001: 1 }, expect: { items: 50% off } }
      - { name: $60 fleece, items: { FLC-002: 1 }, expect: { items: 50% off } }
  - name: Outerwear 20% off
    code: OUTERWEAR20
    carts:
      - { name: $120 jacket, items: { JKT-001: 1 }, expect: { items: 20% off, shipping: free } }
  - name: $10 off orders over $100
    code: TAKE10
    carts:
      - { name: $130 basket, items: { TOP-001: 2, ACC-001: 1 }, expect: { order: $10 off } }
  - name: Free Shipping on All Orders over $85
    code: automatic
    carts:
      - { name: $120 jacket, items: { JKT-001: 1 }, expect: { shipping: free } }
      - { name: $60 fleece, items: { FLC-002: 1 }, expect: { shipping: paid } }
`;

/**
 * Writes `<dir>/<name>.yml`, a site whose staging store is `url` (not the embedded sandbox, so its
 * key comes from `keyEnv`), and returns its path. `campaigns` is YAML under `campaigns:`.
 */
export function writeSite(dir: string, name: string, o: { url: string; keyEnv: string; campaigns?: string; concurrency?: number; retries?: number; timeoutMs?: number; production?: string }): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.yml`);
  const dry = [`  concurrency: ${o.concurrency ?? 4}`, o.retries !== undefined && `  retries: ${o.retries}`, o.timeoutMs !== undefined && `  timeout_ms: ${o.timeoutMs}`].filter(Boolean).join('\n');
  fs.writeFileSync(file, `site: ${name}
name: Safety Outfitters
currency: USD
staging:
  url: ${o.url}
  api_key_env: ${o.keyEnv}
${o.production ? `production:\n  url: ${o.production}\n  api_key_env: ${o.keyEnv}\n` : ''}holiday:
  name: Thanksgiving
  offices_closed: [2026-11-26, 2026-11-29]
  timezone: America/New_York
people:
  engineer: { name: Dana Whitfield, slack: '@dana' }
  client_rep: { name: Sam Ortiz }
  slack_channel: '#safety'
dry_run:
${dry}
campaigns:${o.campaigns ?? ACME_CAMPAIGNS}`);
  return file;
}

export interface CliRun {
  child: ChildProcess;
  /** Resolves when the process has exited (code, or the signal that ended it). */
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves when stderr matches (rejects after `ms`). */
  waitFor(re: RegExp, ms?: number): Promise<void>;
  output(): { stdout: string; stderr: string };
}

/**
 * The CLI as a user starts it (`node --import tsx src/cli/main.ts …`) from any working directory,
 * with a handle to signal it. Unlike support/cli.ts's runCli, cwd may be outside the repository.
 */
export function spawnCli(args: string[], o: { cwd: string; env?: NodeJS.ProcessEnv }): CliRun {
  const child = spawn(process.execPath, ['--import', TSX, path.join(ROOT, 'src', 'cli', 'main.ts'), ...args], {
    cwd: o.cwd,
    env: { ...process.env, INIT_CWD: o.cwd, NO_COLOR: '1', ...o.env },
  });
  let stdout = '';
  let stderr = '';
  const listeners: (() => void)[] = [];
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => {
    stderr += d;
    listeners.forEach((l) => l());
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  const waitFor = (re: RegExp, ms = 60_000) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${re} on stderr within ${ms} ms:\n${stderr}`)), ms);
      const check = () => {
        if (re.test(stderr)) {
          clearTimeout(timer);
          resolve();
        }
      };
      listeners.push(check);
      check();
    });
  return { child, exit, waitFor, output: () => ({ stdout, stderr }) };
}

/** Runs the CLI to the end; temp paths in its output are replaced by `<root>` when `root` is given. */
export async function runCliIn(args: string[], o: { cwd: string; env?: NodeJS.ProcessEnv; root?: string }): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const run = spawnCli(args, o);
  const { code } = await run.exit;
  const clean = (s: string) => (o.root ? s.split(o.root).join('<root>') : s);
  const { stdout, stderr } = run.output();
  return { code, stdout: clean(stdout), stderr: clean(stderr) };
}

/**
 * A private copy of the sandbox store for a test file that changes store state or counts carts:
 * its own database (sandbox/db/instance-<name>.sqlite3, a copy of the pristine one), a free port,
 * pid and log, run with SANDBOX_INSTANCE=<name>, so it never disturbs the shared stores on
 * :3000/:3001 or another test. Starting one takes a few seconds.
 *
 *   const store = await startInstance('safety-faults');
 *   after(() => store.stop());
 *   store.url, store.apiKey, store.fullCarts(), store.sql('SELECT …'), await store.change('UPDATE …')
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseDocument } from 'yaml';
import { LIVE_AT, ROOT } from './sandbox.ts';

const run = promisify(execFile);
const BIN = path.join(ROOT, 'sandbox', 'bin');

export interface SandboxInstance {
  name: string;
  url: string;
  port: number;
  apiKey: string;
  /**
   * The secret of its signed clock (the solidus_holiday_ready extension; sandbox/bin/clock-secret),
   * or '' when the store has none: pass it as the variable the site's staging.clock_secret_env names.
   */
  clockSecret: string;
  /** The variables a writeSite site on this store needs: its API key under `keyEnv`, its clock secret under clockEnvOf(keyEnv). */
  env(keyEnv: string): Record<string, string>;
  /** Absolute path of its SQLite database. */
  db: string;
  /** Incomplete orders that still hold items (same query as sandbox.ts fullCarts). */
  fullCarts(): number;
  /** Full carts of the harness (orders under the reserved domain). */
  harnessFullCarts(): number;
  /** Runs a read-only query against its database and returns the output, trimmed. */
  sql(query: string): string;
  /** Runs SQL that changes its database, then drops the store's cache so the running store sees the change. */
  change(statement: string): Promise<string>;
  /** Back to the seeded state (drops the store's cache too). */
  reset(): Promise<void>;
  /** Stops its store (only this instance's pid) and deletes its database. */
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

/**
 * Starts the sandbox instance `name` on a free port, resets it to the seeded data and reads its
 * API key; `storefront: 'classic'` serves it with Solidus's classic storefront (solidus_frontend).
 * The shared stores' names are refused. `{ extension: false }` starts it without the
 * holiday-ready extension (a client's store before it is installed): its inventory answers 404 and it
 * ignores the clock headers. `port` pins its port (else a free one is picked).
 */
export async function startInstance(name: string, opts: { storefront?: 'sandbox' | 'classic'; extension?: boolean; port?: number } = {}): Promise<SandboxInstance> {
  // The classic storefront's store (solidus_frontend; sandbox/bin/serve classic) over the same seeded data.
  const kind = opts.storefront === 'classic' ? 'classic' : 'staging';
  if (!/^[a-z][a-z0-9-]*$/.test(name) || name === 'staging' || name === 'production') {
    throw new Error(`startInstance: "${name}" is not a private instance name (lowercase letters, digits, dashes; not staging or production)`);
  }
  // `port`: a port of the test's own (a range handed to it), else any free one.
  const port = opts.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  // `extension: false`: the store boots without solidus_holiday_ready (sandbox/Gemfile): no inventory, no signed clock.
  const env = { ...process.env, SANDBOX_INSTANCE: name, PORT: String(port), ...(opts.extension === false ? { SANDBOX_EXTENSION: 'off' } : {}) };
  const sandbox = async (script: string, args: string[]) => {
    try {
      return (await run(path.join(BIN, script), args, { env, cwd: ROOT, maxBuffer: 16 << 20 })).stdout;
    } catch (error) {
      const e = error as { stderr?: string; stdout?: string; message: string };
      throw new Error(`sandbox/bin/${script} ${args.join(' ')} (SANDBOX_INSTANCE=${name} PORT=${port}) failed: ${(e.stderr || e.stdout || e.message).trim()}`, { cause: error });
    }
  };
  // A copy left running by an interrupted test run is stopped first.
  await sandbox('stop', [kind]).catch(() => undefined);
  const db = path.join(ROOT, 'sandbox', 'db', `instance-${name}.sqlite3`);
  await sandbox('serve', [kind, '--background']);
  // The database may hold changes from an earlier test run that did not finish: start from the seed.
  await sandbox('reset', [kind]);
  const apiKey = (await sandbox('api-key', [kind])).trim();
  const clockSecret = fs.existsSync(path.join(BIN, 'clock-secret')) ? (await sandbox('clock-secret', [kind]).catch(() => '')).trim() : '';
  const sql = (query: string) => execFileSync('sqlite3', ['-readonly', '-cmd', '.timeout 10000', db, query], { encoding: 'utf8' }).trim();
  const count = (where: string) =>
    Number(sql(`SELECT COUNT(DISTINCT o.id) FROM spree_orders o JOIN spree_line_items li ON li.order_id = o.id WHERE o.completed_at IS NULL${where}`));
  return {
    name,
    url,
    port,
    apiKey,
    clockSecret,
    env: (keyEnv) => ({ [keyEnv]: apiKey, [clockEnvOf(keyEnv)]: clockSecret }),
    db,
    sql,
    change: async (statement) => {
      const { stdout } = await run('sqlite3', ['-cmd', '.timeout 10000', db, statement]);
      await fetch(`${url}/__sandbox/cache`, { method: 'POST', signal: AbortSignal.timeout(5000) }).catch(() => undefined); // not up: nothing cached
      return stdout.trim();
    },
    fullCarts: () => count(''),
    harnessFullCarts: () => count(" AND o.email LIKE '%@holiday-ready.invalid'"),
    reset: async () => {
      await sandbox('reset', [kind]);
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

/** The variable writeSite's sites name for the clock secret: `<keyEnv>_CLOCK`. */
export const clockEnvOf = (keyEnv: string) => `${keyEnv}_CLOCK`;

/**
 * Writes `<dir>/<name>.yml`, a site whose staging store is `url` (not the embedded sandbox, so its
 * key comes from `keyEnv`), and returns its path. `campaigns` is YAML under `campaigns:`.
 */
export function writeSite(dir: string, name: string, o: {
  url: string; keyEnv: string; campaigns?: string; concurrency?: number; retries?: number; timeoutMs?: number;
  production?: string; clockEnv?: string | null; moments?: string;
}): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.yml`);
  // By default the site's campaigns (no windows) run once, at the first minute of its holiday, Black
  // Friday, by the store's signed clock, when the sandbox's promotions (which carry their real
  // windows) are all live: pass the secret as clockEnvOf(keyEnv). `clockEnv: null` writes a site
  // without the clock (its campaigns run now); an explicit clockEnv keeps Thanksgiving as the holiday.
  const clockEnv = o.clockEnv === undefined ? clockEnvOf(o.keyEnv) : o.clockEnv;
  const moments = o.moments;
  const closed = o.clockEnv === undefined ? `[${LIVE_AT.slice(0, 10)}, 2026-11-29]` : '[2026-11-26, 2026-11-29]';
  const dry = [`  concurrency: ${o.concurrency ?? 4}`, o.retries !== undefined && `  retries: ${o.retries}`, o.timeoutMs !== undefined && `  timeout_ms: ${o.timeoutMs}`, moments && `  moments: ${moments}`].filter(Boolean).join('\n');
  fs.writeFileSync(file, `site: ${name}
name: Safety Outfitters
currency: USD
staging:
  url: ${o.url}
  api_key_env: ${o.keyEnv}
${clockEnv ? `  clock_secret_env: ${clockEnv}\n` : ''}${o.production ? `production:\n  url: ${o.production}\n  api_key_env: ${o.keyEnv}\n` : ''}holiday:
  name: ${o.clockEnv === undefined ? 'Black Friday' : 'Thanksgiving'}
  offices_closed: ${closed}
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

/**
 * Writes `<dir>/<site>.yml`: a copy of sites/<site>.yml whose staging store is `url` (not the
 * embedded sandbox, so the CLI neither starts nor asks the shared store for a key). Returns its path.
 */
export function writeSiteCopy(dir: string, site: string, staging: { url: string }): string {
  const doc = parseDocument(fs.readFileSync(path.join(ROOT, 'sites', `${site}.yml`), 'utf8'));
  doc.setIn(['staging', 'url'], staging.url);
  doc.deleteIn(['staging', 'sandbox']);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${site}.yml`);
  fs.writeFileSync(file, doc.toString());
  return file;
}

/**
 * A private copy of the sandbox store for tests that change the store's data (delete a promotion
 * rule, ...): its own database (sandbox/db/instance-<name>.sqlite3, copied from the pristine
 * seed), port, pid and log, run with SANDBOX_INSTANCE=<name>. The shared stores on :3000/:3001 are
 * never touched.
 *
 *   const store = await startInstance('report', 3600);
 *   after(() => store.stop());
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseDocument } from 'yaml';
import { ROOT } from './sandbox.ts';

const run = promisify(execFile);
const BIN = path.join(ROOT, 'sandbox', 'bin');

export interface Instance {
  name: string;
  url: string;
  /** The admin API key (the seed's). */
  apiKey: string;
  /** Absolute path of the instance's SQLite database, for tests that change data directly. */
  db: string;
  /** Runs SQL against the instance's database and drops the store's cache so it sees the change. */
  sql(statement: string): Promise<string>;
  /** Back to the seeded data (safe while the store runs). */
  reset(): Promise<void>;
  /** Stops the instance's store (only this instance's pid). */
  stop(): Promise<void>;
}

/**
 * Starts (or reuses) the sandbox instance `name` on `port`, resets it to the seeded data and
 * reads its API key. The shared stores' names are refused.
 */
export async function startInstance(name: string, port: number): Promise<Instance> {
  if (!/^[a-z][a-z0-9-]*$/.test(name) || name === 'staging' || name === 'production') {
    throw new Error(`startInstance: "${name}" is not a private instance name (lowercase letters, digits, dashes; not staging or production)`);
  }
  if (port === 3000 || port === 3001) throw new Error(`startInstance: port ${port} belongs to a shared store`);
  const env = { ...process.env, SANDBOX_INSTANCE: name, PORT: String(port) };
  const sandbox = async (script: string, args: string[] = []) => {
    try {
      return (await run(path.join(BIN, script), args, { env, cwd: ROOT, maxBuffer: 16 << 20 })).stdout;
    } catch (error) {
      const e = error as { stderr?: string; stdout?: string; message: string };
      throw new Error(`sandbox/bin/${script} ${args.join(' ')} (SANDBOX_INSTANCE=${name} PORT=${port}) failed: ${(e.stderr || e.stdout || e.message).trim()}`);
    }
  };
  const url = `http://127.0.0.1:${port}`;
  const clearCache = async () => {
    try {
      await fetch(`${url}/__sandbox/cache`, { method: 'POST', signal: AbortSignal.timeout(5000) });
    } catch { /* the store is not up: nothing cached */ }
  };

  // A copy left running by an interrupted test run (perhaps on another port) is stopped first.
  await sandbox('stop', ['staging']).catch(() => undefined);
  await sandbox('serve', ['staging', '--background']);
  // The database may hold changes from an earlier test run that did not finish: start from the seed.
  await sandbox('reset', ['staging']);
  const apiKey = (await sandbox('api-key', ['staging'])).trim();
  const db = path.join(ROOT, 'sandbox', 'db', `instance-${name}.sqlite3`);
  return {
    name,
    url,
    apiKey,
    db,
    async sql(statement) {
      const { stdout } = await run('sqlite3', [db, '.timeout 10000', statement]);
      await clearCache();
      return stdout;
    },
    async reset() {
      await sandbox('reset', ['staging']);
    },
    async stop() {
      await sandbox('stop', ['staging']);
    },
  };
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

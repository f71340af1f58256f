/**
 * Where the sandbox store is for end-to-end tests. test/run-all.sh sets it up, starts it and
 * exports the keys; a test run on its own fails with a clear message instead of a timeout.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { clockHeaders } from '../../src/solidus/clock.ts';
import { guardFor, type RequestGuard } from '../../src/safety/guard.ts';
import { markerOf, runStamp } from '../../src/dryrun/customers.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * A sandbox store's URL and admin key: staging (:3000), production (:3001), or the promotions store
 * on Solidus's new engine, solidus_promotions (:3003, `sandbox/bin/serve promotions`).
 */
export function sandbox(kind: 'staging' | 'production' | 'promotions' = 'staging'): { url: string; apiKey: string; envName: string } {
  const envName = { staging: 'ACME_STAGING_API_KEY', production: 'ACME_PRODUCTION_API_KEY', promotions: 'ACME_PROMOTIONS_API_KEY' }[kind];
  const url = { staging: 'http://127.0.0.1:3000', production: 'http://127.0.0.1:3001', promotions: 'http://127.0.0.1:3003' }[kind];
  let apiKey = process.env[envName];
  if (!apiKey) {
    apiKey = execFileSync(path.join(ROOT, 'sandbox', 'bin', 'api-key'), [kind], { encoding: 'utf8' }).trim();
    process.env[envName] = apiKey;
  }
  return { url, apiKey, envName };
}

/** Number of incomplete orders that still hold items, read from the store's own database. */
export function fullCarts(kind: 'staging' | 'production' = 'staging'): number {
  const db = path.join(ROOT, 'sandbox', 'db', `${kind}.sqlite3`);
  const out = execFileSync('sqlite3', ['-readonly', db,
    'SELECT COUNT(DISTINCT o.id) FROM spree_orders o JOIN spree_line_items li ON li.order_id = o.id WHERE o.completed_at IS NULL'],
  { encoding: 'utf8' });
  return Number(out.trim());
}

/**
 * The orders of one harness run on the shared store, found by the marker its orders carry (their
 * special instructions, with the run's id, which begins with the second it started): how many it
 * made and how many still hold items. Other runs on the shared store (other tests, other people)
 * are not counted, whatever carts they hold at the time.
 */
export function runOrders(startedAt: Date, kind: 'staging' | 'production' = 'staging'): { orders: number; full: number } {
  const db = path.join(ROOT, 'sandbox', 'db', `${kind}.sqlite3`);
  const marked = `o.special_instructions LIKE '${markerOf(`${runStamp(startedAt)}-`)}%'`;
  const [orders, full] = execFileSync('sqlite3', ['-readonly', '-cmd', '.timeout 10000', db,
    `SELECT COUNT(*) FROM spree_orders o WHERE ${marked}; ` +
    `SELECT COUNT(DISTINCT o.id) FROM spree_orders o JOIN spree_line_items li ON li.order_id = o.id WHERE o.completed_at IS NULL AND ${marked}`],
  { encoding: 'utf8' }).trim().split('\n').map(Number);
  return { orders, full };
}

/** The shared staging store's clock secret (sandbox/bin/clock-secret), or '' when it has none. */
export function clockSecret(): string {
  if (process.env.ACME_STAGING_CLOCK_SECRET !== undefined) return process.env.ACME_STAGING_CLOCK_SECRET;
  try {
    return execFileSync(path.join(ROOT, 'sandbox', 'bin', 'clock-secret'), ['staging'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

/**
 * Black Friday noon in New York, when every acme campaign is live. The sandbox's promotions carry
 * their real windows (sites/acme.yml), as a client's staging store does, so a test that needs them
 * live asks the staging store to answer as at this moment, by its signed clock (extension/).
 */
export const LIVE_AT = '2026-11-27T12:00:00-05:00';

/** Headers for one raw request to the shared staging store, answered as at LIVE_AT (signed now: valid for 5 minutes). */
export function liveHeaders(): Record<string, string> {
  return { ...clockHeaders(LIVE_AT, clockSecret()) };
}

/** createSolidusClient options for a staging store answering as at LIVE_AT: the staging guard (the clock goes to staging only) and the clock. */
export function live(secret = clockSecret()): { guard: RequestGuard; clock: { at: string; secret: string } } {
  return { guard: guardFor('staging'), clock: { at: LIVE_AT, secret } };
}

/**
 * The sandbox stores the browser tests target, and site files that point at them. Two storefronts:
 * - `sandbox` (the sandbox's own storefront): by default the staging sandbox test/run-all.sh starts
 *   (http://127.0.0.1:3000, sandbox/db/staging.sqlite3); with SANDBOX_INSTANCE=<name> and
 *   PORT=<port>, the separate copy `sandbox/bin/serve` runs for that instance (its own database);
 * - `classic` (Solidus's classic storefront, solidus_frontend): by default the classic store
 *   test/run-all.sh starts (`sandbox/bin/serve classic`, http://127.0.0.1:3002,
 *   sandbox/db/classic.sqlite3); with CLASSIC_INSTANCE=<name> and CLASSIC_PORT=<port>, the copy
 *   `SANDBOX_INSTANCE=<name> PORT=<port> sandbox/bin/serve classic` runs,
 * so that the tests can run beside other people's.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSite } from '../../src/config/load.ts';
import type { Site } from '../../src/config/types.ts';
import type { CaseMoment } from '../../src/findings/types.ts';
import { BROWSER_CLOCK_ENV } from '../../src/dryrun/clock.ts';
import { clockSecret, LIVE_AT } from './sandbox.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export type StorefrontKind = 'sandbox' | 'classic';

export interface BrowserStore {
  /** Which storefront the store serves. */
  storefront: StorefrontKind;
  url: string;
  /** The store's SQLite database, read-only, to count completed orders. */
  db: string;
  apiKey: string;
  envName: string;
}

export function browserStore(env: NodeJS.ProcessEnv = process.env, storefront: StorefrontKind = 'sandbox'): BrowserStore {
  const classic = storefront === 'classic';
  const instance = classic ? env.CLASSIC_INSTANCE : env.SANDBOX_INSTANCE;
  const port = classic ? env.CLASSIC_PORT ?? '3002' : instance ? env.PORT ?? '3000' : '3000';
  const url = `http://127.0.0.1:${port}`;
  const db = path.join(ROOT, 'sandbox', 'db', instance ? `instance-${instance}.sqlite3` : classic ? 'classic.sqlite3' : 'staging.sqlite3');
  // The classic store is staging's data: the same key (sandbox/bin/api-key classic reads staging's).
  const envName = 'ACME_STAGING_API_KEY';
  let apiKey = instance ? undefined : env[envName];
  if (!apiKey) {
    apiKey = execFileSync(path.join(ROOT, 'sandbox', 'bin', 'api-key'), [classic ? 'classic' : 'staging'], { encoding: 'utf8', env: { ...process.env, ...env, SANDBOX_INSTANCE: instance ?? '' } }).trim();
  }
  env[envName] = apiKey;
  // The test sites keep acme's staging.clock_secret_env: campaigns run at their moments by the store's clock.
  env.ACME_STAGING_CLOCK_SECRET ??= clockSecret();
  return { storefront, url, db, apiKey, envName };
}

/** Orders the store has completed: a dry-run must never add one. */
export function completedOrders(store: BrowserStore): number {
  const out = execFileSync('sqlite3', ['-readonly', store.db, '.timeout 5000', 'select count(*) from spree_orders where completed_at is not null'], { encoding: 'utf8' });
  return Number(out.trim());
}

/**
 * The acme site file of the store's storefront (sites/acme.yml; sites/acme-classic.yml for the
 * classic storefront) pointed at the test store, as a site named `name` (the file name must match).
 * `edit` changes the text first, e.g. to break a selector.
 */
export function testSiteText(store: BrowserStore, name: string, edit: (text: string) => string = (t) => t): string {
  const [file, url] = store.storefront === 'classic' ? ['acme-classic', 'http://127.0.0.1:3002'] : ['acme', 'http://127.0.0.1:3000'];
  const text = fs
    .readFileSync(path.join(ROOT, 'sites', `${file}.yml`), 'utf8')
    .replace(new RegExp(`^site: ${file}$`, 'm'), `site: ${name}`)
    .replace(`url: ${url}`, `url: ${store.url}`)
    .replace(/^\s+sandbox: true.*$/m, '');
  return edit(text);
}

/** Writes a test site file into `dir` and returns its path. */
export function writeTestSite(dir: string, store: BrowserStore, name: string, edit?: (text: string) => string): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.yml`);
  fs.writeFileSync(file, testSiteText(store, name, edit));
  return file;
}

/** The test site, loaded without touching the disk. */
export function testSite(store: BrowserStore, name = 'browser-test', edit?: (text: string) => string): Site {
  const file = path.join(os.tmpdir(), `${name}.yml`);
  const loaded = parseSite(testSiteText(store, name, edit), file, { requireKey: false });
  if (!loaded.ok) throw new Error(`the test site does not load: ${JSON.stringify(loaded.errors)}`);
  return loaded.site;
}

/** Campaign name -> LIVE_AT for every campaign of `site`: runBrowserDryRun's `clock` for one site. */
export function everyCampaignAt(site: Site): Record<string, CaseMoment> {
  const moment = { label: 'at', at: LIVE_AT, text: 'as on Fri, Nov 27, 12:00 PM EST' };
  return Object.fromEntries(site.campaigns.map((c) => [c.name, moment]));
}

/**
 * For our own browser tests (test/playwright.config.ts): every campaign of each site at LIVE_AT by
 * the store's signed clock, as the audit hands each campaign's moment to Playwright (BROWSER_CLOCK_ENV).
 */
export function clockEveryCampaign(sites: Site[], env: NodeJS.ProcessEnv = process.env): void {
  env[BROWSER_CLOCK_ENV] = JSON.stringify(Object.fromEntries(sites.map((site) => [site.site, everyCampaignAt(site)])));
}

/**
 * The fixtures of the browser dry-run.
 *
 * - `site` is an option: each site file is a Playwright project that sets it (playwright.config.ts).
 * - Expensive things live as long as a worker: the browser (Playwright's own), the SKU lookups
 *   (`_catalog`) and the masker (`mask`). Each test still gets its own browser context and page.
 * - `_storefrontGuard` is automatic: every request of every test's browser context goes through
 *   the one safety guard with the site's storefront policy (`browserPolicy`; the policy itself is
 *   described in src/safety/guard.ts), and each refusal is recorded (`blockedRequests`,
 *   `otherOrigins`). There is no way to turn it off: no option, and service workers (whose requests
 *   a route would not see) are blocked.
 */
import { test as base, expect } from '@playwright/test';
import type { Campaign, Site, Storefront as SiteStorefront } from '../src/config/types.ts';
import { resolveStorefront } from '../src/browser/detect.ts';
import type { CaseMoment } from '../src/findings/types.ts';
import { clockSigner } from '../src/solidus/clock.ts';
import { browserClockOf } from '../src/dryrun/clock.ts';
import { redactor, secretsOf, type Redact } from '../src/safety/redact.ts';
import { guardFor, refusedWords, routeGuard, storefrontPolicyFor, type GuardPolicy } from '../src/safety/guard.ts';
import { createSolidusClient } from '../src/solidus/client.ts';
import { StorefrontCatalog } from './support/catalog.ts';
import { ProductPage } from './pages/product-page.ts';
import { CartPage } from './pages/cart-page.ts';
import { CheckoutPage } from './pages/checkout-page.ts';

/** Options a project (one per site file) sets. */
export interface SiteOptions {
  /** The validated site file this project dry-runs. */
  site: Site;
  /** The run folder of this site: case files and screenshots go to its browser/ folder. */
  runDir: string;
  /** Tells this run's carts apart: their email is dryrun+browser-<runId>@holiday-ready.invalid. */
  runId: string;
  /** How long a selector may take to show something before it is reported as not found. */
  findTimeoutMs: number;
}

export interface Storefront {
  product: ProductPage;
  cart: CartPage;
  checkout: CheckoutPage;
}

interface WorkerFixtures extends SiteOptions {
  mask: Redact;
  _catalog: StorefrontCatalog;
  /**
   * Empties a cart a case made, by its order number, through the admin API (the site's key, from
   * Node: never in the browser or a trace), on staging only; says whether the store emptied it.
   */
  emptyCart: (number: string) => Promise<boolean>;
  /**
   * The site's storefront with its preset settled: as handed over by the audit (which names or
   * detects it, src/browser/run.ts), or detected here from the store's pages when a test's site
   * names none.
   */
  _storefrontSetting: SiteStorefront;
}

interface TestFixtures {
  storefront: Storefront;
  /**
   * Requests to the store that the safety guard aborted in this test, as `METHOD /path`. A dry-run
   * never makes one: each is an attempt to place an order, to pay, or to send the store something
   * else a dry-run does not need.
   */
  blockedRequests: string[];
  /**
   * Requests to other hosts that the guard aborted, as `METHOD origin/path`: what the storefront's
   * pages and scripts load or send elsewhere (fonts, CDNs, analytics), unless the site lists the
   * origin under `storefront.allowed_origins` (reads only). Not the dry-run's doing, so not a failure.
   */
  otherOrigins: string[];
  /**
   * Puts this test's store at a campaign's moment: from then on every request of the browser
   * context to the store's origin, and to no other origin, carries the signed clock (signed afresh
   * per request). Returns the moment, or undefined when the run has no clock for the campaign
   * (the store's own clock decides, as before). Never on production: the signer refuses it.
   */
  storeClock: (campaign: Campaign) => Promise<CaseMoment | undefined>;
  _storefrontGuard: void;
}

/** Every fixture of the browser dry-run, as a case takes them (scenarios/support/run-case.ts). */
export type CaseFixtures = WorkerFixtures & TestFixtures;

/**
 * The guard's policy for a site's browser: `storefrontPolicyFor(site)`, as the speed audit's browser
 * gets. Without a site nothing says the target is staging: read-only, and no origin is trusted.
 */
export function browserPolicy(site: Site | undefined): GuardPolicy {
  return site ? storefrontPolicyFor(site) : { kind: 'production', surface: 'browser' };
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  site: [undefined as unknown as Site, { option: true, scope: 'worker' }],
  runDir: ['', { option: true, scope: 'worker' }],
  runId: ['local', { option: true, scope: 'worker' }],
  findTimeoutMs: [5000, { option: true, scope: 'worker' }],

  mask: [
    async ({ site }, use) => {
      if (!site) throw new Error('the `site` option is not set: each project in playwright.config.ts sets it to a loaded site file');
      await use(redactor(secretsOf(site, process.env)));
    },
    { scope: 'worker' },
  ],

  _catalog: [async ({ site }, use) => use(new StorefrontCatalog(site, process.env[site.staging.apiKeyEnv])), { scope: 'worker' }],

  emptyCart: [
    async ({ site }, use) => {
      const apiKey = process.env[site.staging.apiKeyEnv];
      const policy = browserPolicy(site);
      const admin = apiKey && policy.kind === 'staging'
        ? createSolidusClient({ baseUrl: site.staging.url, apiKey, timeoutMs: site.dryRun.timeoutMs, retries: site.dryRun.retries, guard: guardFor('staging', { origin: site.staging.url }) })
        : undefined;
      await use(async (number) => {
        if (!admin) return false;
        const { response } = await admin.PUT('/orders/{order_number}/empty', { params: { path: { order_number: number } } });
        return response.ok;
      });
    },
    { scope: 'worker' },
  ],

  _storefrontSetting: [
    async ({ site }, use) => use(site.storefront.preset ? site.storefront : (await resolveStorefront(site)).site.storefront),
    { scope: 'worker' },
  ],

  blockedRequests: async ({}, use) => use([]),
  otherOrigins: async ({}, use) => use([]),
  // A service worker could answer the page's requests itself, out of the route's sight: blocked,
  // whatever a config or a test asks for.
  serviceWorkers: async ({}, use) => use('block'),

  _storefrontGuard: [
    async ({ context, site, serviceWorkers, blockedRequests, otherOrigins }, use) => {
      if (serviceWorkers !== 'block') throw new Error('the storefront guard needs serviceWorkers: \'block\' (a service worker\'s requests bypass it)');
      await context.route('**/*', routeGuard(browserPolicy(site), (decision, method, url) => {
        (decision.rule === 'foreign-origin' ? otherOrigins : blockedRequests).push(refusedWords(method, url, site?.staging.url));
      }));
      await use();
    },
    { auto: true },
  ],

  storeClock: async ({ context, site }, use) => {
    await use(async (campaign) => {
      const moment = browserClockOf(process.env)[site.site]?.[campaign.name];
      const secret = site.staging.clockSecretEnv ? process.env[site.staging.clockSecretEnv] : undefined;
      if (!moment || !secret) return undefined;
      const sign = clockSigner({ kind: browserPolicy(site).kind, origin: site.staging.url, at: moment.at, secret });
      // Registered after the guard's route, so it runs first and hands the request on to the guard.
      await context.route('**/*', async (route) => {
        const headers = sign(route.request().url());
        return headers ? route.fallback({ headers: { ...route.request().headers(), ...headers } }) : route.fallback();
      });
      return moment;
    });
  },

  storefront: async ({ page, _storefrontSetting, findTimeoutMs }, use) => {
    const args = [page, _storefrontSetting, { findTimeoutMs }] as const;
    await use({ product: new ProductPage(...args), cart: new CartPage(...args), checkout: new CheckoutPage(...args) });
  },
});

export { expect };

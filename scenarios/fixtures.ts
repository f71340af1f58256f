/**
 * The fixtures of the browser dry-run.
 *
 * - `site` is an option: each site file is a Playwright project that sets it (playwright.config.ts).
 * - Expensive things live as long as a worker: the browser (Playwright's own), the SKU lookups
 *   (`_catalog`) and the masker (`mask`). Each test still gets its own browser context and page.
 * - `_noOrderCompletion` is automatic: every test's context aborts any request that would place an
 *   order or capture a payment, unless the option `allowOrderCompletion` is set and the target is a
 *   staging store. The config never sets it; a dry-run has no reason to.
 */
import { test as base, expect } from '@playwright/test';
import type { Site } from '../src/config/types.ts';
import { maskerFor, type Mask } from '../src/browser/mask.ts';
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
  /** Only ever true on purpose, for a staging store that may complete orders. Default false. */
  allowOrderCompletion: boolean;
  /** How long a selector may take to show something before it is reported as not found. */
  findTimeoutMs: number;
}

export interface Storefront {
  product: ProductPage;
  cart: CartPage;
  checkout: CheckoutPage;
}

interface WorkerFixtures extends SiteOptions {
  mask: Mask;
  _catalog: StorefrontCatalog;
}

interface TestFixtures {
  storefront: Storefront;
  /** Order-completion requests the guard aborted in this test (there should never be any). */
  blockedRequests: string[];
  _noOrderCompletion: void;
}

/** Requests that place an order or move money: the storefront's and the API's. */
const COMPLETION = [
  /\/checkout\/(?:update\/)?(?:confirm|complete)(?:[/?#]|$)/,
  /\/api\/checkouts\/[^/]+\/complete(?:[/?#]|$)/,
  /\/api\/orders\/[^/]+\/payments\/[^/]+\/(?:capture|purchase|authorize|complete)(?:[/?#]|$)/,
];

export const test = base.extend<TestFixtures, WorkerFixtures>({
  site: [undefined as unknown as Site, { option: true, scope: 'worker' }],
  runDir: ['', { option: true, scope: 'worker' }],
  runId: ['local', { option: true, scope: 'worker' }],
  allowOrderCompletion: [false, { option: true, scope: 'worker' }],
  findTimeoutMs: [5000, { option: true, scope: 'worker' }],

  mask: [
    async ({ site }, use) => {
      if (!site) throw new Error('the `site` option is not set: each project in playwright.config.ts sets it to a loaded site file');
      await use(maskerFor([site], process.env));
    },
    { scope: 'worker' },
  ],

  _catalog: [
    async ({ site }, use) => {
      await use(new StorefrontCatalog(site, process.env[site.staging.apiKeyEnv]));
    },
    { scope: 'worker' },
  ],

  blockedRequests: async ({}, use) => {
    await use([]);
  },

  _noOrderCompletion: [
    async ({ context, site, allowOrderCompletion, blockedRequests }, use) => {
      // Without a site nothing says the target is staging: block.
      const allowed = allowOrderCompletion && site?.staging.kind === 'staging';
      if (!allowed) {
        await context.route(
          (url) => COMPLETION.some((pattern) => pattern.test(url.pathname)),
          async (route) => {
            const request = route.request();
            if (request.method() === 'GET' || request.method() === 'HEAD') return route.fallback();
            blockedRequests.push(`${request.method()} ${new URL(request.url()).pathname}`);
            await route.abort('blockedbyclient');
          },
        );
      }
      await use();
    },
    { auto: true },
  ],

  storefront: async ({ page, site, findTimeoutMs }, use) => {
    const options = { findTimeoutMs };
    await use({
      product: new ProductPage(page, site.storefront, options),
      cart: new CartPage(page, site.storefront, options),
      checkout: new CheckoutPage(page, site.storefront, options),
    });
  },
});

export { expect };

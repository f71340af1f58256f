/**
 * The browser dry-run's case logic and page objects against both sandbox storefronts (the sandbox's
 * own and Solidus's classic one: test/playwright.config.ts's two projects): what the customer sees
 * for every acme cart, the guard that keeps orders from being placed, and a selector the storefront
 * does not have. Run in a row as the flakiness check (test/run-all.sh: five times on the sandbox
 * project, twice on the classic one).
 */
import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from '../../scenarios/fixtures.ts';
import { runCampaignCase, type CaseInput } from '../../scenarios/support/run-case.ts';
import { CartPage } from '../../scenarios/pages/cart-page.ts';
import type { Site } from '../../src/config/types.ts';
import type { Page, Locator } from '@playwright/test';

const SUCCESS = 'The coupon code was successfully applied to your order.';

/** What the customer sees at the confirm step of each storefront (by the site's preset). */
interface ConfirmPage {
  /** The order summary. */
  summary: (page: Page) => Locator;
  /** The summary's shipping row. */
  shipping: string | RegExp;
  /** How the summary shows the free-shipping promotion's $7.95 off the $120 jacket's shipping. */
  freeShipping: (summary: Locator) => Promise<void>;
  /** The promotions the dry-run reads there for the $120 jacket with BLACKFRIDAY50. */
  jacketPromotions: string[];
  /** Hosts the storefront's own pages use besides the store (left out by the guard, recorded). */
  ownOrigins: string[];
}

const CONFIRM: Record<string, ConfirmPage> = {
  // The sandbox's storefront: a region with a row per promotion, shipping gross.
  sandbox: {
    summary: (page) => page.getByRole('region', { name: 'Order summary' }),
    shipping: 'Shipping',
    freeShipping: (summary) => expect(summary.getByRole('row', { name: /Free Shipping on All Orders over \$85/ })).toContainText('-$7.95'),
    jacketPromotions: ['Free Shipping on All Orders over $85'],
    ownOrigins: [],
  },
  // solidus_frontend: the Confirm fieldset's order table, "Promotion: Promotion (name)" rows, shipping net of its discount.
  solidus_frontend: {
    summary: (page) => page.getByRole('group', { name: 'Confirm' }),
    shipping: /^Shipping:/,
    freeShipping: async (summary) => {
      await expect(summary.getByRole('row', { name: /^Shipping:/ })).toContainText('$0.00');
      await expect(summary.getByRole('row', { name: /Free Shipping on All Orders over \$85/ })).toHaveCount(0);
    },
    // No row names the free shipping: it is judged by the shipping paid.
    jacketPromotions: [],
    ownOrigins: ['GET https://fonts.googleapis.com/css'],
  },
};

function confirmPage(site: Site): ConfirmPage {
  const page = CONFIRM[site.storefront.preset ?? ''];
  if (!page) throw new Error(`storefront.spec.ts knows no confirm step for the ${site.storefront.preset ?? 'unnamed'} preset`);
  return page;
}

function input(o: Omit<CaseInput, 'campaign' | 'cart' | 'runDir' | 'runId'> & { site: Site }, campaign: string, cart: string, runDir: string): CaseInput {
  const c = o.site.campaigns.find((x) => x.name === campaign)!;
  return { ...o, campaign: c, cart: c.carts.find((x) => x.name === cart)!, runDir, runId: 'browser-tests' };
}

// The sandbox's promotions carry their real windows: every test's storefront answers as on Black
// Friday at noon, by the store's signed clock (test/playwright.config.ts gives every campaign that moment).
test.beforeEach(async ({ site, storeClock }) => {
  expect(await storeClock(site.campaigns[0])).toMatchObject({ at: '2026-11-27T12:00:00-05:00' });
});

test.describe('Black Friday 50% off in the storefront', () => {
  test('BLACKFRIDAY50 shows $60.00 off the $120 jacket in the cart, and the free-shipping promotion has replaced it at the confirm step', async ({ page, site, storefront, mask, blockedRequests, _catalog }, testInfo) => {
    const run = testInfo.outputPath('run');
    const out = await runCampaignCase(input({ page, site, storefront, mask, blockedRequests, catalog: _catalog }, 'Black Friday 50% off', '$120 jacket', run));
    expect(out.error).toBeUndefined();
    const r = out.result;
    expect(r.coupon?.message).toBe(SUCCESS);
    expect(r.coupon?.success).toBe(true);
    expect(r.cartTotals?.promoTotal).toBe(-60);
    // Where it sits comes from the page: the classic cart's "Promotion: Promotion (…)" rows are the
    // items' promotions; the sandbox's row does not say (the audit places it by the API's adjustment).
    expect(r.cartTotals?.itemDiscount).toBe(site.storefront.preset === 'solidus_frontend' ? -60 : 0);
    expect(r.stepReached).toBe('confirm');

    // The page is still at the confirm step: what the customer sees there.
    const confirm = confirmPage(site);
    await expect(storefront.checkout.locator('placeOrderButton')).toBeVisible();
    await expect(confirm.summary(page).getByRole('row', { name: /Black Friday 50% off/ })).toHaveCount(0);
    await confirm.freeShipping(confirm.summary(page));
    expect(r.adjustments?.map((a) => a.promotion)).toEqual(confirm.jacketPromotions);
    expect(r.outcome).toBe('fail');
    expect(out.checks.find((c) => c.what === 'items')?.actual).toBe('full price for items (no discount)');

    expect(r.screenshots).toEqual([expect.stringMatching(/\/cart\.jpg$/), expect.stringMatching(/\/confirm\.jpg$/)]);
    for (const shot of r.screenshots!) expect(fs.statSync(path.join(run, shot)).size).toBeGreaterThan(10_000);
    expect(JSON.parse(fs.readFileSync(out.file, 'utf8')).id).toBe('browser:Black Friday 50% off / $120 jacket');
  });

  test('BLACKFRIDAY50 keeps $30.00 off the $60 fleece through to the confirm step', async ({ page, site, storefront, mask, blockedRequests, _catalog }, testInfo) => {
    const out = await runCampaignCase(input({ page, site, storefront, mask, blockedRequests, catalog: _catalog }, 'Black Friday 50% off', '$60 fleece', testInfo.outputPath('run')));
    expect(out.error).toBeUndefined();
    expect(out.result.coupon?.message).toBe(SUCCESS);
    const confirm = confirmPage(site);
    await expect(confirm.summary(page).getByRole('row', { name: /Black Friday 50% off/ })).toContainText('-$30.00');
    await expect(confirm.summary(page).getByRole('row', { name: confirm.shipping })).toContainText('$7.95');
    expect(out.result.outcome).toBe('pass');
  });
});

test.describe('a storefront whose pages also use other hosts', () => {
  test('a font, a script and an analytics beacon elsewhere are kept in the browser and recorded; the case is still checked and passes', async ({ page, site, storefront, mask, blockedRequests, otherOrigins, _catalog }, testInfo) => {
    // What real storefronts do on every page: a web font, a tag manager, a beacon to analytics.
    await page.addInitScript(() => {
      document.addEventListener('DOMContentLoaded', () => {
        const font = document.createElement('link');
        font.rel = 'stylesheet';
        font.href = 'https://fonts.holiday-ready.invalid/css2?family=Inter';
        document.head.appendChild(font);
        const tag = document.createElement('script');
        tag.src = 'https://tags.holiday-ready.invalid/gtm.js';
        document.head.appendChild(tag);
        navigator.sendBeacon('https://stats.holiday-ready.invalid/collect', 'page=' + location.pathname);
      });
    });
    const out = await runCampaignCase(input({ page, site, storefront, mask, blockedRequests, otherOrigins, catalog: _catalog }, 'Black Friday 50% off', '$60 fleece', testInfo.outputPath('run')));
    expect(out.error).toBeUndefined();
    expect(out.result.outcome).toBe('pass');
    expect(out.result.stepReached).toBe('confirm');
    expect(blockedRequests).toEqual([]);
    const recorded = JSON.parse(fs.readFileSync(out.file, 'utf8')).browser?.otherOrigins as string[];
    expect([...recorded].sort()).toEqual([
      ...confirmPage(site).ownOrigins,
      'GET https://fonts.holiday-ready.invalid/css2',
      'GET https://tags.holiday-ready.invalid/gtm.js',
      'POST https://stats.holiday-ready.invalid/collect',
    ].sort());
  });
});

test.describe('the campaigns that work', () => {
  const working: [string, string][] = [
    ['Outerwear 20% off', '$120 jacket'],
    ['$10 off orders over $100', '$130 basket'],
    ['Free Shipping on All Orders over $85', '$120 jacket'],
    ['Free Shipping on All Orders over $85', '$60 fleece'],
  ];
  for (const [campaign, cart] of working) {
    test(`${campaign} gives what was planned on the ${cart} cart`, async ({ page, site, storefront, mask, blockedRequests, _catalog }, testInfo) => {
      const out = await runCampaignCase(input({ page, site, storefront, mask, blockedRequests, catalog: _catalog }, campaign, cart, testInfo.outputPath('run')));
      expect(out.error).toBeUndefined();
      expect(out.checks.filter((c) => !c.ok)).toEqual([]);
      expect(out.result.outcome).toBe('pass');
      expect(out.result.screenshots).toHaveLength(2);
    });
  }
});

test('the guard aborts every request that would place the order, and the order stays at the confirm step', async ({ page, site, storefront, mask, blockedRequests, _catalog }, testInfo) => {
  const out = await runCampaignCase(input({ page, site, storefront, mask, blockedRequests, catalog: _catalog }, 'Free Shipping on All Orders over $85', '$60 fleece', testInfo.outputPath('run')));
  expect(out.error).toBeUndefined();
  // Without the CSRF token, so that even a broken guard could not place an order on a shared store.
  const attempts = await page.evaluate(async () => {
    const tried = async (url: string, method: string) => {
      try {
        const res = await fetch(url, { method, body: new URLSearchParams({ _method: 'patch' }) });
        return `answered ${res.status}`;
      } catch {
        return 'aborted';
      }
    };
    return [await tried('/checkout/confirm', 'POST'), await tried('/api/checkouts/R000000000/complete', 'PUT')];
  });
  expect(attempts).toEqual(['aborted', 'aborted']);
  expect(blockedRequests).toEqual(['POST /checkout/confirm', 'PUT /api/checkouts/R000000000/complete']);
  await page.reload();
  await expect(storefront.checkout.locator('placeOrderButton')).toBeVisible();
  blockedRequests.length = 0; // the attempts were this test's own
});

test('a coupon selector the storefront does not have is reported as not found on /cart, with a screenshot', async ({ page, site, storefront, mask, blockedRequests, _catalog }, testInfo) => {
  const wrong = { ...site.storefront, couponField: 'label=Promo code' };
  const pages = { ...storefront, cart: new CartPage(page, wrong, { findTimeoutMs: 1000 }) };
  const run = testInfo.outputPath('run');
  const out = await runCampaignCase(input({ page, site, storefront: pages, mask, blockedRequests, catalog: _catalog }, 'Black Friday 50% off', '$120 jacket', run));
  expect(out.error).toBeDefined();
  expect(out.result.outcome).toBe('not-checked');
  expect(out.result.error).toBe('could not find the coupon field on /cart');
  expect(out.result.browser?.notFound).toEqual({ what: 'the coupon field', path: '/cart', key: 'coupon_field', selector: 'label=Promo code' });
  expect(out.result.screenshots).toEqual([expect.stringMatching(/\/not-found\.jpg$/)]);
  expect(fs.existsSync(path.join(run, out.result.screenshots![0]))).toBe(true);
});

/**
 * The one safety guard in a real browser on a production store: read-only. The loader refuses a
 * site whose staging store is its production store; the guard (scenarios/fixtures.ts, browserPolicy)
 * treats such a store as production all the same, and here the sandbox store plays it. Every write
 * the storefront offers is tried and must be aborted, recorded, and leave no cart behind.
 */
import { test, expect } from '../../scenarios/fixtures.ts';
import { browserStore, testSite } from '../support/browser-store.ts';

const site = testSite(browserStore());
test.use({ site: { ...site, production: { ...site.staging, kind: 'production' } } });

test('the browser only reads: Add To Cart and the cart form are aborted, and the cart stays empty', async ({ page, blockedRequests }) => {
  const slug = 'trailhead-fleece';
  await page.goto(`/products/${slug}`);
  const addToCart = page.getByRole('button', { name: 'Add To Cart' });
  await expect(addToCart).toBeVisible();
  const sent = page.waitForRequest((r) => r.method() === 'POST');
  await addToCart.click();
  const request = await sent;
  expect(await request.response(), 'the store never answers the add to cart').toBeNull();
  expect(request.failure()?.errorText).toBe('net::ERR_BLOCKED_BY_CLIENT');
  await page.waitForURL(/^chrome-error:/); // the browser's own error page for the aborted post
  await page.goto('/cart');
  const overrides = await page.evaluate(async () => {
    const attempt = async (url: string, init: RequestInit) => {
      try {
        return `answered ${(await fetch(url, init)).status}`;
      } catch {
        return 'aborted';
      }
    };
    return [
      await attempt('/cart', { method: 'POST', body: new URLSearchParams({ _method: 'patch' }) }),
      await attempt('/cart/coupon_codes', { method: 'POST', body: new URLSearchParams({ coupon_code: 'BLACKFRIDAY50' }) }),
      await attempt('/cart', { method: 'GET', headers: { 'X-HTTP-Method-Override': 'PATCH' } }),
      await attempt('/cart', { method: 'HEAD' }),
    ];
  });
  expect(overrides).toEqual(['aborted', 'aborted', 'aborted', 'answered 200']);
  await expect.poll(() => blockedRequests).toEqual(['POST /cart/line_items', 'POST /cart', 'POST /cart/coupon_codes', 'GET /cart']);
  // A fresh visitor's cart: nothing was added, no order was made for this browser.
  await page.goto('/cart');
  await expect(page.locator('[data-hook="empty-cart"]')).toBeVisible();
  await expect(page.locator('[data-hook="cart-line-items"]')).toHaveCount(0);
  blockedRequests.length = 0;
});

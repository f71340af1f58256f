/**
 * The one safety guard in a real browser (src/safety/guard.ts through scenarios/fixtures.ts): each
 * test takes a real cart on the sandbox storefront to the confirm step, then tries to place the
 * order the ways a scenario, a storefront script or a mistake could (the Place Order button, crafted
 * forms, fetch, sendBeacon, a worker, the API with the order's own token), with the CSRF token the
 * store expects, so that only the guard stands between the attempt and a placed order. Each attempt
 * must be aborted before it leaves the browser, recorded in `blockedRequests`, and the store must
 * have completed no order and captured no payment.
 *
 * A broken guard shows up as a completed order on the test store: run these against a private copy
 * (SANDBOX_INSTANCE=<name> PORT=<port>, see test/support/browser-store.ts) while changing the guard.
 */
import { execFileSync } from 'node:child_process';
import type { Page } from '@playwright/test';
import { test, expect, type Storefront } from '../../scenarios/fixtures.ts';
import { browserAddress, runCampaignCase } from '../../scenarios/support/run-case.ts';
import type { StorefrontCatalog } from '../../scenarios/support/catalog.ts';
import type { Redact } from '../../src/safety/redact.ts';
import type { Site } from '../../src/config/types.ts';
import { browserStore, completedOrders } from '../support/browser-store.ts';

const store = browserStore();

interface CaseFixtures {
  page: Page;
  site: Site;
  storefront: Storefront;
  mask: Redact;
  blockedRequests: string[];
  _catalog: StorefrontCatalog;
}

/** One value from the store's database, read-only. */
function sql(query: string): string {
  return execFileSync('sqlite3', ['-readonly', store.db, '.timeout 5000', query], { encoding: 'utf8' }).trim();
}

/** Orders these tests took to the confirm step: emptied afterwards through the admin API, as the dry-run does. */
const made: string[] = [];
test.afterEach(async () => {
  for (const number of made.splice(0)) {
    const res = await fetch(`${store.url}/api/orders/${number}/empty`, { method: 'PUT', headers: { authorization: `Bearer ${store.apiKey}` } });
    expect(res.ok, `emptying ${number}: ${res.status}`).toBe(true);
  }
});

interface AtConfirm {
  number: string;
  /** The guest token the API accepts as `order_token`. */
  token: string;
  paymentId: string;
}

/**
 * Takes the $60 fleece through checkout to the confirm step in this test's page, as the dry-run
 * does, with an email of its own so that its order can be found in the store's database.
 */
async function toConfirm(f: CaseFixtures, who: string): Promise<AtConfirm> {
  const campaign = f.site.campaigns.find((c) => c.name === 'Free Shipping on All Orders over $85')!;
  const runId = `guard-${who}-${Date.now()}`;
  const out = await runCampaignCase({
    page: f.page, site: f.site, campaign, cart: campaign.carts.find((c) => c.name === '$60 fleece')!, storefront: f.storefront,
    catalog: f._catalog, mask: f.mask, blockedRequests: f.blockedRequests, runDir: test.info().outputPath('run'), runId,
  });
  expect(out.error).toBeUndefined();
  expect(out.result.stepReached).toBe('confirm');
  const email = browserAddress(runId).email;
  const [number, token] = sql(`select number || ' ' || guest_token from spree_orders where email = '${email}' and state = 'confirm' order by id desc limit 1`).split(' ');
  expect(number, `the order of ${email} at the confirm step`).toMatch(/^R\d+$/);
  made.push(number);
  const paymentId = sql(`select p.id from spree_payments p join spree_orders o on o.id = p.order_id where o.number = '${number}' order by p.id desc limit 1`);
  expect(paymentId, 'the payment step made a payment in the checkout state').toMatch(/^\d+$/);
  expect(f.blockedRequests, 'the dry-run itself is never refused').toEqual([]);
  return { number, token, paymentId };
}

/**
 * What became of the POST an action sends: the browser's error text when it was aborted, else the
 * store's answer (which a working guard never lets happen).
 */
async function postOutcome(page: Page, action: () => Promise<unknown>): Promise<string> {
  const sent = page.waitForRequest((r) => r.method() === 'POST');
  await action();
  const request = await sent;
  const response = await request.response();
  if (response) return `answered ${response.status()}`;
  // The aborted post leaves the browser's own error page; wait for it before going on.
  await page.waitForURL(/^chrome-error:/);
  return request.failure()?.errorText ?? 'no answer';
}

/** The order and its payments as the store has them. */
function orderState(number: string): { state: string; completed: boolean; payments: string } {
  const [state, completed] = sql(`select state || ' ' || (completed_at is not null) from spree_orders where number = '${number}'`).split(' ');
  const payments = sql(`select group_concat(p.state) from spree_payments p join spree_orders o on o.id = p.order_id where o.number = '${number}'`);
  return { state, completed: completed === '1', payments };
}

test.describe('the storefront guard on staging', () => {
  test('clicking Place Order on the confirm page is aborted and recorded, and no order is placed', async ({ page, site, storefront, mask, blockedRequests, _catalog }) => {
    const order = await toConfirm({ page, site, storefront, mask, blockedRequests, _catalog }, 'click');
    const completedBefore = completedOrders(store);
    const placeOrder = storefront.checkout.locator('placeOrderButton');
    await expect(placeOrder).toBeVisible();
    expect(await postOutcome(page, () => placeOrder.click())).toBe('net::ERR_BLOCKED_BY_CLIENT');
    await expect.poll(() => blockedRequests).toEqual(['POST /checkout/confirm']);

    expect(completedOrders(store)).toBe(completedBefore);
    expect(orderState(order.number)).toEqual({ state: 'confirm', completed: false, payments: 'checkout' });
    // The store still offers the last step: nothing happened to the order.
    await page.goto('/checkout/confirm');
    await expect(placeOrder).toBeVisible();
    blockedRequests.length = 0; // the attempt was this test's own
  });

  test('crafted forms that would place the order or pay are aborted, whatever path spelling or override they use', async ({ page, site, storefront, mask, blockedRequests, _catalog }) => {
    const order = await toConfirm({ page, site, storefront, mask, blockedRequests, _catalog }, 'forms');
    const completedBefore = completedOrders(store);
    const forms: { action: string; fields: Record<string, string>; recorded: string }[] = [
      { action: '/checkout/confirm', fields: { _method: 'patch' }, recorded: 'POST /checkout/confirm' },
      { action: '/checkout/update/confirm', fields: { _method: 'patch' }, recorded: 'POST /checkout/update/confirm' },
      { action: '/checkout/%63onfirm', fields: { _method: 'patch' }, recorded: 'POST /checkout/%63onfirm' },
      { action: '/checkout/%2563onfirm', fields: { _method: 'patch' }, recorded: 'POST /checkout/%2563onfirm' },
      { action: '/Checkout/CONFIRM/', fields: { _method: 'PATCH' }, recorded: 'POST /Checkout/CONFIRM/' },
      { action: '/checkout/confirm.html', fields: { '%5Fmethod': 'patch' }, recorded: 'POST /checkout/confirm.html' },
      { action: '/checkout/complete', fields: { _method: 'patch' }, recorded: 'POST /checkout/complete' },
      // The payment step itself, as a DELETE or carrying a card: not the payment step the dry-run submits.
      { action: '/checkout/payment', fields: { _method: 'delete' }, recorded: 'POST /checkout/payment' },
      { action: '/checkout/payment', fields: { _method: 'patch', 'order[payments_attributes][][payment_method_id]': '2', 'payment_source[2][number]': '4111111111111111' }, recorded: 'POST /checkout/payment' },
      { action: '/checkout/payment', fields: { _method: 'patch', 'order[payments_attributes][][payment_method_id]': '2', 'order[state]': 'complete' }, recorded: 'POST /checkout/payment' },
    ];
    const recorded: string[] = [];
    for (const form of forms) {
      await page.goto('/checkout/confirm');
      // Submitted as the page's own form would be: same origin, the session cookie and its CSRF token.
      const outcome = await postOutcome(page, () => page.evaluate(({ action, fields }) => {
        const f = document.createElement('form');
        f.method = 'post';
        f.action = action;
        const token = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')!.content;
        for (const [name, value] of Object.entries({ ...fields, authenticity_token: token })) {
          const input = document.createElement('input');
          input.type = 'hidden';
          input.name = name;
          input.value = value;
          f.append(input);
        }
        document.body.append(f);
        f.submit();
      }, form));
      expect(outcome, `${form.action} ${JSON.stringify(form.fields)}`).toBe('net::ERR_BLOCKED_BY_CLIENT');
      recorded.push(form.recorded);
      await expect.poll(() => blockedRequests, form.action).toEqual(recorded);
    }
    expect(completedOrders(store)).toBe(completedBefore);
    expect(orderState(order.number)).toEqual({ state: 'confirm', completed: false, payments: 'checkout' });
    blockedRequests.length = 0;
  });

  test('fetch, sendBeacon, a worker and the API with the order\'s own token are aborted; the payment is never captured', async ({ page, site, storefront, mask, blockedRequests, _catalog }) => {
    const order = await toConfirm({ page, site, storefront, mask, blockedRequests, _catalog }, 'fetch');
    const completedBefore = completedOrders(store);
    const { number, token, paymentId } = order;
    const results = await page.evaluate(async ({ number, token, paymentId }) => {
      const csrf = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')!.content;
      const form = (fields: Record<string, string>) => new URLSearchParams({ ...fields, authenticity_token: csrf });
      const attempt = async (url: string, init: RequestInit) => {
        try {
          return `answered ${(await fetch(url, init)).status}`;
        } catch {
          return 'aborted';
        }
      };
      const api = (method: string, url: string, body?: unknown) =>
        attempt(url, { method, headers: { 'content-type': 'application/json', 'X-Spree-Order-Token': token }, ...(body ? { body: JSON.stringify(body) } : {}) });
      const out: Record<string, string> = {
        // Control: the same page may read, so an abort below is the guard, not a dead store.
        'GET /checkout/confirm': await attempt('/checkout/confirm', {}),
        'POST /checkout/confirm': await attempt('/checkout/confirm', { method: 'POST', body: form({ _method: 'patch' }) }),
        'PATCH /checkout/update/confirm': await attempt('/checkout/update/confirm', { method: 'PATCH', headers: { 'X-CSRF-Token': csrf } }),
        'POST /checkout/delivery (override PATCH, state jump)': await attempt('/checkout/delivery', { method: 'POST', headers: { 'X-HTTP-Method-Override': 'PATCH' }, body: form({ 'order[state]': 'complete' }) }),
        'POST /checkout/confirm (override header)': await attempt('/checkout/confirm', { method: 'POST', headers: { 'X-HTTP-Method-Override': 'PATCH', 'X-CSRF-Token': csrf } }),
        'PUT complete': await api('PUT', `/api/checkouts/${number}/complete?order_token=${token}`),
        'PUT %63omplete': await api('PUT', `/api/checkouts/${number}/%63omplete?order_token=${token}`),
        'POST complete as _method=put': await attempt(`/api/checkouts/${number}/complete?order_token=${token}`, { method: 'POST', body: new URLSearchParams({ _method: 'put' }) }),
        'PUT next': await api('PUT', `/api/checkouts/${number}/next?order_token=${token}`),
        'PATCH checkout': await api('PATCH', `/api/checkouts/${number}?order_token=${token}`, { order: { email: 'a@holiday-ready.invalid' } }),
        'PUT capture': await api('PUT', `/api/orders/${number}/payments/${paymentId}/capture?order_token=${token}`),
        'PUT purchase': await api('PUT', `/api/orders/${number}/payments/${paymentId}/purchase?order_token=${token}`),
        'PUT authorize': await api('PUT', `/api/orders/${number}/payments/${paymentId}/authorize?order_token=${token}`),
      };
      // A beacon is fire-and-forget: the guard's record says what became of it.
      out.beacon = String(navigator.sendBeacon('/checkout/update/confirm', form({ _method: 'patch' })));
      // A dedicated worker has the page's origin and cookies.
      const worker = new Worker(URL.createObjectURL(new Blob([`
        onmessage = async (e) => {
          try { postMessage('answered ' + (await fetch(e.data.url, { method: 'POST', body: new URLSearchParams(e.data.fields) })).status); }
          catch { postMessage('aborted'); }
        };`], { type: 'text/javascript' })));
      out.worker = await new Promise<string>((resolve) => {
        worker.onmessage = (e) => resolve(String(e.data));
        // A blob worker has no base URL of its own: the store's URL in full.
        worker.postMessage({ url: `${location.origin}/checkout/confirm`, fields: { _method: 'patch', authenticity_token: csrf } });
      });
      worker.terminate();
      return out;
    }, { number, token, paymentId });

    expect(results).toEqual({
      'GET /checkout/confirm': 'answered 200',
      'POST /checkout/confirm': 'aborted',
      'PATCH /checkout/update/confirm': 'aborted',
      'POST /checkout/delivery (override PATCH, state jump)': 'aborted',
      'POST /checkout/confirm (override header)': 'aborted',
      'PUT complete': 'aborted',
      'PUT %63omplete': 'aborted',
      'POST complete as _method=put': 'aborted',
      'PUT next': 'aborted',
      'PATCH checkout': 'aborted',
      'PUT capture': 'aborted',
      'PUT purchase': 'aborted',
      'PUT authorize': 'aborted',
      beacon: 'true',
      worker: 'aborted',
    });
    await expect.poll(() => [...blockedRequests].sort()).toEqual([
      'POST /checkout/confirm',
      'PATCH /checkout/update/confirm',
      'POST /checkout/delivery',
      'POST /checkout/confirm',
      `PUT /api/checkouts/${number}/complete`,
      `PUT /api/checkouts/${number}/%63omplete`,
      `POST /api/checkouts/${number}/complete`,
      `PUT /api/checkouts/${number}/next`,
      `PATCH /api/checkouts/${number}`,
      `PUT /api/orders/${number}/payments/${paymentId}/capture`,
      `PUT /api/orders/${number}/payments/${paymentId}/purchase`,
      `PUT /api/orders/${number}/payments/${paymentId}/authorize`,
      'POST /checkout/update/confirm',
      'POST /checkout/confirm',
    ].sort());
    expect(completedOrders(store)).toBe(completedBefore);
    expect(orderState(number)).toEqual({ state: 'confirm', completed: false, payments: 'checkout' });
    blockedRequests.length = 0;
  });

  test('other origins are aborted and recorded with their origin apart from the store\'s, reads included', async ({ page, blockedRequests, otherOrigins }) => {
    await page.goto('/cart');
    const foreign = 'http://127.0.0.1:3001'; // the production sandbox: another origin, and a real store
    const results = await page.evaluate(async (foreign) => {
      const attempt = async (url: string, init: RequestInit = {}) => {
        try {
          return `answered ${(await fetch(url, { mode: 'no-cors', ...init })).type}`;
        } catch {
          return 'aborted';
        }
      };
      const image = await new Promise<string>((resolve) => {
        const img = new Image();
        img.onload = () => resolve('loaded');
        img.onerror = () => resolve('aborted');
        img.src = 'https://cdn.holiday-ready.invalid/pixel.png';
      });
      return [await attempt(`${foreign}/shop.css`), await attempt(`${foreign}/cart/line_items`, { method: 'POST', body: new URLSearchParams({ variant_id: '1' }) }), image];
    }, foreign);
    expect(results).toEqual(['aborted', 'aborted', 'aborted']);
    await expect.poll(() => [...otherOrigins].sort()).toEqual([
      `GET ${foreign}/shop.css`,
      `POST ${foreign}/cart/line_items`,
      'GET https://cdn.holiday-ready.invalid/pixel.png',
    ].sort());
    expect(blockedRequests, 'nothing was sent to the store itself').toEqual([]);
  });

  test('a service worker, whose requests a route would not see, cannot be registered', async ({ page }) => {
    await page.goto('/cart');
    const registered = await page.evaluate(async () => {
      try {
        const registration = await navigator.serviceWorker.register('/sw.js');
        return registration === undefined ? 'blocked' : `registered ${registration.scope}`;
      } catch (error) {
        return `tried: ${String(error)}`; // allowed, and only failed because the sandbox has no /sw.js
      }
    });
    expect(registered).toBe('blocked');
  });
});

/**
 * The safety guard: production is read-only, no target ever sees a payment or a completed order,
 * and the ways around it (method overrides, encodings, case, slashes, other hosts, odd methods,
 * state jumps, payment data in bodies) are refused. The last tests drive a real store (a private
 * sandbox copy behind the fault proxy) to show that refused requests never leave the harness and
 * that a refusal becomes a "not checked" case, never a crash.
 *
 * Run: node --import tsx --test test/e2e/safety-guard.test.ts
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createGuard, guardFor, isAllowed, routeGuard, storefrontPolicy, GuardError, type GuardPolicy, type RouteLike } from '../../src/safety/guard.ts';
import { createSolidusClient } from '../../src/solidus/client.ts';
import { OrderLedger, runFlow } from '../../src/dryrun/flow.ts';
import { loadSite } from '../../src/config/load.ts';
import { SiteInputError } from '../../src/pipeline/api.ts';
import { runSite } from '../../src/pipeline/pipeline.ts';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.ts';
import { startInstance, writeSite, type SandboxInstance } from '../support/sandbox-instance.ts';

const STORE = 'http://127.0.0.1:3000';
const staging: GuardPolicy = { kind: 'staging', origin: STORE };
const production: GuardPolicy = { kind: 'production', origin: STORE };
const json = (body: unknown) => ({ body: JSON.stringify(body), contentType: 'application/json' });
const ruleOf = (d: ReturnType<typeof isAllowed>) => (d.allowed ? 'allowed' : d.rule);

describe('the guard policy', () => {
  test('lets production be read and nothing else', () => {
    assert.equal(ruleOf(isAllowed(production, 'GET', `${STORE}/api/products?per_page=1`)), 'allowed');
    assert.equal(ruleOf(isAllowed(production, 'GET', `${STORE}/api/promotions/BLACKFRIDAY50`)), 'allowed');
    for (const [method, url] of [
      ['POST', '/api/orders'],
      ['POST', '/api/orders/R1/line_items'],
      ['POST', '/api/orders/R1/coupon_codes'],
      ['PUT', '/api/orders/R1/empty'],
      ['PUT', '/api/checkouts/R1/next'],
      ['PATCH', '/api/checkouts/R1'],
      ['DELETE', '/api/orders/R1/coupon_codes/X'],
      ['POST', '/cart/line_items'],
    ]) {
      assert.equal(ruleOf(isAllowed(production, method, `${STORE}${url}`)), 'read-only', `${method} ${url}`);
    }
    for (const method of ['HEAD', 'OPTIONS', 'TRACE', 'CONNECT', 'PROPFIND']) {
      assert.equal(ruleOf(isAllowed(production, method, `${STORE}/api/products`)), 'method', method);
    }
  });

  test('lets staging make exactly the calls a dry-run needs', () => {
    for (const [method, url, facts] of [
      ['GET', '/api/variants?q[sku_eq]=JKT-001', {}],
      ['GET', '/api/orders?q[email_end]=@holiday-ready.invalid', {}],
      ['POST', '/api/orders', json({ order: { email: 'dryrun+x@holiday-ready.invalid' } })],
      ['POST', '/api/orders/R1/line_items', json({ line_item: { variant_id: 1, quantity: 1 } })],
      ['POST', '/api/orders/R1/coupon_codes', json({ coupon_code: 'BLACKFRIDAY50' })],
      // A code that reads like a route word is an id, not a route.
      ['DELETE', '/api/orders/R1/coupon_codes/CREDIT', {}],
      ['GET', '/api/promotions/COMPLETE', {}],
      ['PUT', '/api/checkouts/R1/next', {}],
      ['PATCH', '/api/checkouts/R1', json({ order: { email: 'a@holiday-ready.invalid', bill_address_attributes: { state_name: 'NY' } } })],
      ['PUT', '/api/orders/R1/empty', {}],
    ] as const) {
      assert.equal(ruleOf(isAllowed(staging, method, `${STORE}${url}`, facts)), 'allowed', `${method} ${url}`);
    }
    for (const [method, url] of [
      ['PUT', '/api/orders/R1'],
      ['DELETE', '/api/orders/R1'],
      ['POST', '/api/shipments'],
      ['POST', '/api/products'],
      ['PUT', '/api/stock_items/1'],
      ['POST', '/api/checkouts/R1/line_items'],
    ]) {
      assert.equal(ruleOf(isAllowed(staging, method, `${STORE}${url}`)), 'not-needed', `${method} ${url}`);
    }
  });

  test('never lets a payment, a completion or a cancellation through, on any target', () => {
    for (const kind of ['staging', 'production'] as const) {
      const policy = { kind, origin: STORE };
      for (const [method, url] of [
        ['PUT', '/api/checkouts/R1/complete'],
        ['PUT', '/api/checkouts/R1/advance'],
        ['POST', '/api/orders/R1/payments'],
        ['POST', '/api/checkouts/R1/payments'],
        ['PUT', '/api/orders/R1/payments/1/authorize'],
        ['PUT', '/api/orders/R1/payments/1/capture'],
        ['PUT', '/api/orders/R1/payments/1/purchase'],
        ['PUT', '/api/orders/R1/payments/1/void'],
        ['PUT', '/api/orders/R1/payments/1/credit'],
        ['PUT', '/api/orders/R1/cancel'],
        ['PUT', '/api/shipments/H1/ship'],
      ]) {
        assert.equal(ruleOf(isAllowed(policy, method, `${STORE}${url}`)), 'never', `${kind}: ${method} ${url}`);
      }
    }
  });

  test('is not fooled by encodings, case, slashes, dot segments or suffixes', () => {
    const tricks = [
      '/api/checkouts/R1/%63omplete',
      '/api/checkouts/R1/%2563omplete',
      '/api/checkouts/R1/%252563omplete',
      '/api/checkouts/R1/complete/',
      '/api/checkouts/R1/complete//',
      '/API/CHECKOUTS/R1/COMPLETE',
      '/Api/Checkouts/R1/Complete',
      '/api/checkouts/R1/complete.json',
      '/api/checkouts/R1/complete;jsessionid=1',
      '/api//checkouts//R1//complete',
      '/api/checkouts/R1/next/../complete',
      '/api/checkouts/R1/next/%2e%2e/complete',
      '/api/checkouts/R1/next/%252e%252e/complete',
      '/api/checkouts/R1%2Fcomplete',
      '/api/checkouts/R1/./complete',
      '/api/checkouts/R1/complete%20',
      '/api/orders/R1/%70ayments',
      '/api/checkouts/R1/complete?x=1',
    ];
    for (const url of tricks) {
      for (const method of ['PUT', 'put', 'Put', 'POST', 'PATCH']) {
        const d = isAllowed(staging, method, `${STORE}${url}`);
        assert.equal(d.allowed, false, `${method} ${url} must be refused`);
      }
    }
    for (const url of ['/api/checkouts/R1/complete%00', '/api/checkouts/R1/complete%5C', '/api/orders/%E0%A4%A']) {
      assert.equal(ruleOf(isAllowed(staging, 'PUT', `${STORE}${url}`)), 'bad-url', url);
    }
  });

  test('refuses method overrides in headers, queries and bodies', () => {
    for (const header of ['X-HTTP-Method-Override', 'x-http-method', 'X-Method-Override']) {
      assert.equal(ruleOf(isAllowed(staging, 'POST', `${STORE}/api/orders`, { headers: { [header]: 'PUT' } })), 'method-override', header);
      assert.equal(ruleOf(isAllowed(production, 'GET', `${STORE}/api/orders/R1`, { headers: new Headers({ [header]: 'DELETE' }) })), 'method-override', header);
    }
    for (const q of ['_method=PUT', '%5Fmethod=put', '_METHOD=delete', 'order[_method]=put']) {
      assert.equal(ruleOf(isAllowed(staging, 'POST', `${STORE}/api/orders?${q}`)), 'method-override', q);
      assert.equal(ruleOf(isAllowed(production, 'GET', `${STORE}/api/orders?${q}`)), 'method-override', q);
    }
    assert.equal(ruleOf(isAllowed(staging, 'POST', `${STORE}/api/orders`, { body: '_method=put&order[email]=x', contentType: 'application/x-www-form-urlencoded' })), 'method-override');
    assert.equal(ruleOf(isAllowed(staging, 'POST', `${STORE}/api/orders`, json({ _method: 'PUT' }))), 'method-override');
  });

  test('refuses other hosts, schemes and credentials in the URL', () => {
    for (const url of [
      'http://evil.example/api/orders',
      'http://localhost:3000/api/orders',
      'https://127.0.0.1:3000/api/orders',
      'http://127.0.0.1:3001/api/orders',
      '//evil.example/api/orders',
    ]) {
      assert.equal(ruleOf(isAllowed(staging, 'POST', url)), 'foreign-origin', url);
      assert.equal(ruleOf(isAllowed(production, 'GET', url)), 'foreign-origin', url);
    }
    assert.equal(ruleOf(isAllowed(staging, 'GET', 'http://127.0.0.1:3000@evil.example/api/orders')), 'foreign-origin');
    assert.equal(ruleOf(isAllowed({ kind: 'staging' }, 'GET', 'http://user:pw@127.0.0.1:3000/api/orders')), 'bad-url');
    assert.equal(ruleOf(isAllowed(staging, 'GET', 'file:///etc/passwd')), 'bad-url');
  });

  test('refuses state jumps and payment data on checkout steps', () => {
    const co = `${STORE}/api/checkouts/R1`;
    assert.equal(ruleOf(isAllowed(staging, 'PUT', `${co}?state=confirm`)), 'checkout-state');
    assert.equal(ruleOf(isAllowed(staging, 'PUT', `${co}/next?state=payment`)), 'checkout-state');
    assert.equal(ruleOf(isAllowed(staging, 'PATCH', co, json({ state: 'confirm' }))), 'checkout-state');
    assert.equal(ruleOf(isAllowed(staging, 'PATCH', co, json({ order: { state: 'complete' } }))), 'checkout-state');
    assert.equal(ruleOf(isAllowed(staging, 'PATCH', co, json({ order: { payments_attributes: [{ payment_method_id: 1 }] } }))), 'payment-attributes');
    assert.equal(ruleOf(isAllowed(staging, 'PATCH', co, json({ payment_source: { 1: { number: '4111111111111111' } } }))), 'payment-attributes');
    assert.equal(ruleOf(isAllowed(staging, 'PATCH', `${co}?order[payments_attributes][][payment_method_id]=1`)), 'payment-attributes');
    assert.equal(ruleOf(isAllowed(staging, 'PATCH', co, { body: '{"order": {"payments_attr', contentType: 'application/json' })), 'bad-body');
    assert.equal(ruleOf(isAllowed(staging, 'POST', `${STORE}/api/orders`, { body: 'email=x', contentType: 'text/plain' })), 'bad-body');
  });

  test('lets production carts through only when the site allows them, never a usage-limited code', () => {
    const carts: GuardPolicy = { kind: 'production', origin: STORE, allowCarts: true, codesWithoutUsageLimit: ['OUTERWEAR20'] };
    assert.equal(ruleOf(isAllowed(carts, 'POST', `${STORE}/api/orders`, json({ order: {} }))), 'allowed');
    assert.equal(ruleOf(isAllowed(carts, 'POST', `${STORE}/api/orders/R1/line_items`, json({ line_item: {} }))), 'allowed');
    assert.equal(ruleOf(isAllowed(carts, 'POST', `${STORE}/api/orders/R1/coupon_codes`, json({ coupon_code: 'outerwear20' }))), 'allowed');
    assert.equal(ruleOf(isAllowed(carts, 'POST', `${STORE}/api/orders/R1/coupon_codes`, json({ coupon_code: 'BLACKFRIDAY50' }))), 'usage-limited-code');
    assert.equal(ruleOf(isAllowed(carts, 'POST', `${STORE}/api/orders/R1/coupon_codes`, {})), 'usage-limited-code');
    assert.equal(ruleOf(isAllowed(carts, 'PUT', `${STORE}/api/checkouts/R1/next`)), 'read-only');
    assert.equal(ruleOf(isAllowed(carts, 'PATCH', `${STORE}/api/checkouts/R1`, json({ order: {} }))), 'read-only');
    assert.equal(ruleOf(isAllowed(carts, 'PUT', `${STORE}/api/checkouts/R1/complete`)), 'never');
  });

  test('lets a browser look at every storefront page and submit its forms up to payment, but never confirm or pay', () => {
    // The browser's policy (scenarios/fixtures.ts); test/unit/guard-storefront.test.ts tries far more.
    const shop = storefrontPolicy('staging', STORE);
    const form = (body: string) => ({ body, contentType: 'application/x-www-form-urlencoded' });
    assert.equal(ruleOf(isAllowed(shop, 'GET', `${STORE}/checkout/payment`)), 'allowed');
    assert.equal(ruleOf(isAllowed(shop, 'GET', `${STORE}/checkout/confirm`)), 'allowed');
    assert.equal(ruleOf(isAllowed(shop, 'HEAD', `${STORE}/shop.css`)), 'allowed');
    assert.equal(ruleOf(isAllowed(shop, 'POST', `${STORE}/cart/coupon_codes`, form('coupon_code=X'))), 'allowed');
    assert.equal(ruleOf(isAllowed(shop, 'POST', `${STORE}/checkout/delivery`, form('_method=patch&order[state_lock_version]=1'))), 'allowed');
    // The payment step only chooses a payment method (the sandbox's check): no money moves until confirm.
    assert.equal(ruleOf(isAllowed(shop, 'POST', `${STORE}/checkout/payment`, form('_method=patch&order[payments_attributes][][payment_method_id]=2'))), 'allowed');
    assert.equal(ruleOf(isAllowed(shop, 'PATCH', `${STORE}/checkout/update/payment`, form('order[payments_attributes][][payment_method_id]=2'))), 'allowed');
    assert.equal(ruleOf(isAllowed(shop, 'POST', `${STORE}/checkout/payment`, form('_method=patch&order[payments_attributes][][payment_method_id]=2&payment_source[2][number]=4111111111111111'))), 'payment-attributes');
    assert.equal(ruleOf(isAllowed(shop, 'POST', `${STORE}/checkout/payment`, form('_method=delete'))), 'beyond-payment');
    assert.equal(ruleOf(isAllowed(shop, 'POST', `${STORE}/checkout/confirm`, form('_method=patch'))), 'beyond-payment');
    assert.equal(ruleOf(isAllowed(shop, 'POST', `${STORE}/Checkout/%43onfirm/`)), 'beyond-payment');
    assert.equal(ruleOf(isAllowed(shop, 'PATCH', `${STORE}/checkout/update/confirm`)), 'beyond-payment');
    assert.equal(ruleOf(isAllowed(shop, 'POST', `${STORE}/checkout/delivery`, { headers: { 'X-HTTP-Method-Override': 'PATCH' } })), 'allowed');
    assert.equal(ruleOf(isAllowed(shop, 'POST', `${STORE}/checkout/confirm`, { headers: { 'X-HTTP-Method-Override': 'PATCH' } })), 'beyond-payment');
    assert.equal(ruleOf(isAllowed(shop, 'PATCH', `${STORE}/checkout/delivery`, form('order[payments_attributes][][payment_method_id]=1'))), 'payment-attributes');
    assert.equal(ruleOf(isAllowed(shop, 'GET', `${STORE}/cart?_method=patch`)), 'method-override');
    assert.equal(ruleOf(isAllowed(shop, 'PUT', `${STORE}/api/checkouts/R1/next`)), 'beyond-payment');
    assert.equal(ruleOf(isAllowed(shop, 'GET', 'https://cdn.example/app.js')), 'foreign-origin');
    assert.equal(ruleOf(isAllowed(storefrontPolicy('production', STORE), 'POST', `${STORE}/cart/line_items`)), 'read-only');
    assert.equal(ruleOf(isAllowed(production, 'POST', `${STORE}/cart/line_items`)), 'read-only');
  });

  test('as a Playwright route handler, aborts what it refuses and continues the rest', async () => {
    const seen: string[] = [];
    const refused: string[] = [];
    const handler = routeGuard(storefrontPolicy('staging', STORE), (d, method, url) => refused.push(`${d.rule} ${method} ${new URL(url).pathname}`));
    const route = (method: string, url: string, postData: string | null = null): RouteLike => ({
      request: () => ({ method: () => method, url: () => url, headers: () => ({ 'content-type': 'application/x-www-form-urlencoded' }), postData: () => postData }),
      continue: async () => void seen.push(`continue ${method} ${url}`),
      abort: async (code) => void seen.push(`abort ${code} ${method} ${url}`),
    });
    await handler(route('GET', `${STORE}/cart`));
    await handler(route('POST', `${STORE}/checkout/payment`, '_method=patch&order%5Bpayments_attributes%5D%5B%5D%5Bpayment_method_id%5D=2'));
    await handler(route('POST', `${STORE}/checkout/confirm`, '_method=patch'));
    await handler(route('GET', 'https://cdn.example/app.js'));
    assert.deepEqual(seen, [
      `continue GET ${STORE}/cart`,
      `continue POST ${STORE}/checkout/payment`,
      `abort blockedbyclient POST ${STORE}/checkout/confirm`,
      'abort blockedbyclient GET https://cdn.example/app.js',
    ]);
    assert.deepEqual(refused, ['beyond-payment POST /checkout/confirm', 'foreign-origin GET /app.js']);
  });
});

describe('the API guard', () => {
  const order = (number: string, state: string) =>
    new Response(JSON.stringify({ number, state }), { status: 200, headers: { 'content-type': 'application/json' } });

  test('advances a checkout only while the order is before payment', async () => {
    const guard = createGuard(staging);
    const next = () => new Request(`${STORE}/api/checkouts/R1/next`, { method: 'PUT' });
    await assert.rejects(guard(next()), (e) => e instanceof GuardError && e.rule === 'beyond-payment', 'an order it has not seen is not advanced');
    await guard.observe(new Request(`${STORE}/api/orders`, { method: 'POST' }), order('R1', 'cart'));
    for (const state of ['address', 'delivery', 'payment']) {
      await guard(next());
      await guard.observe(next(), order('R1', state));
    }
    await assert.rejects(guard(next()), (e) => e instanceof GuardError && e.rule === 'beyond-payment' && /at the payment step/.test(e.message));
    await assert.rejects(guard(new Request(`${STORE}/api/checkouts/R1`, { method: 'PATCH', body: '{}', headers: { 'content-type': 'application/json' } })), GuardError);
    // Once an order reached payment, looking at it and emptying it still work.
    await guard(new Request(`${STORE}/api/orders/R1`));
    await guard(new Request(`${STORE}/api/orders/R1/empty`, { method: 'PUT' }));
  });

  test('does not advance an order whose last step never answered', async () => {
    const guard = createGuard(staging);
    await guard.observe(new Request(`${STORE}/api/orders`, { method: 'POST' }), order('R2', 'delivery'));
    await guard(new Request(`${STORE}/api/checkouts/R2/next`, { method: 'PUT' }));
    // The answer is lost (connection reset): the order may be at payment now.
    await assert.rejects(guard(new Request(`${STORE}/api/checkouts/R2/next`, { method: 'PUT' })), /not known/);
  });

  test('lets only reads and emptying through once the run is stopping', async () => {
    let stopping = false;
    const guard = guardFor('staging', { origin: STORE, stopping: () => stopping });
    await guard(new Request(`${STORE}/api/orders`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }));
    stopping = true;
    await assert.rejects(guard(new Request(`${STORE}/api/orders`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })), (e) => e instanceof GuardError && e.rule === 'stopping');
    await assert.rejects(guard(new Request(`${STORE}/api/orders/R1/line_items`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })), GuardError);
    await guard(new Request(`${STORE}/api/orders/R1/empty`, { method: 'PUT' }));
    await guard(new Request(`${STORE}/api/orders?q[email_eq]=x`));
  });

  test('sees retries too: a retry after the run started stopping is refused and never sent', async () => {
    let stopping = false;
    const sent: string[] = [];
    const fetch = (async (req: Request) => {
      sent.push(`${req.method} ${new URL(req.url).pathname}`);
      stopping = true; // Ctrl-C arrives while the store asks to wait
      return new Response('{}', { status: 503, headers: { 'retry-after': '0', 'content-type': 'application/json' } });
    }) as typeof globalThis.fetch;
    const client = createSolidusClient({ baseUrl: STORE, fetch, backoffMs: 1, guard: guardFor('staging', { origin: STORE, stopping: () => stopping }) });
    await assert.rejects(client.POST('/orders', { body: { order: { email: 'a@holiday-ready.invalid' } } }), (e) => e instanceof GuardError && e.code === 'guard-refused' && e.rule === 'stopping');
    assert.deepEqual(sent, ['POST /api/orders']);
    assert.deepEqual(client.requestLog.map((e) => [e.status, e.attempt]), [[503, 1], ['refused', 2]]);
  });
});

describe('the guard in front of a real store', () => {
  let store: SandboxInstance;
  let proxy: FaultProxy;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hr-guard-'));

  before(async () => {
    store = await startInstance('safety-guard');
    proxy = await startFaultProxy({ target: store.url });
  });
  after(async () => {
    await proxy?.close();
    await store?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('a refused request never reaches the store, is never retried, and the order stays at payment', async () => {
    const guard = guardFor('staging', { origin: proxy.url });
    const client = createSolidusClient({ baseUrl: proxy.url, apiKey: store.apiKey, guard, backoffMs: 1 });
    const variants = new Map([['JKT-001', 0]]);
    const v = await client.GET('/variants', { params: { query: { q: { sku_eq: 'JKT-001' } } as never } });
    variants.set('JKT-001', v.data!.variants![0].id!);
    const ledger = new OrderLedger();
    // The dry-run's own flow passes the guard all the way to payment (and empties its order).
    const flow = await runFlow({ client, ledger, variants, items: { 'JKT-001': 1 }, code: null, email: 'dryrun+guard@holiday-ready.invalid' });
    assert.equal(flow.stepReached, 'payment');
    // A second order, driven by hand to payment, and every way past it tried.
    const created = await client.POST('/orders', { body: { order: { email: 'dryrun+guard@holiday-ready.invalid' } } });
    const n = created.data!.number!;
    await client.POST('/orders/{order_number}/line_items', { params: { path: { order_number: n } }, body: { line_item: { variant_id: variants.get('JKT-001')!, quantity: 1 } } });
    await client.PUT('/checkouts/{checkout_id}/next', { params: { path: { checkout_id: n } } });
    const addr = { name: 'Holiday Ready', address1: '1 Test Street', city: 'Albany', zipcode: '12207', phone: '5555550100', state_name: 'NY', country_iso: 'US' };
    await client.PATCH('/checkouts/{id}', { params: { path: { id: n } }, body: { order: { email: 'dryrun+guard@holiday-ready.invalid', bill_address_attributes: addr, ship_address_attributes: addr } } as never });
    const atPayment = await client.PUT('/checkouts/{checkout_id}/next', { params: { path: { checkout_id: n } } });
    assert.equal(atPayment.data?.state, 'payment');
    const before = proxy.log.length;

    const attempts: [string, () => Promise<unknown>][] = [
      ['next past payment', () => client.PUT('/checkouts/{checkout_id}/next', { params: { path: { checkout_id: n } } })],
      ['complete', () => client.request('put' as never, `/checkouts/${n}/complete` as never)],
      ['encoded complete', () => client.request('put' as never, `/checkouts/${n}/%63omplete` as never)],
      ['complete with an override header', () => client.request('post' as never, `/checkouts/${n}/complete` as never, { headers: { 'X-HTTP-Method-Override': 'PUT' } } as never)],
      ['advance', () => client.request('put' as never, `/checkouts/${n}/advance` as never)],
      ['state jump', () => client.PATCH('/checkouts/{id}', { params: { path: { id: n }, query: { state: 'confirm' } as never } })],
      ['payment', () => client.request('post' as never, `/orders/${n}/payments` as never, { body: { payment: { payment_method_id: 1, amount: 1 } } } as never)],
    ];
    for (const [what, attempt] of attempts) {
      await assert.rejects(attempt(), GuardError, what);
    }
    assert.equal(proxy.log.length, before, 'nothing refused reached the store');
    assert.equal(store.sql(`SELECT state FROM spree_orders WHERE number = '${n}'`), 'payment');
    assert.equal(store.sql(`SELECT COUNT(*) FROM spree_payments p JOIN spree_orders o ON o.id = p.order_id WHERE o.number = '${n}'`), '0');
    assert.equal(client.requestLog.filter((e) => e.status === 'refused').length, attempts.length, 'each refusal logged once: never retried');
    ledger.add(n, client);
    assert.deepEqual(await ledger.emptyAll(), []);
    assert.equal(store.harnessFullCarts(), 0);
  });

  test('a production client only reads: its writes are refused before they leave', async () => {
    const client = createSolidusClient({ baseUrl: proxy.url, apiKey: store.apiKey, guard: guardFor('production', { origin: proxy.url }) });
    const before = proxy.log.length;
    const read = await client.GET('/promotions/{id}', { params: { path: { id: 'BLACKFRIDAY50' } } });
    assert.equal(read.response.status, 200);
    await assert.rejects(client.POST('/orders', { body: { order: { email: 'dryrun+prod@holiday-ready.invalid' } } }), (e) => e instanceof GuardError && e.rule === 'read-only');
    await assert.rejects(client.PUT('/orders/{order_number}/empty', { params: { path: { order_number: 'R1' } } }), GuardError);
    assert.deepEqual(proxy.log.slice(before).map((e) => e.method), ['GET']);
  });

  test('a refusal during a run becomes a not-checked case and a run finding, never a crash', async () => {
    const file = writeSite(tmp, 'guarded', { url: proxy.url, keyEnv: 'SAFETY_GUARD_KEY', campaigns: `
  - name: Outerwear 20% off
    code: OUTERWEAR20
    carts:
      - { name: $120 jacket, items: { JKT-001: 1 }, expect: { items: 20% off, shipping: free } }
` });
    const env = store.env('SAFETY_GUARD_KEY');
    const loaded = loadSite(file, { env });
    assert.ok(loaded.ok);
    // A ledger that is already closing: the run may read, but every write is refused.
    const ledger = new OrderLedger();
    ledger.closing = true;
    const writesBefore = proxy.log.filter((e) => e.method !== 'GET').length;
    const results = await runSite({ site: loaded.site, env, ledger, boundaries: false, unplanned: false });
    assert.equal(results.cases.length, 1);
    assert.equal(results.cases[0].outcome, 'not-checked');
    assert.match(results.cases[0].summary, /safety guard refused a request \(stopping\)/);
    const finding = results.findings.find((f) => f.id === results.cases[0].id);
    assert.equal(finding?.notChecked, true);
    assert.ok(results.findings.some((f) => f.id === 'harness:guard' && /refused 1 request/.test(f.title)));
    assert.notEqual(results.verdict, 'ready');
    assert.equal(proxy.log.filter((e) => e.method !== 'GET').length, writesBefore, 'no write reached the store');
  });

  test('a site whose staging store is its production store is refused as bad input before any write', async () => {
    const env = store.env('SAFETY_GUARD_KEY');
    // The loader refuses such a file (staging.url is located); the run refuses it again, in case a
    // Site object is built some other way.
    const file = writeSite(tmp, 'same-store', { url: proxy.url, keyEnv: 'SAFETY_GUARD_KEY', production: `${proxy.url}/` });
    const refused = loadSite(file, { env });
    assert.ok(!refused.ok && refused.errors.some((e) => e.path === 'staging.url'));
    const loaded = loadSite(writeSite(tmp, 'other-store', { url: proxy.url, keyEnv: 'SAFETY_GUARD_KEY' }), { env });
    assert.ok(loaded.ok);
    const site = { ...loaded.site, production: { ...loaded.site.staging, kind: 'production' as const, url: `${proxy.url}/` } };
    const before = proxy.log.length;
    await assert.rejects(runSite({ site, env, boundaries: false }), (e) => e instanceof SiteInputError && e.code === 'site-input' && e.problems[0].path === 'staging.url');
    assert.equal(proxy.log.length, before, 'nothing was sent');
  });
});

/**
 * Contract tests: real sandbox responses, validated against the corrected OpenAPI document. Each
 * correction in src/solidus/openapi/corrections.yml is proven here: the response matches the
 * corrected document, and (where the pinned file is wrong) does not match the pinned one.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { correctedSpec, loadSpec } from '../../src/solidus/openapi/build.ts';
import { ResponseValidator } from '../support/openapi-validator.ts';
import { liveHeaders, sandbox } from '../support/sandbox.ts';

const corrected = new ResponseValidator(correctedSpec(), 'corrected');
const pinned = new ResponseValidator(loadSpec(), 'pinned');
const { url, apiKey } = sandbox();
const api = `${url}/api`;
const json = { 'Content-Type': 'application/json' };
const admin = { Authorization: `Bearer ${apiKey}` };

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${api}${path}`, {
    method,
    // Answered as on Black Friday: the sandbox's promotions carry their real windows.
    headers: { ...json, ...liveHeaders(), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

let order: { number: string; token: string };
let variantId: number;
const created: { number: string; token: string }[] = [];

before(async () => {
  const variants = await call('GET', '/variants?q[sku_eq]=FLC-002');
  variantId = variants.body.variants[0].id;
  const res = await call('POST', '/orders', { order: { email: 'contract@holiday-ready.invalid' } });
  order = res.body;
  created.push(order);
});

after(async () => {
  for (const o of created) await call('PUT', `/orders/${o.number}/empty`, undefined, { 'X-Spree-Order-Token': o.token });
});

const token = () => ({ 'X-Spree-Order-Token': order.token });

test('GET /variants returns an array of variants, as corrected (the pinned file says one variant)', async () => {
  const res = await call('GET', '/variants?q[sku_eq]=JKT-001');
  assert.equal(res.status, 200);
  assert.ok(Array.isArray(res.body.variants));
  assert.deepEqual(corrected.validate('/variants', 'get', 200, res.body), []);
  assert.notDeepEqual(pinned.validate('/variants', 'get', 200, res.body), []);
});

test('GET /products matches the documented schema', async () => {
  const res = await call('GET', '/products?per_page=5');
  assert.equal(res.status, 200);
  assert.deepEqual(corrected.validate('/products', 'get', 200, res.body), []);
});

test('POST /orders answers 201 with a guest token, and 422 without an order object', async () => {
  const res = await call('POST', '/orders', { order: { email: 'contract@holiday-ready.invalid' } });
  created.push(res.body);
  assert.equal(res.status, 201);
  assert.equal(typeof res.body.token, 'string');
  assert.deepEqual(corrected.validate('/orders', 'post', 201, res.body), []);
  assert.equal(pinned.documents('/orders', 'post', 201), false);

  const missing = await call('POST', '/orders', {});
  assert.equal(missing.status, 422);
  assert.match(missing.body.error, /param is missing.*order/);
});

test('POST line_items answers 201', async () => {
  const res = await call('POST', `/orders/${order.number}/line_items`, { line_item: { variant_id: variantId, quantity: 1 } }, token());
  assert.equal(res.status, 201);
  assert.deepEqual(corrected.validate('/orders/{order_number}/line_items', 'post', 201, res.body), []);
  assert.equal(pinned.documents('/orders/{order_number}/line_items', 'post', 201), false);
});

test('a refused coupon is a 422 with success null and the rule-level status code', async () => {
  const res = await call('POST', `/orders/${order.number}/coupon_codes`, { coupon_code: 'TAKE10' }, token());
  assert.equal(res.status, 422);
  assert.equal(res.body.success, null);
  assert.equal(res.body.successful, false);
  assert.equal(res.body.status_code, 'item_total_less_than_or_equal');
  assert.equal(res.body.error, "This coupon code can't be applied to orders less than or equal to $100.00.");
  assert.deepEqual(corrected.validate('/orders/{order_number}/coupon_codes', 'post', 422, res.body), []);
  assert.notDeepEqual(pinned.validate('/orders/{order_number}/coupon_codes', 'post', 422, res.body), []);
});

test('an applied coupon is a 200 with error null; removing it is a 200, not a 204', async () => {
  const res = await call('POST', `/orders/${order.number}/coupon_codes`, { coupon_code: 'BLACKFRIDAY50' }, token());
  assert.equal(res.status, 200);
  assert.equal(res.body.error, null);
  assert.equal(res.body.status_code, 'coupon_code_applied');
  assert.deepEqual(corrected.validate('/orders/{order_number}/coupon_codes', 'post', 200, res.body), []);

  const removed = await call('DELETE', `/orders/${order.number}/coupon_codes/BLACKFRIDAY50`, undefined, token());
  assert.equal(removed.status, 200);
  assert.equal(removed.body.status_code, 'coupon_code_removed');
  assert.deepEqual(corrected.validate('/orders/{order_number}/coupon_codes/{id}', 'delete', 200, removed.body), []);
  assert.equal(pinned.documents('/orders/{order_number}/coupon_codes/{id}', 'delete', 200), false);
});

test('order adjustments carry eligible and promotion_code_id', async () => {
  await call('POST', `/orders/${order.number}/coupon_codes`, { coupon_code: 'BLACKFRIDAY50' }, token());
  const res = await call('GET', `/orders/${order.number}`, undefined, token());
  assert.equal(res.status, 200);
  const promo = res.body.line_items[0].adjustments.find((a: { source_type: string }) => a.source_type === 'Spree::PromotionAction');
  assert.equal(promo.eligible, true);
  assert.equal(typeof promo.promotion_code_id, 'number');
  assert.deepEqual(corrected.validate('/orders/{number}', 'get', 200, res.body), []);
});

test('GET /promotions/{code} needs an admin key and has no match_policy', async () => {
  const anonymous = await call('GET', '/promotions/BLACKFRIDAY50');
  assert.equal(anonymous.status, 401);
  const res = await call('GET', '/promotions/BLACKFRIDAY50', undefined, admin);
  assert.equal(res.status, 200);
  assert.equal(res.body.name, 'Black Friday 50% off');
  assert.equal('match_policy' in res.body, false);
  assert.equal(res.body.usage_limit, null);
  assert.deepEqual(corrected.validate('/promotions/{id}', 'get', 200, res.body), []);
  assert.notDeepEqual(pinned.validate('/promotions/{id}', 'get', 200, res.body), []);
});

test('the checkout steps answer with the documented order schema', async () => {
  const next = await call('PUT', `/checkouts/${order.number}/next`, undefined, token());
  assert.equal(next.status, 200);
  assert.equal(next.body.state, 'address');
  assert.deepEqual(corrected.validate('/checkouts/{checkout_id}/next', 'put', 200, next.body), []);
  const address = { name: 'Contract Test', address1: '1 Test Street', city: 'Albany', zipcode: '12207', phone: '5555550100', state_name: 'NY', country_iso: 'US' };
  const upd = await call('PATCH', `/checkouts/${order.number}`, { order: { bill_address_attributes: address, ship_address_attributes: address } }, token());
  assert.equal(upd.status, 200);
  assert.equal(upd.body.state, 'delivery');
  assert.deepEqual(corrected.validate('/checkouts/{id}', 'patch', 200, upd.body), []);
  const payment = await call('PUT', `/checkouts/${order.number}/next`, undefined, token());
  assert.equal(payment.status, 200);
  assert.equal(payment.body.state, 'payment');
  assert.deepEqual(corrected.validate('/checkouts/{checkout_id}/next', 'put', 200, payment.body), []);
});

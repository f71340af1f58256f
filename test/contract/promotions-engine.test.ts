/**
 * Contract tests on Solidus's new promotion engine, solidus_promotions 4.6 (the sandbox's promotions
 * store, :3003, `sandbox/bin/serve promotions`): its order and coupon answers validated against the
 * corrected OpenAPI document, and each correction made for this engine
 * (src/solidus/openapi/corrections.yml) proven on it: adjustments without `eligible` and
 * `promotion_code_id`, and GET /promotions/{id} answering 500. Every order made here is emptied.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { correctedSpec, loadSpec } from '../../src/solidus/openapi/build.ts';
import { ResponseValidator } from '../support/openapi-validator.ts';
import { liveHeaders, sandbox } from '../support/sandbox.ts';

const corrected = new ResponseValidator(correctedSpec(), 'corrected');
const pinned = new ResponseValidator(loadSpec(), 'pinned');
const { url, apiKey } = sandbox('promotions');
const api = `${url}/api`;
const admin = { Authorization: `Bearer ${apiKey}` };

interface Adjustment { source_type: string; source_id: number; amount: string; label: string; [key: string]: unknown }
interface LineItem { variant: { sku: string }; adjustments: Adjustment[] }

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${api}${path}`, {
    method,
    // Answered as on Black Friday (the store's signed clock): the campaigns carry their real windows.
    headers: { 'Content-Type': 'application/json', ...liveHeaders(), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const variants = new Map<string, number>();
const created: { number: string; token: string }[] = [];

/** A guest order with these items (SKU -> quantity), as the harness makes it. */
async function cart(items: Record<string, number>) {
  const res = await call('POST', '/orders', {
    order: { email: 'contract-engine@holiday-ready.invalid', line_items_attributes: Object.entries(items).map(([sku, quantity]) => ({ variant_id: variants.get(sku)!, quantity })) },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  created.push(res.body);
  return { number: res.body.number as string, headers: { 'X-Spree-Order-Token': res.body.token as string } };
}

const promotionAdjustments = (order: { line_items: LineItem[]; adjustments: Adjustment[] }) =>
  [...order.line_items.flatMap((l) => l.adjustments), ...order.adjustments].filter((a) => a.source_type !== 'Spree::TaxRate');

before(async () => {
  for (const sku of ['JKT-001', 'TOP-001', 'ACC-001']) {
    const res = await call('GET', `/variants?q[sku_eq]=${sku}`);
    variants.set(sku, res.body.variants[0].id);
  }
});

after(async () => {
  for (const o of created) await call('PUT', `/orders/${o.number}/empty`, undefined, { 'X-Spree-Order-Token': o.token });
});

test('an amount off the order is applied as benefit adjustments on the items, without eligible or promotion_code_id', async () => {
  const order = await cart({ 'TOP-001': 2, 'ACC-001': 1 });
  const applied = await call('POST', `/orders/${order.number}/coupon_codes`, { coupon_code: 'TAKE10' }, order.headers);
  assert.equal(applied.status, 200);
  assert.deepEqual(applied.body, { success: 'The coupon code was successfully applied to your order.', error: null, successful: true, status_code: 'coupon_code_applied' });
  assert.deepEqual(corrected.validate('/orders/{order_number}/coupon_codes', 'post', 200, applied.body), []);

  const res = await call('GET', `/orders/${order.number}`, undefined, order.headers);
  assert.equal(res.status, 200);
  const adjustments = promotionAdjustments(res.body);
  assert.deepEqual([...new Set(adjustments.map((a) => `${a.source_type} ${a.label}`))], ['SolidusPromotions::Benefit Promotion ($10 off orders over $100)']);
  assert.equal(res.body.adjustments.length, 0, 'the engine keeps no order adjustments');
  assert.equal(Math.round(adjustments.reduce((s, a) => s + Number(a.amount), 0) * 100) / 100, -10);
  for (const a of adjustments) {
    assert.equal('eligible' in a, false);
    assert.equal('promotion_code_id' in a, false);
  }
  // The adjustments' source is the benefit the inventory lists with its DistributedAmount calculator.
  const inventory = await fetch(`${url}/api/holiday_ready/inventory?per_page=500`, { headers: admin }).then((r) => r.json()) as {
    engine: string; promotions: { name: string; actions: { id?: number; calculator: { type: string } | null }[] }[];
  };
  assert.equal(inventory.engine, 'solidus_promotions');
  const benefit = inventory.promotions.find((p) => p.name === '$10 off orders over $100')!.actions[0];
  assert.deepEqual([...new Set(adjustments.map((a) => a.source_id))], [benefit.id]);
  assert.equal(benefit.calculator?.type, 'SolidusPromotions::Calculators::DistributedAmount');
  assert.deepEqual(corrected.validate('/orders/{number}', 'get', 200, res.body), []);
});

test('a code whose condition fails is a 422 with the condition’s status code and message', async () => {
  const order = await cart({ 'ACC-001': 1 });
  const res = await call('POST', `/orders/${order.number}/coupon_codes`, { coupon_code: 'TAKE10' }, order.headers);
  assert.equal(res.status, 422);
  assert.deepEqual(res.body, {
    success: null, error: "This coupon code can't be applied to orders less than or equal to $100.00.", successful: false, status_code: 'item_total_less_than_or_equal',
  });
  assert.deepEqual(corrected.validate('/orders/{order_number}/coupon_codes', 'post', 422, res.body), []);
  assert.notDeepEqual(pinned.validate('/orders/{order_number}/coupon_codes', 'post', 422, res.body), []);
});

test('the site-exclusive code loses its discount at payment, where the default lane’s free shipping applies, and is refused with site_exclusive', async () => {
  const order = await cart({ 'JKT-001': 1 });
  const applied = await call('POST', `/orders/${order.number}/coupon_codes`, { coupon_code: 'BLACKFRIDAY50' }, order.headers);
  assert.equal(applied.body.status_code, 'coupon_code_applied');
  const next = await call('PUT', `/checkouts/${order.number}/next`, undefined, order.headers);
  assert.equal(next.body.state, 'address');
  assert.deepEqual(promotionAdjustments(next.body).map((a) => [a.label, a.amount]), [['Promotion (Black Friday 50% off)', '-60.0']]);
  assert.deepEqual(corrected.validate('/checkouts/{checkout_id}/next', 'put', 200, next.body), []);
  const address = { name: 'Contract Test', address1: '1 Test Street', city: 'Albany', zipcode: '12207', phone: '5555550100', state_name: 'NY', country_iso: 'US' };
  const delivery = await call('PATCH', `/checkouts/${order.number}`, { order: { bill_address_attributes: address, ship_address_attributes: address } }, order.headers);
  assert.equal(delivery.body.state, 'delivery');
  assert.deepEqual(corrected.validate('/checkouts/{id}', 'patch', 200, delivery.body), []);
  const payment = await call('PUT', `/checkouts/${order.number}/next`, undefined, order.headers);
  assert.equal(payment.body.state, 'payment');
  assert.deepEqual(corrected.validate('/checkouts/{checkout_id}/next', 'put', 200, payment.body), []);
  const shipping = payment.body.shipments.flatMap((s: { adjustments: Adjustment[] }) => s.adjustments);
  assert.deepEqual(shipping.map((a: Adjustment) => [a.source_type, a.label]), [['SolidusPromotions::Benefit', 'Promotion (Free Shipping on All Orders over $85)']]);
  assert.deepEqual(promotionAdjustments(payment.body), [], 'the code keeps no adjustment');

  const removed = await call('DELETE', `/orders/${order.number}/coupon_codes/BLACKFRIDAY50`, undefined, order.headers);
  assert.equal(removed.status, 200);
  assert.equal(removed.body.status_code, 'coupon_code_removed');
  assert.deepEqual(corrected.validate('/orders/{order_number}/coupon_codes/{id}', 'delete', 200, removed.body), []);
  assert.equal(pinned.documents('/orders/{order_number}/coupon_codes/{id}', 'delete', 200), false);
  const again = await call('POST', `/orders/${order.number}/coupon_codes`, { coupon_code: 'BLACKFRIDAY50' }, order.headers);
  assert.equal(again.status, 422);
  assert.equal(again.body.status_code, 'site_exclusive');
  assert.equal(again.body.error, "This coupon code can't be combined with other promotions (Free Shipping on All Orders over $85 applies).");
  assert.deepEqual(corrected.validate('/orders/{order_number}/coupon_codes', 'post', 422, again.body), []);
});

test('GET /promotions/{code} needs an admin key and then answers 500 on this engine, as corrected', async () => {
  const anonymous = await call('GET', '/promotions/BLACKFRIDAY50');
  assert.equal(anonymous.status, 401);
  const res = await call('GET', '/promotions/BLACKFRIDAY50', undefined, admin);
  assert.equal(res.status, 500);
  assert.deepEqual(res.body, { status: 500, error: 'Internal Server Error' });
  assert.deepEqual(corrected.validate('/promotions/{id}', 'get', 500, res.body), []);
  assert.equal(pinned.documents('/promotions/{id}', 'get', 500), false);
});

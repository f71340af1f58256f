import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readOrder } from '../../src/dryrun/order-view.ts';
import { parseDiscount, checkExpectation, describeExpectation } from '../../src/dryrun/expect.ts';
import { cartOfTotal, judge } from '../../src/dryrun/boundary.ts';
import type { Order } from '../../src/solidus/client.ts';

const order = JSON.parse(readFileSync(new URL('../fixtures/orders/jkt001-blackfriday50-payment.json', import.meta.url), 'utf8')) as Order;

test('reading an order sums only eligible promotion adjustments and keeps the losing ones as evidence', () => {
  const view = readOrder(order);
  assert.equal(view.state, 'payment');
  assert.equal(view.totals.itemTotal, 120);
  assert.equal(view.totals.itemDiscount, 0);
  assert.equal(view.totals.shippingDiscount, -7.95);
  const bf = view.adjustments.find((a) => a.promotion === 'Black Friday 50% off');
  assert.deepEqual(bf && { eligible: bf.eligible, on: bf.on, sku: bf.sku }, { eligible: false, on: 'item', sku: 'JKT-001' });
  assert.equal(view.codeAdjustments.length, 1, 'the code adjustment is told apart by its promotion_code_id');
  assert.ok(view.adjustments.every((a) => !a.label.startsWith('Sales tax')), 'taxes are not promotions');
});

test('discount phrases are parsed and anything else is refused', () => {
  assert.deepEqual(parseDiscount('50% off'), { kind: 'percent', value: 50 });
  assert.deepEqual(parseDiscount('$10 off'), { kind: 'amount', value: 10 });
  assert.deepEqual(parseDiscount('none'), { kind: 'none' });
  assert.equal(parseDiscount('half price'), undefined);
});

test('a $120 cart that lost its 50% at payment fails the items expectation and passes free shipping', () => {
  const checks = checkExpectation({ items: '50% off', shipping: 'free' }, readOrder(order), true);
  const by = Object.fromEntries(checks.map((c) => [c.what, c]));
  assert.equal(by.code.ok, true);
  assert.equal(by.items.ok, false);
  assert.equal(by.items.expected, '50% off items ($60.00 off)');
  assert.equal(by.items.actual, 'full price for items (no discount)');
  assert.equal(by.shipping.ok, true);
  assert.equal(describeExpectation({ items: '50% off', shipping: 'free' }), '50% off items, free shipping');
});

test('a refused code fails an expectation that it is accepted, and passes one that it is refused', () => {
  assert.equal(checkExpectation({ order: '$10 off' }, readOrder(order), false).find((c) => c.what === 'code')!.ok, false);
  assert.equal(checkExpectation({ code: 'rejected' }, readOrder(order), false).find((c) => c.what === 'code')!.ok, true);
});

test('the dry-run judges a probe by whether the code survives or another promotion took its place', () => {
  const final = readOrder(order);
  assert.equal(judge({ orderNumber: 'R1', stepReached: 'payment', final, coupon: { httpStatus: 200, success: true } }), 'fail');
  const kept = { ...final, codeAdjustments: [{ ...final.codeAdjustments[0], eligible: true, amount: -60 }] };
  assert.equal(judge({ orderNumber: 'R1', stepReached: 'payment', final: kept, coupon: { httpStatus: 200, success: true } }), 'pass');
});

test('carts of an exact total are built from the fewest items within stock', () => {
  const v = (sku: string, price: number, onHand = 100) => ({ sku, id: 1, name: sku, price, inStock: true, onHand });
  const variants = [v('A', 60), v('B', 20), v('C', 3), v('D', 16)];
  assert.deepEqual(cartOfTotal(85, variants), { A: 1, D: 1, C: 3 });
  const sum = (items: Record<string, number>) => Object.entries(items).reduce((s, [k, q]) => s + variants.find((x) => x.sku === k)!.price * q, 0);
  for (const total of [84, 85, 86, 99, 120]) assert.equal(sum(cartOfTotal(total, variants)!), total);
  assert.equal(cartOfTotal(1, variants), undefined, 'nothing costs $1');
  assert.equal(cartOfTotal(9, [v('C', 3, 2)]), undefined, 'only two on hand');
});

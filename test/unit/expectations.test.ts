/**
 * Expectations in a client's words (src/dryrun/expect.ts), judged on orders as readOrder reads them:
 * the code's own share, discount wherever booked, per item, per taxon, total, "at least", and what the
 * customer pays, checked whatever the plan says.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkExpectation, customerPays, describeExpectation, parseDiscountSpec, parseTaxon, parseTotal, type Check } from '../../src/dryrun/expect.ts';
import { readOrder, type OrderView } from '../../src/dryrun/order-view.ts';
import { describeExpectation as plannedLine } from '../../reports/format.ts';
import type { Order } from '../../src/solidus/client.ts';

const PROMO = 'Spree::PromotionAction';
const adj = (promotion: string, amount: number, o: { eligible?: boolean; code?: boolean } = {}) => ({
  source_type: PROMO, label: `Promotion (${promotion})`, amount: String(amount), eligible: o.eligible ?? true, promotion_code_id: o.code ? 7 : null,
});

/** An order as the API answers it at the payment step. */
function order(o: {
  lines: { sku: string; price: number; quantity?: number; adjustments?: ReturnType<typeof adj>[] }[];
  orderAdjustments?: ReturnType<typeof adj>[]; ship?: number; total?: number; state?: string;
}): OrderView {
  const itemTotal = o.lines.reduce((s, l) => s + l.price * (l.quantity ?? 1), 0);
  const promo = [...o.lines.flatMap((l) => l.adjustments ?? []), ...(o.orderAdjustments ?? [])].filter((a) => a.eligible).reduce((s, a) => s + Number(a.amount), 0);
  const ship = o.ship ?? 7.95;
  return readOrder({
    number: 'R1', state: o.state ?? 'payment', item_total: String(itemTotal), ship_total: String(ship), tax_total: '0',
    total: String(o.total ?? Math.round((itemTotal + promo + ship) * 100) / 100),
    line_items: o.lines.map((l) => ({ quantity: l.quantity ?? 1, price: String(l.price), variant: { sku: l.sku }, adjustments: l.adjustments ?? [] })),
    shipments: [{ adjustments: [] }],
    adjustments: o.orderAdjustments ?? [],
  } as unknown as Order);
}

const by = (checks: Check[], what: Check['what']) => checks.find((c) => c.what === what)!;
/** The code's own share (beside the code check that it is accepted). */
const share = (checks: Check[]) => checks.find((c) => c.what === 'code' && c.expected.startsWith('the code itself'))!;

// A 10% code next to an automatic 20% outerwear sale: Solidus keeps each line's best promotion.
const nextToSale = order({
  lines: [
    { sku: 'JKT-001', price: 120, adjustments: [adj('Code 10% off', -12, { eligible: false, code: true }), adj('Outerwear Sale', -24)] },
    { sku: 'ACC-001', price: 30, adjustments: [adj('Code 10% off', -3, { code: true })] },
  ],
});

test('discount phrases: at least, a place for the code, a taxon and a total', () => {
  assert.deepEqual(parseDiscountSpec('at least 20% off'), { amount: { kind: 'percent', value: 20 }, atLeast: true });
  assert.deepEqual(parseDiscountSpec('50% off items'), { amount: { kind: 'percent', value: 50 }, atLeast: false, on: 'items' });
  assert.deepEqual(parseDiscountSpec('$10 off the order'), { amount: { kind: 'amount', value: 10 }, atLeast: false, on: 'order' });
  assert.deepEqual(parseTaxon('Outerwear 20% off'), { taxon: 'Outerwear', discount: { amount: { kind: 'percent', value: 20 }, atLeast: false } });
  assert.deepEqual(parseTaxon('Winter Coats at least $10 off')?.taxon, 'Winter Coats');
  assert.deepEqual(parseTotal('$60'), { amount: 60 });
  assert.deepEqual(parseTotal('at most $60'), { amount: 60, bound: 'most' });
  assert.equal(parseDiscountSpec('half price'), undefined);
});

test("the code's own share is read from its promotion's adjustments: it discounted only the beanie, the sale took the jacket", () => {
  const checks = checkExpectation({ code: '10% off items' }, nextToSale, true);
  const own = share(checks);
  assert.equal(own.ok, false);
  assert.equal(own.level, undefined, 'less than planned is an error');
  assert.equal(own.expected, 'the code itself gives 10% off items ($15.00 off)');
  assert.equal(own.actual, 'the code itself gives $3.00 off items');
  assert.match(own.cause!, /The code's own adjustments: Code 10% off \(\$3\.00\); on JKT-001 Outerwear Sale \(\$24\.00\) applies instead \(Solidus keeps the best promotion of each line\)/);
  assert.equal(checks.find((c) => c.what === 'code' && c.expected === 'the store accepts the code')?.ok, true, 'a share implies the code is accepted');
});

test('everything the customer gets is more than planned: a warning naming the promotion, not an error', () => {
  const more = by(checkExpectation({ items: '10% off' }, nextToSale, true, { campaign: 'Code 10% off' }), 'items');
  assert.equal(more.ok, false);
  assert.equal(more.level, 'warn');
  assert.equal(more.actual, '$27.00 off items: $12.00 more than planned');
  assert.match(more.cause!, /^\$12\.00 more off items than planned, from Outerwear Sale \(\$24\.00\) on top of the campaign's own/);
  // Stated as a floor, it passes; stated as everything, at its amount, it passes.
  assert.equal(by(checkExpectation({ discount: 'at least 10% off' }, nextToSale, true), 'discount').ok, true);
  assert.equal(by(checkExpectation({ discount: '$27 off' }, nextToSale, true), 'discount').ok, true);
  assert.equal(by(checkExpectation({ discount: 'at least 20% off' }, nextToSale, true), 'discount').ok, false, 'under the floor fails');
});

test('discount: meets a promotion booked on the order, where items: (booked there) does not', () => {
  const onOrder = order({ lines: [{ sku: 'TOP-001', price: 100 }], orderAdjustments: [adj('Take 20', -20, { code: true })] });
  assert.equal(by(checkExpectation({ discount: '20% off' }, onOrder, true), 'discount').ok, true);
  assert.equal(share(checkExpectation({ code: '$20 off' }, onOrder, true)).ok, true);
  const items = by(checkExpectation({ items: '20% off' }, onOrder, true), 'items');
  assert.equal(items.ok, false);
  assert.equal(items.actual, 'full price for items (no discount)');
});

test('per item and per taxon, from the lines\' own prices', () => {
  const perItem = checkExpectation({ items: { 'JKT-001': '20% off', 'ACC-001': '10% off' } }, nextToSale, true);
  assert.deepEqual(perItem.filter((c) => c.what === 'items').map((c) => [c.expected, c.ok]), [['20% off JKT-001 ($24.00 off)', true], ['10% off ACC-001 ($3.00 off)', true]]);
  const taxonsOf = (sku: string) => (sku.startsWith('JKT') ? ['categories/outerwear'] : ['categories/accessories']);
  const taxon = by(checkExpectation({ taxon: 'Outerwear 20% off' }, nextToSale, true, { taxonsOf }), 'taxon');
  assert.deepEqual([taxon.ok, taxon.expected], [true, '20% off the Outerwear items (JKT-001) ($24.00 off)']);
  const none = by(checkExpectation({ taxon: 'Home 20% off' }, nextToSale, true, { taxonsOf }), 'taxon');
  assert.deepEqual([none.ok, none.actual], [false, 'no item of the cart is in Home']);
  // The browser reads no line prices or code adjustments: those checks are left out there.
  assert.deepEqual(checkExpectation({ taxon: 'Outerwear 20% off', code: '10% off items' }, nextToSale, true, { lines: false }).map((c) => c.what), ['code']);
});

test('total: what the customer pays, exact or as a bound', () => {
  // 150 - 27 + 7.95
  assert.equal(by(checkExpectation({ total: '$130.95' }, nextToSale, true), 'total').ok, true);
  assert.equal(by(checkExpectation({ total: 'at most $140' }, nextToSale, true), 'total').ok, true);
  const over = by(checkExpectation({ total: '$120' }, nextToSale, true), 'total');
  assert.deepEqual([over.ok, over.actual], [false, 'the customer pays $130.95']);
  assert.match(over.cause!, /discounts Outerwear Sale \(\$24\.00\) and Code 10% off \(\$3\.00\)/);
});

test('what the customer pays is checked whatever the plan says: below zero an error, zero or no payment step a warning naming the promotions', () => {
  const negative = order({ lines: [{ sku: 'TOP-001', price: 100, adjustments: [adj('Half off', -50)] }], orderAdjustments: [adj('Take 100', -100, { code: true })], state: 'confirm' });
  const [neg] = customerPays(negative, 'confirm');
  assert.deepEqual([neg.ok, neg.level], [false, 'error']);
  assert.equal(neg.actual, 'a total of -$42.05, and checkout skips the payment step (it goes to confirm)');
  assert.match(neg.cause!, /Half off \(\$50\.00\) and Take 100 \(\$100\.00\), take off more than the order costs/);

  const zero = order({ lines: [{ sku: 'TOP-001', price: 50 }], orderAdjustments: [adj('Take 100', -57.95, { code: true })], state: 'confirm' });
  const [z] = customerPays(zero, 'confirm');
  assert.deepEqual([z.ok, z.level], [false, 'warn']);
  assert.match(z.cause!, /^Take 100 \(\$57\.95\) takes off the whole order .*goes straight to confirm/);
  assert.equal(customerPays(zero, 'confirm', { total: '$0' })[0].ok, true, 'a plan that says total: $0 expects it');
  assert.equal(customerPays(nextToSale, 'payment')[0].ok, true);
});

test('the plan in words: the Planned line and the finding\'s expectation name the new keys', () => {
  const expect = { code: '50% off items', discount: 'at least $60 off', taxon: 'Outerwear 20% off', total: 'at most $80', items: { 'JKT-001': '20% off' } };
  assert.equal(
    plannedLine(expect, { automatic: false, itemTotal: 150, currency: 'USD' }),
    'The code is accepted, the code itself gives 50% off items ($75.00 off), 20% off JKT-001, 20% off Outerwear items, at least $60 off in all, wherever the store books it, the customer pays at most $80',
  );
  assert.equal(describeExpectation(expect), 'the code itself 50% off items, 20% off JKT-001, 20% off the Outerwear items, at least $60 off in all, the customer pays at most $80');
});

/**
 * Reading orders and explaining findings on Solidus's new engine (solidus_promotions): an amount off
 * the order spread over the items is the order's discount (readOrder with the inventory's
 * DistributedAmount benefits), the engine is told by the adjustments' source, and a discount that
 * stacks from another lane is explained with both lanes and benefits (causes.ts laneStacking).
 * The store's own answers are checked by test/e2e/promotions-engine.test.ts and test/contract.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readOrder } from '../../src/dryrun/order-view.ts';
import { checkExpectation } from '../../src/dryrun/expect.ts';
import { engineOf, orderBenefitsOf } from '../../src/dryrun/engine-of.ts';
import { laneStacking } from '../../src/dryrun/causes.ts';
import type { Order } from '../../src/solidus/client.ts';
import type { InventoryPromotion } from '../../src/solidus/inventory.ts';

const BENEFIT = 'SolidusPromotions::Benefit';
const benefitAdj = (promotion: string, amount: number, sourceId: number) => ({ source_type: BENEFIT, source_id: sourceId, label: `Promotion (${promotion})`, amount: String(amount), eligible: true, promotion_code_id: null });

function promotion(o: { id: number; name: string; lane: string; benefitId: number; calculator: string; settings: Record<string, string>; taxon?: string }): InventoryPromotion {
  const conditions = o.taxon ? [{ type: 'SolidusPromotions::Conditions::Taxon', settings: { match_policy: 'any', taxons: [{ permalink: o.taxon, name: 'Home' }] } }] : [];
  return {
    id: o.id, name: o.name, description: null, apply_automatically: false, advertise: false, path: null,
    codes: { count: 0, values: [], truncated: false }, starts_at: null, expires_at: null, time_zone: 'America/New_York',
    usage_limit: null, per_code_usage_limit: null, uses: 0, match_policy: 'all', category: null, rules: conditions,
    actions: [{ id: o.benefitId, type: 'SolidusPromotions::Benefits::AdjustLineItem', settings: {}, calculator: { type: `SolidusPromotions::Calculators::${o.calculator}`, settings: o.settings, currency: o.settings.currency ?? null }, conditions }],
    lane: o.lane, customer_label: o.name, created_at: null, updated_at: null,
  };
}

const take10 = promotion({ id: 4, name: '$10 off orders over $100', lane: 'default', benefitId: 14, calculator: 'DistributedAmount', settings: { amount: '10.0', currency: 'USD' } });
const sale = promotion({ id: 5, name: 'Home sale 20% off', lane: 'default', benefitId: 15, calculator: 'Percent', settings: { percent: '20.0' }, taxon: 'categories/home' });
const home30 = promotion({ id: 6, name: 'Home 30% off: the holiday price', lane: 'post', benefitId: 16, calculator: 'Percent', settings: { percent: '30.0' }, taxon: 'categories/home' });

const basket = {
  number: 'R1', state: 'payment', item_total: '130.0', ship_total: '0.0', tax_total: '7.2', total: '127.2',
  line_items: [
    { quantity: 2, price: '55.0', variant: { sku: 'TOP-001' }, adjustments: [benefitAdj('$10 off orders over $100', -8.46, 14)] },
    { quantity: 1, price: '20.0', variant: { sku: 'ACC-001' }, adjustments: [benefitAdj('$10 off orders over $100', -1.54, 14)] },
  ],
  shipments: [{ adjustments: [] }],
  adjustments: [],
} as unknown as Order;

test('an amount off the order that solidus_promotions spreads over the items is read as the order discount', () => {
  const benefits = orderBenefitsOf([take10, sale]);
  assert.deepEqual([...benefits!], [14]);
  const view = readOrder(basket, { orderBenefits: benefits, codePromotions: new Set(['$10 off orders over $100']) });
  assert.equal(view.engine, 'solidus_promotions');
  assert.equal(view.totals.orderDiscount, -10);
  assert.equal(view.totals.itemDiscount, 0);
  assert.deepEqual(view.codeAdjustments.map((a) => [a.on, a.sku]), [['order', 'TOP-001'], ['order', 'ACC-001']]);
  const checks = checkExpectation({ order: '$10 off' }, view, true);
  assert.ok(checks.every((c) => c.ok), JSON.stringify(checks));
  // Without the inventory the same adjustments are item discounts: the order expectation fails.
  assert.equal(checkExpectation({ order: '$10 off' }, readOrder(basket), true).find((c) => c.what === 'order')!.ok, false);
});

test('the engine is the inventory’s word first, else the adjustments’ source', () => {
  assert.equal(engineOf('legacy', readOrder(basket)), 'legacy');
  assert.equal(engineOf(undefined, undefined, readOrder(basket)), 'solidus_promotions');
  assert.equal(engineOf(undefined, readOrder({ ...basket, line_items: [] } as Order)), undefined);
});

test('a code in the post lane on top of an automatic sale in the default lane is explained by both lanes and benefits', () => {
  const skillet = {
    number: 'R2', state: 'payment', item_total: '45.0', ship_total: '7.95', tax_total: '1.51', total: '34.66',
    line_items: [{ quantity: 1, price: '45.0', variant: { sku: 'HOM-005' }, adjustments: [benefitAdj('Home sale 20% off', -9, 15), benefitAdj('Home 30% off: the holiday price', -10.8, 16)] }],
    shipments: [{ adjustments: [] }], adjustments: [],
  } as unknown as Order;
  const final = readOrder(skillet, { codePromotions: new Set(['Home 30% off: the holiday price']) });
  const m = laneStacking({ flow: { orderNumber: 'R2', stepReached: 'payment', final }, promotion: home30, promotions: [take10, sale, home30], who: 'HOME30', currency: 'USD' });
  assert.ok(m);
  assert.match(m.cause, /"Home 30% off: the holiday price" is in the post lane and Home sale 20% off in the default lane/);
  assert.match(m.cause, /Home sale 20% off \(default lane\) takes \$9\.00 off, then Home 30% off: the holiday price \(post lane\) takes \$10\.80 off what is left: the customer gets both, \$19\.80 off in all/);
  assert.match(m.cause, /AdjustLineItem with Percent \(30% off each item\) under the condition Taxon \(any of the taxons categories\/home\)/);
  assert.match(m.action, /put "Home 30% off: the holiday price" in the default lane/);
  // Both in one lane: not a lane conflict (the engine keeps the better one per item).
  assert.equal(laneStacking({ flow: { orderNumber: 'R2', stepReached: 'payment', final }, promotion: { ...home30, lane: 'default' }, promotions: [sale, { ...home30, lane: 'default' }], who: 'HOME30', currency: 'USD' }), undefined);
  // The legacy engine has no lanes.
  assert.equal(laneStacking({ flow: { orderNumber: 'R2', stepReached: 'payment', final }, promotion: { ...home30, lane: undefined }, promotions: [sale], who: 'HOME30', currency: 'USD' }), undefined);
});

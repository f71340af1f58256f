/**
 * Two codes on one cart (src/dryrun/pairs.ts): which pairs are tried, on which cart and shard, and
 * what each end state says to the client rep. The real store's answers are in test/e2e/dryrun.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Campaign, Site } from '../../src/config/types.ts';
import type { AdjustmentView } from '../../src/findings/types.ts';
import { codePairs, explainPair, overlap } from '../../src/dryrun/pairs.ts';
import { shardSite } from '../../src/nightly/shard.ts';
import type { FlowResult } from '../../src/dryrun/flow.ts';
import type { OrderView } from '../../src/dryrun/order-view.ts';
import type { DryRunContext } from '../../src/dryrun/context.ts';

const campaign = (name: string, code: string | null, items: Record<string, number>, window?: [string, string], secret = false): Campaign => ({
  name, code, secret, window, carts: [{ name: `${name} cart`, items, expect: {} }],
});
const bf = campaign('Black Friday', 'BF50', { 'JKT-001': 1 }, ['2026-11-27T00:00', '2026-11-30T23:59']);
const take10 = campaign('Take 10', 'TAKE10', { 'TOP-001': 2, 'JKT-001': 2 }, ['2026-11-30T23:59', '2026-12-01T23:59']);
const summer = campaign('Summer', 'SUMMER', { 'FLC-002': 1 }, ['2026-06-01T00:00', '2026-06-30T23:59']);
const free = campaign('Free shipping', null, { 'FLC-002': 1 });
const site = { campaigns: [bf, take10, summer, free] } as Pick<Site, 'campaigns' | 'allCampaigns'>;

test('windows that share a minute overlap; a campaign without a window always runs', () => {
  assert.equal(overlap(bf, take10), true); // Nov 30 23:59 is in both
  assert.equal(overlap(bf, summer), false);
  assert.equal(overlap(summer, campaign('Always', 'X', {})), true);
});

test('every ordered pair of codes that run together, on the union of their first carts; automatic promotions are not paired', () => {
  const plans = codePairs(site);
  assert.deepEqual(plans.map((p) => `${p.first.code}>${p.second.code}`), ['BF50>TAKE10', 'TAKE10>BF50']);
  assert.deepEqual(plans[0].items, { 'JKT-001': 2, 'TOP-001': 2 }); // the larger quantity of a shared SKU
  assert.equal(plans[0].cart, 'Black Friday cart + Take 10 cart');
});

test('a pair runs on the shard of its first code, so the shards together run each pair once', () => {
  const full = { ...site, site: 'x' } as unknown as Site;
  const one = codePairs(shardSite(full, { index: 1, total: 2 })).map((p) => `${p.first.code}>${p.second.code}`);
  const two = codePairs(shardSite(full, { index: 2, total: 2 })).map((p) => `${p.first.code}>${p.second.code}`);
  assert.deepEqual([...one, ...two].sort(), ['BF50>TAKE10', 'TAKE10>BF50']);
  assert.equal(one.filter((p) => two.includes(p)).length, 0);
});

const ctx = { site: { currency: 'USD' }, show: (c: Campaign) => (c.secret ? 'BF••' : c.code!) } as unknown as DryRunContext;
const plan = { first: bf, second: take10, items: {}, cart: 'both' };
const adj = (promotion: string, amount: number, eligible = true, on: AdjustmentView['on'] = 'item'): AdjustmentView => ({ label: `Promotion (${promotion})`, promotion, amount, eligible, on });
const view = (code: AdjustmentView[], other: AdjustmentView[] = []) => ({
  number: 'R1', state: 'payment', lineItems: [], shipments: 1,
  totals: { itemTotal: 240, shipTotal: 7.95, promoTotal: 0, itemDiscount: 0, shippingDiscount: 0, orderDiscount: 0, taxTotal: 0, total: 200 },
  adjustments: [...code, ...other], codeAdjustments: code,
}) as OrderView;
/** A pair's flow: what the first code showed alone, the cart with both, and the payment step. */
function flow(o: { first: boolean; second: boolean; afterFirst?: AdjustmentView[]; cart?: AdjustmentView[]; code: AdjustmentView[]; other?: AdjustmentView[] }): FlowResult {
  return {
    orderNumber: 'R1', stepReached: 'payment',
    afterFirst: view(o.afterFirst ?? (o.first ? [adj('Black Friday', -60)] : [])),
    cart: view(o.cart ?? o.code),
    final: view(o.code, o.other),
    coupon: { httpStatus: o.first ? 200 : 422, success: o.first, message: o.first ? 'applied' : 'nope' },
    second: { httpStatus: o.second ? 200 : 422, success: o.second, statusCode: o.second ? undefined : 'site_exclusive', message: o.second ? 'applied' : 'This coupon code can’t be combined' },
  };
}

test('both discounts at payment: they stack, said as information with the sum', () => {
  const f = explainPair(ctx, plan, flow({ first: true, second: true, code: [adj('Black Friday', -60), adj('Take 10', -10, true, 'order')] }));
  assert.equal(f.level, 'info');
  assert.equal(f.title, 'BF50 and TAKE10 stack on the both cart: $70.00 off together');
  assert.equal(f.id, 'api:pair:Black Friday + Take 10');
  assert.equal(f.campaign, 'Black Friday');
  // About both codes' campaigns, the first code's first (each campaign's standing reads it).
  assert.deepEqual(f.campaigns, ['Black Friday', 'Take 10']);
});

test('less off at checkout than the cart showed, with a code the store accepted giving nothing, is a warning naming what still applies', () => {
  // BF50 showed $60 off alone; once TAKE10 is in and checkout reached, only TAKE10's $10 is left.
  const f = explainPair(ctx, plan, flow({ first: true, second: true, code: [adj('Black Friday', 0, false), adj('Take 10', -10, true, 'order')], other: [adj('Free shipping', -7.95, true, 'shipment')] }));
  assert.equal(f.level, 'warn');
  assert.equal(f.title, 'BF50 then TAKE10 on the both cart: the cart shows $60.00 off, checkout only $10.00');
  assert.match(f.cause, /BF50 gives nothing, while TAKE10, Free shipping still apply/);
  assert.match(f.actual, /BF50 accepted but nothing off, TAKE10 -\$10\.00; also Promotion \(Free shipping\) -\$7\.95/);
});

test('a code that gives nothing while the customer keeps at least what the cart showed is information, not a warning', () => {
  // No exclusivity: the store keeps the better discount (BF50's $60) and TAKE10 adds nothing.
  const f = explainPair(ctx, plan, flow({ first: true, second: true, code: [adj('Black Friday', -60), adj('Take 10', 0, false, 'order')] }));
  assert.equal(f.level, 'info');
  assert.equal(f.title, 'BF50 then TAKE10 on the both cart: only one of them gives a discount ($60.00 off)');
  assert.match(f.cause, /TAKE10 gives nothing on this cart/);
});

test('a second code refused with a message, the first keeping its discount, is information quoting Solidus', () => {
  const f = explainPair(ctx, plan, flow({ first: true, second: false, code: [adj('Black Friday', -60)] }));
  assert.equal(f.level, 'info');
  assert.match(f.title, /the store refuses TAKE10 and BF50 keeps its discount/);
  assert.equal(f.cause, 'Solidus answered 422 site_exclusive: “This coupon code can’t be combined”.');
});

test('secret codes stay masked in pair findings', () => {
  const secret = { ...plan, first: { ...bf, secret: true } };
  const f = explainPair(ctx, secret, flow({ first: true, second: true, code: [adj('Black Friday', -60), adj('Take 10', -10)] }));
  assert.doesNotMatch(JSON.stringify(f), /BF50/);
  assert.match(f.title, /^BF•• and TAKE10 stack/);
});

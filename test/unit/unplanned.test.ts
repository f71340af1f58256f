/**
 * Unplanned promotions (src/inventory/unplanned.ts): the campaigns, carts and expectations built from
 * a promotion's own rules and actions, on a fixture shelf. No store: the inventory and the shelf are given.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Campaign, Site } from '../../src/config/types.ts';
import type { InventoryAction, InventoryPromotion, InventoryRule } from '../../src/solidus/inventory.ts';
import type { VariantInfo } from '../../src/dryrun/catalog.ts';
import { unplannedRuns, type Shelf, type UnplannedRun } from '../../src/inventory/unplanned.ts';

const planned: Campaign = { name: 'Black Friday 50% off', code: 'BLACKFRIDAY50', secret: false, window: ['2026-11-27T00:00', '2026-11-30T23:59'], carts: [] };

function site(): Pick<Site, 'holiday' | 'campaigns' | 'allCampaigns' | 'currency'> {
  return { currency: 'USD', holiday: { name: 'Thanksgiving', officesClosed: ['2026-11-26', '2026-11-29'], timezone: 'America/New_York' }, campaigns: [planned] };
}

const OUTERWEAR = 2;
const TOPS = 3;
const HOME = 5;
const item = (sku: string, name: string, price: number, taxon: number, productSku = sku): VariantInfo =>
  ({ sku, id: sku.length, name, price, inStock: true, onHand: 50, productSku, taxonIds: [taxon] });
const shelf: Shelf = {
  items: [
    item('ACC-001', 'Wool Beanie', 20, 4),
    item('FLC-002', 'Trailhead Fleece', 60, OUTERWEAR),
    item('HOM-001', 'Wool Throw Blanket', 110, HOME),
    item('HOM-002', 'Enamel Camp Mug', 16, HOME),
    item('JKT-001', 'Alpine Down Jacket', 120, OUTERWEAR),
    item('JKT-002-M', 'Harbor Rain Shell', 95, OUTERWEAR, 'JKT-002'),
    item('TOP-001', 'Classic Oxford Shirt', 55, TOPS),
    item('ACC-008', 'Sticker Pack', 3, 4),
  ],
  notPromotionable: [item('GIFT-050', 'Acme Gift Card $50', 50, 4)],
  permalinks: new Map([[1, 'categories'], [OUTERWEAR, 'categories/outerwear'], [TOPS, 'categories/tops'], [4, 'categories/accessories'], [HOME, 'categories/home']]),
};

let nextId = 1;
function promotion(p: Partial<InventoryPromotion> & Pick<InventoryPromotion, 'name'>): InventoryPromotion {
  return {
    id: nextId++, description: null, apply_automatically: false, advertise: false, path: null,
    codes: { count: 0, values: [], truncated: false },
    starts_at: '2026-11-01T00:00:00-04:00', expires_at: '2027-01-01T00:00:00-05:00', time_zone: 'America/New_York',
    usage_limit: null, per_code_usage_limit: null, uses: 0, match_policy: 'all', category: null, rules: [], actions: [],
    created_at: null, updated_at: null, ...p,
  };
}
const code = (value: string) => ({ count: 1, values: [{ value, uses: 0 }], truncated: false });
const rule = (type: string, settings: InventoryRule['settings']): InventoryRule => ({ type: `Spree::Promotion::Rules::${type}`, settings });
const itemTotal = (amount: number, operator: 'gt' | 'gte', currency = 'USD') => rule('ItemTotal', { amount: `${amount}.0`, operator, currency });
const calc = (type: string, settings: Record<string, unknown>, currency: string | null = null) => ({ type: `Spree::Calculator::${type}`, settings, currency });
const percentOnItems = (percent: number): InventoryAction => ({ type: 'Spree::Promotion::Actions::CreateItemAdjustments', settings: {}, calculator: calc('PercentOnLineItem', { percent: `${percent}.0` }) });
const amountOffOrder = (amount: number, currency = 'USD'): InventoryAction => ({ type: 'Spree::Promotion::Actions::CreateAdjustment', settings: {}, calculator: calc('FlatRate', { amount: `${amount}.0`, currency }, currency) });
const freeShipping: InventoryAction = { type: 'Spree::Promotion::Actions::FreeShipping', settings: {}, calculator: null };
const freeShipping85 = promotion({ name: 'Free Shipping on All Orders over $85', apply_automatically: true, starts_at: null, expires_at: null, rules: [itemTotal(85, 'gte')], actions: [freeShipping] });

function runs(...promotions: InventoryPromotion[]): UnplannedRun[] {
  return unplannedRuns({ site: site(), promotions, shelf, currency: 'USD' });
}
const cartsOf = (r: UnplannedRun) => r.campaign.carts.map((c) => [c.name, c.items, c.expect]);

describe('unplanned promotions', () => {
  test('a code with an item-total threshold is tried just under and just over it, and with a gift card, where it must be refused', () => {
    const [r] = runs(promotion({ name: '$15 off orders over $100', codes: code('maple15'), rules: [itemTotal(100, 'gt')], actions: [amountOffOrder(15)] }));
    assert.equal(r.skip, undefined);
    assert.equal(r.campaign.code, 'MAPLE15');
    assert.equal(r.campaign.secret, true, 'a code nobody planned is never shown in clear');
    assert.deepEqual(cartsOf(r), [
      ['$100 (just under $100)', { 'ACC-001': 2, 'FLC-002': 1 }, { order: 'none', code: 'rejected' }],
      ['$101 (over $100)', { 'ACC-001': 2, 'TOP-001': 1, 'ACC-008': 2 }, { order: '$15 off', code: 'accepted' }],
      ['$101 + Acme Gift Card $50 (not promotionable)', { 'ACC-001': 2, 'TOP-001': 1, 'ACC-008': 2, 'GIFT-050': 1 }, { order: 'none', code: 'rejected' }],
    ]);
    assert.deepEqual(r.notes, []);
  });

  test('an "at least" threshold is met at the amount itself, and the cart just under is a dollar below', () => {
    const [r] = runs(promotion({ name: 'Doorbuster', apply_automatically: true, rules: [itemTotal(80, 'gte')], actions: [amountOffOrder(25)] }));
    assert.deepEqual(r.campaign.carts.map((c) => [c.name, c.expect]), [
      ['$79 (just under $80)', { order: 'none' }],
      ['$80 (at least $80)', { order: '$25 off' }],
      ['$80 + Acme Gift Card $50 (not promotionable)', { order: 'none' }],
    ]);
    assert.equal(r.campaign.code, null, 'an automatic promotion has no code to enter');
  });

  test('a product rule gives a cart of that product, by its SKU; a percent off each item is said as a percent when every item gets it', () => {
    const [r] = runs(promotion({ name: 'Rain shells 30% off', codes: code('rain30'), rules: [rule('Product', { match_policy: 'any', products: [{ sku: 'JKT-002', name: 'Harbor Rain Shell' }] })], actions: [percentOnItems(30)] }));
    assert.deepEqual(cartsOf(r), [
      ['Harbor Rain Shell', { 'JKT-002-M': 1 }, { items: '30% off', code: 'accepted' }],
      ['Harbor Rain Shell + Acme Gift Card $50 (not promotionable)', { 'JKT-002-M': 1, 'GIFT-050': 1 }, { items: 'none', code: 'rejected' }],
    ]);
  });

  test('a taxon rule gives a promotionable product of the taxon, by permalink; with a threshold, only that product is discounted, said as an amount', () => {
    const [r] = runs(promotion({
      name: 'Cyber Monday 25% off tops', codes: code('cyber25'),
      rules: [rule('Taxon', { match_policy: 'any', taxons: [{ permalink: 'categories/tops', name: 'Tops' }] }), itemTotal(75, 'gte')], actions: [percentOnItems(25)],
    }));
    assert.deepEqual(cartsOf(r), [
      ['$74 (just under $75)', { 'TOP-001': 1, 'HOM-002': 1, 'ACC-008': 1 }, { items: 'none', code: 'rejected' }],
      ['$75 (at least $75)', { 'TOP-001': 1, 'ACC-001': 1 }, { items: '$13.75 off', code: 'accepted' }],
      ['$75 + Acme Gift Card $50 (not promotionable)', { 'TOP-001': 1, 'ACC-001': 1, 'GIFT-050': 1 }, { items: 'none', code: 'rejected' }],
    ]);
  });

  test('free shipping under its threshold is not asserted where another automatic promotion gives free shipping too; on the gift-card cart it is (no promotion applies there)', () => {
    const [own, r] = runs(freeShipping85, promotion({ name: 'Free shipping over $100 with a code', codes: code('ship100'), rules: [itemTotal(100, 'gte')], actions: [freeShipping] }));
    assert.deepEqual(r.campaign.carts.map((c) => [c.name, c.expect]), [
      ['$99 (just under $100)', { code: 'rejected' }],
      ['$100 (at least $100)', { shipping: 'free', code: 'accepted' }],
      ['$100 + Acme Gift Card $50 (not promotionable)', { shipping: 'paid', code: 'rejected' }],
    ]);
    // The automatic one itself (unplanned here): no other automatic free shipping, so paid below $85.
    assert.deepEqual(own.campaign.carts.map((c) => c.expect), [{ shipping: 'paid' }, { shipping: 'free' }, { shipping: 'paid' }]);
  });

  test('extra items that fill a cart are never products another automatic promotion names', () => {
    const homeSale = promotion({ name: 'Home 10% off', apply_automatically: true, rules: [rule('Taxon', { match_policy: 'any', taxons: [{ permalink: 'categories/home', name: 'Home' }] })], actions: [percentOnItems(10)] });
    const [, r] = runs(homeSale, promotion({ name: 'Big carts $5 off', codes: code('big5'), rules: [itemTotal(35, 'gte')], actions: [amountOffOrder(5)] }));
    for (const cart of r.campaign.carts) assert.ok(!Object.keys(cart.items).some((sku) => sku.startsWith('HOM-')), `${cart.name}: ${JSON.stringify(cart.items)}`);
  });

  test('two automatic promotions on the same item: each cart of one still expects its own discount, so the dry-run shows when the other takes its place', () => {
    const throwRule = rule('Product', { match_policy: 'any', products: [{ sku: 'HOM-001', name: 'Wool Throw Blanket' }] });
    const twenty: InventoryAction = { type: 'Spree::Promotion::Actions::CreateItemAdjustments', settings: {}, calculator: calc('FlatRate', { amount: '20.0', currency: 'USD' }, 'USD') };
    const [cozy, flat] = runs(
      promotion({ name: 'Cozy Home 15% off', apply_automatically: true, rules: [throwRule], actions: [percentOnItems(15)] }),
      promotion({ name: 'Wool Throw $20 off', apply_automatically: true, rules: [throwRule], actions: [twenty] }),
    );
    assert.deepEqual(cozy.campaign.carts[0].expect, { items: '15% off' });
    assert.deepEqual(flat.campaign.carts[0].expect, { items: '$20 off' });
  });

  test('an amount in another currency is expected at face value, with a note that Solidus gives it only to orders in that currency', () => {
    const [r] = runs(promotion({ name: 'Maple', codes: code('maple15'), rules: [itemTotal(100, 'gt')], actions: [amountOffOrder(15, 'CAD')] }));
    assert.deepEqual(r.campaign.carts[1].expect, { order: '$15 off', code: 'accepted' });
    assert.match(r.notes[0], /FlatRate calculator is in CAD, not the store's USD/);
  });

  test('not dry-run, with the reason: no actions, rules only a signed-in customer meets, a rule the harness does not know, no code and not automatic', () => {
    const out = runs(
      promotion({ name: 'Free mug', codes: code('freemug'), rules: [itemTotal(75, 'gte')] }),
      promotion({ name: 'Welcome back', codes: code('welcome'), rules: [rule('FirstOrder', {}), rule('NthOrder', { nth_order: 2 })], actions: [percentOnItems(15)] }),
      promotion({ name: 'Own rule', codes: code('own'), rules: [rule('StoreSpecial', {})], actions: [percentOnItems(15)] }),
      promotion({ name: 'Landing page', actions: [percentOnItems(15)] }),
    );
    assert.deepEqual(out.map((r) => [r.campaign.name, r.skip, r.campaign.carts.length]), [
      ['Free mug', 'it has no actions, so it gives nothing (Solidus refuses its code): there is nothing to expect from it', 0],
      ['Welcome back', 'its rules need an order number of a signed-in customer, and the dry-run shops as a guest', 0],
      ['Own rule', 'its rule StoreSpecial is not one the harness can build carts for', 0],
      ['Landing page', 'it has no code to enter and is not automatic', 0],
    ]);
  });

  test('each runs at its first live minute of the holiday; planned promotions and those not live during the holiday are left out', () => {
    const out = runs(
      promotion({ name: 'Black Friday 50% off', codes: code('blackfriday50'), actions: [percentOnItems(50)] }),
      promotion({ name: 'Cyber Monday', codes: code('cyber'), starts_at: '2026-11-30T00:00:00Z', expires_at: '2026-12-01T00:00:00Z', actions: [percentOnItems(25)] }),
      promotion({ name: 'Spring sale', codes: code('spring'), starts_at: '2026-03-01T00:00:00-05:00', expires_at: '2026-04-01T00:00:00-04:00', actions: [percentOnItems(25)] }),
      promotion({ name: 'All season', codes: code('season'), actions: [percentOnItems(10)] }),
    );
    assert.deepEqual(out.map((r) => [r.campaign.name, r.moment?.label, r.moment?.at]), [
      ['Cyber Monday', 'live', '2026-11-29T19:01:00-05:00'],
      ['All season', 'live', '2026-11-26T00:00:00-05:00'],
    ]);
  });

  test('two unplanned promotions with one name keep apart by their ids', () => {
    const a = promotion({ name: 'Flash sale', codes: code('flash1'), actions: [percentOnItems(10)] });
    const b = promotion({ name: 'Flash sale', codes: code('flash2'), actions: [percentOnItems(20)] });
    assert.deepEqual(runs(a, b).map((r) => r.campaign.name), ['Flash sale', `Flash sale (promotion ${b.id})`]);
  });
});

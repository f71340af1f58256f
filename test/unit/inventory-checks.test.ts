/**
 * The inventory's configuration checks (src/inventory/checks.ts) and its results.json section
 * (src/inventory/section.ts) on fixture inventories: each check fires on its case and stays quiet on
 * the near miss next to it. Thanksgiving 2026 in New York: offices closed Thu Nov 26 – Sun Nov 29.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Campaign, Site } from '../../src/config/types.ts';
import type { Finding } from '../../src/findings/types.ts';
import type { Inventory, InventoryAction, InventoryPromotion, InventoryRule } from '../../src/solidus/inventory.ts';
import {
  automaticBoundary, automaticCompete, contradictoryRules, findingKey, noActions, otherCurrency, pairStores, perCodeZero, promotionsOfKey,
  storeDifferences, testLooking, unplanned, usageTooLow, windowMissesPlan, wrongZone, type Check, type CheckContext,
} from '../../src/inventory/checks.ts';
import { inventorySection } from '../../src/inventory/section.ts';
import { unplannedCampaigns } from '../../src/inventory/live.ts';
import { maskSecret, showStoreCode } from '../../src/safety/redact.ts';

const TZ = 'America/New_York';
const ITEM = 'Spree::Promotion::Actions::CreateItemAdjustments';

const percent = (n: number): InventoryAction => ({ type: ITEM, settings: {}, calculator: { type: 'Spree::Calculator::PercentOnLineItem', settings: { percent: `${n}.0` }, currency: null } });
const orderOff = (amount: number, currency = 'USD'): InventoryAction => ({
  type: 'Spree::Promotion::Actions::CreateAdjustment', settings: {}, calculator: { type: 'Spree::Calculator::FlatRate', settings: { amount: `${amount}.0` }, currency },
});
const freeShipping: InventoryAction = { type: 'Spree::Promotion::Actions::FreeShipping', settings: {}, calculator: null };
const itemTotal = (amount: number, operator = 'gte', currency = 'USD'): InventoryRule => ({ type: 'Spree::Promotion::Rules::ItemTotal', settings: { amount: `${amount}.0`, operator, currency } });
const products = (...skus: string[]): InventoryRule => ({ type: 'Spree::Promotion::Rules::Product', settings: { match_policy: 'any', products: skus.map((sku) => ({ sku, name: sku })) } });

let nextId = 1;
/** A promotion live all November and December 2026, one code, 10% off items. */
function promo(over: Partial<InventoryPromotion> = {}): InventoryPromotion {
  const code = over.codes === undefined && !over.apply_automatically;
  return {
    id: nextId++, name: 'Winter 10% off', description: null, apply_automatically: false, advertise: false, path: null,
    codes: code ? { count: 1, values: [{ value: 'winter10', uses: 0 }], truncated: false } : { count: 0, values: [], truncated: false },
    starts_at: '2026-11-01T00:00:00-04:00', expires_at: '2027-01-01T00:00:00-05:00', time_zone: TZ,
    usage_limit: null, per_code_usage_limit: null, uses: 0, match_policy: 'all', category: null,
    rules: [], actions: [percent(10)], created_at: null, updated_at: null,
    ...over,
  };
}
const auto = (over: Partial<InventoryPromotion> = {}) => promo({ apply_automatically: true, codes: { count: 0, values: [], truncated: false }, ...over });
const withCode = (value: string, uses = 0) => ({ count: 1, values: [{ value, uses }], truncated: false });

function inventory(promotions: InventoryPromotion[], currency = 'USD'): Inventory {
  return {
    schema_version: 1, extension_version: '0.1.0', engine: 'legacy',
    store: { name: 'Acme', code: 'acme', url: 'acme.test', currency, time_zone: TZ }, promotions, pages: 1,
  };
}

function campaign(over: Partial<Campaign>): Campaign {
  return { name: 'Planned', code: null, secret: false, carts: [], ...over } as Campaign;
}
function site(campaigns: Campaign[] = []): Site {
  return { holiday: { name: 'Thanksgiving', officesClosed: ['2026-11-26', '2026-11-29'], timezone: TZ }, campaigns, production: { url: 'http://p' } } as unknown as Site;
}
function ctx(campaigns: Campaign[] = [], owners: CheckContext['owners'] = { schedule: true, usageLimits: true }): CheckContext {
  const s = site(campaigns);
  return { site: s, store: 'production', show: (c) => showStoreCode(s, c), owners };
}
const run = (check: Check, promotions: InventoryPromotion[], c = ctx()) => check(inventory(promotions), c);

describe('C1 no actions', () => {
  test('fires for a promotion with no actions live during the holiday, and says Solidus refuses its code', () => {
    const p = promo({ actions: [] });
    const [f] = run(noActions, [p]);
    assert.equal(f.key, `${p.id}:no-actions`);
    assert.match(f.cause, /doesn't exist/);
    assert.equal(f.code, maskSecret('winter10'), 'the store\'s code is masked');
  });
  test('stays quiet when it has an action, or has none but ended before the holiday', () => {
    assert.deepEqual(run(noActions, [promo(), promo({ actions: [], expires_at: '2026-11-20T00:00:00-05:00' })]), []);
  });
});

describe('C2 per-code limit zero', () => {
  test('fires for a per-code limit of 0 on an unplanned code', () => {
    const [f] = run(perCodeZero, [promo({ per_code_usage_limit: 0 })]);
    assert.match(f.title, /per-code usage limit is 0/);
    assert.match(f.cause, /Coupon code usage limit exceeded/);
  });
  test('stays quiet at 1, and for a planned code with expected redemptions (usage-limits reports it)', () => {
    const planned = [campaign({ code: 'WINTER10', expectedRedemptions: 100 })];
    assert.deepEqual(run(perCodeZero, [promo({ per_code_usage_limit: 1 })]), []);
    assert.deepEqual(run(perCodeZero, [promo({ per_code_usage_limit: 0 })], ctx(planned)), []);
  });
  test('reports the planned code when usage-limits is off', () => {
    const planned = [campaign({ code: 'WINTER10', expectedRedemptions: 100 })];
    assert.equal(run(perCodeZero, [promo({ per_code_usage_limit: 0 })], ctx(planned, { usageLimits: false })).length, 1);
  });
});

describe('C3 usage too low', () => {
  const planned = [campaign({ name: 'Free shipping', expectedRedemptions: 500 })];
  test('fires when the uses so far leave fewer than the expected redemptions (an automatic planned promotion)', () => {
    const [f] = run(usageTooLow, [auto({ name: 'Free shipping', usage_limit: 600, uses: 200 })], ctx(planned));
    assert.equal(f.campaign, 'Free shipping');
    assert.match(f.actual, /usage limit 600 with 200 already used: 400 left/);
  });
  test('stays quiet with enough left', () => {
    assert.deepEqual(run(usageTooLow, [auto({ name: 'Free shipping', usage_limit: 700, uses: 200 })], ctx(planned)), []);
  });
  test('leaves a planned code\'s limit below the expected redemptions to usage-limits, and adds the uses it cannot see', () => {
    const coded = [campaign({ name: 'Winter', code: 'WINTER10', expectedRedemptions: 500 })];
    assert.deepEqual(run(usageTooLow, [promo({ usage_limit: 400, uses: 0 })], ctx(coded)), [], 'usage-limits owns 400 < 500');
    assert.equal(run(usageTooLow, [promo({ usage_limit: 600, uses: 200 })], ctx(coded)).length, 1);
    const perCode = run(usageTooLow, [promo({ per_code_usage_limit: 600, codes: withCode('winter10', 150) })], ctx(coded));
    assert.match(perCode[0].actual, /per-code usage limit 600 with 150 already used on WINTER10/);
  });
});

describe('C4 window misses the plan', () => {
  test('fires when a planned automatic promotion ends early, and names a slip of exactly the UTC offset', () => {
    const planned = [campaign({ name: 'Free shipping', window: ['2026-11-27T00:00', '2026-11-30T23:59'] })];
    const [f] = run(windowMissesPlan, [auto({ name: 'Free shipping', starts_at: '2026-11-26T00:00:00-05:00', expires_at: '2026-11-30T19:00:00-05:00' })], ctx(planned));
    assert.match(f.title, /ends 5 hours early/);
    assert.match(f.actual, /entered as UTC/);
  });
  test('stays quiet when the window covers the plan, or the holiday for a campaign without a window', () => {
    const planned = [campaign({ name: 'Free shipping', window: ['2026-11-27T00:00', '2026-11-30T23:59'] })];
    assert.deepEqual(run(windowMissesPlan, [auto({ name: 'Free shipping', starts_at: '2026-11-27T00:00:00-05:00', expires_at: '2026-12-01T00:00:00-05:00' })], ctx(planned)), []);
    assert.deepEqual(run(windowMissesPlan, [auto({ name: 'Always' })], ctx([campaign({ name: 'Always' })])), []);
    assert.equal(run(windowMissesPlan, [auto({ name: 'Always', expires_at: '2026-11-28T00:00:00-05:00' })], ctx([campaign({ name: 'Always' })])).length, 1);
  });
  test('leaves planned codes to promotion-schedule', () => {
    const planned = [campaign({ code: 'WINTER10', window: ['2026-11-27T00:00', '2026-11-30T23:59'] })];
    assert.deepEqual(run(windowMissesPlan, [promo({ expires_at: '2026-11-28T00:00:00-05:00' })], ctx(planned)), []);
  });
});

describe('C5 wrong zone', () => {
  test('fires for a start at midnight UTC, 7:00 PM Eastern the evening before', () => {
    const [f] = run(wrongZone, [promo({ starts_at: '2026-11-26T00:00:00Z' })]);
    assert.match(f.title, /starts Wed, Nov 25, 2026, 7:00 PM EST: midnight UTC, not in America\/New_York/);
    assert.match(f.action, /set its start to Thu, Nov 26, 2026, 12:00 AM EST/);
  });
  test('stays quiet at midnight Eastern, at 9:00 AM, and for planned promotions', () => {
    assert.deepEqual(run(wrongZone, [promo({ starts_at: '2026-11-26T00:00:00-05:00' }), promo({ starts_at: '2026-11-26T09:00:00-05:00' })]), []);
    assert.deepEqual(run(wrongZone, [promo({ starts_at: '2026-11-26T00:00:00Z' })], ctx([campaign({ code: 'WINTER10' })])), []);
  });
});

describe('C6 other currency', () => {
  test('fires for a flat amount in EUR and an item-total threshold in CAD on a USD store', () => {
    const [f] = run(otherCurrency, [promo({ actions: [orderOff(10, 'EUR')], rules: [itemTotal(100, 'gt', 'CAD')] })]);
    assert.match(f.title, /CAD and EUR, not the store's USD/);
  });
  test('stays quiet in USD and for percentages', () => {
    assert.deepEqual(run(otherCurrency, [promo({ actions: [orderOff(10), percent(20)], rules: [itemTotal(100)] })]), []);
  });
});

describe('C7 contradictory rules', () => {
  test('fires for "first order" with "order number 3", for an item total above $200 and below $100, and for only non-promotionable products', () => {
    const below: InventoryRule = { type: 'Acme::Rules::ItemTotalBelow', settings: { amount: '100.0', operator: 'lt', currency: 'USD' } };
    const giftCard: InventoryRule = { type: 'Spree::Promotion::Rules::Product', settings: { match_policy: 'any', products: [{ sku: 'GIFT-001', name: 'Gift card', promotionable: false } as never] } };
    const found = run(contradictoryRules, [
      promo({ rules: [{ type: 'Spree::Promotion::Rules::FirstOrder', settings: {} }, { type: 'Spree::Promotion::Rules::NthOrder', settings: { nth_order: 3 } }] }),
      promo({ rules: [itemTotal(200, 'gt'), below] }),
      promo({ rules: [giftCard] }),
    ]);
    assert.equal(found.length, 3);
    assert.match(found[1].cause, /no item total is both/);
    assert.match(found[2].cause, /not promotionable/);
  });
  test('stays quiet for an item total above $50 and below $100, and a product rule with a promotionable product', () => {
    const below: InventoryRule = { type: 'Acme::Rules::ItemTotalBelow', settings: { amount: '100.0', operator: 'lt', currency: 'USD' } };
    assert.deepEqual(run(contradictoryRules, [promo({ rules: [itemTotal(50, 'gt'), below] }), promo({ rules: [products('JKT-001')] })]), []);
  });
});

describe('C8 test-looking', () => {
  test('fires for a name with "TEST", a description "do not use" and a staff code', () => {
    const found = run(testLooking, [promo({ name: 'TEST free tote' }), promo({ name: 'Tote', description: 'Do not use' }), promo({ name: 'Tote', codes: withCode('staff40') })]);
    assert.equal(found.length, 3);
    assert.match(found[2].actual, /its code st•••40 looks like a staff code/);
  });
  test('stays quiet for "Contest winners", an unrelated code, and a planned promotion', () => {
    assert.deepEqual(run(testLooking, [promo({ name: 'Contest winners', codes: withCode('testament') })]), []);
    assert.deepEqual(run(testLooking, [promo({ name: 'Staff 30% off' })], ctx([campaign({ name: 'Staff 30% off' })])), []);
  });
});

describe('C9 automatic boundary', () => {
  test('fires for an automatic promotion that ends on Black Friday at noon', () => {
    const [f] = run(automaticBoundary, [auto({ expires_at: '2026-11-27T12:00:00-05:00' })]);
    assert.match(f.title, /ends Fri, Nov 27, 2026, 12:00 PM EST, during Thanksgiving/);
    assert.match(f.cause, /lose the discount at their next step/);
  });
  test('stays quiet when it spans the holiday, ends at its first minute, or has a code', () => {
    assert.deepEqual(run(automaticBoundary, [auto(), auto({ expires_at: '2026-11-26T00:00:00-05:00' }), promo({ expires_at: '2026-11-27T12:00:00-05:00' })]), []);
  });
});

describe('C10 automatic compete', () => {
  test('fires for two automatic promotions discounting items at the same time, with one key for the pair', () => {
    const a = auto({ name: 'Sitewide 10%' });
    const b = auto({ name: 'Sitewide 15%', actions: [percent(15)] });
    const [f] = run(automaticCompete, [a, b]);
    assert.equal(f.key, `${a.id}+${b.id}:automatic-compete`);
    assert.deepEqual(promotionsOfKey(f.key, 'production').map((r) => r.id), [a.id, b.id]);
    assert.match(f.cause, /PromotionChooser/);
  });
  test('groups three rivals for the shipment into one finding', () => {
    const found = run(automaticCompete, [auto({ actions: [freeShipping] }), auto({ actions: [freeShipping] }), auto({ actions: [freeShipping] }), auto()]);
    assert.equal(found.length, 1);
    assert.equal(found[0].promotions.length, 3);
    assert.match(found[0].title, /^3 automatic promotions, .* compete for the shipment/);
  });
  test('stays quiet for items against the shipment, for products that do not overlap, and for windows that do not meet', () => {
    assert.deepEqual(run(automaticCompete, [auto(), auto({ actions: [freeShipping] })]), []);
    assert.deepEqual(run(automaticCompete, [auto({ rules: [products('JKT-001')] }), auto({ rules: [products('FLC-002')] })]), []);
    assert.deepEqual(run(automaticCompete, [auto({ expires_at: '2026-11-27T00:00:00-05:00' }), auto({ starts_at: '2026-11-28T00:00:00-05:00' })]), []);
  });
});

describe('D1 store differences and U1 unplanned', () => {
  test('fires for a promotion missing on staging, one whose amount differs, and one only on staging; quiet for an identical one', () => {
    const same = promo({ name: 'Same' });
    const onlyProduction = promo({ name: 'Only in production', codes: withCode('prodonly') });
    const amount = promo({ name: 'Amount', codes: withCode('amount5'), actions: [orderOff(5)] });
    const stagingAmount = { ...amount, id: 900, actions: [orderOff(10)] };
    const onlyStaging = promo({ name: 'Only on staging', codes: withCode('stagingonly') });
    const c = ctx();
    const found = storeDifferences(inventory([same, onlyProduction, amount]), inventory([{ ...same, id: 901 }, stagingAmount, onlyStaging]), c);
    assert.deepEqual(found.map((f) => f.key), [`${onlyProduction.id}:store-difference`, `${amount.id}:store-difference`, `staging-${onlyStaging.id}:store-difference`]);
    assert.match(found[1].actual, /actions: production "\$5.00 off the order", staging "\$10.00 off the order"/);
  });
  test('pairs by code before name', () => {
    const p = promo({ name: 'Renamed', codes: withCode('abc123') });
    const s = promo({ name: 'Old name', codes: withCode('ABC123') });
    assert.equal(pairStores([p], [s]).get(p), s);
  });
  test('lists an unplanned promotion as info and leaves planned ones out', () => {
    const found = run(unplanned, [promo({ name: 'Mystery' }), promo({ name: 'Planned one', codes: withCode('planned1') })], ctx([campaign({ code: 'PLANNED1' })]));
    assert.equal(found.length, 1);
    assert.equal(found[0].kind, 'info');
    assert.equal(found[0].key, findingKey(found[0].promotions, 'U1', 'production'));
  });
});

describe('results.json inventory section', () => {
  test('every promotion live in the timeline span from either store, codes masked unless planned, its stores and findings', () => {
    const planned = promo({ name: 'Black Friday', codes: withCode('blackfriday50') });
    const secret = promo({ name: 'Mystery', codes: withCode('mystery77') });
    const old = promo({ name: 'Summer', starts_at: '2026-06-01T00:00:00-04:00', expires_at: '2026-07-01T00:00:00-04:00' });
    const stagingOnly = promo({ name: 'Staging only', codes: withCode('stg1') });
    const s = site([campaign({ name: 'Black Friday 50% off', code: 'BLACKFRIDAY50' })]);
    const findings = [
      { id: `audit:promotion-inventory:${secret.id}:unplanned`, campaign: undefined },
      { id: `audit:promotion-inventory:staging-${stagingOnly.id}:store-difference` },
      { id: 'api:Black Friday 50% off:x', campaign: 'Black Friday 50% off' },
    ] as Finding[];
    const section = inventorySection(s, { production: { status: 'read', inventory: inventory([planned, secret, old]) }, staging: { status: 'read', inventory: inventory([{ ...planned, id: 500 }, stagingOnly]) } }, new Date('2026-11-20T12:00:00Z'), findings);
    assert.equal(section.status, 'read');
    assert.deepEqual(section.promotions.map((p) => [p.name, p.codes, p.on, p.campaign ?? null, p.findings]), [
      ['Black Friday', ['BLACKFRIDAY50'], ['production', 'staging'], 'Black Friday 50% off', ['api:Black Friday 50% off:x']],
      ['Mystery', [maskSecret('mystery77')], ['production'], null, [`audit:promotion-inventory:${secret.id}:unplanned`]],
      ['Staging only', [maskSecret('stg1')], ['staging'], null, [`audit:promotion-inventory:staging-${stagingOnly.id}:store-difference`]],
    ]);
    assert.equal(section.span.from, '2026-11-19T05:00:00.000Z');
  });
  test('says why when production has no extension', () => {
    const section = inventorySection(site(), { production: { status: 'no-extension', message: 'answered 404' } }, new Date(), []);
    assert.equal(section.status, 'no-extension');
    assert.equal(section.message, 'answered 404');
    assert.deepEqual(section.promotions, []);
  });
});

describe('findings name the campaign of their promotion, planned or unplanned (#16)', () => {
  // Staging's unplanned promotions, as the API dry-run names their campaigns (unplannedCampaigns).
  const staging = [
    promo({ name: 'Cyber Monday 25% off tops', codes: withCode('cyber25'), starts_at: '2026-11-30T00:00:00Z' }),
    auto({ name: 'Doorbuster $25 off', actions: [orderOff(25)] }),
    promo({ name: 'Planned', codes: withCode('planned10') }),
  ];
  const planned = campaign({ name: 'Planned', code: 'PLANNED10' });
  const unplannedCtx = (): CheckContext => ({ ...ctx([planned]), unplanned: unplannedCampaigns(staging, site([planned])).map((u) => u.campaign) });

  test('the unplanned campaigns are named as the dry-run names them, the planned one left out', () => {
    assert.deepEqual(unplannedCampaigns(staging, site([planned])).map((u) => [u.campaign.name, u.campaign.code]), [
      ['Cyber Monday 25% off tops', 'CYBER25'], ['Doorbuster $25 off', null],
    ]);
  });

  test("a production promotion's finding names the unplanned campaign of staging's copy, by its code or else its name", () => {
    // Production's copies: another id, the code in other case; the automatic one matched by name.
    const cyber = promo({ name: 'Cyber Monday 25% off tops', codes: withCode('CYBER25'), starts_at: '2026-11-30T00:00:00Z' });
    const door = auto({ name: 'Doorbuster $25 off', actions: [orderOff(25)], starts_at: '2026-11-27T00:00:00-05:00' });
    const [zone] = run(wrongZone, [cyber], unplannedCtx());
    assert.equal(zone.campaign, 'Cyber Monday 25% off tops');
    const [boundary] = run(automaticBoundary, [door], unplannedCtx());
    assert.equal(boundary.campaign, 'Doorbuster $25 off');
    // U1 says it is unplanned and names the campaign its dry-run goes by; the code stays the store's, masked.
    const u1 = run(unplanned, [cyber, door], unplannedCtx());
    assert.deepEqual(u1.map((f) => f.campaign), ['Cyber Monday 25% off tops', 'Doorbuster $25 off']);
    assert.equal(u1[0].code, maskSecret('CYBER25'));
    // Without staging's unplanned campaigns (no staging inventory), it names none, as before.
    assert.equal(run(wrongZone, [cyber])[0].campaign, undefined);
  });

  test('a planned campaign still wins over an unplanned one', () => {
    const [f] = run(noActions, [promo({ name: 'Planned', codes: withCode('planned10'), actions: [] })], unplannedCtx());
    assert.equal(f.campaign, 'Planned');
    assert.equal(f.campaigns, undefined);
  });

  test('automatic promotions that compete name every campaign among them', () => {
    const a = auto({ name: 'Doorbuster $25 off', actions: [orderOff(25)] });
    const b = auto({ name: 'Nobody plans this', actions: [orderOff(5)] });
    const c = auto({ name: 'Planned', actions: [orderOff(10)] });
    const [f] = run(automaticCompete, [a, b, c], unplannedCtx());
    assert.equal(f.campaign, 'Doorbuster $25 off');
    assert.deepEqual(f.campaigns, ['Doorbuster $25 off', 'Planned']);
    const [one] = run(automaticCompete, [a, b], unplannedCtx());
    assert.equal(one.campaign, 'Doorbuster $25 off');
    assert.equal(one.campaigns, undefined, 'one campaign: no list');
  });
});

/**
 * The browser dry-run's pure parts: reading the order summary as the page shows it, masking,
 * file names, and the findings made from browser cases (selector misses, disagreements with the API).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { parseSite } from '../../src/config/load.ts';
import type { Site } from '../../src/config/types.ts';
import type { CaseResult } from '../../src/findings/types.ts';
import { paidShipping } from '../../src/dryrun/order-view.ts';
import { checkReading, describeBrowserCase, kindOf, parseMoney, placeFromGroup, readSummary, unplacedExpectation, type SummaryRow } from '../../src/browser/summary.ts';
import { redactDeep, redactor, secretsOf } from '../../src/safety/redact.ts';
import { caseSlug, engineerDirOf, relativeToRun } from '../../src/browser/paths.ts';
import { browserFinding, disagreement, guardFinding, otherOriginsFinding, placeByApi, placedCase, type BrowserCaseFile } from '../../src/browser/compare.ts';
import { assembleResults } from '../../src/pipeline/results.ts';
import type { Page } from 'playwright';
import { cssOf, labelPattern, locate, namePattern, parseSelector } from '../../src/browser/locate.ts';
import { PRESETS, PRESET_NAMES, SELECTOR_KEYS } from '../../src/browser/presets.ts';
import { presetOfPage } from '../../src/browser/detect.ts';
import { browserCannot, browserDoes } from '../../src/browser/unsupported.ts';
import { runReadinessAudits as runAudits } from '../../src/pipeline/audits.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const NO_ORDERS = { ordersCreated: 0, ordersEmptied: 0, leftoversSwept: 0 };

function site(extra = ''): Site {
  const yaml = `site: shop
name: Shop
currency: USD
staging: { url: 'http://127.0.0.1:3000', api_key_env: SHOP_KEY }
holiday: { name: Thanksgiving, offices_closed: [2026-11-26, 2026-11-29], timezone: America/New_York }
people: { engineer: { name: Dana }, client_rep: { name: Sam }, slack_channel: '#shop' }
campaigns:
  - name: Black Friday 50% off
    code: BLACKFRIDAY50
    carts:
      - { name: $120 jacket, items: { JKT-001: 1 }, expect: { items: 50% off } }
  - name: Staff discount
    code: STAFF-ONLY-30
    secret: true
    carts:
      - { name: $60 fleece, items: { FLC-002: 1 }, expect: { items: 30% off } }
${extra}`;
  const loaded = parseSite(yaml, path.join(ROOT, 'sites', 'shop.yml'), { env: { SHOP_KEY: 'x' } });
  assert.ok(loaded.ok, loaded.ok ? '' : JSON.stringify(loaded.errors));
  return loaded.site;
}

/** The sandbox's summary rows for BLACKFRIDAY50 on the $120 jacket, in the cart and at confirm. */
const CART_ROWS: SummaryRow[] = [
  { label: 'Subtotal', amount: '$120.00', kind: 'subtotal' },
  { label: 'Promotion (Black Friday 50% off)', amount: '-$60.00', kind: 'promotion' },
  { label: 'Tax', amount: '$3.60', kind: 'tax' },
  { label: 'Total', amount: '$63.60', kind: 'total' },
];
const CONFIRM_ROWS: SummaryRow[] = [
  { label: 'Subtotal', amount: '$120.00', kind: 'subtotal' },
  { label: 'Promotion (Free Shipping on All Orders over $85)', amount: '-$7.95', kind: 'promotion' },
  { label: 'Shipping', amount: '$7.95', kind: 'shipping' },
  { label: 'Tax', amount: '$7.20', kind: 'tax' },
  { label: 'Total', amount: '$127.20', kind: 'total' },
];
const BF = { campaign: 'Black Friday 50% off' };
const BF_EXPECT = { items: '50% off' };

describe('reading the order summary as the customer sees it', () => {
  test('parses the money formats storefronts show', () => {
    assert.equal(parseMoney('-$60.00'), -60);
    assert.equal(parseMoney('−$7.95'), -7.95);
    assert.equal(parseMoney('($5.00)'), -5);
    assert.equal(parseMoney('$1,234.50'), 1234.5);
    assert.equal(parseMoney('1.234,50 €'), 1234.5);
    assert.equal(parseMoney('Free'), 0);
    assert.equal(parseMoney('—'), undefined);
  });

  test('tells the kind of a row from its label when the storefront gives no hint', () => {
    assert.equal(kindOf({ label: 'Subtotal', amount: '$1' }), 'subtotal');
    assert.equal(kindOf({ label: 'Promotion (X)', amount: '-$1' }), 'promotion');
    assert.equal(kindOf({ label: 'Shipping', amount: '$7.95' }), 'shipping');
    assert.equal(kindOf({ label: 'Sales tax', amount: '$1' }), 'tax');
    assert.equal(kindOf({ label: 'Tax (included)', amount: '$1' }), 'included-tax');
    assert.equal(kindOf({ label: 'Order total', amount: '$1' }), 'total');
    assert.equal(kindOf({ label: 'Holiday savings', amount: '-$5' }), 'promotion');
  });

  test('sees BLACKFRIDAY50 take $60.00 off the $120 jacket in the cart, without the page saying whether on the items or the order', () => {
    const r = readSummary(CART_ROWS, BF);
    assert.equal(r.campaignDiscount, -60);
    // The sandbox's summary lists one row per promotion wherever it sits: the place is not guessed from the plan.
    assert.deepEqual(r.unplaced, [0]);
    assert.equal(r.totals.itemDiscount, 0);
    assert.equal(r.totals.promoTotal, -60);
    assert.equal(r.totals.total, 63.6);
    assert.equal(r.hasShipping, false);
    assert.deepEqual(r.missing, []);
  });

  test('fails the $120 jacket at the confirm step, where free shipping has replaced the 50% off', () => {
    const r = readSummary(CONFIRM_ROWS, BF);
    assert.equal(r.campaignDiscount, 0);
    assert.deepEqual(r.adjustments.map((a) => [a.promotion, a.on, a.amount]), [['Free Shipping on All Orders over $85', 'shipment', -7.95]]);
    const checks = checkReading(BF_EXPECT, r, { 'JKT-001': 1 }, true, 'confirm');
    assert.deepEqual(checks.map((c) => [c.what, c.ok]), [['code', true], ['items', false]]);
    assert.equal(checks[1].actual, 'full price for items (no discount)');
  });

  test('places an order-level code on the order, and judges free shipping by what the customer pays', () => {
    const rows: SummaryRow[] = [
      { label: 'Subtotal', amount: '$130.00' },
      { label: 'Promotion ($10 off orders over $100)', amount: '-$10.00' },
      { label: 'Promotion (Free Shipping on All Orders over $85)', amount: '-$7.95' },
      { label: 'Shipping', amount: '$7.95' },
      { label: 'Total', amount: '$127.20' },
    ];
    const r = readSummary(rows, { campaign: '$10 off orders over $100' });
    assert.equal(r.totals.orderDiscount, -10);
    const checks = checkReading({ order: '$10 off', shipping: 'free' }, r, { 'TOP-001': 2, 'ACC-001': 1 }, true, 'confirm');
    assert.ok(checks.every((c) => c.ok), JSON.stringify(checks));
  });

  test('says what the customer sees in the words the report reads the cart discount from', () => {
    const text = describeBrowserCase({
      coded: true, accepted: true, message: 'The coupon code was successfully applied to your order.',
      cart: readSummary(CART_ROWS, BF), final: readSummary(CONFIRM_ROWS, BF), step: 'confirm', currency: 'USD',
    });
    assert.match(text, /in the cart \(\$60\.00 off shown\)/);
    assert.match(text, /At the confirm step the page shows: full price for items, free shipping; total \$127\.20\./);
  });
});

describe('storefronts as Solidus stores run them', () => {
  /** The starter storefront's payment-step summary (names the promotions) and confirm step (does not). */
  const PAYMENT_ROWS: SummaryRow[] = [
    { label: 'Item Total:', amount: '$60.00' },
    { label: 'Promotion (Black Friday 50% off)', amount: '-$30.00' },
    { label: 'Sales Tax', amount: '$1.80' },
    { label: 'Shipping Total:', amount: '$7.95' },
    { label: 'Order Total:', amount: '$39.75' },
  ];
  const STARTER_CONFIRM: SummaryRow[] = [
    { label: 'Subtotal', amount: '$60.00' },
    { label: 'Promotion', amount: '-$30.00' },
    { label: 'Shipping — Ground', amount: '$7.95' },
    { label: 'Tax — Sales Tax', amount: '$1.80' },
    { label: 'Order Total', amount: '$39.75' },
  ];

  test('an unnamed "Promotion" row at the confirm step is the payment step\'s promotion of the same amount', () => {
    const named = readSummary(PAYMENT_ROWS, BF);
    const r = readSummary(STARTER_CONFIRM, BF, named);
    // Neither page says where it sits: left for the API to place.
    assert.deepEqual(r.adjustments.map((a) => [a.promotion, a.amount]), [['Black Friday 50% off', -30]]);
    assert.deepEqual(r.unplaced, [0]);
    assert.equal(r.campaignDiscount, -30);
    assert.equal(r.totals.promoTotal, -30);
    assert.equal(r.totals.total, 39.75);
    assert.ok(checkReading(BF_EXPECT, r, { 'FLC-002': 1 }, true, 'confirm').every((c) => c.ok));
  });

  test('shipping shown net of its discount reads as what the customer pays, as the API says', () => {
    // The classic storefront's confirm step for the $120 jacket with free shipping: "Shipping: Ground $0.00", no discount row.
    const rows: SummaryRow[] = [
      { label: 'Order Total:', amount: '$127.20' },
      { label: 'Subtotal:', amount: '$120.00' },
      { label: 'Shipping: Ground', amount: '$0.00' },
      { label: 'Tax: North America', amount: '$7.20' },
    ];
    const r = readSummary(rows, { campaign: 'Free Shipping on All Orders over $85' });
    assert.equal(paidShipping(r.totals), 0);
    assert.ok(checkReading({ shipping: 'free' }, r, { 'JKT-001': 1 }, undefined, 'confirm').every((c) => c.ok));
    // The API's reading of the same order: $7.95 shipping, -$7.95 off it; the same $0 paid, the same total.
    const api = { ...r.totals, shipTotal: 7.95, shippingDiscount: -7.95 };
    assert.equal(paidShipping(api), paidShipping(r.totals));
  });

  test('the classic storefront\'s "Promotion: Promotion (…)" rows name their promotion', () => {
    const r = readSummary([
      { label: 'Subtotal:', amount: '$120.00' },
      { label: 'Promotion: Promotion (Black Friday 50% off)', amount: '-$60.00' },
      { label: 'Promotion (Free Shipping on All Orders over $85):', amount: '-$7.95' },
      { label: 'Order Total:', amount: '$63.60' },
    ], BF);
    assert.deepEqual(r.adjustments.map((a) => [a.promotion, a.on]), [['Black Friday 50% off', 'item'], ['Free Shipping on All Orders over $85', 'shipment']]);
  });

  test('the preset is told from the store\'s pages: the add-to-cart form and the assets', () => {
    assert.equal(presetOfPage('<form action="/orders/populate" method="post">'), 'solidus_frontend');
    assert.equal(presetOfPage('<link href="/assets/spree/frontend/all-5897ee.css" rel="stylesheet">'), 'solidus_frontend');
    assert.equal(presetOfPage('<form itemprop="offers" action="/cart_line_items" method="post">'), 'starter');
    assert.equal(presetOfPage('<form action="/cart/line_items" accept-charset="UTF-8" method="post">'), 'sandbox');
    assert.equal(presetOfPage('<html><body>A shop</body></html>'), undefined);
  });
});

describe('where a discount sits comes from the page and the API, never from the plan', () => {
  /** The classic storefront's checkout summary: its sections say where each promotion sits. */
  const CLASSIC_PAYMENT: SummaryRow[] = [
    { label: 'Item Total:', amount: '$250.00' },
    { label: 'Promotion (Outerwear 20% off)', amount: '-$24.00', group: 'order_details_promotion_adjustments' },
    { label: 'Shipping total:', amount: '$7.95' },
    { label: 'Promotion (Free Shipping on All Orders over $85):', amount: '-$7.95', group: 'order_details_shipment_promotion_adjustments' },
    { label: 'Promotion ($10 off orders over $100):', amount: '-$10.00', group: 'summary-order-charges' },
    { label: 'Order Total:', amount: '$216.00' },
  ];

  test('the classic storefront\'s sections place line-item, shipment and order promotions, whatever the cart expects', () => {
    const r = readSummary(CLASSIC_PAYMENT, { campaign: '$10 off orders over $100' });
    assert.deepEqual(r.adjustments.map((a) => [a.promotion, a.on]), [
      ['Outerwear 20% off', 'item'], ['Free Shipping on All Orders over $85', 'shipment'], ['$10 off orders over $100', 'order'],
    ]);
    assert.deepEqual(r.unplaced, []);
    assert.deepEqual([r.totals.itemDiscount, r.totals.orderDiscount, r.totals.shippingDiscount], [-24, -10, -7.95]);
    // A plan that wanted the $10 on the items is judged on where the page shows it: on the order.
    const checks = checkReading({ items: '$10 off' }, r, { 'JKT-001': 1, 'BSK-001': 1 }, true, 'payment');
    assert.deepEqual(checks.find((c) => c.what === 'items')?.ok, false);
    assert.equal(placeFromGroup('order_details_price_adjustments'), 'item');
    assert.equal(placeFromGroup('order-charges'), 'order');
    assert.equal(placeFromGroup('cart_adjustments'), undefined);
  });

  test('the classic cart says the place in its labels: "Adjustment: …" is the order\'s', () => {
    const r = readSummary([
      { label: 'Subtotal', amount: '$120.00' },
      { label: 'Adjustment: Promotion (t-page order $60 off)', amount: '-$60.00', group: 'cart_adjustments' },
      { label: 'Total', amount: '$63.60' },
    ], { campaign: 't-page order $60 off' });
    assert.deepEqual(r.adjustments.map((a) => [a.promotion, a.on]), [['t-page order $60 off', 'order']]);
  });

  test('a plan for the items or the order is judged on the discount wherever it sits while the page does not say where', () => {
    assert.deepEqual(unplacedExpectation({ items: '50% off', shipping: 'free' }, { unplaced: [0] }), { shipping: 'free', discount: '50% off' });
    assert.deepEqual(unplacedExpectation({ order: '$10 off' }, { unplaced: [0] }), { discount: '$10 off' });
    assert.deepEqual(unplacedExpectation({ items: '50% off', order: '$10 off', total: '$50' }, { unplaced: [1] }), { total: '$50' });
    assert.deepEqual(unplacedExpectation({ items: '50% off' }, { unplaced: [] }), { items: '50% off' });
    const r = readSummary(CART_ROWS, BF);
    const checks = checkReading(BF_EXPECT, r, { 'JKT-001': 1 }, true, 'cart');
    assert.deepEqual(checks.map((c) => [c.what, c.ok]), [['code', true], ['discount', true]]);
    assert.match(describeBrowserCase({ coded: true, accepted: true, message: 'ok', cart: r, final: r, step: 'cart', currency: 'USD' }), /the page shows: \$60\.00 off, without saying whether on the items or the order, no shipping shown; total \$63\.60/);
  });

  test('the API places what the page did not, by label (split as the API splits it), or by amount for an unnamed row', () => {
    const api = [
      { label: 'Promotion (Black Friday 50% off)', promotion: 'Black Friday 50% off', amount: -40, eligible: true, on: 'item' as const, sku: 'JKT-001' },
      { label: 'Promotion (Black Friday 50% off)', promotion: 'Black Friday 50% off', amount: -20, eligible: true, on: 'order' as const },
      { label: 'Promotion (Gone)', promotion: 'Gone', amount: -5, eligible: false, on: 'order' as const },
      { label: 'Promotion (Free Shipping on All Orders over $85)', promotion: 'Free Shipping on All Orders over $85', amount: -7.95, eligible: true, on: 'shipment' as const },
    ];
    const page = [
      { label: 'Promotion (Black Friday 50% off)', promotion: 'Black Friday 50% off', amount: -60, eligible: true, on: 'order' as const },
      { label: 'Promotion', promotion: 'Promotion', amount: -7.95, eligible: true, on: 'order' as const },
      { label: 'Promotion (Gone)', promotion: 'Gone', amount: -5, eligible: true, on: 'order' as const },
    ];
    const placed = placeByApi(page, [0, 1, 2], api);
    assert.deepEqual(placed.adjustments.map((a) => [a.promotion, a.amount, a.on]), [
      ['Black Friday 50% off', -40, 'item'], ['Black Friday 50% off', -20, 'order'], ['Free Shipping on All Orders over $85', -7.95, 'shipment'], ['Gone', -5, 'order'],
    ]);
    // The API has no eligible "Gone": the page's row stays unplaced.
    assert.deepEqual(placed.still, [3]);
  });
});

describe('the storefront and the API compared: what the customer pays first, labels second', () => {
  const s = site(`  - name: t-page order $60 off
    code: TPAGE60
    carts:
      - { name: $120 jacket, items: { JKT-001: 1 }, expect: { items: $60 off } }
      - { name: $120 jacket anywhere, items: { JKT-001: 1 }, expect: { discount: $60 off } }
`);
  const campaign = s.campaigns[2];
  const [itemsCart, anywhereCart] = campaign.carts;
  const ctx = (cart: typeof itemsCart) => ({ site: s, campaign, cart, code: 'TPAGE60' });
  const totals = { itemTotal: 120, shipTotal: 7.95, promoTotal: -60, itemDiscount: 0, shippingDiscount: 0, orderDiscount: -60, taxTotal: 3.6, total: 71.55 };
  const label = 'Promotion (t-page order $60 off)';
  /** Solidus booked the $60 on the order. */
  const apiCase = (cart: typeof itemsCart, outcome: CaseResult['outcome']): CaseResult => ({
    id: `api:${campaign.name} / ${cart.name}`, source: 'api', campaign: campaign.name, code: 'TPAGE60', cart: cart.name, items: cart.items, expected: cart.expect,
    outcome, summary: 'Through the API.', durationMs: 1, coupon: { httpStatus: 200, success: true }, stepReached: 'confirm', totals,
    adjustments: [{ label, promotion: campaign.name, amount: -60, eligible: true, on: 'order' }],
  });
  /** The sandbox storefront's confirm step: one row for the promotion, not saying where it sits. */
  const pageCase = (cart: typeof itemsCart): BrowserCaseFile => {
    const reading = readSummary([
      { label: 'Subtotal', amount: '$120.00', kind: 'subtotal' },
      { label, amount: '-$60.00', kind: 'promotion' },
      { label: 'Shipping', amount: '$7.95', kind: 'shipping' },
      { label: 'Tax', amount: '$3.60', kind: 'tax' },
      { label: 'Total', amount: '$71.55', kind: 'total' },
    ], { campaign: campaign.name });
    const checks = checkReading(cart.expect, reading, cart.items, true, 'confirm');
    return {
      id: `browser:${campaign.name} / ${cart.name}`, source: 'browser', campaign: campaign.name, code: 'TPAGE60', cart: cart.name, items: cart.items, expected: cart.expect,
      outcome: checks.every((c) => c.ok) ? 'pass' : 'fail', summary: 'In the browser.', durationMs: 1, coupon: { httpStatus: 0, success: true, message: 'applied' },
      stepReached: 'confirm', totals: reading.totals, adjustments: reading.adjustments, browser: { reading: { unplaced: reading.unplaced, hasShipping: reading.hasShipping } },
    };
  };

  test('a discount booked on the order instead of the items: the page agrees with the API, and both judge the plan alike', () => {
    const api = apiCase(itemsCart, 'fail');
    const page = pageCase(itemsCart);
    // On the page alone, the $60 off was judged wherever it sits (it passed); placed by the API, it is on the order.
    assert.equal(page.outcome, 'pass');
    const placed = placedCase(page, api, campaign, itemsCart);
    assert.equal(placed.outcome, 'fail');
    assert.deepEqual(placed.adjustments?.map((a) => a.on), ['order']);
    assert.equal(placed.totals?.orderDiscount, -60);
    assert.deepEqual(placed.browser?.reading?.unplaced, []);
    const { browser: _own, ...result } = placed;
    assert.equal(disagreement(api, result, ctx(itemsCart)), undefined, 'no "storefront and API disagree"');
    assert.equal(browserFinding(placed, api, ctx(itemsCart)), undefined, 'the failure is the API finding\'s');
    // Planned wherever Solidus books it, both pass.
    const anywhere = placedCase(pageCase(anywhereCart), apiCase(anywhereCart, 'pass'), campaign, anywhereCart);
    assert.equal(anywhere.outcome, 'pass');
  });

  test('a different total is said first, a promotion that takes a different amount second', () => {
    const api = apiCase(anywhereCart, 'pass');
    const page = pageCase(anywhereCart);
    const other: CaseResult = {
      ...page, outcome: 'fail', totals: { ...page.totals!, promoTotal: -50, orderDiscount: -50, total: 81.55 },
      adjustments: [{ label, promotion: campaign.name, amount: -50, eligible: true, on: 'order' }],
    };
    const f = disagreement(api, other, ctx(anywhereCart));
    assert.ok(f);
    assert.equal(f.actual, "the API's total is $71.55, the storefront shows $81.55; t-page order $60 off takes $60.00 off through the API, the storefront shows $50.00 off; the API dry-run works, the browser fails");
    assert.equal(f.level, 'error');
    // The same total with the discount under another label: only the labels differ, a warning.
    const relabelled: CaseResult = { ...page, adjustments: [{ label: 'Promotion (Staff)', promotion: 'Staff', amount: -60, eligible: true, on: 'order' }] };
    const g = disagreement(api, relabelled, ctx(anywhereCart));
    assert.ok(g);
    assert.equal(g.level, 'warn');
    assert.equal(g.actual, 't-page order $60 off takes $60.00 off through the API, the storefront shows $0.00 off; Staff takes $0.00 off through the API, the storefront shows $60.00 off');
  });
});

describe('selectors', () => {
  /** A page that says which Playwright call a selector became. */
  const scope = {
    locator: (selector: string) => ['locator', selector],
    getByLabel: (text: string | RegExp) => ['label', String(text)],
    getByRole: (role: string, o: { name?: string | RegExp; exact?: boolean } = {}) => ['role', role, String(o.name), o.exact ?? false],
  } as unknown as Page;

  test('one parser turns every site-file selector into a locator: role by the start of its name, label, text and css', () => {
    assert.deepEqual(
      ['role=button[name="Apply Code"]', 'role=button[name="Place Order"s]', 'label=Coupon code', 'label="City"', 'text=Order summary', 'css=[data-hook="order-summary"]'].map((s) => locate(scope, s)),
      [
        ['role', 'button', String(namePattern('Apply Code')), false],
        ['role', 'button', 'Place Order', true],
        ['label', '/Coupon\\s+code/iu'],
        ['label', String(labelPattern('City'))],
        ['locator', 'text=Order summary'],
        ['locator', 'css=[data-hook="order-summary"]'],
      ],
    );
    assert.throws(() => locate(scope, '#coupon'), /not a storefront selector \(role=, label=, text= or css=\): #coupon/);
  });

  test('a role name with a price in it is found by its start, in any case, but not a longer word', () => {
    const name = namePattern('Add To Cart');
    assert.ok(name.test('Add To Cart — $60.00'));
    assert.ok(name.test('ADD TO CART'));
    assert.ok(name.test('  Add  to cart'));
    assert.ok(!name.test('Add To Cartography'));
    assert.ok(!name.test('Quick Add To Cart'));
  });

  test('a label with a trailing colon or asterisk is the label', () => {
    const city = labelPattern('City');
    for (const label of ['City', 'City:', 'city :', 'City *', 'City:*']) assert.ok(city.test(label), label);
    assert.ok(!city.test('City or town'));
  });

  test('every preset names a cart line, its quantity field, its remove button and the update button, as selectors the parser takes', () => {
    const keys = { cartLine: 'cart_line', lineQuantityField: 'line_quantity_field', removeButton: 'remove_button', updateButton: 'update_button' } as const;
    for (const [k, name] of Object.entries(keys) as [keyof typeof keys, string][]) {
      assert.equal(SELECTOR_KEYS[k], name, `${k} is storefront.${name} in a site file`);
      for (const preset of PRESET_NAMES) {
        const parsed = parseSelector(PRESETS[preset][k]);
        assert.ok(!('error' in parsed), `${preset}.${k}: ${'error' in parsed ? parsed.error : ''}`);
      }
    }
    // The sandbox's own words (sandbox/config/locales: "Remove", "Update cart") and the classic store's markup (spree/orders/_line_item, edit).
    assert.deepEqual(parseSelector(PRESETS.sandbox.removeButton), parseSelector('role=button[name="Remove"]'));
    assert.deepEqual(parseSelector(PRESETS.sandbox.updateButton), parseSelector('role=button[name="Update cart"]'));
    assert.equal(cssOf(PRESETS.solidus_frontend.removeButton), 'a.delete');
    assert.equal(cssOf(PRESETS.solidus_frontend.lineQuantityField), 'input.line_item_quantity');
    assert.equal(cssOf(PRESETS.solidus_frontend.updateButton), '#update-button');
  });

  test('a site file sets the cart lines\' selectors under storefront:, on top of its preset', () => {
    const text =
      `site: shop\nname: Shop\ncurrency: USD\nstaging: { url: 'http://127.0.0.1:9', api_key_env: SHOP_KEY }\n` +
      `holiday: { name: Thanksgiving, offices_closed: [2026-11-26, 2026-11-29], timezone: America/New_York }\n` +
      `people: { engineer: { name: Dana }, client_rep: { name: Sam }, slack_channel: '#shop' }\n` +
      `storefront: { preset: solidus_frontend, remove_button: 'role=link[name="Remove"]', cart_line: 'css=.cart-row' }\n` +
      `campaigns:\n  - { name: Sale, code: SALE10, carts: [{ items: { JKT-001: 1 }, expect: { items: 10% off } }] }\n`;
    const file = path.join(ROOT, 'sites', 'shop.yml');
    const r = parseSite(text, file, { env: { SHOP_KEY: 'x' } });
    assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.errors));
    assert.equal(r.site.storefront.removeButton, 'role=link[name="Remove"]');
    assert.equal(r.site.storefront.cartLine, 'css=.cart-row');
    assert.equal(r.site.storefront.lineQuantityField, PRESETS.solidus_frontend.lineQuantityField);
    assert.equal(r.site.storefront.updateButton, 'css=#update-button');
    const wrong = parseSite(text.replace(`cart_line: 'css=.cart-row'`, `cart_line: '.cart-row'`), file, { env: { SHOP_KEY: 'x' } });
    assert.ok(!wrong.ok);
    assert.match(JSON.stringify(wrong.errors), /cart_line/);
    assert.match(wrong.errors[0].message, /^must start with role=, label=, text= or css=/);
  });

  test('a selector the browser could not use is refused in words, whatever cut it', () => {
    const error = (s: string) => {
      const p = parseSelector(s);
      return 'error' in p ? p.error : undefined;
    };
    assert.match(error('role=button[name="Add')!, /opens a quote \("\) that is never closed.*" #" in a YAML value starts a comment/);
    assert.match(error('role=buton[name="Go"]')!, /names the role "buton", which is not an ARIA role/);
    assert.match(error('css=form:has(')!, /opens a \( that is never closed/);
    assert.match(error('css=.summary >')!, /not a complete CSS selector/);
    assert.match(error('role=button[colour=red]')!, /asks for \[colour\]/);
    assert.equal(error('role=checkbox[name="Use Billing Address"][checked]'), undefined);
    assert.equal(error('css=#cart-detail, [data-hook="order_summary"]'), undefined);
  });

  test('the site file and the speed audit refuse what the parser refuses, in the same words', async () => {
    const file = parseSite(
      `site: shop\nname: Shop\ncurrency: USD\nstaging: { url: 'http://127.0.0.1:9', api_key_env: SHOP_KEY }\n` +
      `holiday: { name: Thanksgiving, offices_closed: [2026-11-26, 2026-11-29], timezone: America/New_York }\n` +
      `people: { engineer: { name: Dana }, client_rep: { name: Sam }, slack_channel: '#shop' }\nstorefront: { coupon_field: '#coupon' }\n` +
      `campaigns:\n  - { name: Sale, code: SALE10, carts: [{ items: { JKT-001: 1 }, expect: { items: 10% off } }] }\n`,
      path.join(ROOT, 'sites', 'shop.yml'),
      { env: { SHOP_KEY: 'x' } },
    );
    assert.ok(!file.ok);
    assert.match(file.errors[0].message, /^must start with role=, label=, text= or css=, like label=Coupon code — got/);

    const speed = site('audits: { rules: { speed: [warn, { remove_button: ".remove" }] } }');
    const out = await runAudits({
      site: speed, env: {}, now: new Date('2026-11-20T15:00:00Z'), only: ['speed'], fetch: async () => {
        throw new Error('no store here');
      },
    });
    assert.match(out.findings[0].cause, /option `remove_button` must start with role=, label=, text= or css=, like role=button\[name="Remove"\] — got "\.remove"/);
  });
});

describe('masking and file names', () => {
  test('masks codes the site marks secret, in any case, and API keys, but not ordinary codes', () => {
    const mask = redactor(secretsOf(site(), { SHOP_KEY: 'sk_live_0123456789abcdef' }));
    assert.equal(mask('apply code STAFF-ONLY-30'), 'apply code ST•••••••••30');
    assert.equal(mask('fill("staff-only-30")'), 'fill("ST•••••••••30")');
    assert.equal(mask('Bearer sk_live_0123456789abcdef'), 'Bearer sk••••••••••••••••••••ef', 'keys take the one masked form too');
    assert.equal(mask('apply code BLACKFRIDAY50'), 'apply code BLACKFRIDAY50');
    assert.deepEqual(redactDeep({ a: ['STAFF-ONLY-30'], n: 1 }, mask), { a: ['ST•••••••••30'], n: 1 });
  });

  test('names case files after the campaign and cart, never the code, and keeps traces outside the run folder', () => {
    const slug = caseSlug('Black Friday 50% off', '$120 jacket');
    assert.match(slug, /^black-friday-50-off--120-jacket-[0-9a-f]{6}$/);
    assert.notEqual(slug, caseSlug('Black Friday 50% off', '120 jacket'));
    const run = '/r/reports/acme/20261126-195807';
    assert.equal(engineerDirOf(run), '/r/reports/acme/.engineer/20261126-195807');
    assert.ok(relativeToRun(run, path.join(engineerDirOf(run), 'x', 'trace.zip')).startsWith('../.engineer/'));
  });
});

describe('findings from browser cases', () => {
  const s = site();
  const bf = s.campaigns[0];
  const cart = bf.carts[0];
  const base: CaseResult = {
    id: 'x', source: 'api', campaign: bf.name, code: 'BLACKFRIDAY50', cart: cart.name, items: cart.items, expected: cart.expect,
    outcome: 'pass', summary: 'ok.', durationMs: 1,
    coupon: { httpStatus: 200, success: true },
    totals: { itemTotal: 120, shipTotal: 7.95, promoTotal: -67.95, itemDiscount: -60, shippingDiscount: -7.95, orderDiscount: 0, taxTotal: 3.6, total: 63.6 },
    adjustments: [{ label: 'Promotion (Black Friday 50% off)', promotion: bf.name, amount: -60, eligible: true, on: 'item' }],
  };
  const api: CaseResult = { ...base, id: `api:${bf.name} / ${cart.name}` };
  const browser: BrowserCaseFile = { ...base, id: `browser:${bf.name} / ${cart.name}`, source: 'browser', screenshots: ['browser/x/cart.jpg'] };
  const ctx = { site: s, campaign: bf, cart, code: 'BLACKFRIDAY50' };

  test('reports a selector the storefront does not have as not checked, with its screenshot', () => {
    const f = browserFinding(
      { ...browser, outcome: 'not-checked', screenshots: ['browser/x/not-found.jpg'], browser: { notFound: { what: 'the coupon field', path: '/cart', key: 'coupon_field', selector: 'label=Promo code' } } },
      api, ctx,
    );
    assert.ok(f);
    assert.equal(f.title, 'The browser could not find the coupon field on /cart');
    assert.equal(f.level, 'warn');
    assert.equal(f.notChecked, true);
    assert.deepEqual(f.evidence?.screenshots, ['browser/x/not-found.jpg']);
    assert.match(f.action, /storefront\.coupon_field in shop\.yml/);
  });

  test('finds no disagreement when the API and the page show the same', () => {
    assert.equal(disagreement(api, browser, ctx), undefined);
    assert.equal(browserFinding(browser, api, ctx), undefined);
  });

  test('reports the page showing paid shipping where the API says free as a disagreement of its own', () => {
    const paid: CaseResult = {
      ...browser,
      outcome: 'fail',
      totals: { ...base.totals!, shippingDiscount: 0, promoTotal: -60, total: 71.55 },
    };
    const f = disagreement(api, paid, ctx);
    assert.ok(f);
    assert.equal(f.level, 'error');
    assert.equal(f.id, `browser-vs-api:${bf.name} / ${cart.name}`);
    assert.match(f.actual, /the API says free shipping, the storefront shows \$7\.95 shipping/);
    assert.match(f.actual, /the API's total is \$63\.60, the storefront shows \$71\.55/);
    // The browser failure the API did not see is also a finding of the browser's own.
    assert.equal(browserFinding(paid, api, ctx)?.level, 'error');
  });

  test('leaves a failure both sources see to the API finding', () => {
    const lost = { ...base.totals!, itemDiscount: 0, promoTotal: -7.95, total: 127.2 };
    const apiFail: CaseResult = { ...api, outcome: 'fail', totals: lost, adjustments: [] };
    const pageFail: CaseResult = { ...browser, outcome: 'fail', totals: lost, adjustments: [] };
    assert.equal(browserFinding(pageFail, apiFail, ctx), undefined);
    assert.equal(disagreement(apiFail, pageFail, ctx), undefined);
  });

  test('a cart with steps, a returning customer or a signed-in user is not tried in the browser, and says why', () => {
    assert.equal(browserCannot({}), undefined);
    assert.equal(browserCannot({ customer: { kind: 'guest' } }), undefined);
    assert.equal(
      browserCannot({ steps: [{ add: { 'ACC-001': 1 } }, { quantity: { 'ACC-001': 3 } }, { remove: 'ACC-001' }, { code: 'TAKE10', at: 'cart' }] }),
      undefined,
      'the browser adds items, changes and removes cart lines and enters codes in the cart',
    );
    const steps = browserCannot({ steps: [{ add: { 'ACC-001': 1 } }, { remove: 'ACC-001' }, { code: 'SECRET10', at: 'delivery' }, { code: 'TAKE10', at: 'payment' }] }, (c) => (c === 'SECRET10' ? 'SE••••10' : c))!;
    assert.equal(steps, "the browser dry-run does not do the steps enter SE••••10 at the delivery step, enter TAKE10 at the payment step: the storefront's delivery and payment steps have no coupon field, so this cart is tried through the API only");
    const both = browserCannot({ customer: { kind: 'user', keyEnv: 'ACME_MEMBER_KEY' }, steps: [{ quantity: { 'JKT-001': 2 } }, { code: 'TAKE10', at: 'delivery' }] })!;
    assert.match(both, /^the browser dry-run does not sign in as the registered test user \(the site file gives the user's API key in ACME_MEMBER_KEY, not a password for the storefront\); the user's cart is tried through the API only; and does not do the step enter TAKE10 at the delivery step:/);
    assert.match(browserCannot({ customer: { kind: 'returning', email: 'jo@example.com' } })!, /checks out as a new guest under the reserved domain.*\(jo@example\.com\) is tried through the API only$/);

    const f = browserFinding({ ...browser, outcome: 'not-checked', screenshots: [], browser: { unsupported: steps } }, api, ctx);
    assert.ok(f);
    assert.equal(f.title, 'BLACKFRIDAY50 is not checked in the browser on the $120 jacket cart');
    assert.equal(f.level, 'warn');
    assert.equal(f.notChecked, true);
    assert.equal(f.cause, `Not tried in the browser: ${steps}.`);
    assert.match(f.action, /^The API dry-run's result for the \$120 jacket cart stands/);
    assert.equal(disagreement(api, { ...browser, outcome: 'not-checked' }, ctx), undefined, 'nothing to compare');
  });

  test('a code at a checkout step is tried in the browser where the storefront shows a coupon field there; at a step without one, the cart is not, and the reason names that step', () => {
    const payment = PRESETS.solidus_frontend.checkoutCouponSteps;
    assert.deepEqual(payment, ['payment']);
    assert.deepEqual(PRESETS.starter.checkoutCouponSteps, ['payment']);
    assert.deepEqual(PRESETS.sandbox.checkoutCouponSteps, []);
    assert.equal(browserCannot({ steps: [{ add: { 'ACC-001': 1 } }, { code: 'TAKE10', at: 'payment' }] }, undefined, payment), undefined);
    assert.equal(browserDoes({ code: 'TAKE10', at: 'payment' }, payment), true);
    assert.equal(browserDoes({ code: 'TAKE10', at: 'delivery' }, payment), false);
    assert.equal(
      browserCannot({ steps: [{ code: 'TAKE10', at: 'delivery' }] }, undefined, payment),
      "the browser dry-run does not do the step enter TAKE10 at the delivery step: the storefront's delivery step has no coupon field, so this cart is tried through the API only",
    );
    assert.equal(
      browserCannot({ steps: [{ code: 'TAKE10', at: 'payment' }] }, undefined, PRESETS.sandbox.checkoutCouponSteps),
      "the browser dry-run does not do the step enter TAKE10 at the payment step: the storefront's payment step has no coupon field, so this cart is tried through the API only",
    );
    // A site whose storefront shows one at delivery too says so (storefront.checkout_coupon_steps).
    assert.equal(browserCannot({ steps: [{ code: 'TAKE10', at: 'delivery' }, { code: 'TAKE10', at: 'payment' }] }, undefined, ['delivery', 'payment']), undefined);
    assert.equal(
      browserCannot({ steps: [{ code: 'TAKE10', at: 'payment' }, { remove: 'ACC-001' }] }, undefined, payment),
      'the browser dry-run does not go back from the payment step for the step remove ACC-001: it does the steps on the pages in the order a customer meets them (cart, delivery, payment), so this cart is tried through the API only',
    );
  });

  test('a request to the store that the guard stopped is an error that says what was stopped, not what it might have been', () => {
    assert.equal(guardFinding(browser, ctx), undefined);
    const f = guardFinding({ ...browser, browser: { blocked: ['POST /checkout/confirm', 'POST /cart/update_everything'] } }, { ...ctx, trace: 'engineers/x/trace.zip' });
    assert.ok(f);
    assert.equal(f.level, 'error');
    assert.equal(f.id, `browser-guard:${bf.name} / ${cart.name}`, 'the same id as before: history still matches it');
    assert.equal(f.title, 'The safety guard stopped 2 requests to the store on the $120 jacket cart');
    assert.equal(f.actual, 'Stopped before they left the browser: POST /checkout/confirm, POST /cart/update_everything');
    assert.match(f.cause, /no order was placed and nothing was paid/);
    assert.deepEqual(f.evidence, { screenshots: ['browser/x/cart.jpg'], trace: 'engineers/x/trace.zip' });
  });

  test('requests to other hosts are one information for the run, with the hosts to list if they are the store\'s own', () => {
    const fonts: BrowserCaseFile = { ...browser, browser: { otherOrigins: ['GET https://fonts.example/inter.woff2', 'POST https://stats.example/collect'] } };
    const again: BrowserCaseFile = { ...browser, id: 'browser:other', browser: { otherOrigins: ['GET https://fonts.example/inter.woff2'] } };
    assert.equal(otherOriginsFinding(s, [browser]), undefined);
    const f = otherOriginsFinding(s, [fonts, again, browser]);
    assert.ok(f);
    assert.equal(f.level, 'info', 'not the campaign\'s problem, and never the verdict\'s');
    assert.equal(f.id, 'browser-other-origins:shop');
    assert.equal(f.title, 'The storefront\'s pages also contact 2 other hosts: the browser dry-run left them out');
    assert.equal(f.actual, 'The safety guard kept 2 requests to https://fonts.example and https://stats.example in the browser, e.g. GET https://fonts.example/inter.woff2 and POST https://stats.example/collect');
    assert.match(f.action, /sites\/shop\.yml as `storefront: \{ allowed_origins: \[https:\/\/fonts\.example, https:\/\/stats\.example\] \}`/);
    const results = assembleResults(s, new Date(0), { api: { cases: [api], findings: [], housekeeping: NO_ORDERS }, browser: { cases: [fonts], findings: [f] } });
    assert.equal(results.verdict, 'ready');
  });

  test('the pipeline puts browser results into the run: a browser failure fails the campaign and the verdict is decided from every finding', () => {
    const apiOnly = assembleResults(s, new Date(0), { api: { cases: [api], findings: [], housekeeping: NO_ORDERS } });
    assert.equal(apiOnly.campaigns[0].outcome, 'pass');
    assert.equal(apiOnly.verdict, 'ready');
    const failing = { ...browser, outcome: 'fail' as const };
    const results = assembleResults(s, new Date(0), {
      api: { cases: [api], findings: [], housekeeping: NO_ORDERS },
      browser: { cases: [failing], findings: [browserFinding(failing, api, ctx)!], housekeeping: { ordersCreated: 1, ordersEmptied: 1 } },
    });
    assert.equal(results.cases.length, 2);
    assert.equal(results.campaigns[0].outcome, 'fail');
    assert.equal(results.verdict, 'blocked');
    assert.deepEqual(results.housekeeping, { ordersCreated: 1, ordersEmptied: 1, leftoversSwept: 0 }, 'the carts the browser made count too');
  });
});

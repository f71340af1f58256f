/**
 * The pure checks inside the readiness audits (usage limits, catalog, checkout offer, speed
 * budgets and the speed audit's guard route, indexing, TLS dates) and the audit options reader.
 * No store, no clock.
 *
 * Run: node --import tsx --test test/unit/audits-checks.test.ts
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkLimits } from '../../audits/usage-limits.ts';
import { checkSku, type SkuFacts } from '../../audits/catalog.ts';
import { checkOffer } from '../../audits/checkout-health.ts';
import { checkBudgets, checkRefused, median, percentile, speedRoute, type PageSample, type Refused } from '../../audits/speed.ts';
import type { RouteLike } from '../../src/safety/guard.ts';
import { checkIndexing, disallowsAll } from '../../audits/indexing.ts';
import { checkCertificate } from '../../audits/tls-certificate.ts';
import { AuditOptionError, readOptions } from '../../src/audits/options.ts';
import { showCode } from '../../src/safety/redact.ts';
import type { Campaign } from '../../src/config/types.ts';

const NY = 'America/New_York';
const OUTERWEAR: Campaign = { name: 'Outerwear 20% off', code: 'OUTERWEAR20', secret: false, window: ['2026-11-20T00:00', '2026-12-01T23:59'], expectedRedemptions: 5000, carts: [] };

describe('usage limits', () => {
  const base = { label: 'TAKE10', store: 'production', perCodeLimit: undefined, perCodeShown: true, headroomPct: 0 };

  test('reports a usage limit below the expected redemptions, in words a client rep can read', () => {
    const [f, ...rest] = checkLimits({ ...base, expected: 3000, usageLimit: 2000 });
    assert.deepEqual(rest, []);
    assert.equal(f.key, 'usage-limit');
    assert.equal(f.title, 'TAKE10 stops working after 2,000 orders, below the 3,000 expected');
    assert.match(f.cause, /from order 2,001 on, customers are told "Coupon code usage limit exceeded"/);
    assert.match(f.action, /at least 3,000/);
  });

  test('reports a per-code limit below the expected redemptions separately', () => {
    const found = checkLimits({ ...base, expected: 3000, usageLimit: null, perCodeLimit: 500 });
    assert.deepEqual(found.map((f) => f.key), ['per-code-limit']);
    assert.match(found[0].expected, /per-code usage limit of 3,000 or more uses/);
  });

  test('passes no limit, a limit at the expected count, and applies the headroom', () => {
    assert.deepEqual(checkLimits({ ...base, expected: 3000, usageLimit: null, perCodeLimit: null }), []);
    assert.deepEqual(checkLimits({ ...base, expected: 3000, usageLimit: 3000 }), []);
    assert.deepEqual(checkLimits({ ...base, expected: 3000, usageLimit: 3000, headroomPct: 10 }).map((f) => f.key), ['usage-limit']);
  });

  test('only notes a limit when the site file has no expected redemptions', () => {
    assert.deepEqual(checkLimits({ ...base, expected: undefined, usageLimit: 100 }).map((f) => [f.key, f.kind]), [['limit-no-estimate', 'info']]);
  });
});

describe('catalog', () => {
  const facts = (over: Partial<SkuFacts>): SkuFacts => ({
    sku: 'JKT-003', campaigns: [OUTERWEAR], carts: ['$240 parka'], required: 20, neededFrom: new Date('2026-11-20T05:00:00Z'),
    variant: { id: 6, sku: 'JKT-003', name: 'Summit Parka', price: '240.0', in_stock: true, is_backorderable: false, total_on_hand: 200, track_inventory: true, slug: 'summit-parka' },
    product: { available_on: '2025-11-26T14:59:07.753-05:00', promotionable: true },
    ...over,
  });
  const keys = (f: SkuFacts) => checkSku(f, NY, 'production').map((x) => x.key);

  test('calls out a sold-out promoted product, with the campaign and cart it is in', () => {
    const [f] = checkSku(facts({ variant: { ...facts({}).variant!, in_stock: false, total_on_hand: 0 } }), NY, 'production');
    assert.equal(f.key, 'JKT-003:sold-out');
    assert.equal(f.title, 'Summit Parka (JKT-003) is sold out, yet it is in a promoted cart');
    assert.equal(f.campaign, 'Outerwear 20% off');
    assert.equal(f.code, 'OUTERWEAR20');
    assert.equal(f.cart, '$240 parka');
    assert.match(f.cause, /the \$240 parka cart of Outerwear 20% off \(OUTERWEAR20\)/);
  });

  test('calls out low stock, a missing SKU, a missing price, a product not yet on sale and a non-promotionable item', () => {
    assert.deepEqual(keys(facts({ variant: { ...facts({}).variant!, total_on_hand: 12 } })), ['JKT-003:low-stock']);
    assert.deepEqual(keys(facts({ variant: undefined, product: undefined })), ['JKT-003:missing']);
    assert.deepEqual(keys(facts({ variant: { ...facts({}).variant!, price: null } })), ['JKT-003:no-price']);
    assert.deepEqual(keys(facts({ product: { available_on: '2026-11-25T00:00:00-05:00' } })), ['JKT-003:unavailable']);
    assert.deepEqual(keys(facts({ product: { available_on: null } })), ['JKT-003:unavailable']);
    const [np] = checkSku(facts({ product: { available_on: '2025-01-01T00:00:00Z', promotionable: false } }), NY, 'production');
    assert.equal(np.key, 'JKT-003:not-promotionable');
    assert.match(np.cause, /makes the whole order ineligible for every promotion/);
  });

  test('passes a product with enough stock, untracked stock, and notes backorders as information', () => {
    assert.deepEqual(keys(facts({})), []);
    assert.deepEqual(keys(facts({ variant: { ...facts({}).variant!, track_inventory: false, total_on_hand: 0, in_stock: true } })), []);
    const back = checkSku(facts({ variant: { ...facts({}).variant!, total_on_hand: 3, is_backorderable: true } }), NY, 'production');
    assert.deepEqual(back.map((f) => [f.key, f.kind]), [['JKT-003:backorder', 'info']]);
  });

  test('leaves the campaign out of a finding about a SKU in several campaigns', () => {
    const f = checkSku(facts({ campaigns: [OUTERWEAR, { ...OUTERWEAR, name: 'Black Friday', code: 'BF' }], variant: { ...facts({}).variant!, total_on_hand: 0 } }), NY, 'production')[0];
    assert.equal(f.campaign, undefined);
    assert.match(f.cause, /carts of Outerwear 20% off \(OUTERWEAR20\) and Black Friday \(BF\)/);
  });
});

describe('checkout offer', () => {
  const rates = [{ name: 'Ground', cost: 7.95 }, { name: 'Express', cost: 19.95 }];

  test('passes the expected methods and rates, case-insensitively', () => {
    assert.deepEqual(checkOffer({ rates, payments: ['Check (staging)'], shipping: { ground: 7.95, Express: 19.95 }, paymentMethods: ['check (staging)'], currency: 'USD' }), []);
  });

  test('reports a missing method, a different rate, no shipping and no payment method', () => {
    const found = checkOffer({ rates: rates.slice(0, 1).map((r) => ({ ...r, cost: 9.95 })), payments: [], shipping: { Ground: 7.95, Express: 19.95 }, paymentMethods: [], currency: 'USD' });
    assert.deepEqual(found.map((f) => f.key), ['shipping:Ground:rate', 'shipping:Express:missing', 'no-payment']);
    assert.equal(found[0].title, 'Ground shipping costs $9.95, not $7.95');
    assert.deepEqual(checkOffer({ rates: [], payments: ['Check'], shipping: {}, paymentMethods: [], currency: 'USD' }).map((f) => f.key), ['no-shipping']);
  });
});

describe('speed budgets', () => {
  const sample = (ttfb: number, over: Partial<PageSample> = {}): PageSample => ({ ttfb, lcp: ttfb + 100, cls: 0, transfer: 50_000, status: 200, ...over });
  const budgets = { ttfb_ms: 800, lcp_ms: 2500, cls: 0.1, transfer_kb: 1500, api_p95_ms: 1000 };

  test('takes the median of the loads and the nearest-rank p95', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 2, 3]), 2.5);
    assert.equal(percentile(Array.from({ length: 20 }, (_, i) => i + 1), 95), 19);
    assert.equal(percentile([5], 95), 5);
  });

  test('judges the median, so one slow load among fast ones passes', () => {
    const r = checkBudgets({ home: [sample(100), sample(3000), sample(120)] }, undefined, budgets, { home: 'http://s/' });
    assert.deepEqual(r.findings, []);
    assert.equal(r.medians.home?.ttfb, 120);
  });

  test('reports each metric over its budget, an error page, and a slow API', () => {
    const r = checkBudgets(
      { home: [sample(900, { cls: 0.3, transfer: 2_000_000, lcp: 3000 })], cart: [sample(10, { status: 500 })] },
      [100, 200, 1500],
      budgets,
      { home: 'http://s/', cart: 'http://s/cart' },
    );
    assert.deepEqual(r.findings.map((f) => f.key), ['home:ttfb', 'home:lcp', 'home:cls', 'home:transfer', 'cart:error', 'api:p95']);
    assert.equal(r.findings[0].title, 'Home page: time to first byte 900 ms, over the 800 ms budget');
    assert.equal(r.findings[3].title, 'Home page: transfer size 1,953 KB, over the 1,500 KB budget');
    assert.equal(r.findings[5].title, "The store API's p95 latency is 1,500 ms, over the 1,000 ms budget");
  });
});

describe('the speed audit\'s browser goes through the one guard', () => {
  const STORE = 'http://127.0.0.1:3000';
  const CDN = 'https://cdn.example';
  const site = { staging: { kind: 'staging' as const, url: STORE }, production: { url: 'http://127.0.0.1:3001' }, storefront: { allowedOrigins: [CDN] } };
  /** Runs requests through speedRoute(site) and says what became of each. */
  async function route(s: Parameters<typeof speedRoute>[0], requests: [string, string, string?][]) {
    const refused: Refused[] = [];
    const handler = speedRoute(s, refused);
    const seen: string[] = [];
    for (const [method, url, body] of requests) {
      const r: RouteLike = {
        request: () => ({ method: () => method, url: () => url, headers: (): Record<string, string> => (body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), postData: () => body ?? null }),
        continue: async () => void seen.push(`continue ${method} ${url}`),
        abort: async () => void seen.push(`abort ${method} ${url}`),
      };
      await handler(r);
    }
    return { seen, refused: refused.map((x) => `${x.rule} ${x.method} ${x.url}`) };
  }

  test('on staging: the store\'s pages, add to cart and removing the line pass; listed origins are only read; others are not reached', async () => {
    const r = await route(site, [
      ['GET', `${STORE}/products/trailhead-fleece`],
      ['POST', `${STORE}/cart/line_items`, 'variant_id=10&quantity=1'],
      ['POST', `${STORE}/cart/line_items/7`, '_method=delete'],
      ['HEAD', `${STORE}/shop.css`],
      ['GET', `${CDN}/hero.jpg`],
      ['POST', `${CDN}/collect`, 'a=1'],
      ['GET', 'https://fonts.example/inter.woff2'],
      ['POST', `${STORE}/checkout/confirm`, '_method=patch'],
    ]);
    assert.deepEqual(r.seen, [
      `continue GET ${STORE}/products/trailhead-fleece`,
      `continue POST ${STORE}/cart/line_items`,
      `continue POST ${STORE}/cart/line_items/7`,
      `continue HEAD ${STORE}/shop.css`,
      `continue GET ${CDN}/hero.jpg`,
      `abort POST ${CDN}/collect`,
      'abort GET https://fonts.example/inter.woff2',
      `abort POST ${STORE}/checkout/confirm`,
    ]);
    assert.deepEqual(r.refused, [
      `foreign-origin POST ${CDN}/collect`,
      'foreign-origin GET https://fonts.example/inter.woff2',
      `beyond-payment POST ${STORE}/checkout/confirm`,
    ]);
  });

  test('a staging URL that is the production store only reads, and a site without allowed_origins reads only the store', async () => {
    const live = { ...site, staging: { kind: 'staging' as const, url: `${STORE}/shop` }, production: { url: STORE } };
    const r = await route(live, [['GET', `${STORE}/shop/`], ['POST', `${STORE}/cart/line_items`, 'variant_id=10'], ['GET', `${CDN}/hero.jpg`]]);
    assert.deepEqual(r.refused, [`read-only POST ${STORE}/cart/line_items`]);
    const bare = await route({ staging: site.staging }, [['GET', `${CDN}/hero.jpg`]]);
    assert.deepEqual(bare.refused, [`foreign-origin GET ${CDN}/hero.jpg`]);
  });

  test('says how many requests to other hosts were not made, and how to measure them', () => {
    const refused: Refused[] = [
      { rule: 'foreign-origin', method: 'GET', url: 'https://fonts.example/inter.woff2?v=2' },
      { rule: 'foreign-origin', method: 'GET', url: 'https://img.example/a.jpg' },
      { rule: 'foreign-origin', method: 'GET', url: 'https://fonts.example/inter.woff2?v=2' },
      { rule: 'foreign-origin', method: 'POST', url: 'https://cdn.example/collect' },
    ];
    const r = checkRefused(refused, 'acme');
    assert.deepEqual(r.findings.map((f) => [f.key, f.kind]), [['other-origins', 'info']]);
    assert.equal(r.findings[0].title, '3 requests to 2 other hosts were not made, so the pages were measured without them');
    assert.equal(r.findings[0].actual, 'the safety guard refused 3 reads of https://fonts.example and https://img.example, e.g. GET https://fonts.example/inter.woff2 and GET https://img.example/a.jpg');
    assert.match(r.findings[0].action, /acme\.yml: `storefront: \{ allowed_origins: \[https:\/\/fonts\.example, https:\/\/img\.example\] \}`/);
    assert.deepEqual(r.summary, [
      '3 requests to other hosts were not made (https://fonts.example, https://img.example); list them under storefront.allowed_origins to measure them',
      'the safety guard refused 1 other request and did not send it: POST https://cdn.example/collect (foreign-origin)',
    ]);
    assert.deepEqual(checkRefused([], 'acme'), { findings: [], summary: [] });
  });
});

describe('indexing', () => {
  test('reads robots.txt groups: only User-agent * with Disallow / keeps everyone out', () => {
    assert.equal(disallowsAll('User-agent: *\nDisallow: /\n'), true);
    assert.equal(disallowsAll('# staging\nUser-agent: Googlebot\nUser-agent: *\nDisallow: / # all\n'), true);
    assert.equal(disallowsAll('User-agent: *\nDisallow: /admin\n'), false);
    assert.equal(disallowsAll('User-agent: BadBot\nDisallow: /\n\nUser-agent: *\nAllow: /\n'), false);
    assert.equal(disallowsAll('# See https://www.robotstxt.org\n'), false);
    assert.equal(disallowsAll(undefined), false);
  });

  test('fails an indexable staging, notes robots.txt-only staging, and passes noindex or a password', () => {
    const urls = { staging: 'http://s', production: 'http://p' };
    assert.deepEqual(checkIndexing({ status: 200 }, undefined, urls).map((f) => f.key), ['staging:indexable']);
    assert.deepEqual(checkIndexing({ status: 200, robotsTxt: 'User-agent: *\nDisallow: /' }, undefined, urls).map((f) => [f.key, f.kind]), [['staging:robots-only', 'info']]);
    assert.deepEqual(checkIndexing({ status: 200, robotsHeader: 'noindex, nofollow' }, undefined, urls), []);
    assert.deepEqual(checkIndexing({ status: 200, robotsMeta: 'NOINDEX' }, undefined, urls), []);
    assert.deepEqual(checkIndexing({ status: 401 }, undefined, urls), []);
  });

  test('fails a live store that tells search engines to stay away', () => {
    const urls = { staging: 'http://s', production: 'http://p' };
    const found = checkIndexing({ status: 200, robotsHeader: 'noindex' }, { status: 200, robotsMeta: 'noindex', robotsTxt: 'User-agent: *\nDisallow: /' }, urls);
    assert.deepEqual(found.map((f) => f.key), ['production:noindex', 'production:disallowed']);
    assert.equal(found[0].impact, 'revenue');
  });
});

describe('TLS certificate dates', () => {
  const o = {
    host: 'shop.example', kind: 'production' as const, now: new Date('2030-06-01T00:00:00Z'), timeZone: NY,
    holidayEnd: new Date('2030-11-30T05:00:00Z'), mustLastUntil: new Date('2030-12-07T05:00:00Z'), holidayWords: 'Thanksgiving',
  };
  const cert = (from: string, to: string, untrusted?: string) => ({ validFrom: new Date(from), validTo: new Date(to), subject: 'shop.example', issuer: 'CA', untrusted });

  test('judges the dates against the given now, not the clock', () => {
    assert.deepEqual(checkCertificate(cert('2020-01-01T00:00:00Z', '2020-01-02T00:00:00Z'), o).map((f) => f.key), ['shop.example:expired']);
    assert.deepEqual(checkCertificate(cert('2030-07-01T00:00:00Z', '2031-07-01T00:00:00Z'), o).map((f) => f.key), ['shop.example:not-yet-valid']);
    assert.deepEqual(checkCertificate(cert('2030-01-01T00:00:00Z', '2031-01-01T00:00:00Z'), o), []);
  });

  test('fails a certificate that expires during the holiday or just after it', () => {
    const during = checkCertificate(cert('2030-01-01T00:00:00Z', '2030-11-28T00:00:00Z'), o);
    assert.deepEqual(during.map((f) => f.key), ['shop.example:expires-soon']);
    assert.match(during[0].cause, /before the end of Thanksgiving/);
    assert.match(checkCertificate(cert('2030-01-01T00:00:00Z', '2030-12-02T00:00:00Z'), o)[0].cause, /within days of the end/);
  });

  test('treats an untrusted certificate as a problem on production and as information on staging', () => {
    assert.deepEqual(checkCertificate(cert('2030-01-01T00:00:00Z', '2031-01-01T00:00:00Z', 'DEPTH_ZERO_SELF_SIGNED_CERT'), o).map((f) => [f.key, f.kind]), [['shop.example:untrusted', 'problem']]);
    assert.deepEqual(checkCertificate(cert('2030-01-01T00:00:00Z', '2031-01-01T00:00:00Z', 'DEPTH_ZERO_SELF_SIGNED_CERT'), { ...o, kind: 'staging' }).map((f) => f.kind), ['info']);
  });
});

describe('audit options', () => {
  const SPECS = { min_on_hand: { type: 'number', default: 20, min: 0, integer: true }, by_sku: { type: 'numberMap', default: {} } } as const;

  test('fills defaults and keeps what the site file says', () => {
    assert.deepEqual(readOptions('catalog', {}, SPECS), { min_on_hand: 20, by_sku: {} });
    assert.deepEqual(readOptions('catalog', { min_on_hand: 50, by_sku: { 'JKT-001': 500 } }, SPECS), { min_on_hand: 50, by_sku: { 'JKT-001': 500 } });
  });

  test('names the key and the fix for a misspelt or wrong option', () => {
    assert.throws(() => readOptions('catalog', { min_onhand: 5 }, SPECS), (e: Error) => e instanceof AuditOptionError && e.code === 'bad-audit-option' && /audits\.rules\.catalog option `min_onhand` is not an option of this audit — did you mean `min_on_hand`\?/.test(e.message));
    assert.throws(() => readOptions('catalog', { min_on_hand: '20' }, SPECS), /option `min_on_hand` must be a number like 20 — got "20"/);
    assert.throws(() => readOptions('catalog', { min_on_hand: 2.5 }, SPECS), /must be a whole number/);
    assert.throws(() => readOptions('catalog', { by_sku: { 'JKT-001': -1 } }, SPECS), /option `by_sku.JKT-001` must be a number of 0 or more/);
  });

  test('masks a secret code everywhere it is shown', () => {
    assert.equal(showCode({ ...OUTERWEAR, code: 'BLACKFRIDAY50', secret: true }), 'BL•••••••••50');
    assert.equal(showCode({ ...OUTERWEAR, code: null }), 'automatic');
  });
});

/**
 * The storefront (browser) policy of the one guard (src/safety/guard.ts): what a Playwright route
 * in scenarios/fixtures.ts lets through. On staging exactly the requests the browser dry-run makes
 * (taken from a real run against the sandbox) pass; placing the order, payment data, other origins
 * and every disguise of them (encodings, case, slashes, dot segments, suffixes, method overrides in
 * bodies and headers) are refused; production is read-only. No store is needed.
 *
 * Run: node --import tsx --test test/unit/guard-storefront.test.ts
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadSite } from '../../src/config/load.ts';
import { isAllowed, routeGuard, storefrontPolicy, storefrontPolicyFor, type GuardPolicy, type RequestFacts, type RouteLike } from '../../src/safety/guard.ts';

const STORE = 'http://127.0.0.1:3000';
const shop = storefrontPolicy('staging', STORE);
const live = storefrontPolicy('production', STORE);
const TOKEN = 'authenticity_token=LZBsvECgRSwlbOkYLmPhBtAdQVY2Dw9L-E8kyHsBs6kuGnDkybYJmfkztda4HOXCsexLThPO4nKIxlGNe8_xSw';
const form = (body: string): RequestFacts => ({ body, contentType: 'application/x-www-form-urlencoded' });
const json = (body: unknown): RequestFacts => ({ body: JSON.stringify(body), contentType: 'application/json' });
const multipart = (fields: [string, string][]): RequestFacts => {
  const b = '----WebKitFormBoundaryx1';
  const body = fields.map(([k, v]) => `--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join('') + `--${b}--\r\n`;
  return { body, contentType: `multipart/form-data; boundary=${b}` };
};
const ruleOf = (policy: GuardPolicy, method: string, url: string, facts: RequestFacts = {}) => {
  // A path is on the store; `//host/…` is a protocol-relative URL, resolved against the store.
  const d = isAllowed(policy, method, /^\/(?!\/[^/])/.test(url) ? `${STORE}${url}` : url, facts);
  return d.allowed ? 'allowed' : d.rule;
};

/** What the browser dry-run sends for one case on the sandbox, as a real run sent it (bodies as Chromium encodes them). */
const SCENARIO: [string, string, RequestFacts][] = [
  ['GET', '/products/trailhead-fleece', {}],
  ['GET', '/shop.css?v=1795722419', {}],
  ['POST', '/cart/line_items', form(`${TOKEN}&variant_id=10&quantity=1`)],
  ['GET', '/cart', {}],
  ['POST', '/cart/coupon_codes', form(`${TOKEN}&coupon_code=BLACKFRIDAY50`)],
  ['POST', '/cart', form(`_method=patch&${TOKEN}&order%5Bline_items_attributes%5D%5B0%5D%5Bid%5D=1&order%5Bline_items_attributes%5D%5B0%5D%5Bquantity%5D=1&checkout=1`)],
  ['GET', '/checkout', {}],
  ['GET', '/checkout/address', {}],
  ['POST', '/checkout/address', form(`_method=patch&${TOKEN}&order%5Bemail%5D=dryrun%2Bbrowser-x%40holiday-ready.invalid&order%5Bbill_address_attributes%5D%5Bname%5D=Holiday+Ready&order%5Bbill_address_attributes%5D%5Baddress1%5D=1+Test+Street&order%5Bbill_address_attributes%5D%5Bcity%5D=Albany&order%5Bbill_address_attributes%5D%5Bstate_id%5D=3471&order%5Bbill_address_attributes%5D%5Bzipcode%5D=12207&order%5Bbill_address_attributes%5D%5Bphone%5D=5555550100`)],
  ['GET', '/checkout/delivery', {}],
  ['POST', '/checkout/delivery', form(`_method=patch&${TOKEN}&order%5Bshipments_attributes%5D%5B0%5D%5Bid%5D=1&order%5Bshipments_attributes%5D%5B0%5D%5Bselected_shipping_rate_id%5D=1`)],
  ['GET', '/checkout/payment', {}],
  ['POST', '/checkout/payment', form(`_method=patch&${TOKEN}&order%5Bpayments_attributes%5D%5B%5D%5Bpayment_method_id%5D=2`)],
  ['GET', '/checkout/confirm', {}],
];

/** The confirm form as the sandbox renders it: submitting it places the order. */
const PLACE_ORDER = form(`_method=patch&${TOKEN}`);

describe('the storefront policy on staging', () => {
  test('lets through a log-in-or-guest page\'s guest form with the guest\'s e-mail, and nothing else new', () => {
    const guest = form(`${TOKEN}&order%5Bemail%5D=dryrun%2Bbrowser-x%40holiday-ready.invalid&commit=Continue`);
    assert.equal(ruleOf(shop, 'POST', '/checkout_guest_session', guest), 'allowed');
    // The login form beside it, a password, any other field, another method, production: refused.
    assert.equal(ruleOf(shop, 'POST', '/login', form(`${TOKEN}&spree_user%5Bemail%5D=a%40b.test&spree_user%5Bpassword%5D=x`)), 'not-needed');
    assert.equal(ruleOf(shop, 'POST', '/checkout_guest_session', form(`${TOKEN}&order%5Bemail%5D=a%40b.test&spree_user%5Bpassword%5D=x`)), 'not-needed');
    assert.equal(ruleOf(shop, 'POST', '/checkout_guest_session', form(`${TOKEN}&order%5Bemail%5D=a%40b.test&order%5Bstate%5D=complete`)), 'checkout-state');
    assert.equal(ruleOf(shop, 'POST', '/checkout_guest_session', form(`${TOKEN}&order%5Bpayments_attributes%5D%5B0%5D%5Bamount%5D=1`)), 'not-needed');
    assert.equal(ruleOf(shop, 'DELETE', '/checkout_guest_session', {}), 'not-needed');
    assert.equal(ruleOf(shop, 'POST', '/signup', form(`${TOKEN}&spree_user%5Bemail%5D=a%40b.test`)), 'not-needed');
    assert.equal(ruleOf(live, 'POST', '/checkout_guest_session', guest), 'read-only');
  });

  test('lets through every request the browser dry-run makes, and HEAD', () => {
    for (const [method, url, facts] of SCENARIO) assert.equal(ruleOf(shop, method, url, facts), 'allowed', `${method} ${url}`);
    assert.equal(ruleOf(shop, 'HEAD', '/shop.css'), 'allowed');
  });

  test('lets through the Solidus starter storefront\'s spellings of the same forms', () => {
    for (const [method, url, facts] of [
      ['POST', '/orders/populate', form('variant_id=1&quantity=1')],
      ['POST', '/cart_line_items', form('variant_id=1&quantity=1')],
      ['POST', '/order_contents', form('variant_id=1&quantity=1')],
      ['POST', '/orders/R123/coupon_codes', form('coupon_code=BLACKFRIDAY50')],
      ['POST', '/cart', form('_method=patch&order[line_items_attributes][0][quantity]=2')],
      ['PUT', '/cart/empty', {}],
      ['POST', '/cart/line_items/7', form(`_method=delete&${TOKEN}`)],
      ['PUT', '/checkout/registration', form('order[email]=a@holiday-ready.invalid')],
      ['POST', '/checkout/update/address', form('_method=patch&order[state_lock_version]=3&order[bill_address_attributes][state_name]=NY')],
      ['PATCH', '/checkout/update/delivery', form('order[shipments_attributes][0][selected_shipping_rate_id]=4')],
      ['PATCH', '/checkout/update/payment', form('order[payments_attributes][][payment_method_id]=2&commit=Save+and+Continue')],
    ] as const) {
      assert.equal(ruleOf(shop, method, url, facts), 'allowed', `${method} ${url}`);
    }
  });

  test('never lets the order be placed: confirm and complete, in every spelling and with every method', () => {
    const places = [
      '/checkout/confirm', '/checkout/update/confirm', '/checkout/complete', '/checkout/update/complete',
      '/checkouts/confirm', '/checkout/place_order', '/checkout/update/place-order',
    ];
    for (const url of places) {
      for (const [method, facts] of [['POST', PLACE_ORDER], ['PATCH', {}], ['PUT', {}], ['POST', {}], ['patch', {}]] as const) {
        assert.equal(ruleOf(shop, method, url, facts), 'beyond-payment', `${method} ${url}`);
      }
    }
  });

  test('is not fooled by encodings, double encoding, case, slashes, dot segments, suffixes or queries', () => {
    const disguises = [
      '/checkout/%63onfirm', '/checkout/%2563onfirm', '/checkout/%252563onfirm', '/checkout/%25252563onfirm',
      '/checkout%2Fconfirm', '/checkout%252Fconfirm', '/checkout/update%2Fconfirm', '/%63heckout/update/%43ONFIRM',
      '/CHECKOUT/CONFIRM', '/Checkout/Update/Confirm', '/checkout/confirm/', '/checkout/confirm//', '/checkout//update//confirm', '///checkout/confirm',
      '/checkout/confirm.json', '/checkout/confirm.html', '/checkout/confirm;jsessionid=1', '/checkout/payment/../confirm',
      '/checkout/payment/%2e%2e/confirm', '/checkout/payment/%252e%252e/confirm', '/checkout/./confirm', '/checkout/confirm%20',
      '/checkout/confirm?x=1', '/checkout/confirm?step=payment', '/checkout/update/confirm/?utf8=%E2%9C%93', '/checkout/confirm#payment',
    ];
    for (const url of disguises) {
      for (const [method, facts] of [['POST', PLACE_ORDER], ['PATCH', {}], ['Put', {}], ['post', form('%5Fmethod=PUT')]] as const) {
        assert.equal(ruleOf(shop, method, url, facts), 'beyond-payment', `${method} ${url}`);
      }
    }
    for (const url of ['/checkout/confirm%00', '/checkout/confirm%5C', '/checkout/%E0%A4%A', '/checkout/%25E0%25A4%25A', '/checkout/%2500confirm']) {
      assert.equal(ruleOf(shop, 'POST', url, PLACE_ORDER), 'bad-url', url);
    }
  });

  test('judges a form\'s _method as the method the store sees', () => {
    // Removing a line item is a POST that claims DELETE: allowed as the DELETE it is, not as a POST.
    assert.equal(ruleOf(shop, 'POST', '/cart/line_items/7', form('_method=delete')), 'allowed');
    assert.equal(ruleOf(shop, 'POST', '/cart/line_items/7', form('quantity=1')), 'not-needed');
    // The payment step as a DELETE is not the payment step.
    assert.equal(ruleOf(shop, 'POST', '/checkout/payment', form('_method=delete')), 'beyond-payment');
    // Spelled differently, the same claim: percent-encoded, double-encoded, upper case, multipart, JSON.
    assert.equal(ruleOf(shop, 'POST', '/cart/line_items/7', form('%5Fmethod=DELETE')), 'allowed');
    assert.equal(ruleOf(shop, 'POST', '/cart/line_items/7', form('%255Fmethod=delete')), 'allowed');
    assert.equal(ruleOf(shop, 'POST', '/checkout/payment', form('%255Fmethod=delete')), 'beyond-payment');
    assert.equal(ruleOf(shop, 'POST', '/checkout/confirm', multipart([['_method', 'patch'], ['authenticity_token', 'x']])), 'beyond-payment');
    assert.equal(ruleOf(shop, 'POST', '/checkout/delivery', multipart([['_method', 'patch'], ['order[shipments_attributes][0][id]', '1']])), 'allowed');
    // A name="…" outside a part's own name (a file name, an odd layout) is still a key: a _method there cannot be
    // judged, payment data there is payment data, and one with a broken %-encoding is refused like a part's.
    const odd = (disposition: string): RequestFacts => ({ body: `--b\r\nContent-Disposition: form-data; ${disposition}\r\n\r\nx\r\n--b--\r\n`, contentType: 'multipart/form-data; boundary=b' });
    assert.equal(ruleOf(shop, 'POST', '/checkout/delivery', odd('name="f"')), 'allowed');
    assert.equal(ruleOf(shop, 'POST', '/checkout/delivery', odd('name="f"; filename="_method"')), 'method-override');
    assert.equal(ruleOf(shop, 'POST', '/checkout/delivery', odd('name="f"; filename="payments_attributes"')), 'payment-attributes');
    assert.equal(ruleOf(shop, 'POST', '/checkout/delivery', odd('name="f"; filename="%zz"')), 'bad-body');
    assert.equal(ruleOf(shop, 'POST', '/checkout/delivery', odd('name="%zz"')), 'bad-body');
    assert.equal(ruleOf(shop, 'POST', '/checkout/confirm', json({ _method: 'patch' })), 'beyond-payment');
    // Claims that cannot be judged, or that no form makes, are refused.
    for (const [what, method, url, facts] of [
      ['a claim of GET', 'POST', '/checkout/confirm', form('_method=get')],
      ['a claim of HEAD', 'POST', '/checkout/delivery', form('_method=head')],
      ['two different claims', 'POST', '/checkout/delivery', form('_method=patch&_method=delete')],
      ['a padded claim', 'POST', '/checkout/delivery', form('_method=patch%20')],
      ['a claim of nonsense', 'POST', '/checkout/delivery', form('_method=complete')],
      ['_method inside another key', 'POST', '/checkout/delivery', form('order[_method]=put')],
      ['_method inside JSON', 'POST', '/checkout/delivery', json({ order: { _method: 'put' } })],
      ['a PATCH claiming DELETE', 'PATCH', '/checkout/delivery', form('_method=delete')],
      ['_method in the query', 'GET', '/cart?_method=patch', {}],
      ['%5Fmethod in the query', 'POST', '/checkout/delivery?%5Fmethod=patch', {}],
      ['order[_method] in the query', 'POST', '/checkout/delivery?order[_method]=patch', {}],
    ] as const) {
      assert.equal(ruleOf(shop, method, url, facts), 'method-override', what);
    }
  });

  test('judges method-override headers as the method the store sees', () => {
    for (const header of ['X-HTTP-Method-Override', 'x-http-method', 'X-Method-Override']) {
      assert.equal(ruleOf(shop, 'POST', '/checkout/delivery', { headers: { [header]: 'PATCH' } }), 'allowed', header);
      assert.equal(ruleOf(shop, 'POST', '/checkout/confirm', { headers: { [header]: 'PATCH' } }), 'beyond-payment', header);
      assert.equal(ruleOf(shop, 'POST', '/checkout/payment', { headers: new Headers({ [header]: 'DELETE' }) }), 'beyond-payment', header);
      assert.equal(ruleOf(shop, 'GET', '/checkout/confirm', { headers: { [header]: 'PATCH' } }), 'method-override', `GET with ${header}`);
      assert.equal(ruleOf(shop, 'POST', '/checkout/delivery', { headers: { [header]: 'PATCH' }, ...form('_method=delete') }), 'method-override', `${header} against _method`);
    }
  });

  test('lets the payment step choose a payment method and nothing else', () => {
    const pay = (extra: string) => form(`_method=patch&order[payments_attributes][][payment_method_id]=2&${extra}`);
    for (const extra of [
      'payment_source[2][number]=4111111111111111&payment_source[2][verification_value]=123',
      'order[payments_attributes][][source_attributes][number]=4111111111111111',
      'order[payments_attributes][][amount]=1000',
      'order[payments_attributes][][response_code]=x',
      'order[existing_card]=1',
      'order[wallet_payment_source_id]=1',
      'use_store_credits=1',
      'order[coupon_code]=BLACKFRIDAY50',
    ]) {
      assert.equal(ruleOf(shop, 'POST', '/checkout/payment', pay(extra)), 'payment-attributes', extra);
      assert.equal(ruleOf(shop, 'PATCH', '/checkout/update/payment', pay(extra)), 'payment-attributes', extra);
    }
    assert.equal(ruleOf(shop, 'POST', '/checkout/payment?payment_source[2][number]=4111111111111111', form('_method=patch')), 'payment-attributes');
    assert.equal(ruleOf(shop, 'POST', '/checkout/payment', json({ order: { payments_attributes: [{ payment_method_id: 2, source_attributes: { number: '4111' } }] } })), 'payment-attributes');
    // Payment data anywhere but the payment step.
    assert.equal(ruleOf(shop, 'POST', '/checkout/delivery', form('_method=patch&order[payments_attributes][][payment_method_id]=2')), 'payment-attributes');
    assert.equal(ruleOf(shop, 'POST', '/cart', form('_method=patch&payment_source[1][number]=4111')), 'payment-attributes');
    // No step jumps, in the body or the query.
    assert.equal(ruleOf(shop, 'POST', '/checkout/payment', pay('order[state]=complete')), 'checkout-state');
    assert.equal(ruleOf(shop, 'POST', '/checkout/payment', pay('state=confirm')), 'checkout-state');
    assert.equal(ruleOf(shop, 'POST', '/checkout/payment?state=confirm', pay('')), 'checkout-state');
    assert.equal(ruleOf(shop, 'POST', '/checkout/address?order[state]=confirm', form('_method=patch')), 'checkout-state');
    assert.equal(ruleOf(shop, 'POST', '/checkout/payment', { body: 'order[payments_attributes][][payment_method_id]=2', contentType: 'text/plain' }), 'bad-body');
  });

  test('refuses every other storefront write', () => {
    for (const [method, url] of [
      ['POST', '/login'], ['POST', '/signup'], ['PATCH', '/account'], ['POST', '/newsletter'], ['DELETE', '/cart'],
      ['POST', '/checkout'], ['PATCH', '/checkout/update'], ['PATCH', '/orders/R123'], ['POST', '/cart/line_items/7'],
      ['DELETE', '/checkout/address'], ['POST', '/checkout/address/extra'], ['POST', '/locale/set'],
    ]) {
      assert.equal(ruleOf(shop, method, url), 'not-needed', `${method} ${url}`);
    }
    for (const [method, url] of [['POST', '/orders/R123/payments'], ['POST', '/checkout/payment/authorize'], ['PUT', '/orders/R123/cancel']]) {
      assert.equal(ruleOf(shop, method, url), 'beyond-payment', `${method} ${url}`);
    }
    for (const method of ['OPTIONS', 'TRACE', 'CONNECT', 'PROPFIND']) assert.equal(ruleOf(shop, method, '/cart'), 'method', method);
  });

  test('refuses what the API would do to an order, and API checkout steps, from a browser', () => {
    for (const url of [
      '/api/checkouts/R1/complete', '/api/checkouts/R1/%63omplete', '/api/checkouts/R1/%2563omplete', '/API/Checkouts/R1/COMPLETE/',
      '/api/checkouts/R1/complete.json', '/api/checkouts/R1/next/../complete', '/api/orders/R1/payments', '/api/orders/R1/payments/1/capture',
      '/api/orders/R1/payments/1/purchase', '/api/orders/R1/payments/1/authorize', '/api/orders/R1/payments/1/complete', '/api/checkouts/R1/advance',
    ]) {
      for (const method of ['POST', 'PUT', 'PATCH', 'GET']) assert.equal(ruleOf(shop, method, url), 'never', `${method} ${url}`);
    }
    // A route has no memory of the order's step: `next` at confirm would complete it.
    assert.equal(ruleOf(shop, 'PUT', '/api/checkouts/R1/next'), 'beyond-payment');
    assert.equal(ruleOf(shop, 'PATCH', '/api/checkouts/R1', json({ order: { email: 'a@holiday-ready.invalid' } })), 'beyond-payment');
    assert.equal(ruleOf(shop, 'PUT', '/api/checkouts/R1', json({ state: 'confirm' })), 'checkout-state');
    assert.equal(ruleOf(shop, 'POST', '/api/checkouts/R1/complete', form('_method=put')), 'never');
    assert.equal(ruleOf(shop, 'POST', '/api/orders', form('_method=put')), 'method-override');
    assert.equal(ruleOf(shop, 'POST', '/api/orders', { headers: { 'X-HTTP-Method-Override': 'PUT' } }), 'method-override');
    assert.equal(ruleOf(shop, 'GET', '/api/products?per_page=1'), 'allowed');
  });
});

describe('the storefront policy and other origins', () => {
  test('aborts every other origin, reads included, unless the origin is listed; listed origins are only read', () => {
    for (const url of [
      'https://cdn.example/app.js', 'https://fonts.example/inter.woff2', 'http://localhost:3000/cart', 'https://127.0.0.1:3000/cart',
      'http://127.0.0.1:3001/cart', '//evil.example/checkout/confirm', 'http://127.0.0.1:3000@evil.example/checkout/confirm',
    ]) {
      for (const method of ['GET', 'HEAD', 'POST']) {
        assert.equal(ruleOf(shop, method, url), 'foreign-origin', `${method} ${url}`);
        assert.equal(ruleOf(live, method, url), 'foreign-origin', `production: ${method} ${url}`);
      }
    }
    const cdn = storefrontPolicy('staging', STORE, { allowedOrigins: ['https://cdn.example', 'https://fonts.example/any/path'] });
    assert.equal(ruleOf(cdn, 'GET', 'https://cdn.example/app.js'), 'allowed');
    assert.equal(ruleOf(cdn, 'HEAD', 'https://fonts.example/inter.woff2'), 'allowed');
    assert.equal(ruleOf(cdn, 'POST', 'https://cdn.example/collect', form('a=1')), 'foreign-origin');
    assert.equal(ruleOf(cdn, 'GET', 'https://cdn.example/x', { headers: { 'X-HTTP-Method-Override': 'POST' } }), 'method-override');
    assert.equal(ruleOf(cdn, 'GET', 'https://cdn.example/x?_method=post'), 'method-override');
    assert.equal(ruleOf(cdn, 'GET', 'http://cdn.example/app.js'), 'foreign-origin', 'another scheme is another origin');
    assert.equal(ruleOf(cdn, 'GET', 'https://cdn.example.evil/app.js'), 'foreign-origin');
    assert.equal(ruleOf(cdn, 'GET', 'https://user:pw@cdn.example/app.js'), 'bad-url');
  });

  test('a site file\'s storefront.allowed_origins reaches the policy every browser of the site gets', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hr-guard-origins-'));
    try {
      const file = path.join(dir, 'acme.yml');
      fs.writeFileSync(file, `site: acme
name: Acme Outfitters
currency: USD
staging: { url: '${STORE}', api_key_env: ACME_STAGING_API_KEY }
production: { url: 'http://127.0.0.1:3001', api_key_env: ACME_PRODUCTION_API_KEY }
holiday: { name: Thanksgiving, offices_closed: [2026-11-26, 2026-11-29], timezone: America/New_York }
people: { engineer: { name: Dana }, client_rep: { name: Sam }, slack_channel: '#acme' }
storefront: { allowed_origins: ['HTTPS://CDN.example:443/', 'http://127.0.0.1:4000'] }
campaigns: [{ name: Fleece, code: OUTERWEAR20, carts: [{ items: { FLC-002: 1 }, expect: { items: 20% off } }] }]
`);
      const loaded = loadSite(file, { env: { ACME_STAGING_API_KEY: 'k' } });
      assert.ok(loaded.ok);
      const policy = storefrontPolicyFor(loaded.site);
      assert.deepEqual([policy.kind, policy.surface, [...(policy.allowedOrigins ?? [])]], ['staging', 'browser', ['https://cdn.example', 'http://127.0.0.1:4000']]);
      for (const method of ['GET', 'HEAD']) {
        assert.equal(ruleOf(policy, method, 'https://cdn.example/hero.jpg'), 'allowed', method);
        assert.equal(ruleOf(policy, method, 'http://127.0.0.1:4000/app.js'), 'allowed', method);
      }
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
        assert.equal(ruleOf(policy, method, 'https://cdn.example/collect', form('a=1')), 'foreign-origin', method);
        assert.equal(ruleOf(policy, method, 'http://127.0.0.1:4000/cart/line_items', form('variant_id=1')), 'foreign-origin', method);
      }
      assert.equal(ruleOf(policy, 'GET', 'https://fonts.example/inter.woff2'), 'foreign-origin');
      assert.equal(ruleOf(policy, 'GET', 'http://127.0.0.1:4001/app.js'), 'foreign-origin', 'another port is another origin');
      assert.equal(ruleOf(policy, 'POST', '/cart/line_items', form('variant_id=1&quantity=1')), 'allowed', 'the store itself is unchanged');
      // Listed origins change nothing on a store that is only read.
      const live = storefrontPolicyFor({ ...loaded.site, production: { url: loaded.site.staging.url } });
      assert.equal(live.kind, 'production');
      assert.equal(ruleOf(live, 'GET', 'https://cdn.example/hero.jpg'), 'allowed');
      assert.equal(ruleOf(live, 'POST', '/cart/line_items', form('variant_id=1')), 'read-only');
      assert.equal(ruleOf(live, 'POST', 'https://cdn.example/collect', form('a=1')), 'foreign-origin');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('refuses other schemes and credentials', () => {
    assert.equal(ruleOf(shop, 'GET', 'file:///etc/passwd'), 'bad-url');
    assert.equal(ruleOf(shop, 'GET', 'ftp://127.0.0.1:3000/x'), 'bad-url');
    assert.equal(ruleOf(shop, 'GET', 'http://user:pw@127.0.0.1:3000/cart'), 'bad-url');
  });
});

describe('the storefront policy on production', () => {
  test('only reads: pages, assets and the confirm page load, every form of the dry-run is refused', () => {
    for (const [method, url, facts] of SCENARIO) {
      assert.equal(ruleOf(live, method, url, facts), method === 'GET' ? 'allowed' : 'read-only', `${method} ${url}`);
    }
    assert.equal(ruleOf(live, 'HEAD', '/shop.css'), 'allowed');
    for (const [method, url] of [['POST', '/orders/populate'], ['PUT', '/cart/empty'], ['DELETE', '/cart/line_items/1'], ['POST', '/checkout/confirm'], ['PATCH', '/checkout/update/confirm']]) {
      assert.equal(ruleOf(live, method, url), 'read-only', `${method} ${url}`);
    }
    assert.equal(ruleOf(live, 'POST', '/cart', form('_method=get')), 'method-override');
    assert.equal(ruleOf(live, 'GET', '/cart', { headers: { 'X-HTTP-Method-Override': 'DELETE' } }), 'method-override');
  });

  test('no cart through the API either, even when the site allows API carts on production', () => {
    const carts: GuardPolicy = { ...live, allowCarts: true, codesWithoutUsageLimit: ['OUTERWEAR20'] };
    assert.equal(ruleOf(carts, 'POST', '/api/orders', json({ order: {} })), 'read-only');
    assert.equal(ruleOf(carts, 'POST', '/api/orders/R1/coupon_codes', json({ coupon_code: 'OUTERWEAR20' })), 'read-only');
    assert.equal(ruleOf(carts, 'GET', '/api/products'), 'allowed');
    assert.equal(ruleOf(carts, 'HEAD', '/api/products'), 'allowed');
  });
});

describe('the same storefront rules for the API policy', () => {
  test('a browser driven with the API policy gets the same storefront rules, without HEAD (the speed audit now uses storefrontPolicyFor)', () => {
    const api: GuardPolicy = { kind: 'staging', origin: STORE };
    assert.equal(ruleOf(api, 'POST', '/cart/line_items', form('variant_id=1&quantity=1')), 'allowed');
    assert.equal(ruleOf(api, 'POST', '/cart/line_items/7', form('_method=delete')), 'allowed');
    assert.equal(ruleOf(api, 'POST', '/checkout/confirm', PLACE_ORDER), 'beyond-payment');
    assert.equal(ruleOf(api, 'POST', '/login'), 'not-needed');
    assert.equal(ruleOf(api, 'HEAD', '/cart'), 'method');
    assert.equal(ruleOf({ kind: 'production', origin: STORE }, 'POST', '/cart/line_items', form('variant_id=1')), 'read-only');
  });
});

describe('routeGuard with the storefront policy', () => {
  test('continues what passes, aborts what it refuses and reports each refusal once, with its rule', async () => {
    const seen: string[] = [];
    const refused: string[] = [];
    const handler = routeGuard(shop, (d, method, url) => refused.push(`${d.rule} ${method} ${url}`));
    const route = (method: string, url: string, facts: RequestFacts = {}, headers: Record<string, string> = {}): RouteLike => ({
      request: () => ({
        method: () => method,
        url: () => url,
        headers: () => ({ ...headers, ...(facts.contentType ? { 'content-type': facts.contentType } : {}) }),
        postData: () => facts.body ?? null,
      }),
      continue: async () => void seen.push(`continue ${method} ${url}`),
      abort: async (code) => void seen.push(`abort ${code} ${method} ${url}`),
    });
    await handler(route('POST', `${STORE}/checkout/payment`, form('_method=patch&order%5Bpayments_attributes%5D%5B%5D%5Bpayment_method_id%5D=2')));
    await handler(route('POST', `${STORE}/checkout/confirm`, PLACE_ORDER));
    await handler(route('POST', `${STORE}/checkout/update/%63onfirm`, {}, { 'x-http-method-override': 'PATCH' }));
    await handler(route('PUT', `${STORE}/api/checkouts/R1/complete?order_token=abc`));
    await handler(route('GET', 'https://cdn.example/app.js'));
    assert.deepEqual(seen, [
      `continue POST ${STORE}/checkout/payment`,
      `abort blockedbyclient POST ${STORE}/checkout/confirm`,
      `abort blockedbyclient POST ${STORE}/checkout/update/%63onfirm`,
      `abort blockedbyclient PUT ${STORE}/api/checkouts/R1/complete?order_token=abc`,
      'abort blockedbyclient GET https://cdn.example/app.js',
    ]);
    assert.deepEqual(refused, [
      `beyond-payment POST ${STORE}/checkout/confirm`,
      `beyond-payment POST ${STORE}/checkout/update/%63onfirm`,
      `never PUT ${STORE}/api/checkouts/R1/complete?order_token=abc`,
      'foreign-origin GET https://cdn.example/app.js',
    ]);
  });
});

/**
 * Readiness audits end to end: against the sandbox stores (the read-only "production" on :3001
 * with the campaigns' real windows, a private copy of staging for anything that writes or needs
 * the sandbox's current initializers) and against local servers on 127.0.0.1 made to fail them:
 * an expired promotion, a usage limit below the expected redemptions, a window off by the UTC
 * offset, a sold-out promoted product, a slow page, an expired self-signed certificate, a store
 * that cannot be reached. Every run passes `now`; no test depends on today's date.
 *
 * Run: node --import tsx --test test/e2e/audits.test.ts   (needs sandbox/bin/serve and serve production)
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { RunAuditsResult } from '../../src/audits/run.ts';
import { AUDIT_IDS, runReadinessAudits as runAudits } from '../../src/pipeline/audits.ts';
import { loadSite } from '../../src/config/load.ts';
import type { Site } from '../../src/config/types.ts';
import type { RunResults } from '../../src/findings/types.ts';
import { renderHtml } from '../../reports/render.ts';
import { ROOT, sandbox } from '../support/sandbox.ts';
import { startInstance, type SandboxInstance } from '../support/sandbox-instance.ts';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'holiday-ready-audits-'));
const servers: (http.Server | https.Server)[] = [];
let store: SandboxInstance;
const staging = sandbox('staging');
const production = sandbox('production');
const ENV: NodeJS.ProcessEnv = {
  ACME_STAGING_API_KEY: staging.apiKey,
  ACME_PRODUCTION_API_KEY: production.apiKey,
  LOCAL_KEY: 'local-admin-key',
};

after(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  fs.rmSync(TMP, { recursive: true, force: true });
});

const PEOPLE = `people: { engineer: { name: Dana Whitfield, slack: '@dana' }, client_rep: { name: Sam Ortiz }, slack_channel: '#acme-holiday' }`;

/** Writes a site file to the temp dir (site: equals the file name) and loads it with the audit ids. */
function siteFile(name: string, body: string): Site {
  const file = path.join(TMP, `${name}.yml`);
  fs.writeFileSync(file, `site: ${name}\nname: ${name}\ncurrency: USD\n${PEOPLE}\n${body}`);
  const r = loadSite(file, { env: ENV, auditIds: AUDIT_IDS });
  assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.errors, null, 2));
  return r.site;
}

/** A local HTTP server on 127.0.0.1 that records every request. */
async function serve(handler: http.RequestListener): Promise<{ url: string; requests: string[] }> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    handler(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

const json = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

const keysOf = (out: RunAuditsResult, audit: string) => out.findings.filter((f) => f.audit === audit).map((f) => f.id.replace(`audit:${audit}:`, ''));
const resultOf = (out: RunAuditsResult, audit: string) => out.audits.find((a) => a.id === audit)!;

describe('promotion schedule and usage limits', () => {
  test('read every planned code from the sandbox production store and find it on schedule, with no limit', async () => {
    const acme = loadSite(path.join(ROOT, 'sites', 'acme.yml'), { env: ENV, auditIds: AUDIT_IDS });
    assert.ok(acme.ok);
    // Saturday after Thanksgiving, noon in New York: every coded campaign of acme.yml is inside its window.
    const out = await runAudits({ site: acme.site, env: ENV, now: new Date('2026-11-28T17:00:00Z'), only: ['promotion-schedule', 'usage-limits'] });
    const schedule = resultOf(out, 'promotion-schedule');
    assert.equal(schedule.outcome, 'pass', JSON.stringify(schedule.findings, null, 1));
    assert.match(schedule.summary, /^3 codes checked against production in America\/New_York: all on schedule\./);
    assert.equal(resultOf(out, 'usage-limits').outcome, 'pass');
    assert.match(resultOf(out, 'usage-limits').summary, /BLACKFRIDAY50 no usage limit/);
  });

  test('call out an expired promotion, a usage limit below the expected redemptions and a window off by the UTC offset', async () => {
    // A fake store: GET /api/promotions/{code} from this table, 404 for anything else.
    const promotions: Record<string, object> = {
      expired10: { id: 1, starts_at: '2030-10-01T00:00:00.000-04:00', expires_at: '2030-11-01T00:00:00.000-04:00', usage_limit: null, per_code_usage_limit: null },
      limited: { id: 2, starts_at: '2030-11-27T00:00:00.000-05:00', expires_at: '2030-11-30T23:59:59.000-05:00', usage_limit: 1000, per_code_usage_limit: 200 },
      utcend: { id: 3, starts_at: '2030-11-27T00:00:00.000-05:00', expires_at: '2030-11-30T23:59:59.000Z', usage_limit: null, per_code_usage_limit: null },
    };
    const handler: http.RequestListener = (req, res) => {
      const m = /^\/api\/promotions\/([^/?]+)$/.exec(req.url ?? '');
      const promo = m && req.method === 'GET' ? promotions[decodeURIComponent(m[1]).toLowerCase()] : undefined;
      if (promo) json(res, 200, promo);
      else json(res, 404, { error: 'The resource you were looking for could not be found.' });
    };
    const live = await serve(handler);
    const stage = await serve(handler);
    const window = '[2030-11-27T00:00, 2030-11-30T23:59]';
    const site = siteFile('local-schedule', `
staging: { url: '${stage.url}', api_key_env: LOCAL_KEY }
production: { url: '${live.url}', api_key_env: LOCAL_KEY }
holiday: { name: Thanksgiving, offices_closed: [2030-11-28, 2030-12-01], timezone: America/New_York }
dry_run: { retries: 0 }
campaigns:
  - { name: Expired ten, code: EXPIRED10, window: ${window}, expected_redemptions: 100, carts: [{ items: { JKT-001: 1 }, expect: { order: $10 off } }] }
  - { name: Limited, code: LIMITED, window: ${window}, expected_redemptions: 5000, carts: [{ items: { JKT-001: 1 }, expect: { order: $10 off } }] }
  - { name: UTC end, code: UTCEND, window: ${window}, expected_redemptions: 100, carts: [{ items: { JKT-001: 1 }, expect: { order: $10 off } }] }
  - { name: Missing, code: NOSUCHCODE, window: ${window}, carts: [{ items: { JKT-001: 1 }, expect: { order: $10 off } }] }
`);
    const out = await runAudits({ site, env: ENV, now: new Date('2030-11-28T17:00:00Z'), only: ['promotion-schedule', 'usage-limits'] });

    assert.deepEqual(keysOf(out, 'promotion-schedule'), ['Expired ten:expired', 'UTC end:ends-early', 'Missing:not-found']);
    assert.equal(resultOf(out, 'promotion-schedule').outcome, 'fail');
    const byId = Object.fromEntries(out.findings.map((f) => [f.id, f]));
    assert.equal(byId['audit:promotion-schedule:Expired ten:expired'].title, 'EXPIRED10 has already expired');
    assert.equal(byId['audit:promotion-schedule:Expired ten:expired'].level, 'error');
    assert.equal(byId['audit:promotion-schedule:Expired ten:expired'].campaign, 'Expired ten');
    assert.equal(byId['audit:promotion-schedule:UTC end:ends-early'].title, 'UTCEND ends 5 hours early: at midnight UTC, not midnight in ET');
    assert.match(byId['audit:promotion-schedule:UTC end:ends-early'].cause, /the end was entered as UTC/);
    assert.equal(byId['audit:promotion-schedule:Missing:not-found'].title, 'NOSUCHCODE does not exist in production');

    assert.deepEqual(keysOf(out, 'usage-limits'), ['Limited:usage-limit', 'Limited:per-code-limit', 'Missing:not-found']);
    assert.equal(byId['audit:usage-limits:Limited:usage-limit'].title, 'LIMITED stops working after 1,000 orders, below the 5,000 expected');
    assert.equal(byId['audit:usage-limits:Limited:per-code-limit'].title, 'LIMITED stops working after 200 orders, below the 5,000 expected');

    assert.deepEqual(stage.requests, [], 'the schedule is read from production, not staging');
    assert.ok(live.requests.length > 0 && live.requests.every((r) => r.startsWith('GET /api/promotions/')), live.requests.join(', '));
  });
});

describe('catalog, checkout and indexing on a private copy of the staging store', () => {
  // Its own store: the checkout writes carts, and the copy runs the sandbox's current initializers
  // (noindex on staging, per-code limits and promotionable in the API) whatever the shared stores run.
  before(async () => {
    store = await startInstance('audits');
    ENV.INSTANCE_KEY = store.apiKey;
  });
  after(() => store?.stop());

  test('calls out a sold-out promoted product, low stock and a non-promotionable item in promoted carts', async () => {
    const site = siteFile('instance-catalog', `
staging: { url: '${store.url}', api_key_env: INSTANCE_KEY }
holiday: { name: Thanksgiving, offices_closed: [2030-11-28, 2030-12-01], timezone: America/New_York }
audits: { rules: { catalog: [error, { min_on_hand: 20 }] } }
campaigns:
  - name: Outerwear 20% off
    code: OUTERWEAR20
    window: [2030-11-20T00:00, 2030-12-01T23:59]
    carts:
      - { name: $240 parka, items: { JKT-003: 1 }, expect: { items: 20% off } }
      - { name: $88 liner, items: { JKT-004: 1 }, expect: { items: 20% off } }
      - { name: $120 jacket and a gift card, items: { JKT-001: 1, GIFT-050: 1 }, expect: { items: 20% off } }
`);
    const out = await runAudits({ site, env: ENV, now: new Date('2030-11-10T12:00:00Z'), only: ['catalog'] });
    const catalog = resultOf(out, 'catalog');
    assert.equal(catalog.outcome, 'fail');
    assert.deepEqual(keysOf(out, 'catalog'), ['JKT-003:sold-out', 'JKT-004:low-stock', 'GIFT-050:not-promotionable']);
    assert.equal(catalog.summary, '3 promoted SKUs of 4 cannot be sold as planned in staging: JKT-003 sold out, JKT-004 low stock and GIFT-050 not promotionable.');
    const soldOut = out.findings[0];
    assert.equal(soldOut.title, 'Summit Parka (JKT-003) is sold out, yet it is in a promoted cart');
    assert.deepEqual([soldOut.level, soldOut.campaign, soldOut.code, soldOut.cart], ['error', 'Outerwear 20% off', 'OUTERWEAR20', '$240 parka']);
    assert.equal(out.findings[1].title, 'Quilted Liner Jacket (JKT-004) has only 12 on hand, fewer than the 20 needed');
  });

  test('a guest reaches the payment step with the expected shipping rates and a payment method, and the cart is emptied', async () => {
    const before = store.harnessFullCarts();
    const site = siteFile('instance-checkout', `
staging: { url: '${store.url}', api_key_env: INSTANCE_KEY }
holiday: { name: Thanksgiving, offices_closed: [2030-11-28, 2030-12-01], timezone: America/New_York }
audits: { rules: { checkout-health: [error, { shipping: { Ground: 7.95, Express: 19.95 }, payment_methods: [Check (staging)] }] } }
campaigns:
  - { name: Parka, code: OUTERWEAR20, carts: [{ items: { JKT-003: 1 } , expect: { items: 20% off } }, { items: { FLC-002: 1 }, expect: { items: 20% off } }] }
`);
    const out = await runAudits({ site, env: ENV, now: new Date('2030-11-10T12:00:00Z'), only: ['checkout-health'] });
    const result = resultOf(out, 'checkout-health');
    assert.equal(result.outcome, 'pass', JSON.stringify(result, null, 1));
    // JKT-003 is sold out, so the first sellable promoted SKU is used.
    assert.match(result.summary, /^A guest with FLC-002 reached the payment step with 1 Test Street, Albany, NY 12207, US; shipping offered: Ground \$7\.95 and Express \$19\.95; payment: Check \(staging\)/);
    assert.equal(store.harnessFullCarts(), before, 'the audit empties the cart it made');
  });

  test('reports a missing shipping method and a different rate', async () => {
    const site = siteFile('instance-shipping', `
staging: { url: '${store.url}', api_key_env: INSTANCE_KEY }
holiday: { name: Thanksgiving, offices_closed: [2030-11-28, 2030-12-01], timezone: America/New_York }
audits: { rules: { checkout-health: [warn, { sku: FLC-002, shipping: { Ground: 5.00, Overnight: 30 } }] } }
campaigns:
  - { name: Fleece, code: OUTERWEAR20, carts: [{ items: { FLC-002: 1 }, expect: { items: 20% off } }] }
`);
    const out = await runAudits({ site, env: ENV, now: new Date('2030-11-10T12:00:00Z'), only: ['checkout-health'] });
    assert.deepEqual(keysOf(out, 'checkout-health'), ['shipping:Ground:rate', 'shipping:Overnight:missing']);
    assert.deepEqual(out.findings.map((f) => f.level), ['warn', 'warn']);
    assert.equal(out.findings[0].title, 'Ground shipping costs $7.95, not $5.00');
  });

  test('speed fills the cart through the one guard (add to cart and removing the line pass) and empties it again', { timeout: 120_000 }, async () => {
    const full = store.fullCarts();
    const orders = () => Number(store.sql('SELECT COUNT(*) FROM spree_orders'));
    const made = orders();
    const site = siteFile('instance-speed', `
staging: { url: '${store.url}', api_key_env: INSTANCE_KEY }
holiday: { name: Thanksgiving, offices_closed: [2030-11-28, 2030-12-01], timezone: America/New_York }
audits: { rules: { speed: [warn, { pages: [product, cart], runs: 1, api_requests: 0 }] } }
campaigns:
  - { name: Fleece, code: OUTERWEAR20, carts: [{ items: { FLC-002: 1 }, expect: { items: 20% off } }] }
`);
    const out = await runAudits({ site, env: ENV, now: new Date('2030-11-10T12:00:00Z'), only: ['speed'] });
    const speed = resultOf(out, 'speed');
    assert.match(speed.summary, /Median of 1 load: product TTFB .*; cart TTFB /, speed.summary);
    assert.doesNotMatch(speed.summary, /measured empty|refused|not made/, 'the guard let the cart\'s own forms through');
    assert.deepEqual(keysOf(out, 'speed').filter((k) => !/^(product|cart):(ttfb|lcp|cls|transfer)$/.test(k)), [], JSON.stringify(out.findings, null, 1));
    assert.equal(orders(), made + 1, 'adding to the cart reached the store: one guest order');
    assert.equal(store.fullCarts(), full, 'and removing the line emptied it');
  });

  test('passes a staging store that says noindex and a live store that does not; fails an indexable staging', async () => {
    const ok = siteFile('instance-indexing', `
staging: { url: '${store.url}', api_key_env: INSTANCE_KEY }
production: { url: '${production.url}', api_key_env: ACME_PRODUCTION_API_KEY }
holiday: { name: Thanksgiving, offices_closed: [2030-11-28, 2030-12-01], timezone: America/New_York }
campaigns:
  - { name: Fleece, code: OUTERWEAR20, carts: [{ items: { FLC-002: 1 }, expect: { items: 20% off } }] }
`);
    const good = await runAudits({ site: ok, env: ENV, now: new Date('2030-11-10T12:00:00Z'), only: ['indexing'] });
    assert.equal(resultOf(good, 'indexing').outcome, 'pass', JSON.stringify(good.findings, null, 1));
    assert.equal(resultOf(good, 'indexing').summary, 'Staging says noindex; the live store is open to search engines.');

    const open = await serve((req, res) => {
      res.writeHead(200, { 'content-type': req.url === '/robots.txt' ? 'text/plain' : 'text/html' });
      res.end(req.url === '/robots.txt' ? 'User-agent: *\nAllow: /\n' : '<html><head><title>Staging</title></head><body>Shop</body></html>');
    });
    const bad = siteFile('open-staging', `
staging: { url: '${open.url}', api_key_env: LOCAL_KEY }
holiday: { name: Thanksgiving, offices_closed: [2030-11-28, 2030-12-01], timezone: America/New_York }
campaigns:
  - { name: Fleece, code: OUTERWEAR20, carts: [{ items: { FLC-002: 1 }, expect: { items: 20% off } }] }
`);
    const out = await runAudits({ site: bad, env: ENV, now: new Date('2030-11-10T12:00:00Z'), only: ['indexing'] });
    assert.deepEqual(keysOf(out, 'indexing'), ['staging:indexable']);
    assert.ok(open.requests.every((r) => r.startsWith('GET ')));
  });
});

describe('speed', () => {
  test('reports a slow page and a slow API against the site budgets, from the browser\'s own timings', { timeout: 90_000 }, async () => {
    const slow = await serve((req, res) => {
      const delay = req.url === '/' ? 400 : req.url?.startsWith('/api/products') ? 250 : 0;
      setTimeout(() => {
        if (req.url?.startsWith('/api/products')) return json(res, 200, { count: 0, products: [] });
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<!doctype html><html><head><title>Slow shop</title></head><body><h1>Holiday deals</h1><p>Everything 50% off.</p></body></html>');
      }, delay);
    });
    const site = siteFile('slow-store', `
staging: { url: '${slow.url}', api_key_env: LOCAL_KEY }
holiday: { name: Thanksgiving, offices_closed: [2030-11-28, 2030-12-01], timezone: America/New_York }
audits: { rules: { speed: [error, { pages: [home], runs: 2, ttfb_ms: 200, api_requests: 4, api_concurrency: 2, api_p95_ms: 150 }] } }
campaigns:
  - { name: Fleece, code: OUTERWEAR20, carts: [{ items: { FLC-002: 1 }, expect: { items: 20% off } }] }
`);
    const out = await runAudits({ site, env: ENV, now: new Date('2030-11-10T12:00:00Z'), only: ['speed'] });
    assert.deepEqual(keysOf(out, 'speed'), ['home:ttfb', 'api:p95'], JSON.stringify(out.findings, null, 1));
    const ttfb = out.findings[0];
    assert.match(ttfb.title, /^Home page: time to first byte \d{3,} ms, over the 200 ms budget$/);
    assert.match(ttfb.expected, /median of 2 loads/);
    assert.equal(ttfb.level, 'error');
    assert.equal(slow.requests.filter((r) => r === 'GET /').length, 2);
    assert.equal(slow.requests.filter((r) => r.startsWith('GET /api/products')).length, 4);
  });

  test('reads only from the store and storefront.allowed_origins, never writes to them, and says what it did not load', { timeout: 90_000 }, async () => {
    const cdn = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'image/svg+xml' });
      res.end('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
    });
    const tracker = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end('');
    });
    const shop = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<!doctype html><html><head><title>Shop</title><script src="${tracker.url}/tracker.js"></script></head>
<body><h1>Holiday deals</h1><img src="${cdn.url}/hero.svg" width="10" height="10" alt="">
<script>fetch('${cdn.url}/collect', { method: 'POST', body: 'x' }).catch(() => undefined);</script></body></html>`);
    });
    const site = siteFile('cdn-store', `
staging: { url: '${shop.url}', api_key_env: LOCAL_KEY }
holiday: { name: Thanksgiving, offices_closed: [2030-11-28, 2030-12-01], timezone: America/New_York }
storefront: { allowed_origins: ['${cdn.url}'] }
audits: { rules: { speed: [error, { pages: [home], runs: 1, api_requests: 0 }] } }
campaigns:
  - { name: Fleece, code: OUTERWEAR20, carts: [{ items: { FLC-002: 1 }, expect: { items: 20% off } }] }
`);
    const out = await runAudits({ site, env: ENV, now: new Date('2030-11-10T12:00:00Z'), only: ['speed'] });
    assert.deepEqual(cdn.requests, ['GET /hero.svg'], 'the listed origin is read, and never written to');
    assert.deepEqual(tracker.requests, [], 'an origin not listed is never reached');
    assert.deepEqual(keysOf(out, 'speed'), ['other-origins'], JSON.stringify(out.findings, null, 1));
    assert.equal(out.findings[0].level, 'info');
    const speed = resultOf(out, 'speed');
    assert.equal(speed.outcome, 'pass');
    assert.ok(speed.summary.includes(`1 request to other hosts was not made (${tracker.url}); list them under storefront.allowed_origins to measure them`), speed.summary);
    assert.ok(speed.summary.includes(`the safety guard refused 1 other request and did not send it: POST ${cdn.url}/collect (foreign-origin)`), speed.summary);
  });

  test('on a staging URL that is the production store it only reads: no cart, no cart or checkout page', { timeout: 90_000 }, async () => {
    const live = await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(req.url?.startsWith('/shop/products/')
        ? '<!doctype html><html><body><form method="post" action="/shop/cart/line_items"><input type="hidden" name="variant_id" value="1"><button>Add To Cart</button></form></body></html>'
        : '<!doctype html><html><body><h1>Shop</h1></body></html>');
    });
    const site = siteFile('live-store', `
staging: { url: '${live.url}/shop', api_key_env: LOCAL_KEY }
production: { url: '${live.url}', api_key_env: LOCAL_KEY }
holiday: { name: Thanksgiving, offices_closed: [2030-11-28, 2030-12-01], timezone: America/New_York }
storefront: { product_path: '/products/{sku}', cart_path: /cart }
audits: { rules: { speed: [error, { pages: [home, product, cart, checkout], runs: 1, api_requests: 0 }] } }
campaigns:
  - { name: Fleece, code: OUTERWEAR20, carts: [{ items: { FLC-002: 1 }, expect: { items: 20% off } }] }
`);
    const out = await runAudits({ site, env: ENV, now: new Date('2030-11-10T12:00:00Z'), only: ['speed'] });
    assert.deepEqual(live.requests.filter((r) => r !== 'GET /favicon.ico'), ['GET /shop/', 'GET /shop/products/FLC-002']);
    const speed = resultOf(out, 'speed');
    assert.ok(speed.summary.includes(`the cart and checkout pages were not measured: ${live.url}/shop is the production store, where the browser only reads (filling a cart would be a write)`), speed.summary);
  });
});

describe('TLS certificate', () => {
  /** A self-signed certificate for 127.0.0.1 valid exactly between two dates (YYYYMMDDHHMMSSZ), made with `openssl ca`. */
  function certificate(name: string, start: string, end: string): { key: Buffer; cert: Buffer } {
    const dir = fs.mkdtempSync(path.join(TMP, `ca-${name}-`));
    fs.writeFileSync(path.join(dir, 'index.txt'), '');
    fs.writeFileSync(path.join(dir, 'serial'), '01\n');
    fs.writeFileSync(path.join(dir, 'ca.cnf'), [
      '[ca]', 'default_ca = local', '[local]', 'dir = .', 'database = ./index.txt', 'serial = ./serial', 'new_certs_dir = .',
      'default_md = sha256', 'policy = any', 'unique_subject = no', '[any]', 'commonName = supplied',
      '[ext]', 'subjectAltName = IP:127.0.0.1', 'basicConstraints = CA:FALSE', '',
    ].join('\n'));
    const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    run(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'key.pem', '-subj', '/CN=127.0.0.1', '-out', 'req.csr']);
    run(['ca', '-batch', '-config', 'ca.cnf', '-selfsign', '-keyfile', 'key.pem', '-in', 'req.csr', '-startdate', start, '-enddate', end, '-extensions', 'ext', '-out', 'cert.pem']);
    return { key: fs.readFileSync(path.join(dir, 'key.pem')), cert: fs.readFileSync(path.join(dir, 'cert.pem')) };
  }

  async function serveTls(creds: { key: Buffer; cert: Buffer }): Promise<string> {
    const server = https.createServer(creds, (_req, res) => res.end('ok'));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  test('fails an expired self-signed certificate and one that expires during the holiday, judged against the given now', { timeout: 60_000 }, async () => {
    const expired = await serveTls(certificate('expired', '20200101000000Z', '20200102000000Z'));
    const expiring = await serveTls(certificate('expiring', '20300101000000Z', '20301128120000Z'));
    const site = siteFile('tls-store', `
staging: { url: '${expired}', api_key_env: LOCAL_KEY }
production: { url: '${expiring}', api_key_env: LOCAL_KEY }
holiday: { name: Thanksgiving, offices_closed: [2030-11-28, 2030-12-01], timezone: America/New_York }
campaigns:
  - { name: Fleece, code: OUTERWEAR20, carts: [{ items: { FLC-002: 1 }, expect: { items: 20% off } }] }
`);
    const out = await runAudits({ site, env: ENV, now: new Date('2030-06-01T12:00:00Z'), only: ['tls-certificate'] });
    const host = (u: string) => new URL(u).host;
    assert.deepEqual(keysOf(out, 'tls-certificate'), [
      `${host(expiring)}:expires-soon`,
      `${host(expiring)}:untrusted`,
      `${host(expired)}:expired`,
      `${host(expired)}:untrusted`,
    ]);
    const find = (u: string, key: string) => out.findings.find((f) => f.id === `audit:tls-certificate:${host(u)}:${key}`)!;
    assert.match(find(expiring, 'expires-soon').title, /^The certificate of 127\.0\.0\.1:\d+ \(production\) expires Thu, Nov 28, 2030, 7:00 AM EST, before the holiday is safely over$/);
    assert.match(find(expiring, 'expires-soon').cause, /expires before the end of Thanksgiving/);
    assert.match(find(expired, 'expired').actual, /^valid Tue, Dec 31, 2019, 7:00 PM EST to Wed, Jan 1, 2020, 7:00 PM EST \(subject 127\.0\.0\.1, issuer 127\.0\.0\.1\); expired 3803 days 12 hours ago$/);
    assert.deepEqual(out.findings.map((f) => f.level), ['error', 'error', 'error', 'info'], 'a self-signed staging certificate is only information');
  });
});

describe('one audit failing never stops the others', () => {
  test('a store that cannot be reached makes its audits "could not run" while the others report', async () => {
    const site = siteFile('unreachable', `
staging: { url: 'http://127.0.0.1:1', api_key_env: LOCAL_KEY }
production: { url: 'http://127.0.0.1:2', api_key_env: LOCAL_KEY }
holiday: { name: Thanksgiving, offices_closed: [2030-11-28, 2030-12-01], timezone: America/New_York }
dry_run: { retries: 0, timeout_ms: 2000 }
campaigns:
  - { name: Fleece, code: OUTERWEAR20, window: [2030-11-27T00:00, 2030-11-30T23:59], carts: [{ items: { FLC-002: 1 }, expect: { items: 20% off } }] }
`);
    const out = await runAudits({ site, env: ENV, now: new Date('2030-11-27T15:00:00Z'), only: ['promotion-schedule', 'catalog', 'indexing', 'code-freeze'] });
    assert.deepEqual(out.audits.map((a) => [a.id, a.outcome]), [
      ['promotion-schedule', 'not-checked'],
      ['catalog', 'not-checked'],
      ['indexing', 'not-checked'],
      ['code-freeze', 'fail'],
    ]);
    const schedule = out.findings.find((f) => f.id === 'audit:promotion-schedule:could-not-run')!;
    assert.match(schedule.cause, /cannot reach the store at http:\/\/127\.0\.0\.1:2/);
    assert.equal(schedule.action, 'Check that http://127.0.0.1:2 is up and reachable from this machine, then run again.');
    assert.equal(out.findings.find((f) => f.audit === 'code-freeze')!.id, 'audit:code-freeze:in-effect');
  });
});

describe('the acme report', () => {
  test('lists every audit with its result in the Readiness section', { timeout: 180_000 }, async () => {
    const acme = loadSite(path.join(ROOT, 'sites', 'acme.yml'), { env: ENV, auditIds: AUDIT_IDS });
    assert.ok(acme.ok);
    const now = new Date('2026-11-28T17:00:00Z');
    const out = await runAudits({ site: acme.site, env: ENV, now });
    assert.deepEqual(out.audits.map((a) => a.id), AUDIT_IDS.filter((id) => id !== 'tls-certificate'));
    assert.deepEqual(out.skipped, [{ id: 'tls-certificate', title: 'TLS certificates stay valid past the holiday', reason: 'No store in the site file is served over https.' }]);
    for (const a of out.audits) assert.notEqual(a.outcome, 'not-checked', `${a.id}: ${a.summary}`);
    // The results the lead's run writes, with these audits in them, rendered by the real report.
    const results = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'results', 'acme-ready.json'), 'utf8')) as RunResults;
    const html = renderHtml({ ...results, audits: out.audits, findings: [...results.findings, ...out.findings] }, { now });
    const readiness = html.slice(html.indexOf('id="readiness"'), html.indexOf('id="escalation"'));
    for (const a of out.audits) {
      assert.ok(readiness.includes(`<code>${a.id}</code>`), `${a.id} is listed`);
    }
    assert.ok(readiness.includes('Code freeze from Tue, Nov 24, 2026, 12:00 AM EST until the offices reopen on Monday, November 30, 2026: in effect now.'));
  });
});

/**
 * No cart left behind by the browser, on Solidus's classic storefront (a private copy of the
 * sandbox's classic store): a site whose checkout button matches nothing fails every case after
 * its items (and code) are in the cart, before checkout gives the cart an e-mail. Each case knew its
 * cart by number from the first page after adding to cart and emptied it; housekeeping counts them.
 * The site names no preset: the run detects the classic storefront from the store's pages. The
 * speed audit's visitors, whose carts the cart page's remove buttons cannot empty on this
 * storefront, empty theirs by number too.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { loadSite } from '../../src/config/load.ts';
import type { Site } from '../../src/config/types.ts';
import { runBrowserDryRun } from '../../src/browser/run.ts';
import { detectPreset } from '../../src/browser/detect.ts';
import { AUDIT_IDS, runReadinessAudits } from '../../src/pipeline/audits.ts';
import type { RunResults } from '../../src/findings/types.ts';
import { startInstance, type SandboxInstance } from '../support/sandbox-instance.ts';
import { runCli } from '../support/cli.ts';
import { everyCampaignAt, ROOT } from '../support/browser-store.ts';

describe('the browser dry-run on the classic storefront', () => {
  let store: SandboxInstance;
  let tmp: string;
  let site: Site;
  before(async () => {
    store = await startInstance('browser-carts', { storefront: 'classic' });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'holiday-ready-browser-carts-'));
    // sites/acme-classic.yml on the private copy, without its storefront block but for a checkout
    // button no storefront has.
    const doc = parseDocument(fs.readFileSync(path.join(ROOT, 'sites', 'acme-classic.yml'), 'utf8'));
    doc.set('site', 'browser-carts');
    doc.setIn(['staging', 'url'], store.url);
    doc.deleteIn(['staging', 'sandbox']);
    doc.delete('production');
    doc.set('storefront', { checkout_button: 'role=button[name="Proceed to the moon"]' });
    const file = path.join(tmp, 'browser-carts.yml');
    fs.writeFileSync(file, doc.toString());
    const loaded = loadSite(file, { env: { ACME_STAGING_API_KEY: store.apiKey }, requireKey: false });
    assert.ok(loaded.ok, JSON.stringify(!loaded.ok && loaded.errors));
    site = loaded.site;
  });
  after(async () => {
    await store?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('the preset is detected from the classic store\'s pages when the site file names none', async () => {
    assert.equal(site.storefront.preset, undefined);
    const found = await detectPreset(site);
    assert.equal(found.preset, 'solidus_frontend', JSON.stringify(found));
    assert.deepEqual(found.pages, ['/']);
  });

  test('when every case fails after filling its cart, no full cart is left and housekeeping counts the carts it emptied', async () => {
    const before = store.fullCarts();
    const runDir = path.join(tmp, 'run');
    const env = { ...process.env, ACME_STAGING_API_KEY: store.apiKey, ACME_STAGING_CLOCK_SECRET: store.clockSecret };
    const results = await runBrowserDryRun({ sites: [site], runDirs: new Map([[site.site, runDir]]), env, clock: new Map([[site.site, everyCampaignAt(site)]]) });
    const r = results.get(site.site)!;

    assert.equal(r.cases.length, 6);
    assert.ok(r.cases.every((c) => c.outcome === 'not-checked' && c.error === 'could not find the checkout button on /cart'), JSON.stringify(r.cases.map((c) => c.error)));
    const preset = r.findings.find((f) => f.id === 'browser-storefront:browser-carts')!;
    assert.equal(preset.title, 'The browser dry-run used the solidus_frontend storefront preset');
    assert.match(preset.actual, /detected from the store's pages \(\/\), with 1 selector of the site file's own on top \(storefront\.checkout_button\)/);

    // Every case had its cart (items, and the code where there is one) and knew it by number.
    const files = fs.readdirSync(path.join(runDir, 'browser')).filter((f) => f.endsWith('.json') && f !== 'playwright.json');
    const carts = files.map((f) => JSON.parse(fs.readFileSync(path.join(runDir, 'browser', f), 'utf8')).browser?.cart);
    assert.equal(carts.length, 6);
    assert.ok(carts.every((c) => /^R\d+$/.test(c?.number) && c.emptied === true), JSON.stringify(carts));
    const numbers = carts.map((c) => `'${c.number}'`).join(',');
    // No e-mail yet (checkout never started), items once, none now.
    assert.equal(store.sql(`SELECT COUNT(*) FROM spree_orders WHERE number IN (${numbers}) AND email IS NULL`), '6');
    assert.equal(store.sql(`SELECT COUNT(*) FROM spree_line_items li JOIN spree_orders o ON o.id = li.order_id WHERE o.number IN (${numbers})`), '0');
    assert.equal(store.fullCarts(), before, 'no full cart left on the store');
    assert.deepEqual(r.housekeeping, { ordersCreated: 6, ordersEmptied: 6 });
  });

  test('a cart line removed with its delete link and a quantity changed with Update: the customer sees each step, and the browser agrees with the API', { timeout: 300_000 }, async () => {
    const doc = parseDocument(fs.readFileSync(path.join(ROOT, 'sites', 'acme-classic.yml'), 'utf8'));
    doc.set('site', 'classic-steps');
    doc.setIn(['staging', 'url'], store.url);
    doc.deleteIn(['staging', 'sandbox']);
    doc.delete('production');
    // One moment, the one the browser is clocked at (everyCampaignAt: Fri, Nov 27, 12:00 PM EST).
    doc.setIn(['dry_run', 'moments'], ['2026-11-27T12:00']);
    doc.set('campaigns', parseDocument(`
- name: Outerwear 20% off
  code: OUTERWEAR20
  window: [2026-11-20T00:00, 2026-12-01T23:59]
  carts:
    - name: jacket and a tee, the tee out, two jackets
      items: { JKT-001: 1, TOP-001: 1 }
      steps:
        - remove: TOP-001
        - quantity: { JKT-001: 2 }
      expect: { items: 20% off }
- name: $10 off orders over $100
  code: TAKE10
  window: [2026-11-27T00:00, 2026-12-01T23:59]
  carts:
    - name: $130 basket, then the tees out
      items: { TOP-001: 2, ACC-001: 1 }
      steps:
        - remove: TOP-001
      expect: { order: $10 off }
`).contents);
    const file = path.join(tmp, 'classic-steps.yml');
    fs.writeFileSync(file, doc.toString());
    const env = { ...process.env, ACME_STAGING_API_KEY: store.apiKey, ACME_STAGING_CLOCK_SECRET: store.clockSecret };
    const loaded = loadSite(file, { env, requireKey: false });
    assert.ok(loaded.ok, JSON.stringify(!loaded.ok && loaded.errors));
    const full = store.fullCarts();

    const out = path.join(tmp, 'steps-api');
    const cli = await runCli(['--site', file, '--out', out, '--no-audits', '--no-browser', '--no-pairs'], { cwd: tmp, env });
    assert.equal(cli.code, 1, cli.stdout + cli.stderr);
    const api = (JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as RunResults).cases.filter((c) => c.source === 'api');
    const runDir = path.join(tmp, 'steps-browser');
    const name = loaded.site.site;
    const clock = new Map([[name, everyCampaignAt(loaded.site)]]);
    // With the API's cases, so that the run compares the two (src/browser/compare.ts disagreement) as the audit does.
    const r = (await runBrowserDryRun({ sites: [loaded.site], runDirs: new Map([[name, runDir]]), env, clock, apiCases: new Map([[name, api]]) })).get(name)!;
    assert.equal(r.findings.find((f) => f.id === 'browser-storefront:classic-steps')?.title, 'The browser dry-run used the solidus_frontend storefront preset');
    const pair = (cart: string) => {
      const b = r.cases.find((c) => c.cart === cart);
      const a = api.find((c) => c.cart === cart);
      assert.ok(a && b, `${cart}: ${JSON.stringify(api.map((c) => c.cart))} ${JSON.stringify(r.cases.map((c) => c.cart))}`);
      // What the customer pays and the items' price, as the API found them; and no disagreement found by the run's comparison.
      for (const k of ['itemTotal', 'total'] as const) assert.equal(b.totals?.[k], a.totals?.[k], `${cart}: ${k}: browser and API agree`);
      assert.deepEqual(r.findings.filter((f) => f.id.startsWith('browser-vs-api:') && f.cart === cart).map((f) => f.title), [], `${cart}: no disagreement`);
      assert.equal(b.outcome, a.outcome, `${cart}: same verdict`);
      return b;
    };

    const jackets = pair('jacket and a tee, the tee out, two jackets');
    assert.equal(jackets.outcome, 'pass', JSON.stringify(jackets));
    assert.deepEqual(jackets.steps?.map((x) => x.step), ['remove TOP-001', 'JKT-001 to 2']);
    assert.match(jackets.steps![0].sees, /^In the cart: JKT-001 ×1; items \$120\.00, \$24\.00 off, total /);
    assert.match(jackets.steps![1].sees, /^In the cart: JKT-001 ×2; items \$240\.00, \$48\.00 off, total /);
    assert.equal(jackets.totals?.itemDiscount, -48);
    assert.equal(jackets.stepReached, 'confirm');

    // The tees out, the cart is under $100: TAKE10's threshold fails and its $10 goes, on the page as through the API.
    const basket = pair('$130 basket, then the tees out');
    assert.equal(basket.outcome, 'fail', JSON.stringify(basket));
    assert.equal(basket.cartTotals?.orderDiscount, -10, 'the cart showed $10 off before the step');
    assert.match(basket.steps![0].sees, /^In the cart: ACC-001 ×1; items \$\d+\.\d\d, no discount, total /);
    assert.equal(basket.totals?.orderDiscount ?? 0, 0);

    assert.equal(store.fullCarts(), full, 'no full cart left on the store');
  });

  test('the speed audit empties the carts it filled with the classic preset\'s delete links (storefront.remove_button) and by their number', { timeout: 240_000 }, async () => {
    const full = store.fullCarts();
    const orders = () => Number(store.sql('SELECT COUNT(*) FROM spree_orders'));
    const made = orders();
    const doc = parseDocument(fs.readFileSync(path.join(ROOT, 'sites', 'acme-classic.yml'), 'utf8'));
    doc.set('site', 'speed-carts');
    doc.setIn(['staging', 'url'], store.url);
    doc.deleteIn(['staging', 'sandbox']);
    doc.delete('production');
    doc.set('audits', { rules: { speed: ['warn', { pages: ['product', 'cart', 'checkout'], runs: 2, api_requests: 0 }] } });
    const file = path.join(tmp, 'speed-carts.yml');
    fs.writeFileSync(file, doc.toString());
    const env = { ...process.env, ACME_STAGING_API_KEY: store.apiKey };
    const loaded = loadSite(file, { env, auditIds: AUDIT_IDS });
    assert.ok(loaded.ok, JSON.stringify(!loaded.ok && loaded.errors));

    const out = await runReadinessAudits({ site: loaded.site, env, now: new Date('2030-11-10T12:00:00Z'), only: ['speed'] });
    const speed = out.audits.find((a) => a.id === 'speed')!;
    assert.match(speed.summary, /Median of 2 loads: product TTFB .*; cart TTFB .*; checkout TTFB /, speed.summary);
    assert.doesNotMatch(speed.summary, /measured empty/, speed.summary);
    assert.deepEqual(out.findings.filter((f) => /cart-left-full/.test(f.id)), [], 'no cart reported left full');
    // The cart page showed each line's delete link (css=a.delete, the preset's remove button): nothing missed.
    assert.deepEqual(out.findings.filter((f) => /remove-button-missed/.test(f.id)), [], JSON.stringify(out.findings, null, 1));
    assert.equal(orders(), made + 2, 'each visitor\'s add to cart reached the store: two guest orders');
    assert.equal(store.fullCarts(), full, 'and both were emptied');

    // The audit's old option, still set to the sandbox's button, overrides it: the classic cart has
    // no such button, so the cart is emptied by its number and the audit says to drop the option.
    doc.set('audits', { rules: { speed: ['warn', { pages: ['cart'], runs: 1, api_requests: 0, remove_button: 'role=button[name="Remove"]' }] } });
    fs.writeFileSync(file, doc.toString());
    const old = loadSite(file, { env, auditIds: AUDIT_IDS });
    assert.ok(old.ok, JSON.stringify(!old.ok && old.errors));
    const missed = (await runReadinessAudits({ site: old.site, env, now: new Date('2030-11-10T12:00:00Z'), only: ['speed'] })).findings.filter((f) => /remove-button-missed/.test(f.id));
    assert.equal(missed.length, 1, JSON.stringify(missed, null, 1));
    assert.equal(missed[0].title, 'The cart page showed the line but no remove button matching role=button[name="Remove"]');
    assert.match(missed[0].action, /^Remove the `remove_button:` option from audits\.rules\.speed in speed-carts\.yml, so the audit uses `storefront\.remove_button` \(css=a\.delete\)/);
    assert.equal(missed[0].level, 'info');
    assert.equal(store.fullCarts(), full, 'emptied by its number all the same');
  });
});

describe('the sandbox\'s own storefront', () => {
  let store: SandboxInstance;
  let tmp: string;
  before(async () => {
    store = await startInstance('detect-sandbox');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'holiday-ready-detect-'));
  });
  after(async () => {
    await store?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('is detected as the sandbox preset from its pages when the site file has no storefront block', async () => {
    const doc = parseDocument(fs.readFileSync(path.join(ROOT, 'sites', 'acme.yml'), 'utf8'));
    doc.set('site', 'detect-sandbox');
    doc.setIn(['staging', 'url'], store.url);
    doc.deleteIn(['staging', 'sandbox']);
    doc.delete('production');
    doc.delete('storefront');
    const file = path.join(tmp, 'detect-sandbox.yml');
    fs.writeFileSync(file, doc.toString());
    const loaded = loadSite(file, { env: { ACME_STAGING_API_KEY: store.apiKey }, requireKey: false });
    assert.ok(loaded.ok, JSON.stringify(!loaded.ok && loaded.errors));
    assert.equal(loaded.site.storefront.preset, undefined);
    const found = await detectPreset(loaded.site);
    assert.equal(found.preset, 'sandbox', JSON.stringify(found));
    assert.equal(found.pages[0], '/');
  });
});

/**
 * Unplanned promotions against a private copy of the sandbox's staging store (its seeds hold
 * promotions the site file does not mention, sandbox/db/seeds/inventory.rb): the audit reads the
 * store's inventory through the extension, dry-runs each one live during the holiday at its first live
 * minute by the store's signed clock, on carts built from its rules, and reports its findings beside
 * the planned campaign's, labelled unplanned, with their codes masked; every order is emptied.
 *
 * Needs the extension in the sandbox (sandbox/bin/clock-secret). Run:
 *   node --import tsx --test test/e2e/unplanned.test.ts
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunResults } from '../../src/findings/types.ts';
import { runCli } from '../support/cli.ts';
import { clockEnvOf, startInstance, writeSite, type SandboxInstance } from '../support/sandbox-instance.ts';

let store: SandboxInstance;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hr-unplanned-'));
const KEY_ENV = 'UNPLANNED_STAGING_KEY';
/** acme.yml's campaigns with their windows, one cart each that works. */
const PLANNED = `
  - name: Black Friday 50% off
    code: BLACKFRIDAY50
    window: [2026-11-27T00:00, 2026-11-30T23:59]
    carts:
      - { name: $60 fleece, items: { FLC-002: 1 }, expect: { items: 50% off } }
  - name: Outerwear 20% off
    code: OUTERWEAR20
    window: [2026-11-20T00:00, 2026-12-01T23:59]
    carts:
      - { name: $120 jacket, items: { JKT-001: 1 }, expect: { items: 20% off, shipping: free } }
  - name: $10 off orders over $100
    code: TAKE10
    window: [2026-11-27T00:00, 2026-12-01T23:59]
    carts:
      - { name: $130 basket, items: { TOP-001: 2, ACC-001: 1 }, expect: { order: $10 off } }
  - name: Free Shipping on All Orders over $85
    code: automatic
    carts:
      - { name: $60 fleece, items: { FLC-002: 1 }, expect: { shipping: paid } }
`;

before(async () => {
  store = await startInstance('unplanned');
  assert.ok(store.clockSecret, 'the staging sandbox has a clock secret (sandbox/bin/clock-secret): the extension is installed');
});
after(async () => {
  await store?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('staging\'s unplanned promotions are dry-run at their first live minute of the holiday, on carts from their rules, with their findings beside the plan', async () => {
  // acme's campaigns (one cart each, at their first minute); Thanksgiving as in acme.yml.
  const site = writeSite(tmp, 'unplanned', {
    url: store.url, keyEnv: KEY_ENV, clockEnv: clockEnvOf(KEY_ENV), moments: '[start]',
    campaigns: PLANNED,
  });
  const out = path.join(tmp, 'run');
  const r = await runCli(['--site', site, '--out', out, '--no-audits', '--no-browser', '--no-boundaries', '--no-pairs'], { cwd: tmp, env: store.env(KEY_ENV) });
  assert.equal(r.code, 0, r.stderr); // unplanned promotions put the holiday at risk at most
  assert.match(r.stderr, /unplanned: 9 promotions live during Thanksgiving on staging that the site file does not plan; \d+ cases from their own rules/);
  const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as RunResults;

  // Beside the planned campaign, every unplanned one, marked so.
  assert.deepEqual(results.campaigns.map((c) => [c.name, c.code, !!c.unplanned, c.outcome]), [
    ['Black Friday 50% off', 'BLACKFRIDAY50', false, 'pass'],
    ['Outerwear 20% off', 'OUTERWEAR20', false, 'pass'],
    ['$10 off orders over $100', 'TAKE10', false, 'pass'],
    ['Free Shipping on All Orders over $85', 'automatic', false, 'pass'],
    ['Cozy Home 15% off the Wool Throw', 'automatic', true, 'fail'],
    ['Wool Throw Blanket $20 off', 'automatic', true, 'pass'],
    ['Doorbuster $25 off orders of $300 or more', 'automatic', true, 'pass'],
    ['Free mug with orders of $75 or more', 'FR•••UG', true, 'not-checked'],
    ['Thank-you 10% off', 'TH••••••10', true, 'fail'],
    ['Cyber Monday 25% off tops', 'CY•••25', true, 'pass'],
    ['$15 off orders over $100', 'MA•••15', true, 'fail'],
    ['Welcome back 15% off your second order', 'WE•••••••••15', true, 'not-checked'],
    ['TEST staff discount 40% (do not use)', 'ST•••40', true, 'pass'],
  ]);
  const unplanned = new Set(results.campaigns.filter((c) => c.unplanned).map((c) => c.name));
  assert.deepEqual(results.cases.filter((c) => c.unplanned).map((c) => c.campaign), results.cases.filter((c) => unplanned.has(c.campaign)).map((c) => c.campaign), 'their cases are marked too');
  const byId = new Map(results.cases.map((c) => [c.id, c]));

  // A per-code limit of 0, at its first live minute (it starts at midnight, live strictly after): refused, with Solidus's words.
  const thanks = byId.get('api:Thank-you 10% off / Wool Beanie')!;
  assert.deepEqual([thanks.outcome, thanks.moment], ['fail', { label: 'live', at: '2026-11-26T00:01:00-05:00', text: 'as on Thu, Nov 26, 12:01 AM EST' }]);
  assert.equal(thanks.coupon?.message, 'Coupon code usage limit exceeded');
  const refused = results.findings.find((f) => f.id === thanks.id)!;
  assert.deepEqual([refused.level, refused.title], ['warn', 'Unplanned: TH••••••10 is refused on the Wool Beanie cart']);
  assert.match(refused.action, /^Nobody planned "Thank-you 10% off" \(promotion \d+ on staging\)\. Ask the client/);

  // Typed as midnight UTC: first live at 7:01 PM Eastern on the holiday's last day, where it works as its rules say.
  const cyber = results.cases.filter((c) => c.campaign === 'Cyber Monday 25% off tops');
  assert.deepEqual(cyber.map((c) => [c.cart, c.items, c.outcome, c.moment?.at]), [
    ['$74 (just under $75)', { 'TOP-001': 1, 'HOM-002': 1, 'ACC-008': 1 }, 'pass', '2026-11-29T19:01:00-05:00'],
    ['$75 (at least $75)', { 'TOP-001': 1, 'ACC-001': 1 }, 'pass', '2026-11-29T19:01:00-05:00'],
    ['$75 + Acme Gift Card $50 (not promotionable)', { 'TOP-001': 1, 'ACC-001': 1, 'GIFT-050': 1 }, 'pass', '2026-11-29T19:01:00-05:00'],
  ]);
  assert.equal(cyber[0].coupon?.message, 'This coupon code can\'t be applied to orders less than $75.00.');
  assert.equal(cyber[1].totals?.itemDiscount, -13.75, '25% off the shirt only (Tops), not the beanie');

  // Two automatic promotions on the Wool Throw: the 15% one finds the $20 one in its place, and says so.
  const cozy = results.findings.find((f) => f.id.startsWith('api:Cozy Home 15% off the Wool Throw / Wool Throw Blanket'))!;
  assert.equal(cozy.title, 'Unplanned: Cozy Home 15% off the Wool Throw gives more than planned on the Wool Throw Blanket cart: $20.00 off items: $3.50 more than planned');
  assert.match(cozy.cause, /Promotion \(Wool Throw Blanket \$20 off\) gives \$20\.00 on the same line item, and Solidus keeps only the biggest/);

  // An amount in CAD: the code is accepted and gives nothing; the finding says why.
  const maple = results.findings.find((f) => f.id === 'api:$15 off orders over $100 / $101 (over $100)')!;
  assert.match(maple.cause, /Expected \$15\.00 off the order, got no discount on the order\. Solidus applied "\$15 off orders over \$100" \(promotion \d+ on staging\), whose actions are CA\$15\.00 off the order under the rules item total more than \$100\.00\. Its FlatRate calculator is in CAD, not the store's USD/);

  // Not dry-run, with the reason; never blocking.
  assert.deepEqual(results.findings.filter((f) => f.id.startsWith('api:unplanned:')).map((f) => [f.level, f.title]), [
    ['info', 'Unplanned: Free mug with orders of $75 or more not dry-run: it has no actions, so it gives nothing (Solidus refuses its code): there is nothing to expect from it'],
    ['info', 'Unplanned: Welcome back 15% off your second order not dry-run: its rules need an order number of a signed-in customer, and the dry-run shops as a guest'],
  ]);
  assert.deepEqual(results.findings.filter((f) => f.level === 'error').map((f) => f.title), []);

  // On screen: labelled, with the moment each ran at.
  assert.match(r.stdout, /^ {2}AT RISK {2}Thank-you 10% off \(TH••••••10, unplanned\) · live Thu, Nov 26, 12:01 AM EST$/m);
  assert.match(r.stdout, /^ {2}works {4}Cyber Monday 25% off tops \(CY•••25, unplanned\) · live Sun, Nov 29, 7:01 PM EST$/m);
  assert.match(fs.readFileSync(path.join(out, 'summary.md'), 'utf8'), /\| Thank-you 10% off \(unplanned\) \| TH••••••10 \|/);
  assert.match(fs.readFileSync(path.join(out, 'junit.xml'), 'utf8'), /<testsuite name="Thank-you 10% off \(unplanned\)"/);
  assert.match(fs.readFileSync(path.join(out, 'report.html'), 'utf8'), /Unplanned: not in the site file/);

  // The store's codes nobody made public never appear in clear, in any case, anywhere the run wrote or printed.
  const written = fs.readdirSync(out, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => fs.readFileSync(path.join(d.parentPath, d.name), 'latin1'));
  for (const code of ['thankyou10', 'cyber25', 'maple15', 'staff40', 'freemug', 'welcomeback15']) {
    for (const [where, text] of [['stdout', r.stdout], ['stderr', r.stderr], ...written.map((t, i) => [`file ${i}`, t])]) {
      assert.ok(!text.toLowerCase().includes(code), `${code} in clear in ${where}`);
    }
  }
  // Every order the dry-run made, planned or not, is emptied.
  assert.equal(results.housekeeping.ordersCreated, results.housekeeping.ordersEmptied);
  assert.equal(store.harnessFullCarts(), 0);
});

test('--no-unplanned leaves them out', async () => {
  const site = writeSite(tmp, 'planned-only', {
    url: store.url, keyEnv: KEY_ENV, clockEnv: clockEnvOf(KEY_ENV), moments: '[start]',
    campaigns: PLANNED,
  });
  const out = path.join(tmp, 'run-planned');
  const r = await runCli(['--site', site, '--out', out, '--no-audits', '--no-browser', '--no-boundaries', '--no-pairs', '--no-unplanned'], { cwd: tmp, env: store.env(KEY_ENV) });
  assert.equal(r.code, 0, r.stderr);
  const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as RunResults;
  assert.deepEqual(results.campaigns.map((c) => c.unplanned), [undefined, undefined, undefined, undefined]);
  assert.doesNotMatch(r.stderr, /unplanned:/);
});

/**
 * Findings name the mechanism Solidus used, against a private copy of the staging store holding
 * promotions and products this test creates itself (test/fixtures/causes/setup.rb, rails runner:
 * Solidus's API cannot create promotions; every name starts with "t-causes", the seeded promotions
 * are ended first so only these apply; the copy's database is deleted afterwards, the shared stores
 * are never touched). One audit run, then one test per mechanism on its finding:
 * - another promotion bigger on the same line item (which, by how much), with no "site exclusive" advice;
 * - a site-exclusive code displaced once free shipping attaches on leaving delivery;
 * - an item-total threshold read before discounts;
 * - "over $85" is more than $85, with the automatic promotion's boundary search;
 * - a non-promotionable item switches every promotion off, said on each campaign it affects;
 * - every rule must hold: the failing rule named, with Solidus's message;
 * - a code whose promotion has no actions is reported as missing;
 * - a stock failure quotes Solidus's message.
 *
 * Run: node --import tsx --test test/e2e/causes.test.ts
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Finding, RunResults } from '../../src/findings/types.ts';
import { runCli } from '../support/cli.ts';
import { ROOT } from '../support/sandbox.ts';
import { startInstance, writeSite, type SandboxInstance } from '../support/sandbox-instance.ts';

const run = promisify(execFile);
let store: SandboxInstance;
let results: RunResults;
let stdout = '';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hr-causes-'));
const KEY_ENV = 'CAUSES_STAGING_KEY';

const CAMPAIGNS = `
  - name: t-causes Small 10%
    code: TC-SMALL
    carts:
      - { name: socks, items: { TC-SOCKS: 1 }, expect: { items: 10% off } }
  - name: t-causes Exclusive 50%
    code: TC-EXCL
    carts:
      - { name: two parkas, items: { TC-PARKA: 2 }, expect: { items: 50% off } }
  - name: t-causes Half off
    code: TC-HALF
    carts:
      - { name: two parkas, items: { TC-PARKA: 2 }, expect: { items: 50% off, shipping: paid } }
  - name: t-causes Ten
    code: TC-TEN
    carts:
      - { name: parka and gift card, items: { TC-PARKA: 1, TC-GIFT: 1 }, expect: { items: 10% off } }
      - { name: three lanterns, items: { TC-RARE: 3 }, expect: { items: 10% off } }
  - name: t-causes Socks only
    code: TC-RULES
    carts:
      - { name: parka, items: { TC-PARKA: 1 }, expect: { items: 10% off } }
  - name: t-causes No actions
    code: TC-NOACT
    carts:
      - { name: parka, items: { TC-PARKA: 1 }, expect: { items: 10% off } }
  - name: t-causes Free shipping over $85
    code: automatic
    carts:
      - { name: $85 parka and socks, items: { TC-PARKA: 1, TC-SOCKS: 1 }, expect: { shipping: free } }
      - { name: $110 with a gift card, items: { TC-PARKA: 1, TC-SOCKS: 1, TC-GIFT: 1 }, expect: { shipping: free } }
`;

before(async () => {
  store = await startInstance('causes');
  await run('bash', ['-c', 'source bin/_env && SANDBOX_DB="$1" exec bundle exec rails runner "$2"', '_', store.db, path.join(ROOT, 'test/fixtures/causes/setup.rb')], {
    cwd: path.join(ROOT, 'sandbox'), maxBuffer: 16 << 20,
  });
  await fetch(`${store.url}/__sandbox/cache`, { method: 'POST', signal: AbortSignal.timeout(5000) });
  const site = writeSite(tmp, 'causes', { url: store.url, keyEnv: KEY_ENV, clockEnv: null, campaigns: CAMPAIGNS });
  const out = path.join(tmp, 'run');
  const r = await runCli(['--site', site, '--out', out, '--no-audits', '--no-browser', '--no-pairs'], { cwd: tmp, env: store.env(KEY_ENV) });
  stdout = r.stdout;
  assert.equal(r.code, 1, r.stderr);
  results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as RunResults;
});
after(async () => {
  await store?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const findingOf = (campaign: string, cart: string): Finding => {
  const f = results.findings.find((x) => x.campaign === campaign && x.cart === cart && x.source === 'api');
  assert.ok(f, `a finding for ${campaign} / ${cart}; findings: ${results.findings.map((x) => `${x.campaign} / ${x.cart}: ${x.title}`).join('\n')}`);
  return f;
};

test('a code beaten by a bigger promotion on the same line item names it and by how much, and never suggests an exclusivity rule', () => {
  const f = findingOf('t-causes Small 10%', 'socks');
  assert.match(f.title, /TC-SMALL/);
  assert.match(f.cause, /On the TC-SOCKS line item, Promotion \(t-causes Socks \$5 off\) takes \$5\.00 off and Promotion \(t-causes Small 10%\) would take \$1\.00 \(\$4\.00 less\)/);
  assert.match(f.cause, /Spree::PromotionChooser/);
  assert.doesNotMatch(`${f.cause} ${f.action}`, /site exclusive|exclusiv/i);
  assert.match(f.action, /raise "t-causes Small 10%"'s discount above it/);
});

test('a site-exclusive code accepted in the cart loses its discount once free shipping attaches on leaving delivery, and the advice names the rule', () => {
  const f = findingOf('t-causes Exclusive 50%', 'two parkas');
  assert.equal(f.level, 'error');
  assert.match(f.title, /TC-EXCL gives no discount on the two parkas cart: Promotion \(t-causes Free shipping over \$85\) blocks it/);
  assert.match(f.cause, /"t-causes Exclusive 50%" has a "site exclusive" rule/);
  assert.match(f.cause, /Free shipping attaches only when the order leaves the delivery step/);
  assert.match(f.cause, /site_exclusive: “This coupon code can't be combined with other promotions/); // Solidus's own answer on re-entry
  assert.match(f.action, /remove the "site exclusive" rule of "t-causes Exclusive 50%"/);
});

test('free shipping on a discounted cart is explained by the threshold read before discounts', () => {
  const f = findingOf('t-causes Half off', 'two parkas');
  assert.match(f.cause, /Expected paid shipping, got free shipping/);
  assert.match(f.cause, /Promotion \(t-causes Free shipping over \$85\) gives the free shipping\. t-causes Free shipping over \$85 has an ItemTotal rule \(item total more than \$85\.00\), which Solidus reads on the item total before discounts \(\$150\.00, although the customer pays \$75\.00 for the items\)/);
  assert.match(f.action, /change the rule of t-causes Free shipping over \$85/);
  assert.doesNotMatch(f.action, /exclusive/);
});

test('"over $85" means more than $85: the automatic promotion fails a cart of exactly $85 and its boundary search says where it starts', () => {
  const f = findingOf('t-causes Free shipping over $85', '$85 parka and socks');
  assert.match(f.cause, /its ItemTotal rule \(item total more than \$85\.00\) fails: the items come to \$85\.00 before discounts, not more than \$85\.00/);
  assert.match(f.cause, /a cart of exactly \$85\.00 does not qualify/);
  assert.equal(f.evidence?.boundary, 't-causes Free shipping over $85 gives nothing on a cart of exactly $85.00 and applies on one of $86.00: its rule is item total more than $85.00 (operator gt), read before discounts');
  assert.match(f.action, /change the rule of "t-causes Free shipping over \$85"/);
});

test('a non-promotionable item switches off every promotion, said on each campaign it affects', () => {
  const code = findingOf('t-causes Ten', 'parka and gift card');
  assert.match(code.cause, /Solidus answered 422 coupon_code_not_eligible: “/);
  assert.match(code.cause, /The cart holds t-causes Gift Card \$25 \(TC-GIFT\), which is not promotionable: Solidus switches off every promotion/);
  const automatic = findingOf('t-causes Free shipping over $85', '$110 with a gift card');
  assert.match(automatic.cause, /The cart holds t-causes Gift Card \$25 \(TC-GIFT\), which is not promotionable/);
  assert.match(automatic.action, /does not apply to orders with t-causes Gift Card \$25/);
});

test('every rule must hold: the failing rule is named with Solidus\'s message', () => {
  const f = findingOf('t-causes Socks only', 'parka');
  assert.match(f.cause, /Solidus answered 422 no_applicable_products: “/);
  assert.match(f.cause, /Every rule of "t-causes Socks only" \(promotion \d+ on staging\) must hold on a cart of \$75\.00, and its Product rule \(any of the products TC-SOCKS\) does not/);
  assert.match(f.action, /change the Product rule \(any of the products TC-SOCKS\)/);
  assert.doesNotMatch(`${f.cause} ${f.action}`, /dates, usage limit|exclusive/);
});

test('a code whose promotion has no actions is reported as missing, and why', () => {
  const f = findingOf('t-causes No actions', 'parka');
  assert.equal(f.title, 'TC-NOACT is reported as missing: its promotion has no actions');
  assert.match(f.cause, /coupon_code_not_found/);
  assert.match(f.cause, /Staging has "t-causes No actions" \(promotion \d+ on staging\) with this code, but it has no actions/);
  assert.match(f.action, /Add to "t-causes No actions" .* the action it should have/);
});

test('a cart Solidus refuses for want of stock quotes its message', () => {
  const f = findingOf('t-causes Ten', 'three lanterns');
  assert.equal(f.notChecked, true);
  assert.match(f.cause, /^Solidus answered 422 to .*“.*”/);
  assert.match(f.action, /for want of stock: restock TC-RARE on staging or lower the quantities/);
  assert.match(stdout, /t-causes Ten/);
});

/**
 * Customers per cart and cart steps against a private copy of the staging store holding the
 * promotions, products and customers this test creates itself (test/fixtures/customers-steps/setup.rb,
 * rails runner: every name starts with "t-steps", every SKU with "TS-"; the seeded promotions are
 * ended first; the copy's database is deleted afterwards, the shared stores are never touched):
 * a returning customer (an e-mail with a completed order) and a registered test user with its own
 * API key, which the fixture prints and the test passes in an environment variable only. One audit
 * run (API only), then one test per behaviour:
 * - a "first order" code works for a guest and is refused for the returning customer with Solidus's message;
 * - a members-only code works for the signed-in user and is refused for a guest; a once-per-user code
 *   the user already used is refused with Solidus's message;
 * - steps: an item added after a refused threshold code (the code must be entered again), an item
 *   removed so the threshold fails, a quantity changed, the code entered again, a code entered at the
 *   delivery and at the payment step — what the customer saw after each step is in results.json and
 *   the last one is judged;
 * - afterwards no dry-run order of a guest, the returning customer or the user holds items, no order
 *   was completed, and the user's key appears in no output.
 *
 * Run: node --import tsx --test test/e2e/customers-steps.test.ts
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { CaseResult, Finding, RunResults } from '../../src/findings/types.ts';
import { loadSite } from '../../src/config/load.ts';
import { runBrowserDryRun } from '../../src/browser/run.ts';
import { runCli } from '../support/cli.ts';
import { ROOT } from '../support/sandbox.ts';
import { startInstance, writeSite, type SandboxInstance } from '../support/sandbox-instance.ts';

const run = promisify(execFile);
let store: SandboxInstance;
let results: RunResults;
let output = '';
let userKey = '';
let completedBefore = 0;
let leftovers: string[] = [];
let ownCart = '';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hr-customers-steps-'));
const out = path.join(tmp, 'run');
const KEY_ENV = 'STEPS_STAGING_KEY';
const USER_ENV = 'TS_USER_KEY';
const RETURNING = 't-steps-returning@example.com';
const USER = 't-steps-user@example.com';

/**
 * The carts of "t-steps $15 off over $100" that the API run and the browser run both try, as lines
 * under its `carts:`: the code entered again after items take the cart over $100, and a line removed
 * so it falls under. `customer` is the second cart's (the API run's is the returning customer's; the
 * browser's is a guest's).
 */
const over100Carts = (customer?: string) => `      - name: coat, then two hats and the code again
        items: { TS-COAT: 1 }
        steps:
          - add: { TS-HAT: 2 }
          - code: TS-OVER100
        expect: { order: $15 off }
      - name: coat and two hats, then the hats out
        items: { TS-COAT: 1, TS-HAT: 2 }${customer ? `
        customer: ${customer}` : ''}
        steps:
          - remove: TS-HAT
        expect: { order: $15 off }`;

const CAMPAIGNS = `
  - name: t-steps First order 10%
    code: TS-FIRST
    carts:
      - { name: guest coat, items: { TS-COAT: 1 }, expect: { items: 10% off } }
      - { name: returning coat, items: { TS-COAT: 1 }, customer: { returning: ${RETURNING} }, expect: { items: 10% off } }
  - name: t-steps Members 15%
    code: TS-MEMBER
    carts:
      - { name: member coat, items: { TS-COAT: 1 }, customer: { user_key_env: ${USER_ENV} }, expect: { items: 15% off } }
      - { name: guest coat, items: { TS-COAT: 1 }, expect: { code: rejected } }
  - name: t-steps Once per user 10%
    code: TS-ONCE
    carts:
      - { name: member coat, items: { TS-COAT: 1 }, customer: { user_key_env: ${USER_ENV} }, expect: { items: 10% off } }
  - name: t-steps $15 off over $100
    code: TS-OVER100
    carts:
      - name: coat, then two hats
        items: { TS-COAT: 1 }
        steps:
          - add: { TS-HAT: 2 }
        expect: { order: $15 off }
${over100Carts(`{ returning: ${RETURNING} }`)}
  - name: t-steps Ten
    code: TS-TEN
    carts:
      - name: a hat, then three
        items: { TS-HAT: 1 }
        customer: { user_key_env: ${USER_ENV} }
        steps:
          - quantity: { TS-HAT: 3 }
        expect: { items: 10% off, total: at most $66 }
      - name: two coats, the code entered twice
        items: { TS-COAT: 2 }
        steps:
          - code: TS-TEN
          - code: TS-TEN
        expect: { items: 10% off }
      - name: coat, the code at delivery
        items: { TS-COAT: 1 }
        steps:
          - code: TS-TEN
            at: delivery
        expect: { items: 10% off }
      - name: coat, the code at payment
        items: { TS-COAT: 1 }
        steps:
          - code: TS-TEN
            at: payment
        expect: { items: 10% off }
`;

before(async () => {
  store = await startInstance('customers-steps');
  const setup = await run('bash', ['-c', 'source bin/_env && SANDBOX_DB="$1" exec bundle exec rails runner "$2"', '_', store.db, path.join(ROOT, 'test/fixtures/customers-steps/setup.rb')], {
    cwd: path.join(ROOT, 'sandbox'), maxBuffer: 16 << 20,
  });
  userKey = /^TS_USER_KEY=(\S+)$/m.exec(setup.stdout)?.[1] ?? '';
  assert.match(userKey, /^\w{20,}$/, `the fixture prints the user's key: ${setup.stdout}`);
  leftovers = [...setup.stdout.matchAll(/^leftover (R\d+)$/gm)].map((m) => m[1]);
  ownCart = /^own cart (R\d+)$/m.exec(setup.stdout)?.[1] ?? '';
  assert.equal(leftovers.length, 2, setup.stdout);
  await fetch(`${store.url}/__sandbox/cache`, { method: 'POST', signal: AbortSignal.timeout(5000) });
  completedBefore = Number(store.sql('SELECT COUNT(*) FROM spree_orders WHERE completed_at IS NOT NULL'));
  const site = writeSite(tmp, 'steps', { url: store.url, keyEnv: KEY_ENV, clockEnv: null, campaigns: CAMPAIGNS });
  const r = await runCli(['--site', site, '--out', out, '--no-audits', '--no-browser', '--no-pairs'], { cwd: tmp, env: { ...store.env(KEY_ENV), [USER_ENV]: userKey } });
  output = r.stdout + r.stderr;
  assert.equal(r.code, 1, output);
  results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as RunResults;
});
after(async () => {
  await store?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const caseOf = (campaign: string, cart: string): CaseResult => {
  const c = results.cases.find((x) => x.campaign === campaign && x.cart === cart && x.source === 'api');
  assert.ok(c, `a case for ${campaign} / ${cart}; cases: ${results.cases.map((x) => `${x.campaign} / ${x.cart}`).join('\n')}`);
  return c;
};
const findingOf = (campaign: string, cart: string): Finding => {
  const f = results.findings.find((x) => x.campaign === campaign && x.cart === cart && x.source === 'api' && x.level === 'error');
  assert.ok(f, `an error for ${campaign} / ${cart}; findings: ${results.findings.map((x) => `${x.campaign} / ${x.cart}: ${x.level} ${x.title}`).join('\n')}`);
  return f;
};

const quoted = (c: CaseResult) => c.coupon?.message;
const stepsOf = (c: CaseResult) => (c.steps ?? []).map((s) => `${s.step} | ${s.state} | ${s.sees}`);

test('a "first order" code works for a guest and is refused for the returning customer with Solidus\'s message', () => {
  const guest = caseOf('t-steps First order 10%', 'guest coat');
  assert.equal(guest.outcome, 'pass');
  assert.equal(guest.customer, undefined);
  assert.equal(guest.totals?.itemDiscount, -6);
  const returning = caseOf('t-steps First order 10%', 'returning coat');
  assert.equal(returning.outcome, 'fail');
  assert.equal(returning.customer, `returning customer ${RETURNING}`);
  assert.deepEqual(returning.coupon, { httpStatus: 422, statusCode: 'not_first_order', message: 'This coupon code can only be applied to your first order.', success: false });
  const f = findingOf('t-steps First order 10%', 'returning coat');
  assert.equal(f.title, 'TS-FIRST is refused on the returning coat cart');
  assert.match(f.cause, /^Solidus answered 422 not_first_order: “This coupon code can only be applied to your first order\.”\. Every rule of "t-steps First order 10%" \(promotion \d+ on staging\) must hold on a cart of \$60\.00, and its FirstOrder rule \(first order\) does not: Solidus looks for completed orders of the signed-in user, or else of the order's e-mail/);
  assert.match(f.action, /if the plan is that they should not, write code: rejected in this cart's expect/);
});

test('a members-only code works for the signed-in user and is refused for a guest; a once-per-user code the user used is refused', () => {
  const member = caseOf('t-steps Members 15%', 'member coat');
  assert.equal(member.outcome, 'pass');
  assert.equal(member.customer, `registered user (${USER_ENV})`);
  assert.equal(member.totals?.itemDiscount, -9);
  const guest = caseOf('t-steps Members 15%', 'guest coat');
  assert.equal(guest.outcome, 'pass', 'the plan says the guest is refused');
  assert.equal(guest.coupon?.statusCode, 'no_user_specified');
  assert.equal(quoted(guest), 'You need to login before applying this coupon code.');
  const once = caseOf('t-steps Once per user 10%', 'member coat');
  assert.equal(once.outcome, 'fail');
  assert.equal(once.coupon?.statusCode, 'limit_once_per_user');
  const f = findingOf('t-steps Once per user 10%', 'member coat');
  assert.match(f.cause, /^Solidus answered 422 limit_once_per_user: “This coupon code can only be used once per user\.”\. Every rule of "t-steps Once per user 10%" \(promotion \d+ on staging\) must hold on a cart of \$60\.00, and its OneUsePerUser rule \(once per customer\) does not: Solidus looks for a completed order of the signed-in user with an eligible adjustment of this promotion, and this user has one \(Spree::Promotion#used_by\?\)/);
});

test('an item added after a refused threshold code does not bring the discount: the customer must enter the code again', () => {
  const c = caseOf('t-steps $15 off over $100', 'coat, then two hats');
  assert.equal(c.outcome, 'fail');
  assert.deepEqual(stepsOf(c), ['add TS-HAT ×2 | cart | At the cart step: TS-COAT ×1, TS-HAT ×2; items $100.00, no discount, total $106.00.']);
  assert.match(c.summary, /^Code refused in the cart: “This coupon code can't be applied to orders less than \$100\.00\.”\. At the payment step: full price for items/);
  const f = findingOf('t-steps $15 off over $100', 'coat, then two hats');
  // The rule is read on the $60 cart the code went in on, not the $100 one the step made of it.
  assert.match(f.cause, /must hold on a cart of \$60\.00, and its ItemTotal rule \(item total at least \$100\.00\) fails: the items come to \$60\.00 before discounts, less than \$100\.00\./);
  assert.match(f.cause, /After the steps \(add TS-HAT ×2\) the items come to \$100\.00 and the rule holds, but Solidus keeps no refused code on the order .* until the customer enters it again\./);
  assert.match(f.action, /must enter it again.*add `- code: TS-OVER100` after the other steps/);

  const again = caseOf('t-steps $15 off over $100', 'coat, then two hats and the code again');
  assert.equal(again.outcome, 'pass', 'entered again on the $100 cart, the code gives $15 off the order');
  assert.deepEqual(stepsOf(again), [
    'add TS-HAT ×2 | cart | At the cart step: TS-COAT ×1, TS-HAT ×2; items $100.00, no discount, total $106.00.',
    'enter TS-OVER100 in the cart | cart | TS-OVER100 accepted: “The coupon code was successfully applied to your order.”. At the cart step: TS-COAT ×1, TS-HAT ×2; items $100.00, $15.00 off, total $91.00.',
  ]);
  assert.equal(again.totals?.orderDiscount, -15);
  assert.equal(again.stepReached, 'payment');
});

test('an item removed so the threshold fails takes the discount away, said at the step that did it', () => {
  const c = caseOf('t-steps $15 off over $100', 'coat and two hats, then the hats out');
  assert.equal(c.outcome, 'fail');
  assert.equal(c.customer, `returning customer ${RETURNING}`);
  assert.equal(c.cartTotals?.orderDiscount, -15, 'the cart showed $15 off before the step');
  assert.deepEqual(stepsOf(c), ['remove TS-HAT | cart | At the cart step: TS-COAT ×1; items $60.00, no discount, total $63.60.']);
  const f = findingOf('t-steps $15 off over $100', 'coat and two hats, then the hats out');
  assert.match(f.cause, /^Expected \$15\.00 off the order, got no discount on the order\. The code was accepted on a cart of \$100\.00 \(\$15\.00 off\); after the step “remove TS-HAT” the items come to \$60\.00 and the discount is gone/);
  assert.match(f.cause, /its ItemTotal rule \(item total at least \$100\.00\) fails: the items come to \$60\.00 before discounts/);
  assert.doesNotMatch(f.cause, /Solidus applied/);
});

test('a quantity changed after the code is judged at its new size', () => {
  const c = caseOf('t-steps Ten', 'a hat, then three');
  assert.equal(c.outcome, 'pass');
  assert.equal(c.customer, `registered user (${USER_ENV})`);
  assert.equal(c.cartTotals?.itemDiscount, -2);
  assert.deepEqual(stepsOf(c), ['TS-HAT to 3 | cart | At the cart step: TS-HAT ×3; items $60.00, $6.00 off, total $57.24.']);
  assert.equal(c.totals?.itemDiscount, -6);
});

test('the code entered again while on the order: Solidus says it is already applied and the discount stands', () => {
  const c = caseOf('t-steps Ten', 'two coats, the code entered twice');
  assert.equal(c.outcome, 'pass');
  assert.deepEqual(c.steps?.map((s) => s.coupon?.statusCode), ['coupon_code_applied', 'coupon_code_already_applied']);
  assert.equal(c.steps?.[1].sees, 'TS-TEN already on the order: “The coupon code has already been applied to this order”. At the cart step: TS-COAT ×2; items $120.00, $12.00 off, total $114.48.');
  assert.equal(c.totals?.itemDiscount, -12);
});

test('a code entered at the delivery step and at the payment step: where it went in and what it showed there', () => {
  for (const [cart, at] of [['coat, the code at delivery', 'delivery'], ['coat, the code at payment', 'payment']]) {
    const c = caseOf('t-steps Ten', cart);
    assert.equal(c.outcome, 'pass', cart);
    assert.equal(c.steps?.length, 1);
    assert.equal(c.steps?.[0].state, at);
    assert.equal(c.steps?.[0].sees, `TS-TEN accepted: “The coupon code was successfully applied to your order.”. At the ${at} step: TS-COAT ×1; items $60.00, $6.00 off, total $65.19.`);
    assert.match(c.summary, new RegExp(`^Code accepted at the ${at} step \\(\\$6\\.00 off shown\\)`));
    assert.equal(c.cartTotals?.promoTotal, 0, 'the cart was built without the code');
    assert.equal(c.totals?.itemDiscount, -6);
  }
});

test('no dry-run order of a guest, the returning customer or the user is left holding items, and none was completed', () => {
  // The run's marker, as its guest orders carry it (their e-mail is under the reserved domain).
  const marker = store.sql("SELECT DISTINCT special_instructions FROM spree_orders WHERE email LIKE '%@holiday-ready.invalid'");
  assert.match(marker, /^holiday-ready dry-run \S+$/);
  const full = (where: string) => Number(store.sql(`SELECT COUNT(*) FROM spree_orders o WHERE ${where} AND o.completed_at IS NULL AND EXISTS (SELECT 1 FROM spree_line_items li WHERE li.order_id = o.id)`));
  const all = (where: string) => Number(store.sql(`SELECT COUNT(*) FROM spree_orders o WHERE ${where}`));
  const guest = "o.email LIKE '%@holiday-ready.invalid'";
  const returning = `o.email = '${RETURNING}' AND o.special_instructions = '${marker}'`;
  const user = `o.user_id = (SELECT id FROM spree_users WHERE email = '${USER}') AND o.special_instructions = '${marker}'`;
  assert.deepEqual([all(guest), all(returning), all(user)], [7, 2, 3], 'the run made orders for each kind of customer');
  assert.deepEqual([full(guest), full(returning), full(user)], [0, 0, 0]);
  assert.equal(Number(store.sql('SELECT COUNT(*) FROM spree_orders WHERE completed_at IS NOT NULL')), completedBefore, 'no order was completed');
  assert.equal(results.housekeeping?.ordersCreated, 12);
  assert.equal(results.housekeeping?.ordersEmptied, 12);
});

test('the sweep empties the returning customer\'s and the user\'s dry-run carts of an earlier run, never the customer\'s own cart', () => {
  assert.equal(results.housekeeping?.leftoversSwept, 2);
  for (const number of leftovers) {
    assert.equal(store.sql(`SELECT COUNT(*) FROM spree_line_items li JOIN spree_orders o ON o.id = li.order_id WHERE o.number = '${number}'`), '0', `leftover ${number} emptied`);
  }
  assert.equal(store.sql(`SELECT COUNT(*) FROM spree_line_items li JOIN spree_orders o ON o.id = li.order_id WHERE o.number = '${ownCart}'`), '1', 'the customer\'s own cart keeps its item');
});

test('the report shows the customer and the steps of a cart, with what the customer saw after each and the judged one', () => {
  const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
  const at = html.indexOf('<strong class="step__what">remove TS-HAT</strong>');
  assert.ok(at > 0, 'the removal step is listed');
  const pane = html.slice(html.lastIndexOf('<div class="pane', at), html.indexOf('</ol>', at));
  assert.match(pane, /<strong>Customer:<\/strong> returning customer t-steps-returning@example\.com/);
  assert.match(pane, /<li class="step step--judged"><strong class="step__what">remove TS-HAT<\/strong> <span class="step__sees">At the cart step: TS-COAT ×1; items \$60\.00, no discount, total \$63\.60\.<\/span> <span class="step__judged">Judged against the plan at the payment step after this one\.<\/span>/);
  const twice = html.indexOf('TS-TEN already on the order: “The coupon code has already been applied to this order”');
  assert.ok(twice > 0, 'the second entry of the code is listed with Solidus\'s answer');
});

test('the user\'s API key appears in no output: not on the terminal, in results.json or any file of the run folder', () => {
  assert.ok(userKey.length >= 20);
  assert.ok(!output.includes(userKey), 'terminal');
  const files = fs.readdirSync(out, { recursive: true, withFileTypes: true }).filter((d) => d.isFile());
  assert.ok(files.some((d) => d.name === 'results.json') && files.length > 1, files.map((d) => d.name).join(', '));
  for (const d of files) {
    const text = fs.readFileSync(path.join(d.parentPath, d.name), 'latin1');
    assert.ok(!text.includes(userKey), `${d.name} holds the user's key`);
  }
  assert.match(JSON.stringify(results), new RegExp(`registered user \\(${USER_ENV}\\)`), 'the user is named by the variable');
});

test('in the browser, a guest cart and a cart\'s add, remove, quantity and code steps are tried on the storefront; a step it does not do, a returning or a signed-in customer is not checked, with the reason', { timeout: 300_000 }, async () => {
  const file = writeSite(path.join(tmp, 'browser'), 'steps-browser', { url: store.url, keyEnv: KEY_ENV, clockEnv: null, campaigns: `
  - name: t-steps Ten
    code: TS-TEN
    carts:
      - { name: guest coat, items: { TS-COAT: 1 }, expect: { items: 10% off } }
      - name: coat, then two hats
        items: { TS-COAT: 1 }
        steps:
          - add: { TS-HAT: 2 }
          - code: TS-OVER100
            at: payment
        expect: { items: 10% off }
      - { name: member coat, items: { TS-COAT: 1 }, customer: { user_key_env: ${USER_ENV} }, expect: { items: 10% off } }
      - { name: returning coat, items: { TS-COAT: 1 }, customer: { returning: ${RETURNING} }, expect: { items: 10% off } }
      - name: a hat, then three
        items: { TS-HAT: 1 }
        steps:
          - quantity: { TS-HAT: 3 }
        expect: { items: 10% off, total: at most $66 }
  - name: t-steps $15 off over $100
    code: TS-OVER100
    carts:
${over100Carts()}
` });
  const env = { ...process.env, ...store.env(KEY_ENV), [USER_ENV]: userKey };
  const loaded = loadSite(file, { env, requireKey: false });
  assert.ok(loaded.ok, JSON.stringify(!loaded.ok && loaded.errors));
  const orders = () => store.sql('SELECT COUNT(*) FROM spree_orders');
  const full = store.fullCarts();
  const madeBefore = Number(orders());
  const runDir = path.join(tmp, 'browser-run');
  const r = (await runBrowserDryRun({ sites: [loaded.site], runDirs: new Map([[loaded.site.site, runDir]]), env })).get(loaded.site.site)!;
  const byCart = new Map(r.cases.map((c) => [c.cart, c]));
  assert.equal(byCart.get('guest coat')?.outcome, 'pass', JSON.stringify(byCart.get('guest coat')));

  const steps = byCart.get('coat, then two hats')!;
  assert.equal(steps.outcome, 'not-checked');
  // The sandbox's storefront shows no coupon field at checkout (src/browser/presets.ts checkoutCouponSteps).
  assert.equal(steps.summary, "Not checked in the browser: the browser dry-run does not do the step enter TS-OVER100 at the payment step: the storefront's payment step has no coupon field, so this cart is tried through the API only.");
  assert.ok(!steps.screenshots?.length, 'nothing was tried');
  const member = byCart.get('member coat')!;
  assert.equal(member.outcome, 'not-checked');
  assert.match(member.summary, new RegExp(`does not sign in as the registered test user \\(the site file gives the user's API key in ${USER_ENV}, not a password for the storefront\\)`));
  assert.match(byCart.get('returning coat')!.summary, /checks out as a new guest under the reserved domain.*the returning customer's e-mail \(t-steps-returning@example\.com\) is tried through the API only/);

  const f = r.findings.find((x) => x.cart === 'coat, then two hats' && x.source === 'browser')!;
  assert.equal(f.title, 'TS-TEN is not checked in the browser on the coat, then two hats cart');
  assert.equal(f.level, 'warn');
  assert.equal(f.notChecked, true);
  assert.match(f.action, /The API dry-run's result for the coat, then two hats cart stands/);
  // Steps the browser does: an item added on its product page, then the code entered again in the cart.
  const again = byCart.get('coat, then two hats and the code again')!;
  assert.equal(again.outcome, 'pass', JSON.stringify(again));
  assert.equal(again.coupon?.success, true, 'judged by the last entry of the code');
  assert.deepEqual(again.steps?.map((x) => x.step), ['add TS-HAT ×2', 'enter TS-OVER100 in the cart']);
  assert.match(again.steps![0].sees, /^In the cart: TS-COAT ×1, TS-HAT ×2; items \$100\.00, no discount, total /);
  assert.match(again.steps![1].sees, /^TS-OVER100 accepted: “.+”\. In the cart: TS-COAT ×1, TS-HAT ×2; items \$100\.00, \$15\.00 off, total /);
  assert.equal(again.totals?.orderDiscount, -15);
  assert.equal(again.stepReached, 'confirm');

  // A line removed with its Remove button: the threshold fails and the discount goes, as the API found (its cart is the returning customer's, the same items).
  const out = byCart.get('coat and two hats, then the hats out')!;
  assert.equal(out.outcome, 'fail', JSON.stringify(out));
  assert.equal(out.cartTotals?.orderDiscount, -15, 'the cart showed $15 off before the step');
  assert.deepEqual(out.steps?.map((x) => x.step), ['remove TS-HAT']);
  assert.match(out.steps![0].sees, /^In the cart: TS-COAT ×1; items \$60\.00, no discount, total /);
  assert.equal(out.stepReached, 'confirm');
  const outApi = caseOf('t-steps $15 off over $100', 'coat and two hats, then the hats out');
  for (const k of ['itemTotal', 'total'] as const) assert.equal(out.totals?.[k], outApi.totals?.[k], `${k}: browser and API agree`);
  // A quantity typed into the cart line and sent with "Update cart": judged at its new size, as the API found (its cart is the user's).
  const three = byCart.get('a hat, then three')!;
  assert.equal(three.outcome, 'pass', JSON.stringify(three));
  assert.deepEqual(three.steps?.map((x) => x.step), ['TS-HAT to 3']);
  assert.match(three.steps![0].sees, /^In the cart: TS-HAT ×3; items \$60\.00, \$6\.00 off, total /);
  const threeApi = caseOf('t-steps Ten', 'a hat, then three');
  for (const k of ['itemTotal', 'total'] as const) assert.equal(three.totals?.[k], threeApi.totals?.[k], `${k}: browser and API agree`);

  // Only the guest carts went to the store, and they were emptied; the user's key is in no file of the browser run.
  assert.equal(Number(orders()), madeBefore + 4);
  assert.equal(store.fullCarts(), full);
  for (const d of fs.readdirSync(runDir, { recursive: true, withFileTypes: true }).filter((x) => x.isFile())) {
    assert.ok(!fs.readFileSync(path.join(d.parentPath, d.name), 'latin1').includes(userKey), d.name);
  }
});

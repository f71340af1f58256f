/**
 * A code entered at the payment step, in the browser, on Solidus's classic storefront (a private
 * copy of the classic store on port 3310, holding the promotions and product this test creates
 * itself: test/fixtures/bstep/setup.rb, every name "t-bstep…", every SKU "TB-"; the seeded
 * promotions are ended there first; the copy's database is deleted afterwards, the shared stores are
 * never touched). The classic storefront shows its coupon field in the payment step's order summary
 * (spree/checkout/_coupon_code): its Apply Code button sends the code to the API and reloads the
 * page, or writes Solidus's refusal next to the field. The API dry-run runs the same site first; the
 * browser's cases are compared with it through the run's own comparison (src/browser/compare.ts).
 *
 * Run: node --import tsx --test test/e2e/browser-checkout-code.test.ts
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseDocument } from 'yaml';
import { loadSite } from '../../src/config/load.ts';
import { runBrowserDryRun } from '../../src/browser/run.ts';
import type { BrowserCaseFile } from '../../src/browser/compare.ts';
import type { CaseResult, RunResults } from '../../src/findings/types.ts';
import { runCli } from '../support/cli.ts';
import { ROOT } from '../support/sandbox.ts';
import { startInstance, writeSite, type SandboxInstance } from '../support/sandbox-instance.ts';

const run = promisify(execFile);
const KEY_ENV = 'BSTEP_STAGING_KEY';
let store: SandboxInstance;
let tmp: string;

const CAMPAIGNS = `
  - name: t-bstep 10% off
    code: TB-TEN
    carts:
      - name: scarf, the code at payment
        items: { TB-SCARF: 1 }
        steps:
          - code: TB-TEN
            at: payment
        expect: { items: 10% off }
      - name: scarf, the code at delivery
        items: { TB-SCARF: 1 }
        steps:
          - code: TB-TEN
            at: delivery
        expect: { items: 10% off }
  - name: t-bstep $10 off over $100
    code: TB-OVER100
    carts:
      - name: scarf, the code at payment
        items: { TB-SCARF: 1 }
        steps:
          - code: TB-OVER100
            at: payment
        expect: { code: rejected }
`;

before(async () => {
  store = await startInstance('bstep', { storefront: 'classic', port: 3310 });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hr-bstep-'));
  const setup = await run('bash', ['-c', 'source bin/_env && SANDBOX_DB="$1" exec bundle exec rails runner "$2"', '_', store.db, path.join(ROOT, 'test/fixtures/bstep/setup.rb')], {
    cwd: path.join(ROOT, 'sandbox'), maxBuffer: 16 << 20,
  });
  assert.match(setup.stdout, /t-bstep promotions: 2/, setup.stdout);
  await fetch(`${store.url}/__sandbox/cache`, { method: 'POST', signal: AbortSignal.timeout(5000) }).catch(() => undefined);
});
after(async () => {
  await store?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test('a code entered in the payment step\'s coupon field gets its discount in the browser, as through the API; a refused one shows Solidus\'s message there; a code at delivery is not tried, with the reason; no cart left, no order placed', { timeout: 400_000 }, async () => {
  const file = writeSite(tmp, 'bstep', { url: store.url, keyEnv: KEY_ENV, clockEnv: null, campaigns: CAMPAIGNS });
  const doc = parseDocument(fs.readFileSync(file, 'utf8'));
  doc.set('storefront', { preset: 'solidus_frontend' });
  fs.writeFileSync(file, doc.toString());
  const env = { ...process.env, ...store.env(KEY_ENV) };
  const loaded = loadSite(file, { env, requireKey: false });
  assert.ok(loaded.ok, JSON.stringify(!loaded.ok && loaded.errors));
  const name = loaded.site.site;
  const completed = () => store.sql('SELECT COUNT(*) FROM spree_orders WHERE completed_at IS NOT NULL');
  const payments = () => store.sql("SELECT COUNT(*) FROM spree_payments WHERE state IN ('completed', 'pending')");
  const [completedBefore, paymentsBefore, full] = [completed(), payments(), store.fullCarts()];

  const out = path.join(tmp, 'api');
  const cli = await runCli(['--site', file, '--out', out, '--no-audits', '--no-browser', '--no-pairs'], { cwd: tmp, env });
  const api = (JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as RunResults).cases.filter((c) => c.source === 'api');
  assert.equal(api.length, 3, cli.stdout + cli.stderr);

  const runDir = path.join(tmp, 'browser');
  const made = Number(store.sql('SELECT COUNT(*) FROM spree_orders'));
  const r = (await runBrowserDryRun({ sites: [loaded.site], runDirs: new Map([[name, runDir]]), env, apiCases: new Map([[name, api]]) })).get(name)!;
  assert.equal(r.findings.find((f) => f.id === `browser-storefront:${name}`)?.title, 'The browser dry-run used the solidus_frontend storefront preset');
  const pair = (campaign: string, cart: string): [CaseResult, CaseResult] => {
    const b = r.cases.find((c) => c.campaign === campaign && c.cart === cart);
    const a = api.find((c) => c.campaign === campaign && c.cart === cart);
    assert.ok(a && b, `${campaign} / ${cart}: ${JSON.stringify(r.cases.map((c) => `${c.campaign} / ${c.cart}`))}`);
    return [b, a];
  };
  const agree = (b: CaseResult, a: CaseResult) => {
    for (const k of ['itemTotal', 'itemDiscount', 'total'] as const) assert.equal(b.totals?.[k], a.totals?.[k], `${b.cart}: ${k}: browser and API agree`);
    assert.deepEqual(r.findings.filter((f) => f.id.startsWith('browser-vs-api:') && f.campaign === b.campaign && f.cart === b.cart).map((f) => f.title), [], `${b.cart}: no disagreement`);
    assert.equal(b.outcome, a.outcome, `${b.cart}: same verdict`);
  };

  // The code went in at the payment step, not in the cart: the cart showed full price, the payment step 10% off.
  const [paid, paidApi] = pair('t-bstep 10% off', 'scarf, the code at payment');
  assert.equal(paid.outcome, 'pass', JSON.stringify(paid, null, 2));
  agree(paid, paidApi);
  assert.equal(paid.totals?.itemDiscount, -5);
  assert.equal(paid.coupon?.success, true);
  assert.deepEqual(paid.steps?.map((s) => [s.step, s.state]), [['enter TB-TEN at the payment step', 'payment']]);
  assert.match(paid.steps![0].sees, /^TB-TEN accepted\. At the payment step: TB-SCARF ×1; items \$50\.00, \$5\.00 off, total \$\d+\.\d\d\.$/);
  assert.equal(paid.steps![0].totals?.itemDiscount, -5);
  assert.match(paid.summary, /^Code accepted at the payment step \(\$5\.00 off shown\)\. At the confirm step the page shows: \$5\.00 off items/);
  assert.equal(paid.stepReached, 'confirm');
  assert.ok(paid.screenshots?.some((s) => /step-1\.jpg$/.test(s)), JSON.stringify(paid.screenshots));

  // Refused at the payment step: Solidus's own message, next to the field, and no discount, as through the API.
  const [refused, refusedApi] = pair('t-bstep $10 off over $100', 'scarf, the code at payment');
  assert.equal(refused.outcome, 'pass', JSON.stringify(refused, null, 2));
  agree(refused, refusedApi);
  assert.equal(refused.coupon?.success, false);
  assert.equal(refused.coupon?.message, refusedApi.coupon?.message);
  assert.match(refused.steps![0].sees, /^TB-OVER100 refused: “This coupon code can't be applied to orders less than \$100\.00\.”\. At the payment step: TB-SCARF ×1; items \$50\.00, no discount, total /);
  assert.equal(refused.stepReached, 'confirm');

  // No coupon field at the classic storefront's delivery step: not tried, said in plain words.
  const [delivery] = pair('t-bstep 10% off', 'scarf, the code at delivery');
  assert.equal(delivery.outcome, 'not-checked');
  assert.equal(delivery.summary, "Not checked in the browser: the browser dry-run does not do the step enter TB-TEN at the delivery step: the storefront's delivery step has no coupon field, so this cart is tried through the API only.");

  // Two carts went to the store and were emptied; nothing was completed or paid.
  assert.equal(Number(store.sql('SELECT COUNT(*) FROM spree_orders')), made + 2);
  // Each case file says which cart it made and that it emptied it (scenarios/support/run-case.ts).
  const files = fs.readdirSync(path.join(runDir, 'browser')).filter((f) => f.endsWith('.json') && f !== 'playwright.json');
  const cases = files.map((f) => JSON.parse(fs.readFileSync(path.join(runDir, 'browser', f), 'utf8')) as BrowserCaseFile);
  const carts = cases.map((c) => c.browser?.cart).filter(Boolean);
  assert.equal(carts.length, 2, JSON.stringify(carts));
  assert.ok(carts.every((c) => /^R\d+$/.test(c!.number) && c!.emptied === true), JSON.stringify(carts));
  assert.equal(store.fullCarts(), full, 'no full cart left on the store');
  assert.equal(completed(), completedBefore, 'no order completed');
  assert.equal(payments(), paymentsBefore, 'no payment made');
  assert.deepEqual(cases.flatMap((c) => c.browser?.blocked ?? []), [], 'the guard refused nothing the page sent');
});

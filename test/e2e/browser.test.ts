/**
 * The browser dry-run end to end against the sandbox store: the audit command runs it after the API
 * dry-run and the report shows both for every cart; a site whose selectors do not match the
 * storefront gets "could not find" findings while its other campaigns still run; several sites run
 * in one Playwright run; and no order is ever placed.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadSite } from '../../src/config/load.ts';
import type { Site } from '../../src/config/types.ts';
import type { CaseResult, RunResults } from '../../src/findings/types.ts';
import { runBrowserDryRun } from '../../src/browser/run.ts';
import type { ReportFile } from '../../scenarios/reporter.ts';
import { browserStore, completedOrders, everyCampaignAt, writeTestSite, ROOT } from '../support/browser-store.ts';

const store = browserStore();
const env = { ...process.env, [store.envName]: store.apiKey };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'holiday-ready-browser-e2e-'));
const SUCCESS = 'The coupon code was successfully applied to your order.';
let completedBefore = 0;

function load(file: string): Site {
  const loaded = loadSite(file, { env });
  assert.ok(loaded.ok, loaded.ok ? '' : JSON.stringify(loaded.errors));
  return loaded.site;
}

const byId = (cases: CaseResult[], id: string) => {
  const c = cases.find((x) => x.id === id);
  assert.ok(c, `no case ${id} among ${cases.map((x) => x.id).join(', ')}`);
  return c;
};

/** Every file under a folder, relative to it. */
function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => path.relative(dir, path.join(d.parentPath, d.name)));
}

describe('the browser dry-run against the sandbox store', () => {
  before(() => {
    completedBefore = completedOrders(store);
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('the audit tries every cart in a browser after the API, and the report shows the two side by side', () => {
    const site = writeTestSite(tmp, store, 'browser-e2e');
    const out = path.join(tmp, 'runs', 'browser-e2e');
    const cli = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'cli', 'main.ts'), '--site', site, '--out', out, '--no-start'], {
      cwd: ROOT, env, encoding: 'utf8', timeout: 600_000,
    });
    assert.equal(cli.status, 1, cli.stderr); // blocked: BLACKFRIDAY50 on carts from $85
    assert.match(cli.stderr, /browser ok +browser-e2e › Outerwear 20% off \/ \$120 jacket/);

    const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as RunResults;
    const browser = results.cases.filter((c) => c.source === 'browser');
    assert.equal(browser.length, 6);
    // The API ran the windowed campaigns' carts at three moments; the browser, each cart once, at its campaign's first minute.
    const api = results.cases.filter((c) => c.source === 'api');
    assert.equal(api.filter((c) => c.moment?.label === 'start').length, 6);
    assert.equal(api.filter((c) => !c.unplanned).length, 14);
    assert.deepEqual(browser.map((c) => c.moment?.label), browser.map(() => 'start'));
    // Staging's unplanned promotions are dry-run through the API only: the browser leaves them out.
    const unplanned = new Set(results.campaigns.filter((c) => c.unplanned).map((c) => c.name));
    assert.ok(unplanned.size > 0 && api.some((c) => c.unplanned), 'the API dry-ran the promotions nobody planned');
    assert.deepEqual(browser.filter((c) => unplanned.has(c.campaign)).map((c) => c.id), []);

    const above = byId(results.cases, 'browser:Black Friday 50% off / $120 jacket');
    assert.equal(above.coupon?.message, SUCCESS);
    // The sandbox's cart lists Promotion (Black Friday 50% off) -$60.00 without saying whether on the items or the order.
    assert.equal(above.cartTotals?.promoTotal, -60, 'the cart shows Promotion (Black Friday 50% off) -$60.00');
    assert.equal(above.stepReached, 'confirm');
    assert.deepEqual(above.adjustments?.map((a) => a.promotion), ['Free Shipping on All Orders over $85'], 'at confirm: no Black Friday row, the free-shipping row');
    assert.equal(above.outcome, 'fail');

    const below = byId(results.cases, 'browser:Black Friday 50% off / $60 fleece');
    assert.equal(below.outcome, 'pass');
    // Placed on the items where the API's adjustment of the same label is.
    assert.equal(below.totals?.itemDiscount, -30);
    assert.deepEqual(below.adjustments?.map((a) => [a.promotion, a.on]), [['Black Friday 50% off', 'item']]);
    for (const c of browser.filter((x) => x.campaign !== 'Black Friday 50% off')) assert.equal(c.outcome, 'pass', `${c.id}: ${c.summary}`);

    for (const c of browser) {
      assert.equal(c.screenshots?.length, 2, c.id);
      for (const shot of c.screenshots!) assert.ok(fs.statSync(path.join(out, shot)).size > 10_000, shot);
    }
    // The API and the browser agree on every cart; BLACKFRIDAY50's failure is the API finding's.
    assert.deepEqual(results.findings.filter((f) => f.source === 'browser').map((f) => f.title), []);
    assert.equal(results.verdict, 'blocked');

    const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
    assert.ok(html.includes(`src="${above.screenshots![0]}"`), 'the report shows the cart screenshot of the $120 jacket');
    assert.ok(html.includes('In a browser'));

    // Traces stay out of the folder client reps get.
    assert.deepEqual(filesUnder(out).filter((f) => f.endsWith('.zip')), []);
    // Only the failing campaign's case keeps its trace, and it did not cost the run a new worker.
    const engineer = path.join(tmp, 'runs', '.engineer', 'browser-e2e');
    const tests = (JSON.parse(fs.readFileSync(path.join(out, 'browser', 'playwright.json'), 'utf8')) as ReportFile).tests;
    const failing = tests.find((t) => t.caseId === above.id)!;
    assert.equal(failing.campaignFails?.length, 1, JSON.stringify(failing.campaignFails));
    // At confirm the page shows only the free-shipping row, a shipping discount by its label: the items are judged as planned.
    assert.match(failing.campaignFails![0], /^items: expected 50% off .*, the customer gets .* at the confirm step$/);
    assert.equal(failing.status, 'passed');
    assert.deepEqual(tests.filter((t) => t.trace).map((t) => t.caseId), [above.id]);
    const traces = filesUnder(engineer).filter((f) => f.endsWith('.zip'));
    assert.deepEqual(traces.map((f) => path.basename(f)), ['trace.zip'], 'the failing case left a trace for engineers, the others none');
    const traceDir = path.dirname(path.join(engineer, traces[0]));
    assert.deepEqual(fs.readdirSync(path.dirname(traceDir)).filter((f) => !f.startsWith('.')), [path.basename(traceDir)], 'no empty folders of the other cases');
    assert.ok(fs.existsSync(path.join(out, failing.trace!)));
    assert.ok(Math.max(...tests.map((t) => t.workerIndex)) <= 1, `the two workers ran every case: ${tests.map((t) => t.workerIndex).join(',')}`);
    assert.match(cli.stderr, /browser FAIL +browser-e2e › Black Friday 50% off \/ \$120 jacket/);
  });

  test('a site whose coupon selector does not match gets "could not find the coupon field on /cart" with a screenshot, its other campaigns still run, and two sites run together', async () => {
    const wrong = load(writeTestSite(tmp, store, 'browser-wrong', (t) => t.replace('coupon_field: label=Coupon code', 'coupon_field: label=Promo code')));
    // The second site marks its code secret: it must not appear in its run folder or the progress lines.
    const secret = load(
      writeTestSite(tmp, store, 'browser-secret', (t) =>
        t.replace(/^campaigns:[\s\S]*$/m, 'campaigns:\n  - name: Black Friday 50% off\n    code: BLACKFRIDAY50\n    secret: true\n    carts:\n      - { name: $60 fleece, items: { FLC-002: 1 }, expect: { items: 50% off } }\n'),
      ),
    );
    const runDirs = new Map([
      [wrong.site, path.join(tmp, 'runs', 'browser-wrong')],
      [secret.site, path.join(tmp, 'runs', 'browser-secret')],
    ]);
    const progress: string[] = [];
    // As the pipeline hands the browser each campaign's moment: the store's clock at LIVE_AT.
    const clock = new Map([wrong, secret].map((s) => [s.site, everyCampaignAt(s)]));
    const results = await runBrowserDryRun({ sites: [wrong, secret], runDirs, env, clock, progress: (l) => progress.push(l) });

    const w = results.get(wrong.site)!;
    const misses = w.findings.filter((f) => f.title === 'The browser could not find the coupon field on /cart');
    assert.equal(misses.length, 4, JSON.stringify(w.findings.map((f) => f.title)));
    for (const f of misses) {
      assert.equal(f.level, 'warn');
      assert.equal(f.notChecked, true);
      assert.match(f.evidence?.screenshots?.[0] ?? '', /not-found\.jpg$/);
      assert.ok(fs.existsSync(path.join(runDirs.get(wrong.site)!, f.evidence!.screenshots![0])));
    }
    const coded = w.cases.filter((c) => c.code !== 'automatic');
    assert.ok(coded.every((c) => c.outcome === 'not-checked' && c.error === 'could not find the coupon field on /cart'));
    assert.deepEqual(w.cases.filter((c) => c.code === 'automatic').map((c) => c.outcome), ['pass', 'pass']);

    const hidden = results.get(secret.site)!;
    assert.deepEqual(hidden.cases.map((c) => [c.id, c.code, c.outcome]), [['browser:Black Friday 50% off / $60 fleece', 'BL•••••••••50', 'pass']]);
    const dir = runDirs.get(secret.site)!;
    const leaks = filesUnder(dir).filter((f) => f.endsWith('.json') && /blackfriday50/i.test(fs.readFileSync(path.join(dir, f), 'utf8')));
    assert.deepEqual(leaks, []);
    const steps = JSON.parse(fs.readFileSync(path.join(dir, 'browser', 'playwright.json'), 'utf8')).tests[0].steps.map((st: { title: string }) => st.title);
    assert.ok(steps.includes('apply code BL•••••••••50'), steps.join(', '));
    assert.ok(progress.some((l) => l.includes('browser-secret › Black Friday 50% off / $60 fleece')));
    assert.deepEqual(progress.filter((l) => /blackfriday50/i.test(l)), []);
  });

  test('no order was placed: the store has as many completed orders as before', () => {
    assert.equal(completedOrders(store), completedBefore);
  });
});

/**
 * The browser reads where a discount sits from the page (and the API's adjustment of the same
 * label), never from the plan: a code whose $60 off Solidus books on the order (CreateAdjustment)
 * while the client rep planned it on the items. On private copies of the staging store holding that
 * promotion only (test/fixtures/page/setup.rb, rails runner; its name starts with "t-page"; the
 * copies' databases are deleted afterwards), with this repository's storefront (one summary row per
 * promotion, wherever it sits: placed by the API) and Solidus's classic storefront (its checkout
 * summary has a section for the order's adjustments: placed by the page). On both, the browser and
 * the API judge the plan alike, and the storefront and the API do not "disagree".
 *
 * Run: node --import tsx --test test/e2e/browser-page.test.ts
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { RunResults } from '../../src/findings/types.ts';
import type { BrowserCaseFile } from '../../src/browser/compare.ts';
import { runCli } from '../support/cli.ts';
import { ROOT } from '../support/sandbox.ts';
import { startInstance, writeSite, type SandboxInstance } from '../support/sandbox-instance.ts';

const run = promisify(execFile);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hr-browser-page-'));
const KEY_ENV = 'PAGE_STAGING_KEY';
const CAMPAIGN = 't-page Order $60 off';
const CAMPAIGNS = `
  - name: ${CAMPAIGN}
    code: TPAGE60
    carts:
      - { name: planned on the items, items: { JKT-001: 1 }, expect: { items: $60 off } }
      - { name: planned anywhere, items: { JKT-001: 1 }, expect: { discount: $60 off } }
`;

interface Audited {
  results: RunResults;
  /** The browser's case files as the scenario wrote them, before the API placed anything. */
  files: BrowserCaseFile[];
  stderr: string;
}

async function audit(store: SandboxInstance, name: string): Promise<Audited> {
  await run('bash', ['-c', 'source bin/_env && SANDBOX_DB="$1" exec bundle exec rails runner "$2"', '_', store.db, path.join(ROOT, 'test/fixtures/page/setup.rb')], {
    cwd: path.join(ROOT, 'sandbox'), maxBuffer: 16 << 20,
  });
  await fetch(`${store.url}/__sandbox/cache`, { method: 'POST', signal: AbortSignal.timeout(5000) });
  const site = writeSite(tmp, name, { url: store.url, keyEnv: KEY_ENV, clockEnv: null, campaigns: CAMPAIGNS });
  const out = path.join(tmp, name);
  const r = await runCli(['--site', site, '--out', out, '--no-audits', '--no-pairs'], { cwd: tmp, env: store.env(KEY_ENV) });
  // Blocked: the plan wanted the $60 on the items.
  assert.equal(r.code, 1, `${r.stdout}\n${r.stderr}`);
  const dir = path.join(out, 'browser');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'playwright.json').map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as BrowserCaseFile);
  return { results: JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as RunResults, files, stderr: r.stderr };
}

const stores: SandboxInstance[] = [];
const audited = new Map<'sandbox' | 'classic', Audited>();

before(async () => {
  const [own, classic] = await Promise.all([startInstance('browser-page'), startInstance('browser-page-classic', { storefront: 'classic' })]);
  stores.push(own, classic);
  // One browser run at a time: they share the machine.
  audited.set('sandbox', await audit(own, 'page-sandbox'));
  audited.set('classic', await audit(classic, 'page-classic'));
});
after(async () => {
  for (const s of stores) await s.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

for (const storefront of ['sandbox', 'classic'] as const) {
  describe(`a discount Solidus books on the order, on the ${storefront} storefront`, () => {
    const caseOf = (source: 'api' | 'browser', cart: string) => {
      const { results } = audited.get(storefront)!;
      const c = results.cases.find((x) => x.source === source && x.cart === cart);
      assert.ok(c, `${source} case of ${cart}: ${results.cases.map((x) => x.id).join(', ')}`);
      return c;
    };

    test('the browser places it on the order, from the page or the API, whatever the plan says', () => {
      for (const cart of ['planned on the items', 'planned anywhere']) {
        const api = caseOf('api', cart);
        assert.deepEqual(api.adjustments?.filter((a) => a.eligible).map((a) => [a.promotion, a.on, a.amount]), [[CAMPAIGN, 'order', -60]], `${cart}: Solidus booked it on the order`);
        const browser = caseOf('browser', cart);
        assert.deepEqual(browser.adjustments?.map((a) => [a.promotion, a.on, a.amount]), [[CAMPAIGN, 'order', -60]], `${cart}: ${browser.summary}`);
        assert.equal(browser.totals?.orderDiscount, -60);
        assert.equal(browser.totals?.itemDiscount, 0);
        assert.equal(browser.totals?.total, api.totals?.total, 'the customer pays the same');
      }
      const files = audited.get(storefront)!.files;
      const unplaced = files.map((f) => f.browser?.reading?.unplaced.length);
      // This repository's storefront lists one row per promotion: the API placed it. The classic
      // checkout's summary puts it in its order-charges section: the page placed it.
      assert.deepEqual(unplaced, storefront === 'sandbox' ? [1, 1] : [0, 0], JSON.stringify(files.map((f) => f.adjustments)));
    });

    test('the browser and the API judge the plan alike, and do not "disagree"', () => {
      const { results } = audited.get(storefront)!;
      assert.equal(caseOf('api', 'planned on the items').outcome, 'fail');
      assert.equal(caseOf('browser', 'planned on the items').outcome, 'fail');
      assert.equal(caseOf('api', 'planned anywhere').outcome, 'pass');
      assert.equal(caseOf('browser', 'planned anywhere').outcome, 'pass');
      assert.deepEqual(results.findings.filter((f) => f.id.startsWith('browser-vs-api:')).map((f) => `${f.title}: ${f.actual}`), []);
      assert.deepEqual(results.findings.filter((f) => f.source === 'browser').map((f) => f.title), []);
      // The failure is the API's: planned on the items, booked on the order.
      const f = results.findings.find((x) => x.source === 'api' && x.cart === 'planned on the items');
      assert.ok(f, results.findings.map((x) => x.id).join(', '));
      assert.equal(f.level, 'error');
    });
  });
}

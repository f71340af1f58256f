/**
 * Untrusted text: promotion names (and the labels and messages built from them) come from the store.
 * A store whose promotions are named `<script>alert(1)</script>` and `"><img src=x onerror=alert(2)>`
 * is dry-run and reported; the report opened in real Chromium runs no script and shows the names as
 * text; junit.xml and summary.md carry them escaped.
 *
 * Run: node --import tsx --test test/e2e/safety-untrusted-text.test.ts
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright';
import { CHROMIUM_LAUNCH } from '../../src/browser/chromium.ts';
import { runCli } from '../support/cli.ts';
import { startInstance, writeSite, type SandboxInstance } from '../support/sandbox-instance.ts';

const KEY_ENV = 'SAFETY_TEXT_KEY';
const SCRIPT = '<script>alert(1)</script>';
const ATTRIBUTE = '"><img src=x onerror=alert(2)>';
let store: SandboxInstance;
let browser: Browser | undefined;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hr-text-'));

before(async () => {
  // A private copy of the store: renaming promotions must never touch the shared one.
  store = await startInstance('safety-text');
  const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
  await store.change(`UPDATE spree_promotions SET name = ${q(SCRIPT)} WHERE name = 'Free Shipping on All Orders over $85'`);
  await store.change(`UPDATE spree_promotions SET name = ${q(ATTRIBUTE)} WHERE name = 'Outerwear 20% off'`);
});
after(async () => {
  await browser?.close();
  await store?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('promotion names that are markup show as text in the report in Chromium, and no script runs', async () => {
  assert.equal(store.sql(`SELECT COUNT(*) FROM spree_promotions WHERE name IN ('${SCRIPT}', '${ATTRIBUTE.replace(/'/g, "''")}')`), '2');
  const site = writeSite(tmp, 'hostile', { url: store.url, keyEnv: KEY_ENV, concurrency: 2 });
  const out = path.join(tmp, 'run');
  const r = await runCli(['--site', site, '--out', out, '--no-browser', '--no-audits', '--no-unplanned'], { cwd: tmp, env: store.env(KEY_ENV) });
  assert.equal(r.code, 1, r.stderr);

  // The store's text reached the results, raw (it is data there)…
  const results = fs.readFileSync(path.join(out, 'results.json'), 'utf8');
  assert.ok(results.includes(`Promotion (${SCRIPT})`), 'the script-named promotion is in the results');
  assert.ok(results.includes(JSON.stringify(`Promotion (${ATTRIBUTE})`).slice(1, -1)), 'the attribute-breaking name is in the results');
  // …and only escaped in what people open.
  for (const file of ['report.html', 'junit.xml', 'summary.md']) {
    const text = fs.readFileSync(path.join(out, file), 'utf8');
    assert.ok(!text.includes(SCRIPT), `${file} holds the raw <script>`);
    assert.ok(!text.includes('<img src=x'), `${file} holds the raw <img>`);
  }

  browser = await chromium.launch(CHROMIUM_LAUNCH);
  const page = await browser.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(pathToFileURL(path.join(out, 'report.html')).href, { waitUntil: 'load' });
  // Open everything folded away (technical detail, case panes), so every copy of the names renders.
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
  await page.waitForTimeout(500);

  const blocker = page.getByText(`Promotion (${SCRIPT}) blocks it`).first();
  assert.equal(await blocker.isVisible(), true, 'the finding names the promotion, as text');
  assert.ok((await page.getByText(ATTRIBUTE).count()) + (await page.getByText(`Promotion (${ATTRIBUTE})`).count()) > 0, 'the attribute-breaking name shows as text');
  const injected = await page.evaluate(() => ({
    scripts: [...document.scripts].filter((s) => /alert/.test(s.textContent ?? '')).length,
    images: document.querySelectorAll('img[src="x"]').length,
    handlers: [...document.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => a.name.startsWith('on'))).length,
  }));
  assert.deepEqual(injected, { scripts: 0, images: 0, handlers: 0 });
  assert.deepEqual(dialogs, [], 'no dialog opened');
  assert.deepEqual(errors, []);
});

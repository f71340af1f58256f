/**
 * History across real runs: the acme dry-run twice through the CLI against a private sandbox
 * instance (SANDBOX_INSTANCE=report on a free port, never the shared stores), with a fix in between:
 * the site-exclusive rule is removed from BLACKFRIDAY50 in the instance's database. The second
 * report must list the Black Friday finding under Fixed and show both runs in its trend; the
 * index must show the site Ready with that trend.
 *
 * The CLI writes each run folder with --out; history and the index are made here with the report
 * library (loadHistory, writeRunFolder, writeIndex) over the temporary reports root, as the CLI
 * will once it has a --reports <dir> option.
 *
 * Run: node --import tsx --test test/e2e/report-history.test.ts
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright';
import { CHROMIUM_LAUNCH } from '../../src/browser/chromium.ts';
import type { RunResults } from '../../src/findings/types.ts';
import { loadHistory, writeIndex, writeRunFolder } from '../../reports/render.ts';
import { runCli, type CliResult } from '../support/cli.ts';
import { startInstance, writeSiteCopy, type SandboxInstance } from '../support/sandbox-instance.ts';
import { ROOT } from '../support/sandbox.ts';

const BLACK_FRIDAY = 'api:Black Friday 50% off / $120 jacket';
const SCREENSHOTS = path.join(ROOT, 'test-results', 'report-screenshots');

/** YYYYMMDD-HHMMSS, the run folder name the CLI uses. */
const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);

function between(html: string, start: string, end: string): string {
  const i = html.indexOf(start);
  assert.ok(i >= 0, `missing ${start}`);
  const j = html.indexOf(end, i + start.length);
  assert.ok(j > i, `missing ${end} after ${start}`);
  return html.slice(i, j);
}

describe('history after two runs with a fix in between', () => {
  let store: SandboxInstance;
  let tmp: string;
  let reports: string;
  let run1: string;
  let run2: string;
  let cli1: CliResult;
  let cli2: CliResult;
  let results1: RunResults;
  let results2: RunResults;
  let html2: string;

  before(async () => {
    store = await startInstance('report');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hr-report-history-'));
    reports = path.join(tmp, 'reports');
    const site = writeSiteCopy(path.join(tmp, 'sites'), 'acme', { url: store.url });
    const env = { ACME_STAGING_API_KEY: store.apiKey, ACME_STAGING_CLOCK_SECRET: store.clockSecret };
    const audit = async (dir: string) =>
      runCli(['--site', site, '--out', dir, '--no-browser', '--no-audits', '--no-start', '--no-unplanned'], { env, root: tmp });

    run1 = path.join(reports, 'acme', stamp(new Date()));
    cli1 = await audit(run1);
    // The fix: BLACKFRIDAY50 no longer refuses to combine with other promotions.
    await store.change("DELETE FROM spree_promotion_rules WHERE type = 'Spree::Promotion::Rules::SiteExclusive'");
    await new Promise((r) => setTimeout(r, 1100)); // the next folder name is a later second
    run2 = path.join(reports, 'acme', stamp(new Date()));
    cli2 = await audit(run2);

    results1 = JSON.parse(fs.readFileSync(path.join(run1, 'results.json'), 'utf8')) as RunResults;
    results2 = JSON.parse(fs.readFileSync(path.join(run2, 'results.json'), 'utf8')) as RunResults;
    writeRunFolder(run2, results2, loadHistory(reports, 'acme', { exclude: run2 }));
    html2 = fs.readFileSync(path.join(run2, 'report.html'), 'utf8');
  });

  after(async () => {
    try {
      await store?.reset();
    } finally {
      await store?.stop();
      if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  test('the first run is blocked by the Black Friday finding (exit 1)', () => {
    assert.equal(cli1.code, 1, cli1.stderr);
    assert.equal(results1.verdict, 'blocked');
    assert.equal(results1.target.url, store.url, 'it ran against the private instance');
    assert.ok(results1.findings.some((f) => f.id === BLACK_FRIDAY && f.level === 'error'));
  });

  test('the second run, after the exclusive rule is removed, is ready (exit 0)', () => {
    assert.equal(cli2.code, 0, cli2.stderr);
    assert.equal(results2.verdict, 'ready');
    assert.ok(!results2.findings.some((f) => f.id === BLACK_FRIDAY));
    assert.equal(results2.campaigns.find((c) => c.code === 'BLACKFRIDAY50')?.outcome, 'pass');
  });

  test('loadHistory finds the first run as the previous one and summarises it for the trend', () => {
    const { previous, history } = loadHistory(reports, 'acme', { exclude: run2 });
    assert.equal(previous?.startedAt, results1.startedAt);
    assert.deepEqual(history, [{ startedAt: results1.startedAt, verdict: 'blocked', blocking: 1, warnings: 2, dir: run1 }]);
  });

  test('the second report lists the Black Friday finding under Fixed, nothing new and nothing still failing', () => {
    const history = between(html2, 'id="history"', 'id="housekeeping"');
    assert.match(history, /whose verdict was Blocked\./);
    const fixed = between(history, 'Fixed <span class="muted">', '</div>');
    // The Black Friday blocker and the two code pairs where BLACKFRIDAY50 gave nothing at checkout.
    assert.ok(fixed.startsWith('Fixed <span class="muted">3</span>'), 'three fixed findings');
    const title = results1.findings.find((f) => f.id === BLACK_FRIDAY)!.title;
    assert.ok(fixed.includes(title.replace(/&/g, '&amp;').replace(/</g, '&lt;')), `Fixed lists "${title}"`);
    assert.match(history, /New <span class="muted">0<\/span>/);
    assert.match(history, /Still failing <span class="muted">0<\/span>/);
  });

  test('the trend in the second report shows both runs, blocked then ready, and links the first', () => {
    const trend = between(html2, '<div class="trend">', '</ol>');
    const runs = trend.split('<li class="trend__run').slice(1);
    assert.equal(runs.length, 2);
    assert.match(runs[0], /trend__sq--fail/);
    assert.match(runs[0], new RegExp(`href="\\.\\./${path.basename(run1)}/report\\.html"`));
    assert.match(runs[0], /: Blocked, 1 blocking, 2 warnings</);
    assert.match(runs[1], /^ trend__run--current">/);
    assert.match(runs[1], /trend__sq--pass/);
    assert.match(runs[1], /This run \(.+\): Ready, 0 blocking, 0 warnings</);
    assert.ok(trend.includes('Ready in this run, after 1 blocked run.'));
  });

  test('the index lists acme as Ready with both runs in its trend and links the second report', () => {
    const index = fs.readFileSync(writeIndex(reports), 'utf8');
    const site = between(index, '<li class="card site', '</li>\n    </ul>');
    assert.match(site, /status--pass">.*Ready<\/span>/s);
    assert.ok(site.includes(`href="acme/${path.basename(run2)}/report.html"`));
    assert.equal(site.split('<li class="trend__run').length - 1, 2);
    assert.ok(site.includes('Ready in the latest run, after 1 blocked run.'));
  });

  test('shows the History section after the fix in a real browser', async () => {
    const browser = await chromium.launch(CHROMIUM_LAUNCH);
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
      await page.goto(`file://${path.join(run2, 'report.html')}`);
      const history = page.locator('#history');
      assert.ok(await history.getByRole('heading', { name: /^Fixed/ }).isVisible());
      assert.equal(await history.getByRole('list', { name: /^Verdicts of the last 2 runs/ }).getByRole('listitem').count(), 2);
      fs.mkdirSync(SCREENSHOTS, { recursive: true });
      await history.screenshot({ path: path.join(SCREENSHOTS, 'acme-history-after-fix.png') });
    } finally {
      await browser.close();
    }
  });
});

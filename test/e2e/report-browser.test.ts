/**
 * The acme report in a real browser (Debian's Chromium, driven by Playwright): a real dry-run of
 * sites/acme.yml against the sandbox store through the CLI, rendered with two earlier nights
 * (from the fixtures, so the History section and its trend are on the page too), then:
 * full-page screenshots at desktop and phone widths, an axe-core check with no serious or
 * critical violations, no horizontal scrolling on a phone, the verdict sentence above the fold,
 * no request leaving the file (it opens offline), and a print layout. The index page gets the
 * same checks. Every badge (status, verdict, source tag) shows whole at common window widths, on
 * that report, the index, and a report with browser rows (test/fixtures/results/acme-browser.json,
 * a real run of `npm run audit -- --site acme` with the browser dry-run, screenshots left out).
 *
 * Screenshots, the PDF and the rendered pages stay in test-results/report-screenshots/ (gitignored).
 *
 * Run: node --import tsx --test test/e2e/report-browser.test.ts   (needs the sandbox store on :3000)
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright';
import type { RunResults } from '../../src/findings/types.ts';
import { loadHistory, writeIndex, writeRunFolder } from '../../reports/render.ts';
import { runCli } from '../support/cli.ts';
import { CHROMIUM_LAUNCH } from '../../src/browser/chromium.ts';
import { ROOT, sandbox } from '../support/sandbox.ts';

const OUT = path.join(ROOT, 'test-results', 'report-screenshots');
const REPORTS = path.join(OUT, 'reports');
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

function launch(): Promise<Browser> {
  return chromium.launch(CHROMIUM_LAUNCH);
}

/** YYYYMMDD-HHMMSS, the run folder name the CLI uses. */
const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);

function fixture(name: string): RunResults {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'results', `${name}.json`), 'utf8')) as RunResults;
}

/** Width and height from a PNG's IHDR chunk; fails unless the file is a PNG. */
function pngSize(file: string): { width: number; height: number; bytes: number } {
  const buf = fs.readFileSync(file);
  assert.deepEqual([...buf.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], `${file} is a PNG`);
  assert.equal(buf.toString('latin1', 12, 16), 'IHDR');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20), bytes: buf.length };
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core in the page and returns the serious and critical violations, described. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')})`);
}

/** Opens a local file, recording every request it makes. */
async function open(browser: Browser, file: string, viewport: { width: number; height: number }) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`file://${file}`, { waitUntil: 'load' });
  return { page, requests, close: () => context.close() };
}

async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** Common window widths: phones, tablets, laptops, desktops. */
const WIDTHS = [360, 768, 1024, 1400, 1920];

/**
 * Every badge that does not show whole, described: its text wider than the badge, or the badge
 * wider than the box it sits in (its parent's content box, every ancestor that clips, the window).
 * Disclosures are opened first, so the badges in them count too.
 */
async function cutBadges(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    document.querySelectorAll('details').forEach((d) => (d.open = true));
    // No named functions in here: tsx would wrap them in a helper the page does not have.
    const cut: string[] = [];
    for (const badge of document.querySelectorAll<HTMLElement>('.status, .verdict__badge, .tag')) {
      const box = badge.getBoundingClientRect();
      if (!box.width) continue; // not rendered (visually hidden, or on paper only)
      const section = badge.closest('[id]');
      const label = badge.closest('td, th')?.getAttribute('data-label');
      const name = `"${badge.textContent!.trim()}" in ${section ? `#${section.id} ` : ''}${badge.parentElement!.tagName.toLowerCase()}${label ? `[data-label="${label}"]` : ''}`;
      const text = document.createRange();
      text.selectNodeContents(badge);
      const content = text.getBoundingClientRect();
      if (badge.scrollWidth > badge.clientWidth || content.left < box.left - 0.5 || content.right > box.right + 0.5) {
        cut.push(`${name}: its text (${content.width.toFixed(1)} px) is wider than the badge (${box.width.toFixed(1)} px)`);
      }
      const parent = badge.parentElement!;
      const ps = getComputedStyle(parent);
      const pr = parent.getBoundingClientRect();
      const left = pr.left + parseFloat(ps.borderLeftWidth) + parseFloat(ps.paddingLeft);
      const right = pr.right - parseFloat(ps.borderRightWidth) - parseFloat(ps.paddingRight);
      if (box.left < left - 0.5 || box.right > right + 0.5) cut.push(`${name}: the badge (${box.width.toFixed(1)} px) is wider than its box (${(right - left).toFixed(1)} px)`);
      for (let a = parent; a && a !== document.documentElement; a = a.parentElement!) {
        const s = getComputedStyle(a);
        if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
        const r = a.getBoundingClientRect();
        const l = r.left + a.clientLeft;
        const t = r.top + a.clientTop;
        if (box.left < l - 0.5 || box.right > l + a.clientWidth + 0.5 || box.top < t - 0.5 || box.bottom > t + a.clientHeight + 0.5) {
          cut.push(`${name}: cut off by ${a.tagName.toLowerCase()}.${[...a.classList].join('.')} (overflow ${s.overflowX})`);
        }
      }
      if (box.left < -0.5 || box.right > document.documentElement.clientWidth + 0.5) cut.push(`${name}: outside the window`);
    }
    return cut;
  });
}

describe('the acme report in a real browser', () => {
  let browser: Browser;
  let report = '';
  let index = '';
  let results: RunResults;

  before(async () => {
    fs.rmSync(REPORTS, { recursive: true, force: true });
    fs.mkdirSync(OUT, { recursive: true });
    const now = new Date();
    const runDir = path.join(REPORTS, 'acme', stamp(now));

    // Two earlier nights, so the page has a trend and a comparison: ready two nights ago, blocked last night.
    for (const [name, days] of [['acme-ready', 2], ['acme-blocked', 1]] as const) {
      const earlier = fixture(name);
      earlier.startedAt = new Date(now.getTime() - days * 86_400_000).toISOString();
      earlier.finishedAt = new Date(now.getTime() - days * 86_400_000 + 30_000).toISOString();
      const dir = path.join(REPORTS, 'acme', stamp(new Date(earlier.startedAt)));
      writeRunFolder(dir, earlier, loadHistory(REPORTS, 'acme', { exclude: dir }));
    }

    // The real run: the CLI, as a user runs it, against the sandbox store (never started or reset here).
    const { envName, apiKey } = sandbox();
    const r = await runCli(['--site', 'acme', '--out', runDir, '--no-browser', '--no-audits', '--no-start'], { env: { [envName]: apiKey } });
    assert.ok(r.code === 0 || r.code === 1, `the acme dry-run finished (exit ${r.code}); is the sandbox store up on :3000?\n${r.stderr}`);
    results = JSON.parse(fs.readFileSync(path.join(runDir, 'results.json'), 'utf8')) as RunResults;

    // Render it the way the nightly run will: with the site's earlier runs, then the index.
    writeRunFolder(runDir, results, loadHistory(REPORTS, 'acme', { exclude: runDir }));
    report = path.join(runDir, 'report.html');
    index = writeIndex(REPORTS);
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
  });

  for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    test(`takes a full-page screenshot of the report at ${name} width (${viewport.width} px) with the verdict sentence above the fold`, async () => {
      const { page, close } = await open(browser, report, viewport);
      try {
        const sentence = page.locator('.verdict__sentence');
        assert.ok(await sentence.isVisible(), 'the verdict sentence is visible');
        const box = await sentence.boundingBox();
        assert.ok(box && box.y >= 0 && box.y + box.height <= viewport.height, `the verdict sentence ends above the fold (${box?.y} + ${box?.height} ≤ ${viewport.height})`);
        assert.match((await sentence.textContent()) ?? '', /^Acme Outfitters (?:is|may) (?:not )?(?:be )?ready for Thanksgiving/);
        await page.locator('.freeze').scrollIntoViewIfNeeded();
        assert.match((await page.locator('.freeze__text').textContent()) ?? '', /^Code freeze: from .+ \(2 days before offices close\) until offices reopen .+; deploys need Dana Whitfield’s approval\.$/);

        const file = path.join(OUT, `acme-report-${name}.png`);
        await page.screenshot({ path: file, fullPage: true });
        const png = pngSize(file);
        assert.equal(png.width, viewport.width);
        assert.ok(png.height > viewport.height * 3, `a whole report, not an empty page (${png.height} px tall)`);
        assert.ok(png.bytes > 50_000, `the screenshot has content (${png.bytes} bytes)`);
      } finally {
        await close();
      }
    });
  }

  test('does not scroll sideways on a phone', async () => {
    const { page, close } = await open(browser, report, PHONE);
    try {
      assert.equal(await horizontalOverflow(page), 0, 'no horizontal scrolling at 390 px');
      // Open every disclosure: the technical detail must fit too.
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
      assert.equal(await horizontalOverflow(page), 0, 'no horizontal scrolling with the technical detail open');
    } finally {
      await close();
    }
  });

  test('has no serious or critical axe violations at desktop and phone widths', async () => {
    for (const viewport of [DESKTOP, PHONE]) {
      const { page, close } = await open(browser, report, viewport);
      try {
        await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
        assert.deepEqual(await seriousViolations(page), [], `axe at ${viewport.width} px`);
      } finally {
        await close();
      }
    }
  });

  test('opens offline: the page requests nothing but local files', async () => {
    const { page, requests, close } = await open(browser, report, DESKTOP);
    try {
      await page.waitForLoadState('networkidle');
      assert.ok(requests.length >= 1);
      assert.deepEqual(requests.filter((u) => !u.startsWith('file://')), []);
    } finally {
      await close();
    }
  });

  test('prints on A4 without the navigation and without running off the page', async () => {
    const { page, close } = await open(browser, report, { width: 794, height: 1123 });
    try {
      await page.emulateMedia({ media: 'print' });
      assert.equal(await page.locator('.masthead').isVisible(), false, 'no masthead on paper');
      assert.equal(await page.locator('nav.toc').isVisible(), false, 'no table of contents on paper');
      assert.ok(await page.locator('.verdict__sentence').isVisible());
      assert.equal(await horizontalOverflow(page), 0);
      const pdf = await page.pdf({ path: path.join(OUT, 'acme-report.pdf'), format: 'A4', printBackground: true });
      assert.ok(pdf.subarray(0, 5).toString() === '%PDF-' && pdf.length > 20_000);
    } finally {
      await close();
    }
  });

  for (const width of WIDTHS) {
    test(`shows every badge of the report and the index whole at ${width} px`, async () => {
      for (const file of [report, index]) {
        const { page, close } = await open(browser, file, { width, height: 900 });
        try {
          assert.deepEqual(await cutBadges(page), [], `${path.basename(file)} at ${width} px`);
        } finally {
          await close();
        }
      }
    });
  }

  test('shows the trend of the earlier runs in the History section', async () => {
    const { page, close } = await open(browser, report, DESKTOP);
    try {
      const runs = page.locator('#history .trend__run');
      assert.equal(await runs.count(), 3);
      const labels = await page.locator('#history .trend__runs .visually-hidden').allTextContents();
      assert.match(labels[0], /: Ready, 0 blocking, 0 warnings$/);
      assert.match(labels[1], /: Blocked, 1 blocking, 0 warnings$/);
      assert.match(labels[2], new RegExp(`^This run \\(.+\\): ${{ ready: 'Ready', 'at-risk': 'At risk', blocked: 'Blocked' }[results.verdict]}, `));
      await page.locator('#history').screenshot({ path: path.join(OUT, 'acme-report-history.png') });
    } finally {
      await close();
    }
  });

  test('lists the site on the index page with its verdict, trend and a working link, accessibly, at both widths', async () => {
    for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
      const { page, close } = await open(browser, index, viewport);
      try {
        const site = page.locator('li.site', { hasText: 'Acme Outfitters' });
        assert.equal(await site.count(), 1);
        assert.equal(await site.locator('.trend__run').count(), 3);
        assert.equal(await horizontalOverflow(page), 0, `no horizontal scrolling at ${viewport.width} px`);
        assert.deepEqual(await seriousViolations(page), [], `axe on the index at ${viewport.width} px`);
        await page.screenshot({ path: path.join(OUT, `index-${name}.png`), fullPage: true });
        assert.equal(pngSize(path.join(OUT, `index-${name}.png`)).width, viewport.width);
        if (name === 'desktop') {
          await site.getByRole('link', { name: /^Open the latest report/ }).click();
          await page.waitForURL(/\/acme\/\d{8}-\d{6}\/report\.html$/);
          assert.equal(await page.locator('h1').textContent(), 'Acme Outfitters');
        }
      } finally {
        await close();
      }
    }
  });
});

describe('a report with browser rows in a real browser', () => {
  let browser: Browser;
  let report = '';

  before(async () => {
    const dir = path.join(OUT, 'acme-browser');
    fs.rmSync(dir, { recursive: true, force: true });
    writeRunFolder(dir, fixture('acme-browser'));
    report = path.join(dir, 'report.html');
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
  });

  for (const width of WIDTHS) {
    test(`shows every badge whole at ${width} px, the failing browser row's "Does not work" too`, async () => {
      const { page, close } = await open(browser, report, { width, height: 900 });
      try {
        const row = page.locator('#matrix tr', { hasText: 'In a browser' }).filter({ hasText: '$120 jacket' }).first();
        assert.equal((await row.locator('.status').textContent())?.trim(), 'Does not work');
        assert.deepEqual(await cutBadges(page), [], `report.html at ${width} px`);
        await page.locator('#matrix').screenshot({ path: path.join(OUT, `acme-browser-matrix-${width}.png`) });
      } finally {
        await close();
      }
    });
  }
});

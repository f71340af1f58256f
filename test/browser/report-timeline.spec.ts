/**
 * The report's timeline in a real browser (Debian's Chromium): report.html rendered from
 * test/fixtures/results/acme-inventory.json (17 promotions of the production store around
 * Thanksgiving) and checked at a phone's width (360 px), a desktop's (1280 px) and on A4 paper:
 * axe-core finds no serious or critical violation, the page never scrolls sideways, every row's
 * name and bar show whole inside the figure, bars sit where their windows are, the tags and
 * finding links are not cut, a row's finding link lands on the finding, and printing keeps every
 * bar on the page with its colours. Screenshots of the timeline at 1280 px, 390 px and in print go
 * to this test's output folder (test-results/browser/…).
 *
 * No store is needed: the report only reads results.json.
 *   npx playwright test -c test/playwright.config.ts report-timeline.spec.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { test, expect, type Page } from '@playwright/test';
import type { RunResults } from '../../src/findings/types.ts';
import { writeRunFolder } from '../../reports/render.ts';
import { ROOT } from '../support/browser-store.ts';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const PHONE = { width: 360, height: 800 };
const DESKTOP = { width: 1280, height: 900 };
/** A4 at 96 dpi, and its width inside the report's print margins (14 mm each side). */
const A4 = { width: 794, height: 1123 };
const A4_CONTENT = { width: 688, height: 1000 };

function fixture(change?: (r: RunResults) => void): RunResults {
  const r = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'results', 'acme-inventory.json'), 'utf8')) as RunResults;
  change?.(r);
  return r;
}

let dir = '';
let report = '';
let notRead = '';

test.beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'timeline-'));
  writeRunFolder(path.join(dir, 'read'), fixture());
  report = path.join(dir, 'read', 'report.html');
  writeRunFolder(path.join(dir, 'no-extension'), fixture((r) => {
    r.inventory = { ...r.inventory!, status: 'no-extension', promotions: [] };
  }));
  notRead = path.join(dir, 'no-extension', 'report.html');
});

test.afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

async function open(page: Page, file: string, viewport: { width: number; height: number }) {
  await page.setViewportSize(viewport);
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`file://${file}`);
  return requests;
}

const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Serious and critical axe-core violations on the whole page, with every disclosure open. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.help} (${v.targets.slice(0, 5).join(', ')})`);
}

/**
 * Everything of the timeline that does not show whole, described: a row's name, tag or finding
 * link wider than its box or outside the figure, a bar outside its track or too thin to see, a
 * track narrower than it should be.
 */
async function cutParts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const cut: string[] = [];
    const figure = document.querySelector('figure.tl')!.getBoundingClientRect();
    const inside = (r: DOMRect, box: DOMRect) => r.left >= box.left - 0.5 && r.right <= box.right + 0.5 && r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5;
    for (const row of document.querySelectorAll<HTMLElement>('.tl__row')) {
      const name = row.querySelector('.tl__name')!;
      const label = `"${name.textContent}"`;
      if (!inside(name.getBoundingClientRect(), figure)) cut.push(`${label}: its name is outside the figure`);
      for (const bit of row.querySelectorAll<HTMLElement>('.tl__tag, .tl__finding, .code')) {
        const r = bit.getBoundingClientRect();
        if (bit.scrollWidth > bit.clientWidth + 0.5) cut.push(`${label}: "${bit.textContent}" is wider than its badge`);
        if (!inside(r, row.querySelector('.tl__label')!.getBoundingClientRect())) cut.push(`${label}: "${bit.textContent}" sticks out of the row's words`);
      }
      const track = row.querySelector('.tl__track')!.getBoundingClientRect();
      const bar = row.querySelector('.tl__bar')!.getBoundingClientRect();
      if (!inside(bar, track)) cut.push(`${label}: its bar (${bar.left.toFixed(1)}–${bar.right.toFixed(1)}) is outside its track (${track.left.toFixed(1)}–${track.right.toFixed(1)})`);
      if (bar.width < 2.5 || bar.height < 10) cut.push(`${label}: its bar is ${bar.width.toFixed(1)} × ${bar.height.toFixed(1)} px`);
      if (track.width < 250) cut.push(`${label}: its track is only ${track.width.toFixed(1)} px wide`);
      if (!inside(track, figure)) cut.push(`${label}: its track is outside the figure`);
    }
    return cut;
  });
}

/** The bar of a row, in per cent of its track, as drawn. */
async function barInTrack(page: Page, name: string) {
  return page.locator('.tl__row', { has: page.locator('.tl__name', { hasText: name }) }).evaluate((row) => {
    const t = row.querySelector('.tl__track')!.getBoundingClientRect();
    const b = row.querySelector('.tl__bar')!.getBoundingClientRect();
    return { from: ((b.left - t.left) / t.width) * 100, to: ((b.right - t.left) / t.width) * 100 };
  });
}

for (const viewport of [PHONE, DESKTOP]) {
  test(`shows the timeline whole at ${viewport.width} px, without scrolling the page sideways, and axe finds nothing serious`, async ({ page }) => {
    const requests = await open(page, report, viewport);
    const figure = page.locator('#timeline figure.tl');
    await expect(figure).toBeVisible();
    await expect(page.locator('#timeline .tl__row')).toHaveCount(17);
    await expect(page.locator('#timeline-caption')).toContainText('17 promotions are live in the production store');
    expect(await overflow(page), 'no horizontal scrolling').toBe(0);
    expect(await cutParts(page)).toEqual([]);

    // Names stay legible: at least 12 px, and on a phone each row's words sit above its bar.
    const layout = await page.locator('.tl__row').first().evaluate((row) => ({
      font: parseFloat(getComputedStyle(row.querySelector('.tl__name')!).fontSize),
      label: row.querySelector('.tl__label')!.getBoundingClientRect().toJSON() as DOMRect,
      track: row.querySelector('.tl__track')!.getBoundingClientRect().toJSON() as DOMRect,
    }));
    expect(layout.font).toBeGreaterThanOrEqual(12);
    if (viewport === PHONE) expect(layout.track.top).toBeGreaterThanOrEqual(layout.label.bottom - 0.5);
    else expect(layout.track.left).toBeGreaterThanOrEqual(layout.label.right);

    // Bars where their windows are: Black Friday from 8 of 18 days, Midnight Madness from 7:00 PM the evening before.
    const bf = await barInTrack(page, 'Black Friday 50% off');
    expect(bf.from).toBeCloseTo(44.444, 0);
    expect(bf.to).toBeCloseTo(66.663, 0);
    const open_ = await barInTrack(page, 'Free Shipping on All Orders over $85');
    expect(open_.from).toBeCloseTo(0, 1);
    expect(open_.to).toBeCloseTo(100, 1);

    // With the table in words open, the page still does not scroll sideways.
    await page.getByText('The timeline in words').click();
    await expect(page.locator('.tl__words table')).toBeVisible();
    expect(await overflow(page), 'no horizontal scrolling with the table open').toBe(0);

    expect(await seriousViolations(page), `axe at ${viewport.width} px`).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('file://')), 'nothing but the file itself').toEqual([]);
  });
}

test('takes screenshots of the timeline at 1280 px, 390 px and in print', async ({ page }, testInfo) => {
  for (const [name, viewport] of [['1280', DESKTOP], ['390', { width: 390, height: 844 }]] as const) {
    await open(page, report, viewport);
    const file = testInfo.outputPath(`timeline-${name}.png`);
    await page.locator('#timeline').screenshot({ path: file });
    expect(fs.statSync(file).size).toBeGreaterThan(20_000);
  }
  await open(page, report, A4_CONTENT);
  await page.emulateMedia({ media: 'print' });
  await page.locator('#timeline').screenshot({ path: testInfo.outputPath('timeline-print.png') });
});

test('prints on A4 with every bar on the page, its colours kept, and the table in words left out', async ({ page }, testInfo) => {
  for (const viewport of [A4, A4_CONTENT]) {
    await open(page, report, viewport);
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('#timeline figure.tl')).toBeVisible();
    await expect(page.locator('.tl__words')).toBeHidden();
    expect(await overflow(page), `no overflow at ${viewport.width} px`).toBe(0);
    expect(await cutParts(page)).toEqual([]);
    const adjust = await page.locator('.tl__chart').evaluate((e) => getComputedStyle(e).getPropertyValue('print-color-adjust'));
    expect(adjust).toBe('exact');
    const rows = await page.locator('.tl__row').evaluateAll((rs) => rs.map((r) => getComputedStyle(r).breakInside));
    expect(new Set(rows)).toEqual(new Set(['avoid']));
  }
  const pdf = await page.pdf({ path: testInfo.outputPath('report.pdf'), format: 'A4', printBackground: true });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
});

test('takes a row’s finding link to the finding', async ({ page }) => {
  await open(page, report, DESKTOP);
  const row = page.locator('.tl__row', { has: page.locator('.tl__name', { hasText: 'Black Friday 50% off' }) });
  const link = row.getByRole('link', { name: /^Blocked ?: BLACKFRIDAY50/ });
  await expect(link).toBeVisible();
  const href = (await link.getAttribute('href'))!;
  await link.click();
  await expect(page).toHaveURL(new RegExp(`${href}$`));
  const target = page.locator(href);
  await expect(target).toBeInViewport();
  await expect(target).toContainText('BLACKFRIDAY50');
  // The planned tag goes to the campaign's card.
  await row.getByRole('link', { name: /^Planned ?: campaign Black Friday 50% off$/ }).click();
  await expect(page.locator('#campaign-0')).toBeInViewport();
});

test('says in words what could not be seen when the store has no extension, and axe finds nothing serious', async ({ page }) => {
  await open(page, notRead, PHONE);
  const section = page.locator('#timeline');
  await expect(section.locator('figure')).toHaveCount(0);
  await expect(section).toContainText('The promotions in the production store could not be listed');
  await expect(section).toContainText('does not have the holiday-ready extension');
  expect(await overflow(page)).toBe(0);
  expect(await seriousViolations(page)).toEqual([]);
});

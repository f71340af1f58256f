/**
 * reports/index.html: every site with its latest verdict, when it ran, a link to its latest
 * report and its trend. Self-contained, accessible, strict Handlebars, store text escaped.
 *
 * Run: node --import tsx --test test/unit/report-index.test.ts
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunResults } from '../../src/findings/types.ts';
import { renderIndexHtml, writeIndex, writeRunFolder } from '../../reports/render.ts';
import { collectSites } from '../../reports/site-index.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const NOW = new Date('2026-11-26T20:00:00Z');

function load(name: 'acme-blocked' | 'acme-ready' | 'acme-hostile'): RunResults {
  return JSON.parse(fs.readFileSync(path.join(REPO, 'test/fixtures/results', `${name}.json`), 'utf8')) as RunResults;
}

const tempDirs: string[] = [];
after(() => {
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
});
function reportsRoot(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'hr-report-index-'));
  tempDirs.push(d);
  return path.join(d, 'reports');
}

/** Writes a run folder for `site` started at `iso`, from a fixture. */
function run(root: string, site: string, fixture: 'acme-blocked' | 'acme-ready' | 'acme-hostile', iso: string, edit: (r: RunResults) => void = () => {}): string {
  const r = load(fixture);
  r.site = site;
  r.startedAt = iso;
  r.finishedAt = new Date(Date.parse(iso) + 30_000).toISOString();
  edit(r);
  const dir = path.join(root, site, iso.replace(/[-:]/g, '').replace('T', '-').slice(0, 15));
  writeRunFolder(dir, r);
  return dir;
}

function between(html: string, start: string, end: string): string {
  const i = html.indexOf(start);
  assert.ok(i >= 0, `missing ${start}`);
  const j = html.indexOf(end, i + start.length);
  assert.ok(j > i, `missing ${end} after ${start}`);
  return html.slice(i, j);
}

/** The site cards, in page order, keyed by their site id. */
function cards(html: string): [string, string][] {
  return html
    .split('<li class="card site ')
    .slice(1)
    .map((c) => [/Site <code>([^<]+)<\/code>/.exec(c)?.[1] ?? '?', c]);
}

describe('index.html', () => {
  const root = reportsRoot();
  run(root, 'acme', 'acme-ready', '2026-11-24T07:00:00.000Z');
  run(root, 'acme', 'acme-blocked', '2026-11-25T07:00:00.000Z');
  const acmeLatest = run(root, 'acme', 'acme-ready', '2026-11-26T07:00:00.000Z');
  run(root, 'globex', 'acme-hostile', '2026-11-26T08:00:00.000Z', (r) => {
    r.siteName = 'Globex <script>alert("name")</script> & Co';
    r.holiday!.name = 'Black <b>Friday</b>';
    r.target.name = '<i>staging</i>' as RunResults['target']['name'];
  });
  run(root, 'initech', 'acme-ready', '2026-11-26T06:00:00.000Z', (r) => {
    r.siteName = 'Initech';
    r.verdict = 'at-risk';
    r.findings = [{ ...load('acme-blocked').findings[0], id: 'audit:speed', level: 'warn', title: 'The home page is slow', campaign: undefined, cart: undefined, audit: 'speed' }];
  });
  // Not sites: the templates folder, a folder without runs; a site whose only run cannot be read.
  fs.mkdirSync(path.join(root, 'templates'), { recursive: true });
  fs.mkdirSync(path.join(root, 'notes'), { recursive: true });
  fs.mkdirSync(path.join(root, 'umbrella', '20261126-010000'), { recursive: true });
  fs.writeFileSync(path.join(root, 'umbrella', '20261126-010000', 'results.json'), '{');

  const file = writeIndex(root, { now: NOW });
  const html = fs.readFileSync(file, 'utf8');

  test('is written to index.html in the reports root', () => {
    assert.equal(file, path.join(root, 'index.html'));
    assert.ok(html.startsWith('<!doctype html>'));
  });

  test('lists every site with runs, worst verdict first, and sums them up at the top', () => {
    assert.deepEqual(cards(html).map(([site]) => site), ['globex', 'initech', 'acme']);
    assert.ok(html.includes('<title>Holiday readiness: 1 blocked, 1 at risk, 1 ready</title>'));
    assert.ok(between(html, '<section class="hero hero--fail"', '</section>').includes('<p class="index-summary">3 sites: 1 blocked, 1 at risk, 1 ready.</p>'));
  });

  test('gives each site its latest verdict, the sentence, when it ran and a link to the latest report', () => {
    const acme = cards(html).find(([s]) => s === 'acme')![1];
    assert.match(acme, /^site--pass">/);
    assert.match(acme, /<span class="status status--pass">.*Ready<\/span>/s);
    assert.ok(acme.includes('Acme Outfitters is ready for Thanksgiving'));
    assert.ok(acme.replace(/\u202f/g, ' ').includes('<dt>Ran</dt><dd>Thursday, November 26, 2026 at 2:00 AM EST</dd>'));
    const link = `href="acme/${path.basename(acmeLatest)}/report.html"`;
    assert.ok(acme.includes(`<h3><a ${link}>Acme Outfitters</a></h3>`));
    assert.ok(acme.includes(`<a ${link}>Open the latest report<span class="visually-hidden"> for Acme Outfitters</span></a>`));
    assert.ok(acme.includes('<span>3 runs</span>'));
    const initech = cards(html).find(([s]) => s === 'initech')![1];
    assert.match(initech, /status--warn">.*At risk<\/span>/s);
  });

  test('shows each site’s trend, every square linking its run', () => {
    const acme = cards(html).find(([s]) => s === 'acme')![1];
    const trend = between(acme, '<div class="trend">', '</ol>');
    assert.ok(trend.includes('Ready in the latest run, after 1 blocked run.'));
    assert.deepEqual([...trend.matchAll(/trend__sq--(\w+)/g)].map((m) => m[1]), ['pass', 'fail', 'pass']);
    assert.deepEqual([...trend.matchAll(/href="([^"]+)"/g)].map((m) => m[1]), ['acme/20261124-070000/report.html', 'acme/20261125-070000/report.html', 'acme/20261126-070000/report.html']);
    assert.ok(trend.includes('aria-label="Verdicts of the last 3 runs, oldest first"'));
  });

  test('names sites whose runs cannot be read, and skips folders without runs', () => {
    const unreadable = between(html, 'Sites without a readable run', '</ul>');
    assert.ok(unreadable.includes('<code>umbrella</code>: 1 run folder, none with a readable results.json.'));
    assert.ok(!html.includes('templates') && !html.includes('notes'));
    assert.deepEqual(collectSites(root).map((s) => s.site), ['acme', 'globex', 'initech', 'umbrella']);
  });

  test('escapes store text and never contains a script', () => {
    assert.ok(html.includes('Globex &lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt; &amp; Co'));
    assert.ok(html.includes('is not ready for Black &lt;b&gt;Friday&lt;/b&gt;: 1 planned campaign'), 'the verdict sentence is escaped');
    assert.ok(html.includes('<span class="capitalize">&lt;i&gt;staging&lt;/i&gt;</span>'));
    assert.ok(!html.includes('<b>') && !html.includes('<i>'));
    assert.ok(!/<script/i.test(html));
  });

  test('is one self-contained, accessible file: inline CSS, no external assets, headings in order, status in words', () => {
    assert.ok(!/<script|<link|@import|url\(/i.test(html));
    assert.ok(html.includes('<html lang="en">'));
    for (const landmark of ['<header class="masthead">', '<main id="main"', '<footer']) assert.ok(html.includes(landmark), landmark);
    const levels = [...html.matchAll(/<h([1-6])\b/g)].map((m) => Number(m[1]));
    assert.equal(levels.filter((l) => l === 1).length, 1);
    levels.forEach((l, k) => assert.ok(k === 0 || l <= levels[k - 1] + 1, `h${l} follows h${levels[k - 1]}`));
    const pills = html.split('<span class="status status--').length - 1;
    const worded = [...html.matchAll(/<span class="status status--\w+"><svg[^]*?<\/svg>([^<]+)<\/span>/g)].filter((m) => m[1].trim());
    assert.equal(worded.length, pills);
    assert.ok(html.includes('@media print') && html.includes('@media (max-width: 640px)'));
  });

  test('renders the same page from the same folders and date', () => {
    assert.equal(renderIndexHtml(root, collectSites(root), { now: NOW }), html);
  });
});

describe('index.html edge cases', () => {
  test('says no site has a run yet when the reports root is empty or missing', () => {
    const root = reportsRoot();
    const html = fs.readFileSync(writeIndex(root, { now: NOW }), 'utf8');
    assert.ok(html.includes('No site has a readable run yet.'));
    assert.ok(html.includes('<title>Holiday readiness: no runs yet</title>'));
  });

  test('renders in strict mode: a field the page needs that a run lacks fails the render', () => {
    const root = reportsRoot();
    run(root, 'acme', 'acme-blocked', '2026-11-26T07:00:00.000Z');
    const sites = collectSites(root);
    delete (sites[0].latest as Partial<RunResults>).target;
    assert.throws(() => renderIndexHtml(root, sites, { now: NOW }), /^Error: Cannot render index\.html: .*target.* \(templates\/index\.hbs:\d+:\d+ \{\{target\.name\}\}\)$/);
  });

  test('keeps its earlier index when the new one cannot be rendered', () => {
    const root = reportsRoot();
    run(root, 'acme', 'acme-blocked', '2026-11-26T07:00:00.000Z');
    const file = writeIndex(root, { now: NOW });
    const before = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(path.join(root, 'acme', '20261126-070000', 'results.json'), JSON.stringify({ ...load('acme-blocked'), holiday: { name: 'Thanksgiving', officesClosed: ['soon', 'later'], timezone: 'America/New_York', codeFreeze: { ...load('acme-blocked').holiday!.codeFreeze!, firstDay: 'soon', reopens: 'later' } } }));
    assert.throws(() => writeIndex(root, { now: NOW }), /Cannot render index\.html: report: "(?:soon|later)" is not a calendar date/);
    assert.equal(fs.readFileSync(file, 'utf8'), before);
    assert.deepEqual(fs.readdirSync(root).sort(), ['acme', 'index.html']);
  });
});

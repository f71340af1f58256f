/**
 * History across runs: loadHistory reading earlier run folders, and the trend in the report's
 * History section (coloured squares with icons, words for screen readers and a table).
 *
 * Run: node --import tsx --test test/unit/report-history.test.ts
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunResults } from '../../src/findings/types.ts';
import { buildTrend, type HistoryPoint } from '../../reports/history.ts';
import { loadHistory, renderHtml, summarizeRun, writeRunFolder } from '../../reports/render.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const NOW = new Date('2026-11-26T20:00:00Z');
const TZ = 'America/New_York';

function load(name: 'acme-blocked' | 'acme-ready' | 'acme-hostile'): RunResults {
  return JSON.parse(fs.readFileSync(path.join(REPO, 'test/fixtures/results', `${name}.json`), 'utf8')) as RunResults;
}

/** A fixture run as if it had started at `iso`. */
function runAt(name: 'acme-blocked' | 'acme-ready' | 'acme-hostile', iso: string): RunResults {
  const r = load(name);
  r.startedAt = iso;
  r.finishedAt = new Date(Date.parse(iso) + 30_000).toISOString();
  return r;
}

const folder = (iso: string) => iso.replace(/[-:]/g, '').replace('T', '-').slice(0, 15);

const tempDirs: string[] = [];
after(() => {
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
});
function reportsRoot(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'hr-report-history-'));
  tempDirs.push(d);
  return path.join(d, 'reports');
}

/** Writes results.json (only) for runs of acme, nightly at 2 AM New York time from November `firstDay`. */
function nightly(root: string, names: ('acme-blocked' | 'acme-ready' | 'acme-hostile')[], firstDay = 10): string[] {
  return names.map((name, i) => {
    const iso = new Date(Date.UTC(2026, 10, firstDay + i, 7, 0, 0)).toISOString();
    const dir = path.join(root, 'acme', folder(iso));
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'results.json'), JSON.stringify(runAt(name, iso)));
    return dir;
  });
}

function between(html: string, start: string, end: string): string {
  const i = html.indexOf(start);
  assert.ok(i >= 0, `missing ${start}`);
  const j = html.indexOf(end, i + start.length);
  assert.ok(j > i, `missing ${end} after ${start}`);
  return html.slice(i, j);
}

describe('loadHistory', () => {
  test('returns the latest earlier run as previous and every earlier run, oldest first', () => {
    const root = reportsRoot();
    const dirs = nightly(root, ['acme-ready', 'acme-blocked', 'acme-hostile']);
    const { previous, history } = loadHistory(root, 'acme');
    assert.equal(previous?.startedAt, '2026-11-12T07:00:00.000Z');
    assert.deepEqual(history, [
      { startedAt: '2026-11-10T07:00:00.000Z', verdict: 'ready', blocking: 0, warnings: 0, dir: dirs[0] },
      { startedAt: '2026-11-11T07:00:00.000Z', verdict: 'blocked', blocking: 1, warnings: 0, dir: dirs[1] },
      summarizeRun(runAt('acme-hostile', '2026-11-12T07:00:00.000Z'), dirs[2]),
    ]);
  });

  test('leaves out the current run and any run after it', () => {
    const root = reportsRoot();
    const dirs = nightly(root, ['acme-ready', 'acme-blocked', 'acme-ready', 'acme-blocked']);
    const { previous, history } = loadHistory(root, 'acme', { exclude: dirs[2] });
    assert.equal(previous?.startedAt, '2026-11-11T07:00:00.000Z');
    assert.deepEqual(history.map((h) => h.dir), dirs.slice(0, 2));
    // A run folder outside the site folder (--out) is just left out.
    assert.equal(loadHistory(root, 'acme', { exclude: path.join(os.tmpdir(), 'elsewhere') }).history.length, 4);
  });

  test('keeps the last 14 earlier runs by default, or as many as asked', () => {
    const root = reportsRoot();
    nightly(root, Array.from({ length: 16 }, (_, i) => (i % 3 ? 'acme-ready' : 'acme-blocked')));
    const { history } = loadHistory(root, 'acme');
    assert.equal(history.length, 14);
    assert.equal(history[0].startedAt, '2026-11-12T07:00:00.000Z');
    assert.equal(history[13].startedAt, '2026-11-25T07:00:00.000Z');
    assert.deepEqual(loadHistory(root, 'acme', { limit: 2 }).history.map((h) => h.startedAt), ['2026-11-24T07:00:00.000Z', '2026-11-25T07:00:00.000Z']);
    const none = loadHistory(root, 'acme', { limit: 0 });
    assert.deepEqual(none.history, []);
    assert.equal(none.previous?.startedAt, '2026-11-25T07:00:00.000Z', 'the previous run is found even with no trend');
  });

  test('skips folders that are not runs and runs whose results.json cannot be read', () => {
    const root = reportsRoot();
    const [first] = nightly(root, ['acme-blocked']);
    const site = path.join(root, 'acme');
    fs.mkdirSync(path.join(site, 'latest'));
    fs.writeFileSync(path.join(site, 'latest', 'results.json'), JSON.stringify(load('acme-ready')));
    fs.mkdirSync(path.join(site, '20261120-070000'));
    fs.writeFileSync(path.join(site, '20261120-070000', 'results.json'), '{ "truncated": ');
    fs.mkdirSync(path.join(site, '20261121-070000'));
    fs.writeFileSync(path.join(site, '20261121-070000', 'results.json'), JSON.stringify({ schemaVersion: 1, site: 'acme' }));
    fs.mkdirSync(path.join(site, '20261122-070000')); // a run that died before writing anything
    fs.writeFileSync(path.join(site, '20261123-070000'), 'a file, not a folder');
    const { previous, history } = loadHistory(root, 'acme');
    assert.equal(previous?.startedAt, '2026-11-10T07:00:00.000Z');
    assert.deepEqual(history.map((h) => h.dir), [first]);
  });

  test('finds nothing for a site without runs, without failing', () => {
    const root = reportsRoot();
    assert.deepEqual(loadHistory(root, 'acme'), { history: [] });
    assert.deepEqual(loadHistory(path.join(root, 'missing'), 'acme'), { history: [] });
  });
});

describe('the trend in the History section', () => {
  const history: HistoryPoint[] = [
    summarizeRun(runAt('acme-ready', '2026-11-23T07:00:00.000Z')),
    summarizeRun(runAt('acme-blocked', '2026-11-24T07:00:00.000Z')),
    summarizeRun(runAt('acme-blocked', '2026-11-25T07:00:00.000Z')),
  ];
  const html = renderHtml(load('acme-ready'), { now: NOW, previous: runAt('acme-blocked', '2026-11-25T07:00:00.000Z'), history });
  const section = between(html, 'id="history"', 'id="housekeeping"');

  test('shows one square per run, oldest first, this run last and marked', () => {
    const runs = between(section, '<ol class="trend__runs"', '</ol>').split('<li class="trend__run').slice(1);
    assert.equal(runs.length, 4);
    assert.deepEqual(runs.map((r) => /trend__sq--(\w+)/.exec(r)?.[1]), ['pass', 'fail', 'fail', 'pass']);
    assert.ok(runs[3].startsWith(' trend__run--current"'));
    assert.ok(runs.slice(0, 3).every((r) => r.startsWith('"')));
  });

  test('says each run in words for screen readers and on hover, never by colour alone', () => {
    assert.ok(section.includes('<ol class="trend__runs" aria-label="Verdicts of the last 4 runs, oldest first">'));
    const hidden = [...section.matchAll(/<span class="visually-hidden">([^<]+)<\/span><\/span><\/li>/g)].map((m) => m[1].replace(/\u202f/g, ' '));
    assert.deepEqual(hidden, [
      'Nov 23, 2026, 2:00 AM EST: Ready, 0 blocking, 0 warnings',
      'Nov 24, 2026, 2:00 AM EST: Blocked, 1 blocking, 0 warnings',
      'Nov 25, 2026, 2:00 AM EST: Blocked, 1 blocking, 0 warnings',
      'This run (Nov 20, 2026, 10:05 AM EST): Ready, 0 blocking, 0 warnings',
    ]);
    const titled = [...section.matchAll(/<span class="trend__sq trend__sq--\w+" title="([^"]+)"><svg [^]*?<\/svg>/g)];
    assert.equal(titled.length, 4, 'every square has a title and an icon');
  });

  test('sums the trend up in a sentence', () => {
    assert.ok(section.includes('<p class="trend__sentence">Ready in this run, after 2 blocked runs.</p>'));
  });

  test('lists every run of the trend in a table with its verdict and findings', () => {
    const table = between(section, '<details class="tech trend-table">', '</details>');
    const rows = table.split('<tr><th scope="row">').slice(1);
    assert.equal(rows.length, 4);
    assert.match(rows[1], /^Nov 24, 2026, 2:00\sAM EST<\/th><td><span class="status status--fail">.*Blocked<\/span>\s*<\/td><td>1 blocking, 0 warnings<\/td>/s);
    assert.match(rows[3], /\(this run\)/);
  });

  test('makes the trend from the previous run alone when no history is given', () => {
    const two = between(renderHtml(load('acme-ready'), { now: NOW, previous: load('acme-blocked') }), 'id="history"', 'id="housekeeping"');
    assert.equal(two.split('<li class="trend__run').length - 1, 2);
    assert.ok(two.includes('Ready in this run, after 1 blocked run.'));
  });

  test('shows no trend on the first run', () => {
    const first = between(renderHtml(load('acme-blocked'), { now: NOW }), 'id="history"', 'id="housekeeping"');
    assert.ok(!first.includes('class="trend'));
    assert.ok(first.includes('First run for this site'));
  });

  test('shows the trend but says findings are not compared when only summaries of earlier runs are given', () => {
    const only = between(renderHtml(load('acme-ready'), { now: NOW, history }), 'id="history"', 'id="housekeeping"');
    assert.ok(only.includes('class="trend"'));
    assert.ok(only.includes('are not compared with this run’s'));
  });

  test('links each earlier square to its report, relative to the run folder', () => {
    const root = reportsRoot();
    const dirs = nightly(root, ['acme-blocked', 'acme-blocked']);
    const current = path.join(root, 'acme', '20261126-194203');
    writeRunFolder(current, load('acme-ready'), loadHistory(root, 'acme', { exclude: current }));
    const page = fs.readFileSync(path.join(current, 'report.html'), 'utf8');
    const hrefs = [...between(page, '<ol class="trend__runs"', '</ol>').matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(hrefs, dirs.map((d) => `../${path.basename(d)}/report.html`));
  });

  test('fails the render when a history point has no verdict or counts', () => {
    const bad = [{ ...history[0], verdict: undefined }] as unknown as HistoryPoint[];
    assert.throws(() => renderHtml(load('acme-ready'), { now: NOW, history: bad }), /Cannot render report\.html for site "acme": report: history point 1 has no verdict/);
    const noCount = [{ startedAt: history[0].startedAt, verdict: 'ready' }] as unknown as HistoryPoint[];
    assert.throws(() => renderHtml(load('acme-ready'), { now: NOW, history: noCount }), /history point 1 has no blocking count/);
  });
});

describe('buildTrend sentences', () => {
  const p = (verdict: HistoryPoint['verdict'], day: number): HistoryPoint => ({
    startedAt: new Date(Date.UTC(2026, 10, day, 7)).toISOString(),
    verdict,
    blocking: verdict === 'blocked' ? 1 : 0,
    warnings: verdict === 'at-risk' ? 1 : 0,
  });
  const sentence = (points: HistoryPoint[], current = true) => buildTrend(points, { timeZone: TZ, currentLabel: current ? 'This run' : undefined })!.sentence;

  test('says how long the current verdict has held and what came before', () => {
    assert.equal(sentence([p('blocked', 20), p('blocked', 21), p('blocked', 22)]), 'Blocked in all 3 runs shown, since Fri, Nov 20.');
    assert.equal(sentence([p('ready', 20), p('blocked', 21), p('blocked', 22), p('at-risk', 23)]), 'At risk in this run, after 2 blocked runs.');
    assert.equal(sentence([p('blocked', 20), p('ready', 21), p('ready', 22)]), 'Ready in the last 2 runs, since Sat, Nov 21, after 1 blocked run.');
    assert.equal(sentence([p('ready', 20)], false), 'Ready in the latest run; there is no earlier run yet.');
  });

  test('has no trend without runs, and no axis for a single run', () => {
    assert.equal(buildTrend([], { timeZone: TZ }), null);
    assert.equal(buildTrend([p('ready', 20)], { timeZone: TZ })!.axis, null);
    assert.deepEqual(buildTrend([p('ready', 20), p('ready', 21)], { timeZone: TZ, currentLabel: 'This run' })!.axis, { first: 'Nov 20', last: 'This run' });
  });
});

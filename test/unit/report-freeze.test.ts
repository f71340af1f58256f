/**
 * The code freeze window at the top of the report: from two days before the offices close until
 * they reopen, in the holiday's time zone, with the engineer on watch approving deploys. The
 * code-freeze audit works it out once (audits/code-freeze.ts) and results.json carries it; the
 * report only shows it. Fixed dates only; DST changes, month and year ends and the machine's own
 * time zone move nothing.
 *
 * Run: node --import tsx --test test/unit/report-freeze.test.ts
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunResults } from '../../src/findings/types.ts';
import { codeFreeze, freezeAt, freezeState } from '../../audits/code-freeze.ts';
import { renderHtml, renderSummaryMarkdown } from '../../reports/render.ts';
import { parseSite } from '../../src/config/load.ts';
import { runReadinessAudits as runAudits } from '../../src/pipeline/audits.ts';
import { localToInstant } from '../../src/text/time.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const NOW = new Date('2026-11-26T20:00:00Z');

function load(name: 'acme-blocked' | 'acme-ready'): RunResults {
  return JSON.parse(fs.readFileSync(path.join(REPO, 'test/fixtures/results', `${name}.json`), 'utf8')) as RunResults;
}

function hero(html: string): string {
  const i = html.indexOf('<section class="hero');
  return html.slice(i, html.indexOf('</section>', i));
}

const NEW_YORK = 'America/New_York';

describe('codeFreeze', () => {
  test('starts two days before the offices close and ends when they reopen, at local midnight', () => {
    assert.deepEqual(codeFreeze({ officesClosed: ['2026-11-26', '2026-11-29'], timezone: NEW_YORK }), {
      firstDay: '2026-11-24',
      reopens: '2026-11-30',
      starts: '2026-11-24T05:00:00.000Z',
      ends: '2026-11-30T05:00:00.000Z',
      daysBefore: 2,
    });
  });

  test('keeps local midnight when the clocks fall back during the freeze', () => {
    // New York leaves daylight time on Sunday, November 1, 2026: the freeze starts on EDT and ends on EST.
    const f = codeFreeze({ officesClosed: ['2026-11-02', '2026-11-03'], timezone: NEW_YORK });
    assert.equal(f.firstDay, '2026-10-31');
    assert.equal(f.starts, '2026-10-31T04:00:00.000Z');
    assert.equal(f.ends, '2026-11-04T05:00:00.000Z');
  });

  test('keeps local midnight when the clocks spring forward during the freeze', () => {
    const f = codeFreeze({ officesClosed: ['2026-03-09', '2026-03-10'], timezone: NEW_YORK });
    assert.equal(f.firstDay, '2026-03-07');
    assert.equal(f.starts, '2026-03-07T05:00:00.000Z');
    assert.equal(f.ends, '2026-03-11T04:00:00.000Z');
  });

  test('starts the day at the first instant after the gap where midnight does not exist', () => {
    // Santiago springs forward at midnight: Sunday, September 6, 2026 begins at 01:00 (UTC−3).
    assert.equal(localToInstant('2026-09-06T00:00', 'America/Santiago').toISOString(), '2026-09-06T04:00:00.000Z');
    // ... and falls back at midnight: Sunday, April 5, 2026 begins at the second 00:00 (UTC−4).
    assert.equal(localToInstant('2026-04-05T00:00', 'America/Santiago').toISOString(), '2026-04-05T04:00:00.000Z');
  });

  test('counts calendar days across month, year and leap-day boundaries', () => {
    assert.deepEqual(
      [['2026-12-24', '2027-01-01'], ['2028-03-01', '2028-03-02'], ['2027-03-01', '2027-03-01'], ['2026-01-01', '2026-01-01']].map(([a, b]) => {
        const f = codeFreeze({ officesClosed: [a, b], timezone: 'UTC' });
        return [f.firstDay, f.reopens];
      }),
      [['2026-12-22', '2027-01-02'], ['2028-02-28', '2028-03-03'], ['2027-02-27', '2027-03-02'], ['2025-12-30', '2026-01-02']],
    );
  });

  test('works in zones ahead of UTC and with half-hour offsets', () => {
    assert.equal(codeFreeze({ officesClosed: ['2026-12-28', '2027-01-03'], timezone: 'Asia/Tokyo' }).starts, '2026-12-25T15:00:00.000Z');
    assert.equal(codeFreeze({ officesClosed: ['2026-10-06', '2026-10-07'], timezone: 'Australia/Lord_Howe' }).starts, '2026-10-03T13:30:00.000Z');
  });

  test('gives the same window whatever time zone the machine is in', () => {
    const script = `import { codeFreeze } from './audits/code-freeze.ts';
      console.log(JSON.stringify([codeFreeze({ officesClosed: ['2026-11-02', '2026-11-03'], timezone: 'America/New_York' }), codeFreeze({ officesClosed: ['2026-11-26', '2026-11-29'], timezone: 'America/New_York' })]));`;
    const outputs = ['UTC', 'Pacific/Auckland', 'America/Los_Angeles'].map((TZ) =>
      execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO, env: { ...process.env, TZ }, encoding: 'utf8' }),
    );
    assert.equal(new Set(outputs).size, 1, outputs.join('\n'));
    assert.equal(JSON.parse(outputs[0])[0].starts, '2026-10-31T04:00:00.000Z');
  });

  test('refuses dates that do not exist, a reopening before the closing, and unknown time zones', () => {
    assert.throws(() => codeFreeze({ officesClosed: ['2026-11-31', '2026-12-01'], timezone: NEW_YORK }), /"2026-11-31" is not a calendar date/);
    assert.throws(() => codeFreeze({ officesClosed: ['2026-11-29', '2026-11-26'], timezone: NEW_YORK }), /offices reopen \(2026-11-26\) before they close \(2026-11-29\)/);
    assert.throws(() => codeFreeze({ officesClosed: ['2026-11-26', '2026-11-29'], timezone: 'Mars/Olympus_Mons' }), RangeError);
  });
});

describe('freezeState', () => {
  const freeze = codeFreeze({ officesClosed: ['2026-11-26', '2026-11-29'], timezone: NEW_YORK });
  const at = (iso: string) => freezeState(freeze, new Date(iso), NEW_YORK);

  test('is during the freeze from local midnight of its first day until local midnight of the reopening day', () => {
    assert.deepEqual(at('2026-11-24T04:59:59Z'), { state: 'before', days: 1 }, '11:59 PM on Monday the 23rd, New York');
    assert.deepEqual(at('2026-11-24T05:00:00Z'), { state: 'during' });
    assert.deepEqual(at('2026-11-30T04:59:59Z'), { state: 'during' });
    assert.deepEqual(at('2026-11-30T05:00:00Z'), { state: 'after' });
  });

  test('counts the days until it starts in the holiday time zone, not in UTC', () => {
    // 10 PM on Friday the 20th in New York is already Saturday in UTC.
    assert.deepEqual(at('2026-11-21T03:00:00Z'), { state: 'before', days: 4 });
    assert.deepEqual(at('2026-11-20T15:05:00Z'), { state: 'before', days: 4 });
  });
});

describe('the code freeze at the top of the report', () => {
  test('says when it starts and ends and whose approval deploys need', () => {
    const top = hero(renderHtml(load('acme-blocked'), { now: NOW }));
    assert.ok(
      top.includes(
        '<strong>Code freeze:</strong> from Tuesday, November 24, 2026 (2 days before offices close) until offices reopen Monday, November 30, 2026; deploys need Dana Whitfield’s approval.',
      ),
    );
  });

  test('says the freeze was in effect when the run started during it, and how far off it was otherwise', () => {
    assert.match(hero(renderHtml(load('acme-blocked'), { now: NOW })), /status--warn">.*In effect during this run<\/span>/s);
    assert.match(hero(renderHtml(load('acme-ready'), { now: NOW })), /status--skip">.*Starts in 4 days<\/span>/s);
    const late = load('acme-ready');
    late.startedAt = '2026-12-01T15:00:00Z';
    late.holiday!.codeFreeze = freezeAt(late.holiday!, 2, new Date(late.startedAt));
    assert.match(hero(renderHtml(late, { now: NOW })), /Over: offices have reopened<\/span>/);
  });

  test('escapes the engineer’s name', () => {
    const results = load('acme-blocked');
    (results.people!.engineer as { name: string }).name = 'Dana <b>Whitfield</b>';
    assert.ok(hero(renderHtml(results, { now: NOW })).includes('deploys need Dana &lt;b&gt;Whitfield&lt;/b&gt;’s approval.'));
  });

  test('fails the render when the offices-closed dates are not dates', () => {
    const results = load('acme-blocked');
    results.holiday!.officesClosed = ['2026-11-26', 'Sunday'];
    assert.throws(() => renderHtml(results, { now: NOW }), /Cannot render report\.html for site "acme": report: "Sunday" is not a calendar date/);
  });

  test('is in summary.md under the verdict sentence', () => {
    const lines = renderSummaryMarkdown(load('acme-blocked')).split('\n');
    assert.equal(
      lines[4],
      'Code freeze: from Tuesday, November 24, 2026 (2 days before offices close) until offices reopen Monday, November 30, 2026; deploys need Dana Whitfield’s approval.',
    );
  });

  test('is the code-freeze audit’s own window: one computation, written to results.json, only read by the report', async () => {
    const yaml = `site: acme
name: Acme Outfitters
currency: USD
staging: { url: 'http://127.0.0.1:9', api_key_env: UNIT_KEY }
holiday: { name: Thanksgiving, offices_closed: [2026-11-26, 2026-11-29], timezone: America/New_York }
people: { engineer: { name: Dana Whitfield, slack: '@dana' }, client_rep: { name: Sam Ortiz }, slack_channel: '#acme-holiday' }
audits: { rules: { code-freeze: [warn, { days_before: 3 }] } }
campaigns:
  - { name: Black Friday, code: BLACKFRIDAY50, carts: [{ items: { JKT-001: 1 }, expect: { items: 50% off } }] }
`;
    const parsed = parseSite(yaml, '/nowhere/acme.yml', { env: { UNIT_KEY: 'k' } });
    assert.ok(parsed.ok, parsed.ok ? '' : JSON.stringify(parsed.errors));
    const results = load('acme-blocked');
    const audited = await runAudits({ site: parsed.site, env: {}, now: new Date(results.startedAt), only: ['code-freeze'] });
    // What the run does with the audit's output: holiday.codeFreeze is the audit's window, as is.
    results.holiday!.codeFreeze = audited.codeFreeze;
    assert.deepEqual(audited.findings.map((f) => f.id), ['audit:code-freeze:in-effect']);
    assert.deepEqual(audited.codeFreeze, { firstDay: '2026-11-23', reopens: '2026-11-30', starts: '2026-11-23T05:00:00.000Z', ends: '2026-11-30T05:00:00.000Z', daysBefore: 3, at: { state: 'during' } });
    const top = hero(renderHtml(results, { now: NOW }));
    assert.ok(top.includes('from Monday, November 23, 2026 (3 days before offices close) until offices reopen Monday, November 30, 2026'), top);
    assert.match(top, /status--warn">.*In effect during this run<\/span>/s, 'the box says what the audit found: in effect');

    // The report never works the window out again: other holiday dates leave the box as the audit wrote it,
    // and without the audit's window there is no box at all.
    results.holiday!.officesClosed = ['2026-12-24', '2026-12-27'];
    assert.ok(hero(renderHtml(results, { now: NOW })).includes('from Monday, November 23, 2026 (3 days before offices close)'));
    delete results.holiday!.codeFreeze;
    assert.doesNotMatch(hero(renderHtml(results, { now: NOW })), /Code freeze/);
    assert.doesNotMatch(renderSummaryMarkdown(results), /Code freeze/);
  });
});

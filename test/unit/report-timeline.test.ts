/**
 * The report's timeline (reports/timeline.ts, templates/timeline.hbs) from results.json's
 * `inventory` section: test/fixtures/results/acme-inventory.json is acme-blocked.json with the
 * section the inventory audit writes (17 promotions of the production store: planned, unplanned,
 * automatic, production-only, staging-only, open-ended, one ending mid-holiday) and its findings.
 * Bars, days, the holiday, the freeze and today are per cent of the span; days are local days of
 * the holiday's zone. No test depends on today's date or on the machine's zone.
 *
 * Run: node --import tsx --test test/unit/report-timeline.test.ts
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InventorySection, RunResults, TimelinePromotion } from '../../src/findings/types.ts';
import { buildView } from '../../reports/view.ts';
import { renderHtml } from '../../reports/render.ts';
import { holidaySpan, timelineSpan } from '../../src/inventory/live.ts';
import { localToInstant } from '../../src/text/time.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const NOW = new Date('2026-11-26T20:00:00Z');
const DAY = 86_400_000;

function load(name = 'acme-inventory'): RunResults {
  return JSON.parse(fs.readFileSync(path.join(REPO, 'test/fixtures/results', `${name}.json`), 'utf8')) as RunResults;
}

function timeline(results: RunResults) {
  const t = buildView(results, { now: NOW, generator: 'test' }).timeline;
  assert.ok(t, 'the view has a timeline');
  return t;
}

function readTimeline(results: RunResults) {
  const t = timeline(results);
  assert.ok(t.read, 'the inventory was read');
  return t;
}

const row = (t: ReturnType<typeof readTimeline>, name: string) => {
  const r = t.rows.find((x) => x.name === name);
  assert.ok(r, `a row for ${name}`);
  return r;
};

/** Per cent of the fixture's span (Thu, Nov 19 to Mon, Dec 7, 2026, midnight New York time), to three decimals. */
const pct = (iso: string) => {
  const from = Date.parse('2026-11-19T05:00:00Z');
  return Math.round(((Date.parse(iso) - from) / (18 * DAY)) * 100 * 1000) / 1000;
};

/** The part of the page between two markers. */
function between(html: string, start: string, end: string): string {
  const i = html.indexOf(start);
  assert.ok(i >= 0, `missing ${start}`);
  const j = html.indexOf(end, i + start.length);
  assert.ok(j > i, `missing ${end} after ${start}`);
  return html.slice(i, j);
}

/** A copy of the fixture with its inventory section changed. */
function withInventory(change: (s: InventorySection) => InventorySection | undefined): RunResults {
  const r = load();
  r.inventory = change(r.inventory!);
  if (!r.inventory) delete r.inventory;
  return r;
}

describe('the timeline fixture', () => {
  test('covers the span and the holiday src/inventory/live.ts works out for acme’s Thanksgiving, with 12 or more promotions of every kind', () => {
    const r = load();
    const site = { holiday: { ...r.holiday!, officesClosed: r.holiday!.officesClosed } };
    const span = timelineSpan(site as never);
    const holiday = holidaySpan(site as never);
    const s = r.inventory!;
    assert.deepEqual(s.span, { from: span.from.toISOString(), to: span.to.toISOString() });
    assert.deepEqual(s.holiday, { from: holiday.from.toISOString(), to: holiday.to.toISOString() });
    const ps = s.promotions;
    assert.ok(ps.length >= 12);
    assert.ok(ps.some((p) => p.campaign) && ps.some((p) => !p.campaign), 'planned and unplanned');
    assert.ok(ps.some((p) => p.automatic) && ps.some((p) => !p.automatic), 'automatic and with codes');
    assert.ok(ps.some((p) => p.on.join() === 'production') && ps.some((p) => p.on.join() === 'staging'), 'in one store only');
    assert.ok(ps.some((p) => p.expiresAt === null) && ps.some((p) => p.startsAt === null), 'open-ended');
    assert.ok(ps.some((p) => p.expiresAt && p.expiresAt > s.holiday.from && p.expiresAt < s.holiday.to), 'one ending mid-holiday');
    // Every finding a row names is in results.json.
    for (const id of ps.flatMap((p) => p.findings)) assert.ok(r.findings.some((f) => f.id === id), id);
  });
});

describe('buildTimeline', () => {
  test('places each bar at its window, in per cent of the span', () => {
    const t = readTimeline(load());
    const bf = row(t, 'Black Friday 50% off');
    assert.deepEqual(bf.bar, { from: pct('2026-11-27T05:00:00Z'), to: pct('2026-12-01T04:59:00Z'), before: false, after: false });
    assert.equal(bf.bar.from, 44.444); // 8 of 18 days
    const midnight = row(t, 'Midnight Madness 25% off');
    // Entered as midnight UTC: 7:00 PM New York time the evening before, 19/24 into Thursday.
    assert.equal(midnight.bar.from, pct('2026-11-27T00:00:00Z'));
    assert.equal(midnight.bar.to, pct('2026-11-28T00:00:00Z'));
    assert.equal(midnight.window, 'Nov 26, 7:00 PM – Nov 27, 7:00 PM');
    const autumn = row(t, 'Autumn 15% off everything');
    assert.equal(autumn.bar.to, pct('2026-11-28T05:00:00Z'), 'ends mid-holiday, at Saturday’s midnight');
    assert.ok(autumn.bar.to > t.holidayBand!.from && autumn.bar.to < t.holidayBand!.to);
  });

  test('clips bars at the span’s edges and marks the ends that run on past them or have no date', () => {
    const t = readTimeline(load());
    const early = row(t, 'Early bird 10% off');
    assert.deepEqual(early.bar, { from: 0, to: pct('2026-11-21T05:00:00Z'), before: true, after: false });
    assert.match(early.barWords, /^Live from Mon, Nov 9, 12:00 AM EST until Sat, Nov 21, 12:00 AM EST, since before the period shown\.$/);
    const loyalty = row(t, 'Loyalty members 5% off');
    assert.deepEqual(loyalty.bar, { from: 0, to: 100, before: true, after: true });
    assert.equal(loyalty.window, 'Jun 1, 12:00 AM – Jan 31, 2027, 12:00 AM', 'the year when it is not the span’s');
    assert.deepEqual([loyalty.from, loyalty.until], ['Mon, Jun 1, 12:00 AM EDT', 'Sun, Jan 31, 2027, 12:00 AM EST']);
    const shipping = row(t, 'Free Shipping on All Orders over $85');
    assert.deepEqual(shipping.bar, { from: 0, to: 100, before: true, after: true });
    assert.equal(shipping.window, 'No start or end date');
    assert.equal(shipping.barWords, 'Live from no start date until no end date.');
    const winter = row(t, 'Winter clearance 30% off');
    assert.deepEqual(winter.bar, { from: pct('2026-12-03T05:00:00Z'), to: 100, before: false, after: true });
    assert.equal(winter.window, 'Dec 3, 12:00 AM – no end date');
  });

  test('gives a promotion of a few minutes a sliver of a bar', () => {
    const t = readTimeline(withInventory((s) => ({ ...s, promotions: [{ ...s.promotions[0], startsAt: '2026-11-27T05:00:00Z', expiresAt: '2026-11-27T05:05:00Z' }] })));
    assert.equal(t.rows[0].bar.from, 44.444);
    assert.equal(t.rows[0].bar.to, 44.844);
  });

  test('sorts rows by start (no start date first), then end, then name', () => {
    const t = readTimeline(load());
    const names = t.rows.map((r) => r.name);
    assert.deepEqual(names.slice(0, 2), ['Free Shipping on All Orders over $85', 'TEST promo - do not use']);
    assert.equal(names[names.length - 1], 'Winter clearance 30% off');
    assert.equal(t.rows.length, 17);
    assert.deepEqual(t.rows.map((r) => r.anchor), t.rows.map((_, i) => `timeline-${i}`));
  });

  test('puts a tick at each local midnight of the holiday’s zone and marks the holiday’s days', () => {
    const t = readTimeline(load());
    assert.equal(t.days.length, 18);
    assert.deepEqual(t.days.slice(0, 2).map((d) => [d.date, d.from, d.to, d.number, d.weekday]), [
      ['2026-11-19', 0, 5.556, 19, 'Thu'],
      ['2026-11-20', 5.556, 11.111, 20, 'Fri'],
    ]);
    assert.deepEqual(t.days.filter((d) => d.holiday).map((d) => d.date), ['2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29']);
    assert.deepEqual(t.months.map((m) => [m.label, m.from, m.to]), [['November 2026', 0, 66.667], ['December 2026', 66.667, 100]]);
    assert.deepEqual(t.holidayBand, { from: pct('2026-11-26T05:00:00Z'), to: pct('2026-11-30T05:00:00Z') });
    assert.deepEqual(t.freezeBand, { from: pct('2026-11-24T05:00:00Z'), to: pct('2026-11-30T05:00:00Z') });
    assert.equal(t.holidayWords, 'Thursday, November 26 – Sunday, November 29, 2026'.replace(' – ', '\u2009–\u2009'));
  });

  test('keeps ticks on local midnight across a change of the clocks: the day New York falls back is 25 hours wide', () => {
    // The holiday of November 2, 2026: the span starts October 26 and New York leaves daylight time on November 1.
    const tz = 'America/New_York';
    const results = load();
    results.holiday = { ...results.holiday!, officesClosed: ['2026-11-02', '2026-11-02'], codeFreeze: undefined };
    const span = timelineSpan({ holiday: { ...results.holiday, timezone: tz } } as never);
    results.inventory = { ...results.inventory!, span: { from: span.from.toISOString(), to: span.to.toISOString() }, holiday: { from: '2026-11-02T05:00:00.000Z', to: '2026-11-03T05:00:00.000Z' } };
    const t = readTimeline(results);
    const total = span.to.getTime() - span.from.getTime();
    assert.equal(total, 15 * DAY + 3_600_000, 'October 26 to November 10, one of them 25 hours');
    for (const d of t.days) assert.equal(d.from, Math.round(((localToInstant(d.date, tz).getTime() - span.from.getTime()) / total) * 100_000) / 1000, d.date);
    const width = (date: string) => {
      const d = t.days.find((x) => x.date === date)!;
      return d.to - d.from;
    };
    assert.ok(Math.abs(width('2026-11-01') / width('2026-10-31') - 25 / 24) < 0.001, 'November 1 is 25 hours long');
    assert.equal(t.freezeBand, null, 'no freeze in results.json, no freeze band');
    assert.equal(t.freezeWords, null);
  });

  test('works in the holiday’s zone, not the machine’s or UTC: Kolkata’s days start at 18:30 UTC', () => {
    const tz = 'Asia/Kolkata';
    const results = load();
    results.holiday = { ...results.holiday!, timezone: tz, codeFreeze: undefined };
    const span = timelineSpan({ holiday: results.holiday } as never);
    assert.equal(span.from.toISOString(), '2026-11-18T18:30:00.000Z');
    results.inventory = { ...results.inventory!, span: { from: span.from.toISOString(), to: span.to.toISOString() }, holiday: { from: '2026-11-25T18:30:00.000Z', to: '2026-11-29T18:30:00.000Z' } };
    const t = readTimeline(results);
    assert.equal(t.days[0].date, '2026-11-19');
    assert.equal(t.days[1].from, 5.556);
    assert.equal(t.zone, 'Kolkata time');
    // Black Friday's start, 05:00 UTC, is 10:30 AM in Kolkata on November 27.
    assert.equal(row(t, 'Black Friday 50% off').window, 'Nov 27, 10:30 AM – Dec 1, 10:29 AM');
  });

  test('keeps codes as results.json has them: masked ones stay masked, a few shown and how many more', () => {
    const t = readTimeline(load());
    assert.deepEqual(row(t, 'Staff discount (internal)').codes, ['ST•••30']);
    assert.equal(row(t, 'Staff discount (internal)').codesLabel, 'Code');
    const newsletter = row(t, 'Newsletter welcome 10%');
    assert.deepEqual(newsletter.codes, ['NL•••••••••A1', 'NL•••••••••B7', 'NL•••••••••C3']);
    assert.equal(newsletter.codesLabel, '500 codes');
    assert.equal(newsletter.moreCodes, 'and 497 more');
    assert.equal(row(t, 'Black Friday 50% off').codes[0], 'BLACKFRIDAY50', 'a public code is shown as is');
    assert.deepEqual(row(t, 'Autumn 15% off everything').codes, []);
    assert.equal(row(t, 'Autumn 15% off everything').codesLabel, 'Automatic');

    const html = renderHtml(load(), { now: NOW });
    const section = between(html, 'id="timeline"', 'id="readiness"');
    assert.ok(section.includes('<code class="code">ST•••30</code>'));
    assert.ok(section.includes('<code class="code">CY••••••••26</code>'));
    for (const clear of ['STAFF30', 'CYBEREARLY26', 'NL-WELCOME', 'GIFTWRAP', 'MIDNIGHT25', 'QATEST01']) assert.ok(!html.includes(clear), `${clear} is not on the page`);
  });

  test('marks planned promotions with their campaign, linked to its card, and promotions in one store only', () => {
    const t = readTimeline(load());
    assert.deepEqual(row(t, 'Black Friday 50% off').planned, { name: 'Black Friday 50% off', href: '#campaign-0', renamed: false });
    assert.equal(row(t, 'Gift wrap on us').planned, null);
    assert.equal(row(t, 'Cyber Monday early access').onlyIn, 'production');
    assert.equal(row(t, 'Cyber Monday early access').stores, 'Production only');
    assert.equal(row(t, 'Holiday bundle $20 off').onlyIn, 'staging');
    assert.equal(row(t, 'Gift wrap on us').stores, 'Production and staging');
    assert.equal(t.sentence.replace(/\u2009/g, ' '), '17 promotions are live in the production store at some moment of Thursday, November 19 – Sunday, December 6, 2026: 4 planned and 13 nobody planned; 2 are in one store only.');
    const renamed = withInventory((s) => ({ ...s, promotions: s.promotions.map((p) => (p.name === 'Outerwear 20% off' ? { ...p, name: 'OUTERWEAR20 (old name)' } : p)) }));
    assert.equal(row(readTimeline(renamed), 'OUTERWEAR20 (old name)').planned!.renamed, true);
    const unknown = withInventory((s) => ({ ...s, promotions: s.promotions.map((p) => (p.name === 'Outerwear 20% off' ? { ...p, campaign: 'Not in this run' } : p)) }));
    assert.equal(row(readTimeline(unknown), 'Outerwear 20% off').planned!.href, null);
  });

  test('marks today, or says it is outside the period shown', () => {
    const t = readTimeline(load());
    assert.deepEqual(t.today, { at: pct('2026-11-26T19:42:03.076Z'), align: 'middle' });
    assert.equal(t.todayWords, 'Thu, Nov 26, 2:42 PM EST');
    const later = readTimeline(withInventory((s) => ({ ...s, now: '2026-12-20T12:00:00Z' })));
    assert.equal(later.today, null);
    assert.equal(later.todayShown, false);
    const html = renderHtml(withInventory((s) => ({ ...s, now: '2026-12-20T12:00:00Z' })), { now: NOW });
    assert.ok(html.includes('Today: Sun, Dec 20, 7:00 AM EST (outside the period shown)'));
    assert.ok(!html.includes('class="tl__now'));
    const first = readTimeline(withInventory((s) => ({ ...s, now: '2026-11-19T08:00:00Z' })));
    assert.equal(first.today!.align, 'start', 'a flag at the left edge is not centred off the chart');
  });

  test('links each row to its findings where the page shows them first, and names a finding that is not there without a link', () => {
    const results = load();
    const t = readTimeline(results);
    const html = renderHtml(results, { now: NOW });
    const bf = row(t, 'Black Friday 50% off').findings;
    assert.equal(bf.length, 1);
    assert.equal(bf[0].status.label, 'Blocked');
    // The cart's finding, in Black Friday's campaign card.
    const target = between(html, `id="${bf[0].href!.slice(1)}"`, '</div>');
    assert.ok(between(html, 'id="campaign-0"', 'id="campaign-1"').includes(`id="${bf[0].href!.slice(1)}"`));
    assert.ok(target.includes('Blocked'));
    // A finding about two promotions: both rows link to the one place it is shown (the readiness table).
    const compete = 'Autumn 15% off everything and Loyalty members 5% off compete for the same items';
    const a = row(t, 'Autumn 15% off everything').findings.find((f) => f.title === compete)!;
    const b = row(t, 'Loyalty members 5% off').findings.find((f) => f.title === compete)!;
    assert.equal(a.href, b.href);
    assert.ok(between(html, 'id="readiness"', 'id="escalation"').includes(`<li id="${a.href!.slice(1)}">${compete}.`));
    // A planned campaign's audit finding is shown in its card first, not again with an id in the readiness table.
    const outerwear = row(t, 'Outerwear 20% off').findings[0];
    assert.ok(between(html, 'id="campaign-1"', 'id="campaign-2"').includes(`id="${outerwear.href!.slice(1)}"`));
    // Every link of the timeline lands on exactly one element.
    const section = between(html, 'id="timeline"', 'id="readiness"');
    const hrefs = [...section.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]);
    assert.ok(hrefs.length > 40);
    for (const id of new Set(hrefs)) assert.equal(html.split(`id="${id}"`).length - 1, 1, `#${id} is on the page once`);

    const missing = readTimeline(withInventory((s) => ({ ...s, promotions: s.promotions.map((p, i) => (i === 0 ? { ...p, findings: ['audit:promotion-inventory:gone'] } : p)) })));
    const gone = missing.rows.flatMap((r) => r.findings).find((f) => f.title === 'audit:promotion-inventory:gone')!;
    assert.deepEqual(gone, { title: 'audit:promotion-inventory:gone', status: { key: 'skip', label: 'Not in this report' }, href: null });
  });

  test('gives every element of the page a different id', () => {
    const html = renderHtml(load(), { now: NOW });
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), []);
  });
});

describe('the timeline in report.html', () => {
  test('draws each bar and band at its place, with the window in words for those who cannot see it', () => {
    const html = renderHtml(load(), { now: NOW });
    const section = between(html, '<section class="section" id="timeline"', '</section>');
    assert.equal(section.split('<li class="tl__row"').length - 1, 17);
    assert.ok(section.includes(`<span class="tl__bar tl__bar--planned" style="--from: 44.444%; --to: ${pct('2026-12-01T04:59:00Z')}%"><span class="visually-hidden">Live from Fri, Nov 27, 12:00 AM EST until Mon, Nov 30, 11:59 PM EST.</span></span>`));
    assert.ok(section.includes('class="tl__bar tl__bar--unplanned tl__bar--before tl__bar--after" style="--from: 0%; --to: 100%"'));
    assert.ok(section.includes(`<span class="tl__band tl__band--holiday" style="--from: ${pct('2026-11-26T05:00:00Z')}%; --to: ${pct('2026-11-30T05:00:00Z')}%"></span>`));
    assert.ok(section.includes('<span class="tl__now tl__now--middle"'));
    assert.ok(section.includes('<figure class="tl" aria-labelledby="timeline-caption">'));
    assert.ok(section.includes('<summary>The timeline in words</summary>'));
    assert.ok(section.includes('<td role="cell" data-label="Until">No end date</td>'));
    assert.ok(section.includes('<span class="tl__tag tl__tag--one-store">Only in production</span>'));
    assert.ok(section.includes('<a class="tl__tag tl__tag--planned" href="#campaign-0">Planned<span class="visually-hidden">: campaign Black Friday 50% off</span></a>'));
    assert.ok(html.includes('<li><a href="#timeline">Timeline<span class="count">17</span></a></li>'), 'in the table of contents');
    assert.ok(!/<script|https?:\/\/(?!127\.0\.0\.1)/.test(section), 'no script and no external resource');
  });

  test('escapes promotion names and codes from the store', () => {
    const hostile = withInventory((s) => ({
      ...s,
      promotions: [{ ...s.promotions[0], name: '<img src=x onerror=alert(1)>', codes: ['"><b>x</b>'], codeCount: 1, automatic: false } satisfies TimelinePromotion],
    }));
    const html = renderHtml(hostile, { now: NOW });
    assert.ok(html.includes('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;'));
    assert.ok(html.includes('&quot;&gt;&lt;b&gt;x&lt;/b&gt;'));
    assert.ok(!html.includes('<img src=x') && !html.includes('<b>x</b>'));
  });

  for (const [status, words] of [
    ['no-extension', /the store does not have the holiday-ready extension/],
    ['unsupported-engine', /runs a promotion engine the extension cannot list/],
    ['error', /reading the store’s promotions failed/],
  ] as const) {
    test(`says what could not be seen and why instead of the picture when the inventory is ${status}`, () => {
      const results = withInventory((s) => ({ ...s, status, promotions: [] }));
      const html = renderHtml(results, { now: NOW });
      const section = between(html, '<section class="section" id="timeline"', '</section>');
      assert.ok(!section.includes('class="tl"'), 'no picture');
      assert.ok(section.includes('<p><strong>The promotions in the production store could not be listed</strong></p>'));
      assert.match(section, words);
      assert.ok(html.includes('<li><a href="#timeline">Timeline</a></li>'));
      const told = renderHtml(withInventory((s) => ({ ...s, status, message: 'Production answered 404 at /api/holiday_ready/inventory: the extension is not installed.' })), { now: NOW });
      assert.ok(told.includes('<p>Production answered 404 at /api/holiday_ready/inventory: the extension is not installed.</p>'), 'the section’s own message first');
    });
  }

  test('shows nothing for results written before the inventory existed', () => {
    const html = renderHtml(withInventory(() => undefined), { now: NOW });
    assert.ok(!html.includes('id="timeline"'));
    assert.ok(!html.includes('href="#timeline"'));
    assert.equal(buildView(load('acme-blocked'), { now: NOW, generator: 'test' }).timeline, null);
  });

  test('says so when no promotion is live in the span', () => {
    const t = readTimeline(withInventory((s) => ({ ...s, promotions: [] })));
    assert.equal(t.sentence.replace(/\u2009/g, ' '), 'No promotion is live in the production store at any moment of Thursday, November 19 – Sunday, December 6, 2026.');
  });

  test('fails the render on a span that is not one', () => {
    assert.throws(() => renderHtml(withInventory((s) => ({ ...s, span: { from: s.span.to, to: s.span.from } })), { now: NOW }), /inventory span ends before it starts/);
    assert.throws(() => renderHtml(withInventory((s) => ({ ...s, now: 'yesterday' })), { now: NOW }), /inventory has a now "yesterday", not a date/);
  });
});

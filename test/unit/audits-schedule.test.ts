/**
 * The promotion-schedule audit's comparison (audits/promotion-schedule.ts checkSchedule) and the
 * time-zone helpers it stands on. Pure: every case passes `now`; nothing reads the clock.
 *
 * Run: node --import tsx --test test/unit/audits-schedule.test.ts
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSchedule, type ScheduleInput } from '../../audits/promotion-schedule.ts';
import { addDays, formatLocal, localToInstant, offsetChangeBetween, offsetMinutes, writtenOffset } from '../../src/text/time.ts';

const NY = 'America/New_York';
const WINDOW: [string, string] = ['2026-11-27T00:00', '2026-11-30T23:59'];

/** The promotion as the sandbox's production store has it: Eastern times, end at 23:59:59. */
const ON_TIME = { startsAt: '2026-11-27T00:00:00.000-05:00', expiresAt: '2026-11-30T23:59:59.000-05:00' };

function check(over: Partial<ScheduleInput>) {
  return checkSchedule({ window: WINDOW, timeZone: NY, now: new Date('2026-11-28T17:00:00Z'), label: 'BLACKFRIDAY50', store: 'production', ...ON_TIME, ...over });
}
const keys = (fs: { key: string }[]) => fs.map((f) => f.key);

describe('time zone helpers', () => {
  test('reads a local time in New York as the right instant in winter and in summer', () => {
    assert.equal(localToInstant('2026-11-27T00:00', NY).toISOString(), '2026-11-27T05:00:00.000Z');
    assert.equal(localToInstant('2026-07-04T00:00', NY).toISOString(), '2026-07-04T04:00:00.000Z');
    assert.equal(localToInstant('2026-11-27', NY).toISOString(), '2026-11-27T05:00:00.000Z');
  });

  test('resolves a time skipped by the spring-forward jump to the instant after it', () => {
    assert.equal(localToInstant('2026-03-08T02:30', NY).toISOString(), '2026-03-08T07:30:00.000Z');
  });

  test('finds the daylight-saving change inside a window, to the minute', () => {
    const change = offsetChangeBetween(localToInstant('2026-10-30T00:00', NY), localToInstant('2026-11-03T23:59', NY), NY);
    assert.ok(change);
    assert.equal(change.at.toISOString(), '2026-11-01T06:00:00.000Z');
    assert.deepEqual([change.before, change.after], [-240, -300]);
    assert.equal(offsetChangeBetween(localToInstant(WINDOW[0], NY), localToInstant(WINDOW[1], NY), NY), undefined);
  });

  test('knows offsets that are not whole hours, and reads the offset written in a timestamp', () => {
    assert.equal(offsetMinutes(new Date('2026-11-27T05:00:00Z'), 'Asia/Kolkata'), 330);
    assert.equal(writtenOffset('2026-11-30T23:59:59.000-05:00'), -300);
    assert.equal(writtenOffset('2026-11-30T23:59:59Z'), 0);
    assert.equal(writtenOffset('2026-11-30T23:59:59'), undefined);
  });

  test('adds calendar days across month ends and formats in the zone with plain spaces', () => {
    assert.equal(addDays('2026-11-29', 2), '2026-12-01');
    assert.equal(addDays('2026-11-26', -2), '2026-11-24');
    assert.equal(formatLocal(new Date('2026-11-27T05:00:00Z'), NY), 'Fri, Nov 27, 2026, 12:00 AM EST');
  });
});

describe('promotion schedule against the campaign window', () => {
  test('finds nothing when the promotion runs exactly through the window (23:59 means through 23:59:59)', () => {
    assert.deepEqual(check({}), []);
    assert.deepEqual(check({ expiresAt: '2026-12-01T00:00:00.000-05:00' }), [], 'ending at midnight is the same window');
  });

  test('reports an end at midnight UTC instead of midnight Eastern as ending five hours early', () => {
    const [f, ...rest] = check({ expiresAt: '2026-11-30T23:59:59.000Z' });
    assert.deepEqual(rest, []);
    assert.equal(f.key, 'ends-early');
    assert.match(f.title, /^BLACKFRIDAY50 ends 5 hours early: at midnight UTC, not midnight in ET$/);
    assert.match(f.cause, /From Mon, Nov 30, 2026, 6:59 PM EST customers are told "The coupon code is expired"/);
    assert.match(f.cause, /off by exactly the UTC-5 offset of America\/New_York: the end was entered as UTC/);
    assert.match(f.cause, /The store answers in UTC\+0, not in America\/New_York \(UTC-5\)/);
    assert.match(f.action, /Set the promotion's end date to Mon, Nov 30, 2026, 11:59 PM EST/);
    assert.equal(f.impact, 'revenue');
  });

  test('reports a start entered in UTC as live before the campaign starts, off by the UTC offset', () => {
    // Midnight UTC is 7 PM Eastern the evening before: at 8 PM on Thanksgiving the code already works.
    const found = check({ startsAt: '2026-11-27T00:00:00Z', now: new Date('2026-11-27T01:00:00Z') });
    assert.deepEqual(keys(found), ['live-early']);
    assert.match(found[0].title, /is already live, before the campaign starts/);
    assert.match(found[0].cause, /off by exactly the UTC-5 offset/);
  });

  test('reports a promotion that is not live when the campaign has started', () => {
    const found = check({ startsAt: '2026-11-29T00:00:00.000-05:00', now: new Date('2026-11-28T17:00:00Z') });
    assert.deepEqual(keys(found), ['not-live']);
    assert.match(found[0].actual, /starts Sun, Nov 29, 2026, 12:00 AM EST, 12 hours from now/);
  });

  test('reports a promotion that will start late, before the window opens', () => {
    const found = check({ startsAt: '2026-11-27T06:00:00.000-05:00', now: new Date('2026-11-20T12:00:00Z') });
    assert.deepEqual(keys(found), ['starts-late']);
    assert.match(found[0].title, /starts 6 hours late/);
  });

  test('reports a promotion live before the window opens, with or without a start date', () => {
    const now = new Date('2026-11-25T12:00:00Z');
    assert.deepEqual(keys(check({ startsAt: '2026-11-20T00:00:00.000-05:00', now })), ['live-early']);
    const none = check({ startsAt: null, now });
    assert.deepEqual(keys(none), ['live-early']);
    assert.match(none[0].cause, /has no start date/);
    assert.deepEqual(keys(check({ startsAt: '2026-11-26T00:00:00.000-05:00', now: new Date('2026-11-20T12:00:00Z') })), ['starts-early']);
  });

  test('reports a promotion with no end date', () => {
    const found = check({ expiresAt: null });
    assert.deepEqual(keys(found), ['no-end']);
    assert.match(found[0].cause, /keeps working after the campaign/);
  });

  test('reports a promotion that ends after the campaign', () => {
    assert.deepEqual(keys(check({ expiresAt: '2026-12-07T23:59:59.000-05:00' })), ['ends-late']);
  });

  test('reports an already expired promotion, and not also as ending early', () => {
    const found = check({ startsAt: '2025-11-28T00:00:00.000-05:00', expiresAt: '2025-12-01T23:59:59.000-05:00' });
    assert.deepEqual(keys(found), ['expired']);
    assert.match(found[0].title, /^BLACKFRIDAY50 has already expired$/);
    assert.match(found[0].actual, /expired Mon, Dec 1, 2025, 11:59 PM EST \(361 days 12 hours ago\)/);
    assert.match(found[0].action, /Set the promotion's dates to Fri, Nov 27, 2026, 12:00 AM EST – Mon, Nov 30, 2026, 11:59 PM EST/);
  });

  test('reports an expired promotion of a campaign without a window (always on)', () => {
    const found = check({ window: undefined, startsAt: null, expiresAt: '2026-11-01T00:00:00Z' });
    assert.deepEqual(keys(found), ['expired']);
    assert.match(found[0].expected, /always on/);
    assert.deepEqual(check({ window: undefined, startsAt: null, expiresAt: null }), []);
  });

  test('explains an end one hour early on a window across the daylight-saving change', () => {
    // Oct 30 (EDT, UTC-4) to Nov 3 (EST, UTC-5): the end typed with the start's offset is an hour early.
    const window: [string, string] = ['2026-10-30T00:00', '2026-11-03T23:59'];
    const now = new Date('2026-10-31T12:00:00Z');
    const found = check({ window, now, startsAt: '2026-10-30T00:00:00-04:00', expiresAt: '2026-11-03T23:59:59-04:00' });
    assert.deepEqual(keys(found), ['ends-early']);
    assert.match(found[0].title, /ends 1 hour before the campaign does/);
    assert.match(found[0].cause, /crosses the clock change of Sun, Nov 1, 2026, 1:00 AM EST \(UTC-4 to UTC-5\); the end was set with the start's offset, an hour off/);
  });

  test('notes a window across the daylight-saving change even when the dates are right', () => {
    const window: [string, string] = ['2026-10-30T00:00', '2026-11-03T23:59'];
    const found = check({ window, now: new Date('2026-10-31T12:00:00Z'), startsAt: '2026-10-30T00:00:00-04:00', expiresAt: '2026-11-03T23:59:59-05:00' });
    assert.deepEqual(found.map((f) => [f.key, f.kind]), [['dst', 'info']]);
  });

  test('says a campaign whose window is over has nothing left to schedule', () => {
    const found = check({ now: new Date('2026-12-05T12:00:00Z') });
    assert.deepEqual(found.map((f) => [f.key, f.kind]), [['over', 'info']]);
  });

  test('honours the tolerance: a start 30 seconds late is on time, 2 minutes late is not', () => {
    assert.deepEqual(check({ startsAt: '2026-11-27T00:00:30.000-05:00', now: new Date('2026-11-20T00:00:00Z') }), []);
    assert.deepEqual(keys(check({ startsAt: '2026-11-27T00:02:00.000-05:00', now: new Date('2026-11-20T00:00:00Z') })), ['starts-late']);
  });
});

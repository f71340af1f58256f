/**
 * The code-freeze audit (audits/code-freeze.ts): from the site file's dates, when the freeze
 * starts (no fewer than two days before the offices close), whether `now` is inside it, and who
 * approves a deploy. Every case passes `now`.
 *
 * Run: node --import tsx --test test/unit/audits-freeze.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { approverOf, checkFreeze, codeFreeze } from '../../audits/code-freeze.ts';
import type { Holiday, People } from '../../src/config/types.ts';

const THANKSGIVING: Holiday = { name: 'Thanksgiving', officesClosed: ['2026-11-26', '2026-11-29'], timezone: 'America/New_York' };
const PEOPLE: People = {
  engineer: { name: 'Dana Whitfield', slack: '@dana', phone: '+1 555 0100' },
  clientRep: { name: 'Sam Ortiz' },
  slackChannel: '#acme-holiday',
};

test('starts the freeze at local midnight two days before the offices close and ends it when they reopen', () => {
  const f = codeFreeze(THANKSGIVING, 2);
  assert.equal(f.firstDay, '2026-11-24');
  assert.equal(f.starts, '2026-11-24T05:00:00.000Z');
  assert.equal(f.reopens, '2026-11-30');
  assert.equal(f.ends, '2026-11-30T05:00:00.000Z');
  assert.equal(approverOf(PEOPLE), 'Dana Whitfield (@dana, +1 555 0100)');
});

test('says the freeze is in effect, until when, and that Dana approves deploys, on the day before Thanksgiving', () => {
  const { findings } = checkFreeze(THANKSGIVING, PEOPLE, 2, new Date('2026-11-25T15:00:00Z'));
  assert.deepEqual(findings.map((f) => [f.key, f.kind ?? 'problem']), [['in-effect', 'problem']]);
  assert.match(findings[0].title, /^The code freeze is in effect: a deploy needs the approval of Dana Whitfield \(@dana, \+1 555 0100\)$/);
  assert.match(findings[0].actual, /from Tue, Nov 24, 2026, 12:00 AM EST until the offices reopen on Monday, November 30, 2026; it is Wed, Nov 25, 2026, 10:00 AM EST now, 4 days 14 hours before it ends/);
  assert.match(findings[0].action, /^Ask Dana Whitfield .* before any merge to master or deploy until Monday, November 30, 2026\.$/);
});

test('counts the first minute of the freeze in it and the reopening minute out of it', () => {
  assert.equal(checkFreeze(THANKSGIVING, PEOPLE, 2, new Date('2026-11-24T04:59:59Z')).findings[0].key, 'upcoming');
  assert.equal(checkFreeze(THANKSGIVING, PEOPLE, 2, new Date('2026-11-24T05:00:00Z')).findings[0].key, 'in-effect');
  assert.equal(checkFreeze(THANKSGIVING, PEOPLE, 2, new Date('2026-11-30T04:59:59Z')).findings[0].key, 'in-effect');
  assert.equal(checkFreeze(THANKSGIVING, PEOPLE, 2, new Date('2026-11-30T05:00:00Z')).findings[0].key, 'over');
});

test('before the freeze, says when it starts as information only', () => {
  const { findings } = checkFreeze(THANKSGIVING, PEOPLE, 2, new Date('2026-11-10T17:00:00Z'));
  assert.deepEqual(findings.map((f) => [f.key, f.kind]), [['upcoming', 'info']]);
  assert.match(findings[0].title, /^The code freeze starts Tue, Nov 24, 2026, 12:00 AM EST, in 13 days 12 hours$/);
});

test('a longer freeze is fine, a freeze of fewer than two days breaks the plan', () => {
  const longer = checkFreeze(THANKSGIVING, PEOPLE, 5, new Date('2026-11-10T17:00:00Z'));
  assert.equal(longer.freeze.firstDay, '2026-11-21');
  assert.deepEqual(longer.findings.map((f) => f.key), ['upcoming']);
  const short = checkFreeze(THANKSGIVING, PEOPLE, 1, new Date('2026-11-10T17:00:00Z'));
  assert.deepEqual(short.findings.map((f) => f.key), ['too-short', 'upcoming']);
  assert.match(short.findings[0].expected, /no fewer than 2 days before the offices close \(Tuesday, November 24, 2026 or earlier\)/);
});

test('works on calendar days across a daylight-saving change and a month end', () => {
  // Offices closed Mon Nov 2 - Tue Nov 3, 2026: the freeze starts Sat Oct 31 (EDT) and ends Wed Nov 4 (EST).
  const holiday: Holiday = { name: 'Election break', officesClosed: ['2026-11-02', '2026-11-03'], timezone: 'America/New_York' };
  const f = codeFreeze(holiday, 2);
  assert.equal(f.starts, '2026-10-31T04:00:00.000Z');
  assert.equal(f.ends, '2026-11-04T05:00:00.000Z');
});

test('names the engineer alone when the site file has no contact for them', () => {
  assert.equal(approverOf({ ...PEOPLE, engineer: { name: 'Dana Whitfield' } }), 'Dana Whitfield');
});

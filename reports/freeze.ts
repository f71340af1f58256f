/**
 * The pre-holiday code freeze, from the agency's holiday coverage plan: merges and deploys are
 * halted no fewer than two days before the offices close, until they reopen; during the freeze a
 * deploy needs the approval of the engineer on watch.
 *
 * Worked out on calendar dates (so a DST change in between moves nothing), then turned into the
 * instants of local midnight in the holiday's time zone.
 */

/** How many days before the offices close the freeze starts at the latest. */
export const FREEZE_DAYS_BEFORE = 2;

export interface CodeFreeze {
  /** First day of the freeze, a calendar date (YYYY-MM-DD) in the holiday's time zone. */
  firstDay: string;
  /** The day the offices reopen (YYYY-MM-DD), the day after they close for the last time; the freeze ends as it starts. */
  reopens: string;
  /** Local midnight starting firstDay, as an ISO instant (UTC). */
  starts: string;
  /** Local midnight starting the reopening day, as an ISO instant (UTC); the freeze is over from then on. */
  ends: string;
  daysBefore: number;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseDate(text: unknown): { y: number; m: number; d: number } {
  const match = DATE.exec(String(text ?? ''));
  if (!match) throw new Error(`report: ${JSON.stringify(text)} is not a calendar date (YYYY-MM-DD)`);
  const [y, m, d] = match.slice(1).map(Number);
  const check = new Date(Date.UTC(y, m - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) {
    throw new Error(`report: ${JSON.stringify(text)} is not a calendar date`);
  }
  return { y, m, d };
}

/** "2026-11-26" + 3 days → "2026-11-29": calendar arithmetic, no clocks, no DST. */
export function addDays(date: string, days: number): string {
  const { y, m, d } = parseDate(date);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The calendar date (YYYY-MM-DD) an instant falls on in a time zone. */
export function localDate(instant: Date, timeZone: string): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/** Milliseconds the zone's wall clock is ahead of UTC at an instant. */
function offsetAt(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  }).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant a calendar day starts in a time zone (local midnight). Where midnight does not exist
 * (zones that spring forward at 00:00) the day starts at the first instant after the gap.
 */
export function startOfDay(date: string, timeZone: string): Date {
  const { y, m, d } = parseDate(date);
  const wall = Date.UTC(y, m - 1, d);
  const candidates = [...new Set([offsetAt(wall, timeZone), offsetAt(wall - 86_400_000, timeZone), offsetAt(wall + 86_400_000, timeZone)])]
    .map((offset) => wall - offset)
    .sort((a, b) => a - b);
  // The earliest instant whose wall clock reads exactly midnight of that day.
  const exact = candidates.find((t) => t + offsetAt(t, timeZone) === wall);
  if (exact !== undefined) return new Date(exact);
  // In a gap: the first instant that is already on that day.
  return new Date(candidates.find((t) => localDate(new Date(t), timeZone) === date) ?? candidates[candidates.length - 1]);
}

/** The freeze for a holiday: from `daysBefore` days before the offices close until they reopen. */
export function codeFreeze(holiday: { officesClosed: readonly [string, string] | readonly string[]; timezone: string }, daysBefore = FREEZE_DAYS_BEFORE): CodeFreeze {
  const closed = holiday?.officesClosed;
  if (!Array.isArray(closed) || closed.length !== 2) throw new Error(`report: expected offices closed as [first, last] dates, got ${JSON.stringify(closed)}`);
  const [first, last] = closed;
  if (addDays(last, 0) < addDays(first, 0)) throw new Error(`report: offices reopen (${last}) before they close (${first})`);
  // Throws a RangeError on an unknown zone.
  new Intl.DateTimeFormat('en-US', { timeZone: holiday.timezone });
  const firstDay = addDays(first, -daysBefore);
  const reopens = addDays(last, 1);
  return {
    firstDay,
    reopens,
    starts: startOfDay(firstDay, holiday.timezone).toISOString(),
    ends: startOfDay(reopens, holiday.timezone).toISOString(),
    daysBefore,
  };
}

/** Where an instant sits relative to the freeze. `days` counts calendar days (in the zone) until it starts. */
export function freezeState(freeze: CodeFreeze, at: Date, timeZone: string): { state: 'before'; days: number } | { state: 'during' } | { state: 'after' } {
  const t = at.getTime();
  if (t >= Date.parse(freeze.ends)) return { state: 'after' };
  if (t >= Date.parse(freeze.starts)) return { state: 'during' };
  const today = localDate(at, timeZone);
  const days = Math.round((Date.parse(`${freeze.firstDay}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
  return { state: 'before', days };
}

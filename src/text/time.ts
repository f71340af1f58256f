/**
 * Calendar dates and wall-clock times in an IANA time zone, without a date library: campaign
 * windows and office closures are written as local times ("2026-11-27T00:00" in America/New_York),
 * stores answer with instants. The one place of time-zone arithmetic (the audits, the site-file
 * checks, the nightly selection, the reports). Pure functions; nothing here reads the clock, and
 * nothing here imports anything else of ours.
 */

export const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The forms of date and time written here, each as its en-US Intl.DateTimeFormat options. */
const FORMS = {
  parts: { hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' },
  local: { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' },
  localNoYear: { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' },
  date: { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * One formatter per form and zone: building an Intl.DateTimeFormat costs far more than using one,
 * and the key is a plain string (no per-call options object to build or serialise: partsAt is hot).
 */
function formatter(form: keyof typeof FORMS, timeZone: string): Intl.DateTimeFormat {
  const key = `${form} ${timeZone}`;
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.DateTimeFormat('en-US', { timeZone, ...FORMS[form] })));
  return f;
}

/** The wall clock in a zone at an instant, as its parts: { year, month, day, hour, minute, second } (zero-padded). */
function partsAt(instant: Date, timeZone: string): Record<string, string> {
  return Object.fromEntries(formatter('parts', timeZone).formatToParts(instant).map((x) => [x.type, x.value]));
}

/** The zone's offset from UTC at an instant, in minutes (New York in winter: -300). */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const p = partsAt(instant, timeZone);
  const asUtc = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
  const whole = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((asUtc - whole) / MINUTE);
}

/** True when `actual` is off from `expected` by exactly the zone's UTC offset (within `toleranceMs`): the time was typed as UTC. */
export function isUtcSlip(actual: Date | number, expected: Date | number, timeZone: string, toleranceMs: number): boolean {
  const offset = offsetMinutes(new Date(expected), timeZone) * MINUTE;
  return offset !== 0 && Math.abs(+actual - +expected - offset) <= toleranceMs;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * The instant a wall-clock time in a zone stands for: "2026-11-27T00:00" in America/New_York is
 * 2026-11-27T05:00Z. A time skipped by a daylight-saving jump resolves to the instant after the jump.
 */
export function localToInstant(local: string, timeZone: string): Date {
  const m = LOCAL.exec(local.trim());
  if (!m) throw new Error(`not a local date or date-time: ${JSON.stringify(local)}`);
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = m;
  const wall = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
  const t1 = wall - offsetMinutes(new Date(wall), timeZone) * MINUTE;
  const o1 = offsetMinutes(new Date(t1), timeZone);
  if (wall - o1 * MINUTE === t1) return new Date(t1);
  const t2 = wall - o1 * MINUTE;
  if (offsetMinutes(new Date(t2), timeZone) === o1) return new Date(t2);
  // In the gap of a spring-forward jump neither guess maps back: take the later one.
  return new Date(Math.max(t1, t2));
}

/** `2026-11-27T00:00` as `2026-11-27T00:00:00`: local date-times written either way then compare as strings. */
export const withSeconds = (local: string): string => (local.length === 16 ? `${local}:00` : local);

/** Whether a name is a time zone this machine knows (IANA, e.g. America/New_York, or UTC). */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Days in month `m` (1–12) of year `y`. */
export const daysInMonth = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** A calendar date (YYYY-MM-DD) that exists, as numbers; throws `"2026-11-31" is not a calendar date` otherwise. */
export function parseDate(date: unknown): { y: number; m: number; d: number } {
  const match = typeof date === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(date) : null;
  const [y, m, d] = match ? match.slice(1).map(Number) : [];
  if (!match || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) throw new Error(`${JSON.stringify(date)} is not a calendar date`);
  return { y, m, d };
}

/** "2026-11-24" plus n days: calendar arithmetic on the date alone (no clocks, no DST). */
export function addDays(date: string, days: number): string {
  const { y, m, d } = parseDate(date);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Whole calendar days from one date to another ("2026-11-20" to "2026-11-24" is 4). */
export function daysBetween(from: string, to: string): number {
  const at = (date: string) => {
    const { y, m, d } = parseDate(date);
    return Date.UTC(y, m - 1, d);
  };
  return Math.round((at(to) - at(from)) / DAY);
}

/** Intl puts narrow no-break spaces into times ("12:00 AM"); findings use plain spaces. */
const plain = (s: string) => s.replace(/[\u2009\u202f\u00a0]/g, ' ');

/** "Fri, Nov 27, 2026, 12:00 AM EST" in the zone; "Fri, Nov 27, 12:00 AM EST" with `{ year: false }`. */
export function formatLocal(instant: Date, timeZone: string, opts: { year?: boolean } = {}): string {
  return plain(formatter(opts.year === false ? 'localNoYear' : 'local', timeZone).format(instant));
}

/** The instant as an ISO date-time with the zone's offset at that instant: "2026-11-27T00:01:00-05:00". */
export function isoInZone(instant: Date, timeZone: string): string {
  const offset = offsetMinutes(instant, timeZone);
  const local = new Date(Math.floor(instant.getTime() / 1000) * 1000 + offset * MINUTE).toISOString().slice(0, 19);
  const abs = Math.abs(offset);
  return `${local}${offset < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** "Tuesday, November 24, 2026" for a calendar date. */
export function formatDate(date: string): string {
  const { y, m, d } = parseDate(date);
  return formatter('date', 'UTC').format(new Date(Date.UTC(y, m - 1, d)));
}

/** The zone's local calendar date at an instant, "2026-11-26". */
export function localDate(instant: Date, timeZone: string): string {
  const p = partsAt(instant, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/**
 * The first daylight-saving (or other offset) change strictly after `from` and at or before `to`,
 * to the minute, or undefined when the offset is the same all along.
 */
export function offsetChangeBetween(from: Date, to: Date, timeZone: string): { at: Date; before: number; after: number } | undefined {
  const before = offsetMinutes(from, timeZone);
  // Walk in 6-hour steps (zones change offset at most a few times a year), then bisect.
  let lo = from.getTime();
  let hi: number | undefined;
  for (let t = lo + 6 * HOUR; ; t += 6 * HOUR) {
    const at = Math.min(t, to.getTime());
    if (offsetMinutes(new Date(at), timeZone) !== before) {
      hi = at;
      break;
    }
    lo = at;
    if (at >= to.getTime()) return undefined;
  }
  while (hi - lo > 1000) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetMinutes(new Date(mid), timeZone) === before) lo = mid;
    else hi = mid;
  }
  // Zones change offset on a whole minute.
  const minute = Math.floor(hi / MINUTE) * MINUTE;
  const at = minute > lo ? minute : hi;
  return { at: new Date(at), before, after: offsetMinutes(new Date(at), timeZone) };
}

/** "5 hours", "1 hour 30 minutes", "45 seconds". */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < MINUTE) return `${Math.round(abs / 1000)} seconds`;
  const days = Math.floor(abs / DAY);
  const hours = Math.floor((abs % DAY) / HOUR);
  const minutes = Math.round((abs % HOUR) / MINUTE);
  const parts = ([[days, 'day'], [hours, 'hour'], [days === 0 ? minutes : 0, 'minute']] as const).filter(([n]) => n);
  return parts.map(([n, unit]) => `${n} ${unit}${n === 1 ? '' : 's'}`).join(' ') || '0 minutes';
}

/** "UTC-5", "UTC+5:30" for an offset in minutes. */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const h = Math.floor(abs / 60);
  const m = abs % 60;
  return `UTC${sign}${h}${m ? `:${String(m).padStart(2, '0')}` : ''}`;
}

/** The offset written in an ISO timestamp ("...-05:00" is -300, "Z" is 0), or undefined when it has none. */
export function writtenOffset(iso: string): number | undefined {
  const m = /(Z|([+-])(\d{2}):?(\d{2}))$/.exec(iso.trim());
  if (!m) return undefined;
  if (m[1] === 'Z') return 0;
  return (m[2] === '-' ? -1 : 1) * (+m[3] * 60 + +m[4]);
}

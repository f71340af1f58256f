/**
 * The harness's side of the store's signed clock (extension/, solidus_holiday_ready): the two
 * headers that ask a staging store to answer a request as if it were another moment.
 *
 *   Holiday-Ready-At: 2026-11-27T00:01:00-05:00
 *   Holiday-Ready-Signature: t=<unix seconds of signing>,v1=<hex HMAC-SHA256 of "t.<Holiday-Ready-At>">
 *
 * The store accepts a signature for 300 s around its real clock, so headers are signed per request
 * (or at least per few minutes), never stored. Only for a staging store's origin: never send them
 * to production. extension/spec/fixtures/clock-vector.json is the vector both sides test against.
 */
import { createHmac } from 'node:crypto';
import { offsetMinutes } from '../audits/time.ts';

/** A moment: an instant in an IANA zone (written with that zone's offset) or an ISO time with its offset. */
export type ClockMoment = { at: Date; timeZone: string } | string;

export interface ClockHeaders {
  'Holiday-Ready-At': string;
  'Holiday-Ready-Signature': string;
}

/** The store's answer headers: the moment it used, or why it ignored the request's. */
export const CLOCK_USED_HEADER = 'holiday-ready-clock';
export const CLOCK_IGNORED_HEADER = 'holiday-ready-clock-ignored';

const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** "2026-11-27T00:01:00-05:00": the instant as wall-clock time in the zone, with the zone's offset then. */
export function isoInZone(at: Date, timeZone: string): string {
  const offset = offsetMinutes(at, timeZone);
  const wall = new Date(Math.floor(at.getTime() / 1000) * 1000 + offset * 60_000).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${wall}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * The two request headers for a moment, signed with the store's clock secret at `now` (the real
 * time; a test passes its own). Seconds are kept, milliseconds dropped.
 */
export function clockHeaders(moment: ClockMoment, secret: string, now: Date = new Date()): ClockHeaders {
  const at = typeof moment === 'string' ? moment.trim() : isoInZone(moment.at, moment.timeZone);
  if (!WITH_OFFSET.test(at)) throw new Error(`not an ISO time with an offset: ${JSON.stringify(at)}`);
  if (!secret) throw new Error('no clock secret');
  const t = Math.floor(now.getTime() / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${at}`).digest('hex');
  return { 'Holiday-Ready-At': at, 'Holiday-Ready-Signature': `t=${t},v1=${v1}` };
}

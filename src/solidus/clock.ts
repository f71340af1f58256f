/**
 * The harness's side of the store's signed clock (extension/, solidus_holiday_ready): the two
 * headers that ask a staging store to answer a request as if it were another moment.
 *
 *   Holiday-Ready-At: 2026-11-27T00:01:00-05:00
 *   Holiday-Ready-Signature: t=<unix seconds of signing>,v1=<hex HMAC-SHA256 of "t.<Holiday-Ready-At>">
 *
 * The store accepts a signature for 300 s around its real clock, so headers are signed per request,
 * never stored. Only for a staging store's origin, never production: `clockSigner` is the one place
 * that decides, and the API client (`clock` option) and the browser dry-run (scenarios/fixtures.ts)
 * both sign through it. extension/spec/fixtures/clock-vector.json is the vector both sides test against.
 */
import { createHmac } from 'node:crypto';
import { isoInZone } from '../text/time.ts';

/** A moment: an instant in an IANA zone (written with that zone's offset) or an ISO time with its offset. */
export type ClockMoment = { at: Date; timeZone: string } | string;

/** Every header name of the clock, in one place. */
export const CLOCK_HEADERS = {
  at: 'Holiday-Ready-At',
  signature: 'Holiday-Ready-Signature',
  /** In the answer: the moment the store used; absent when it ignored the clock. */
  confirm: 'holiday-ready-clock',
  /** In the answer: why the store ignored the clock (not-configured, bad-signature, stale, …). */
  ignored: 'holiday-ready-clock-ignored',
} as const;

const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * The two request headers for a moment, signed with the store's clock secret at `now` (the real
 * time; a test passes its own). Seconds are kept, milliseconds dropped.
 */
export function clockHeaders(moment: ClockMoment, secret: string, now: Date = new Date()): Record<string, string> {
  const at = typeof moment === 'string' ? moment.trim() : isoInZone(moment.at, moment.timeZone);
  if (!WITH_OFFSET.test(at)) throw new Error(`not an ISO time with an offset: ${JSON.stringify(at)}`);
  if (!secret) throw new Error('no clock secret');
  const t = Math.floor(now.getTime() / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${at}`).digest('hex');
  return { [CLOCK_HEADERS.at]: at, [CLOCK_HEADERS.signature]: `t=${t},v1=${v1}` };
}

/** A clock asked for where it must never go (a production store). */
export class ClockRefusedError extends Error {
  constructor(kind: string | undefined) {
    super(`the clock is only ever sent to a staging store, never to ${kind === 'production' ? 'a production store' : 'a store whose kind is unknown'}`);
    this.name = 'ClockRefusedError';
  }
}

/**
 * A signer for one staging store at one moment. Refused (throws) unless the store is staging; it
 * gives headers only for URLs on the store's own origin, signed afresh at each call.
 */
export function clockSigner(o: { kind: 'staging' | 'production' | undefined; origin: string; at: string; secret: string }): (url: string, now?: Date) => Record<string, string> | undefined {
  if (o.kind !== 'staging') throw new ClockRefusedError(o.kind);
  if (!o.secret) throw new Error('clockSigner: no secret');
  const origin = new URL(o.origin).origin;
  return (url, now) => (URL.canParse(url) && new URL(url).origin === origin ? clockHeaders(o.at, o.secret, now) : undefined);
}

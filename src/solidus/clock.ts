/**
 * The signed clock of the solidus_holiday_ready extension (extension/): a request that carries a
 * moment and a fresh HMAC of it is answered by the staging store as if it were that moment, and the
 * answer confirms the moment it used. This module only signs; who may send it, and where, is decided
 * in src/dryrun/clock.ts (never a production store, never another origin).
 *
 *   Holiday-Ready-At:        2026-11-27T00:01:00-05:00
 *   Holiday-Ready-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<moment>")>
 *   Holiday-Ready-Clock:     the moment the store used (answer)
 *
 * The signature holds for a few minutes of real time (the store checks t), so every request is
 * signed afresh: a captured header stops working soon after.
 */
import { createHmac } from 'node:crypto';

/** The header names, in one place (the extension's README and specs use the same). */
export const CLOCK_HEADERS = {
  /** The moment to evaluate the request at (ISO 8601 with offset). */
  at: 'Holiday-Ready-At',
  /** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.<moment>">`. */
  signature: 'Holiday-Ready-Signature',
  /** In the answer: the moment the store used; absent when it ignored the clock. */
  confirm: 'Holiday-Ready-Clock',
  /** In the answer: why the store ignored the clock (not-configured, bad-signature, stale, …). */
  ignored: 'Holiday-Ready-Clock-Ignored',
} as const;

/** The headers that make one request happen at `at`, signed with `secret` at real time `now`. */
export function clockHeaders(at: string, secret: string, now: Date = new Date()): Record<string, string> {
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
 * The one place that decides where the clock goes: a signer for one staging store at one moment.
 * Refused (throws) unless the store is staging; the signer gives headers only for URLs on the
 * store's own origin, signed afresh at each call. The API client (`clock` option) and the browser
 * dry-run's route (scenarios/fixtures.ts) both get their headers from it.
 */
export function clockSigner(o: { kind: 'staging' | 'production' | undefined; origin: string; at: string; secret: string }): (url: string, now?: Date) => Record<string, string> | undefined {
  if (o.kind !== 'staging') throw new ClockRefusedError(o.kind);
  if (!o.secret) throw new Error('clockSigner: no secret');
  const origin = new URL(o.origin).origin;
  return (url, now) => {
    let target: string;
    try {
      target = new URL(url).origin;
    } catch {
      return undefined;
    }
    return target === origin ? clockHeaders(o.at, o.secret, now) : undefined;
  };
}

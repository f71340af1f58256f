/**
 * Promotion schedule: for each planned code, the promotion's starts_at / expires_at in the store
 * that holds the real schedule (production when the site names one; read-only) against the
 * campaign window, read as local time in the store's time zone (holiday.timezone).
 *
 * Catches: a code that does not exist, not live when it should be, live before it should be,
 * starting late, ending early (the classic: midnight UTC instead of midnight Eastern), ending late,
 * no end date, already expired, and a window across a daylight-saving change.
 */
import type { Audit, AuditFinding } from '../src/audits/types.ts';
import { readOptions } from '../src/audits/options.ts';
import { showCode } from '../src/safety/redact.ts';
import { listWords, plural } from '../src/text/words.ts';
import { codeFinding, LOOKS_UP_CODES, readCodes, STORE_OPTION, storeFor } from '../src/audits/store.ts';
import { formatDuration, formatLocal, formatOffset, isUtcSlip, localToInstant, MINUTE, offsetChangeBetween, offsetMinutes, writtenOffset } from '../src/text/time.ts';

export const OPTIONS = {
  ...STORE_OPTION,
  /** How far (minutes) a start or end may be from the window before it counts. */
  tolerance_minutes: { type: 'number', default: 1, min: 0, max: 120 },
} as const;

/** What the schedule check needs: the window as written, and the promotion's dates as the store answers. */
export interface ScheduleInput {
  /** Local start and end in `timeZone`, as in the site file ("2026-11-27T00:00"); undefined: always on. */
  window?: [string, string];
  timeZone: string;
  now: Date;
  startsAt: string | null | undefined;
  expiresAt: string | null | undefined;
  /** How the code is named in titles (masked when secret). */
  label: string;
  /** "production" or "staging", for the words. */
  store: string;
  toleranceMs?: number;
}

export type ScheduleFinding = Omit<AuditFinding, 'campaign' | 'code'>;

/**
 * Compares a promotion's dates with its campaign window. Pure: `now` is given. Keys are stable
 * (`not-live`, `expired`, `live-early`, `starts-early`, `starts-late`, `ends-early`, `ends-late`,
 * `no-end`, `dst`, `over`) and prefixed by the caller.
 */
export function checkSchedule(input: ScheduleInput): ScheduleFinding[] {
  const { timeZone: tz, now, label, store } = input;
  const tol = input.toleranceMs ?? MINUTE;
  const fmt = (d: Date) => formatLocal(d, tz);
  const a = input.startsAt ? new Date(input.startsAt) : undefined;
  const b = input.expiresAt ? new Date(input.expiresAt) : undefined;
  const out: ScheduleFinding[] = [];

  // The window: from its first second to the end of its last minute (23:59 means "through 23:59:59").
  const S = input.window ? localToInstant(input.window[0], tz) : undefined;
  const endWall = input.window?.[1];
  const E = endWall ? new Date(localToInstant(endWall, tz).getTime() + (/T\d{2}:\d{2}:\d{2}$/.test(endWall) ? 1000 : MINUTE)) : undefined;
  const lastSecond = E && fmt(new Date(E.getTime() - 1000));
  const planned = S && E ? `live from ${fmt(S)} until ${lastSecond}` : 'live now and with no end (no window in the site file: always on)';
  const actualWords = `starts ${a ? fmt(a) : '(no start date)'}, ends ${b ? fmt(b) : '(no end date)'} in ${store}`;
  const setStart = S && `Set the promotion's start date to ${fmt(S)} (${tz}) in the store admin.`;
  const setEnd = `Set the promotion's end date to ${lastSecond} (${tz}) in the store admin.`;
  const problem = (key: string, title: string, cause: string, action: string, actual = actualWords): ScheduleFinding =>
    ({ key, title, expected: planned, actual, cause, action, impact: 'revenue' });
  const info = (key: string, title: string, cause: string, action: string): ScheduleFinding =>
    ({ key, kind: 'info', title, expected: planned, actual: actualWords, cause, action });

  if (S && E && now.getTime() >= E.getTime()) {
    return [info(
      'over', `${label}: the campaign window is over`, `The window in the site file ended ${lastSecond}; there is nothing left to schedule.`,
      'Remove the campaign from the site file, or update its window if it runs again.',
    )];
  }

  const live = (!a || a.getTime() < now.getTime()) && (!b || b.getTime() > now.getTime());
  const inWindow = !S || (S.getTime() <= now.getTime() && now.getTime() < E!.getTime());
  const offsetWords = (actual: Date, expected: Date, which: 'start' | 'end') => explainOffset(actual, expected, which, input, S, E);
  const expired = !!b && b.getTime() <= now.getTime();
  let notLive = false;

  if (expired) {
    out.push(problem(
      'expired', `${label} has already expired`,
      `The promotion's end date in ${store} is in the past, so customers entering ${label} are told "The coupon code is expired".${E ? offsetWords(b, E, 'end') : ''}`,
      S && E ? `Set the promotion's dates to ${fmt(S)} – ${lastSecond} (${tz}) in the store admin.` : 'Give the promotion a future end date (or none) in the store admin, or take the campaign out of the plan.',
      `expired ${fmt(b)} (${formatDuration(now.getTime() - b.getTime())} ago)`,
    ));
  } else if (inWindow && !live) {
    notLive = true;
    out.push(problem(
      'not-live', `${label} is not live although the campaign has started`,
      `Until then customers entering ${label} are told the code does not exist.${S ? offsetWords(a!, S, 'start') : ''}`,
      setStart ?? 'Set the promotion\'s start date to now in the store admin.',
      `starts ${fmt(a!)}, ${formatDuration(a!.getTime() - now.getTime())} from now`,
    ));
  }

  // An expired promotion needs both dates set again (the action above says so): its start is moot, and
  // its end is before the window's (a window already over was reported above).
  if (!S || !E || expired) return out;

  if (live && now.getTime() < S.getTime()) {
    out.push(problem(
      'live-early', `${label} is already live, before the campaign starts`,
      `Anyone who has the code can use it today, before the campaign is announced.${a ? offsetWords(a, S, 'start') : ' The promotion has no start date.'}`,
      setStart!,
      `live now: ${a ? `started ${fmt(a)}` : 'no start date'}, ${formatDuration(S.getTime() - now.getTime())} before the window opens`,
    ));
  } else if (a && a.getTime() < S.getTime() - tol) {
    out.push(problem(
      'starts-early', `${label} starts ${formatDuration(S.getTime() - a.getTime())} early`,
      `The code will work before the campaign starts.${offsetWords(a, S, 'start')}`, setStart!,
    ));
  } else if (a && a.getTime() > S.getTime() + tol && !notLive) {
    const late = formatDuration(a.getTime() - S.getTime());
    out.push(problem(
      'starts-late', `${label} starts ${late} late`,
      `For the first ${late} of the campaign customers are told the code does not exist.${offsetWords(a, S, 'start')}`, setStart!,
    ));
  }

  if (!b) {
    out.push(problem(
      'no-end', `${label} has no end date`,
      'Without an end date the discount keeps working after the campaign, for as long as anyone has the code.', setEnd,
    ));
  } else if (b.getTime() < E.getTime() - tol) {
    const early = formatDuration(E.getTime() - b.getTime());
    out.push(problem(
      'ends-early',
      isUtcSlip(b, E, tz, tol) ? `${label} ends ${early} early: at midnight UTC, not midnight in ${zoneName(tz, E)}` : `${label} ends ${early} before the campaign does`,
      `From ${fmt(b)} customers are told "The coupon code is expired" while the campaign is still advertised.${offsetWords(b, E, 'end')}`, setEnd,
    ));
  } else if (b.getTime() > E.getTime() + tol) {
    out.push(problem(
      'ends-late', `${label} ends ${formatDuration(b.getTime() - E.getTime())} after the campaign`,
      `The discount keeps working after the campaign until ${fmt(b)}.${offsetWords(b, E, 'end')}`, setEnd,
    ));
  }

  const change = offsetChangeBetween(S, E, tz);
  if (change && !out.some((f) => f.kind !== 'info')) {
    out.push(info(
      'dst', `${label}: the window crosses the clock change of ${fmt(change.at)}`,
      `The window starts at ${formatOffset(change.before)} and ends at ${formatOffset(change.after)}; the promotion's dates match it in local time.`,
      'Nothing in the store; check that emails and ads scheduled for the start and end use local time too.',
    ));
  }
  return out;
}

function zoneName(tz: string, at: Date): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'shortGeneric' }).formatToParts(at).find((p) => p.type === 'timeZoneName');
  return part?.value ?? tz;
}

/** Why a date is off, when the difference tells: the UTC offset, or the daylight-saving change. */
function explainOffset(actual: Date, expected: Date, which: 'start' | 'end', input: ScheduleInput, S?: Date, E?: Date): string {
  const tz = input.timeZone;
  const tol = input.toleranceMs ?? MINUTE;
  const diff = actual.getTime() - expected.getTime();
  if (Math.abs(diff) <= tol) return '';
  const words: string[] = [];
  const written = writtenOffset((which === 'start' ? input.startsAt : input.expiresAt) ?? '');
  const local = offsetMinutes(actual, tz);
  if (isUtcSlip(actual, expected, tz, tol)) {
    words.push(` It is off by exactly the ${formatOffset(offsetMinutes(expected, tz))} offset of ${tz}: the ${which} was entered as UTC.`);
  } else if (S && E) {
    const change = offsetChangeBetween(S, E, tz);
    if (change) {
      // Entered with the other side's offset: the end with the start's (an end after a fall-back
      // change comes an hour early), or the start with the end's.
      const shift = (which === 'end' ? change.after - change.before : change.before - change.after) * MINUTE;
      if (Math.abs(diff - shift) <= tol) {
        words.push(
          ` The window crosses the clock change of ${formatLocal(change.at, tz)} (${formatOffset(change.before)} to ${formatOffset(change.after)}); the ${which} was set with the ${which === 'end' ? 'start' : 'end'}'s offset, an hour off.`,
        );
      }
    }
  }
  if (written !== undefined && written !== local) {
    words.push(` The store answers in ${formatOffset(written)}, not in ${tz} (${formatOffset(local)}): its time zone setting differs from the site file's, so times typed in its admin are read in the wrong zone.`);
  }
  return words.join('');
}

const audit: Audit = {
  id: 'promotion-schedule',
  title: 'Promotions are scheduled as planned',
  failureTitle: 'Promotions are not scheduled as planned',
  recommended: 'error',
  ...LOOKS_UP_CODES,
  async run(ctx) {
    const opts = readOptions('promotion-schedule', ctx.options, OPTIONS);
    const store = storeFor(ctx, opts.store);
    const { timezone } = ctx.site.holiday;
    const automatic = ctx.site.campaigns.filter((c) => !c.code);
    const findings: AuditFinding[] = [];
    const results = await readCodes(ctx, store);
    for (const { campaign, promotion } of results) {
      const label = showCode(campaign);
      if (!promotion) {
        findings.push(codeFinding(campaign, {
          key: 'not-found',
          title: `${label} does not exist in ${store.name}`,
          expected: `a promotion with the code ${label} in ${store.name}`,
          actual: `${store.name} (${store.url}) answers 404 for ${label}`,
          cause: `Customers entering ${label} are told "The coupon code you entered doesn't exist".`,
          action: `Create the promotion with the code ${label} in ${store.name}, or correct the code in the site file.`,
          impact: 'revenue',
        }));
        continue;
      }
      findings.push(...checkSchedule({
        window: campaign.window, timeZone: timezone, now: ctx.now, startsAt: promotion.starts_at, expiresAt: promotion.expires_at,
        label, store: store.name, toleranceMs: opts.tolerance_minutes * MINUTE,
      }).map((f) => codeFinding(campaign, f)));
    }
    const problems = findings.filter((f) => f.kind !== 'info');
    const bad = new Set(problems.map((f) => f.code!));
    const skipped = automatic.length ? ` ${listWords(automatic.map((c) => c.name))} ${automatic.length === 1 ? 'has' : 'have'} no code and ${automatic.length === 1 ? 'was' : 'were'} not looked up.` : '';
    const summary = problems.length
      ? `${plural(bad.size, 'code')} of ${results.length} off schedule in ${store.name} (${listWords([...bad])}).${skipped}`
      : `${plural(results.length, 'code')} checked against ${store.name} in ${timezone}: all on schedule.${skipped}`;
    return { summary, findings };
  },
};

export default audit;

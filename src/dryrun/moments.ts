/**
 * The moments a campaign is dry-run at, in the site's time zone (holiday.timezone). Pure: the
 * instants follow from the site file alone; nothing here reads the clock or the store.
 *
 * - `before-start`: one minute before the window starts. The code must not work yet and an
 *   automatic promotion must not apply (a code that works early leaks to coupon sites).
 * - `start`: the first minute of the window (start + 1 minute, since a promotion is active strictly
 *   after its start): the full dry-run, with the threshold search.
 * - `end`: the last minute of the window as written (an end of 23:59 lasts through 23:59:59).
 * - a date-time from `dry_run.moments` (local, or with an offset): the carts' expectations.
 * - `--at`: every case of the run at that one moment, the full dry-run.
 *
 * A campaign without a window runs on the holiday's first day (offices_closed[0] at 00:01), or at
 * the date-times of dry_run.moments when the site gives some.
 * One moment per campaign is its primary one (`start`, else the first): its cases keep the ids
 * they had before moments existed (history matches them), the others' ids end in ` @ <label>`;
 * the threshold search and the browser run at the primary moment only. Code pairs run at the start
 * of their overlap.
 */
import type { Campaign, Site } from '../config/types.ts';
import type { CaseMoment } from '../findings/types.ts';
import { MOMENT_LABELS } from '../config/types.ts';
import { formatLocal, isoInZone, localToInstant, MINUTE } from '../text/time.ts';

/**
 * What a case checks at a moment: `closed` (before the start: the promotion must not work),
 * `full` (expectations and the threshold search) or `expectations` (the carts' expectations only).
 */
export type MomentRole = 'closed' | 'full' | 'expectations';

export interface PlannedMoment extends CaseMoment {
  instant: Date;
  role: MomentRole;
  /** The campaign's primary moment: ids without suffix, threshold search, browser. */
  primary: boolean;
}

/** "as on Fri, Nov 27, 12:01 AM EST" */
export function momentOf(instant: Date, label: string, timeZone: string): CaseMoment {
  return { label, at: isoInZone(instant, timeZone), text: `as on ${formatLocal(instant, timeZone, { year: false })}` };
}

/** A time of dry_run.moments or --at: local to the zone ("2026-11-27T12:00") or with an offset / Z. */
export function parseMomentTime(text: string, timeZone: string): Date | undefined {
  const s = text.trim();
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)(Z|[+-]\d{2}:?\d{2})?$/.exec(s);
  if (!m) return undefined;
  const d = m[2] ? new Date(m[2] === 'Z' ? s : s.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) : localToInstant(m[1], timeZone);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** The instants a campaign's window opens and its last minute, or undefined when it has none (always on). */
export function windowOf(site: Pick<Site, 'holiday'>, campaign: Pick<Campaign, 'window'>): { start: Date; last: Date } | undefined {
  if (!campaign.window) return undefined;
  const tz = site.holiday.timezone;
  return { start: localToInstant(campaign.window[0], tz), last: localToInstant(campaign.window[1], tz) };
}

/** The moment a campaign without a window runs at: the holiday's first day, 00:01 local. */
export function holidayStart(site: Pick<Site, 'holiday'>): Date {
  return localToInstant(`${site.holiday.officesClosed[0]}T00:01`, site.holiday.timezone);
}

/**
 * The moments of one campaign: `at` (--at) overrides everything; otherwise dry_run.moments
 * (default before-start, start, end) against its window.
 */
export function campaignMoments(site: Pick<Site, 'holiday' | 'dryRun'>, campaign: Pick<Campaign, 'window'>, at?: string): PlannedMoment[] {
  const tz = site.holiday.timezone;
  if (at !== undefined) {
    const instant = parseMomentTime(at, tz);
    if (!instant) throw new Error(`not a date-time: ${JSON.stringify(at)} (write it like 2026-11-27T12:00, local to ${tz}, or with an offset)`);
    return [{ ...momentOf(instant, 'at', tz), instant, role: 'full', primary: true }];
  }
  const specs = site.dryRun.moments?.length ? site.dryRun.moments : MOMENT_LABELS;
  const window = windowOf(site, campaign);
  const out: Omit<PlannedMoment, 'primary'>[] = [];
  const add = (instant: Date, label: string, role: MomentRole) => {
    if (!out.some((m) => m.instant.getTime() === instant.getTime())) out.push({ ...momentOf(instant, label, tz), instant, role });
  };
  for (const spec of specs) {
    if (spec === 'start') add(window ? new Date(window.start.getTime() + MINUTE) : holidayStart(site), 'start', 'full');
    else if (spec === 'before-start') {
      if (window) add(new Date(window.start.getTime() - MINUTE), 'before-start', 'closed');
    } else if (spec === 'end') {
      if (window) add(window.last, 'end', 'expectations');
    } else {
      const instant = parseMomentTime(spec, tz);
      if (instant) add(instant, spec, 'expectations');
    }
  }
  // Always on: the site's own date-times if it gave any, else the holiday's first day.
  if (!window && !out.length) add(holidayStart(site), 'start', 'full');
  const primary = out.find((m) => m.label === 'start') ?? out.find((m) => m.role !== 'closed') ?? out[0];
  return out.map((m) => ({ ...m, primary: m === primary }));
}

/** A case id at a moment: the primary moment keeps the id it always had. */
export function idAt(id: string, moment: Pick<PlannedMoment, 'label' | 'primary'> | undefined): string {
  return !moment || moment.primary ? id : `${id} @ ${moment.label}`;
}

/** The moment two codes first run together: the later start of the two (+1 minute), or the holiday's first day. */
export function overlapStart(site: Pick<Site, 'holiday'>, a: Pick<Campaign, 'window'>, b: Pick<Campaign, 'window'>, at?: string): CaseMoment & { instant: Date } {
  const tz = site.holiday.timezone;
  if (at !== undefined) {
    const instant = parseMomentTime(at, tz)!;
    return { ...momentOf(instant, 'at', tz), instant };
  }
  const starts = [windowOf(site, a)?.start, windowOf(site, b)?.start].filter((d): d is Date => !!d);
  const instant = starts.length ? new Date(Math.max(...starts.map((d) => d.getTime())) + MINUTE) : holidayStart(site);
  return { ...momentOf(instant, 'start', tz), instant };
}

const MOMENT_WORDS = new Map(Object.entries({
  'before-start': 'one minute before its window starts',
  start: 'the first minute of its window',
  end: 'the last minute of its window',
  at: 'the moment given with --at',
  now: 'now, by the store\'s own clock',
}));

/** "one minute before its window starts", for findings and the report. */
export const describeMoment = (m: Pick<CaseMoment, 'label'>): string => MOMENT_WORDS.get(m.label) ?? `the moment ${m.label} from dry_run.moments`;

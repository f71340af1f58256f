/**
 * Code freeze (holiday coverage plan): no fewer than two days before the offices close, merges to
 * master and deploys stop; during the freeze a deploy needs the approval of the engineer on call.
 * From the site file's dates: when the freeze starts, whether `now` is inside it, and who approves.
 * Reads no store.
 */
import type { Holiday, People, Site } from '../src/config/types.ts';
import type { CodeFreeze, FreezeState } from '../src/findings/types.ts';
import type { Audit, AuditFinding } from '../src/audits/types.ts';
import { readOptions } from '../src/audits/options.ts';
import { resolveRule } from '../src/audits/run.ts';
import { addDays, daysBetween, formatDate, formatDuration, formatLocal, isTimeZone, localDate, localToInstant } from '../src/text/time.ts';
import { plural } from '../src/text/words.ts';

/** The plan's minimum: "No fewer than two days before Engine offices close". */
export const MIN_DAYS_BEFORE = 2;

export const OPTIONS = {
  /** Days before the offices close that the freeze starts (the plan requires 2 or more). */
  days_before: { type: 'number', default: MIN_DAYS_BEFORE, min: 0, max: 60, integer: true },
} as const;

/**
 * The freeze window: from local midnight `daysBefore` days before the offices close until local
 * midnight of the day they reopen, in the holiday's time zone. Worked out on calendar dates (so a
 * DST change in between moves nothing), then turned into instants; where midnight does not exist
 * (zones that spring forward at 00:00) a day starts at the first instant after the gap. Pure; the
 * one computation of the freeze (the report reads it from results.json).
 */
export function codeFreeze(holiday: Pick<Holiday, 'officesClosed' | 'timezone'>, daysBefore = MIN_DAYS_BEFORE): Omit<CodeFreeze, 'at'> {
  const closed = holiday?.officesClosed;
  if (!Array.isArray(closed) || closed.length !== 2) throw new Error(`expected offices closed as [first, last] dates, got ${JSON.stringify(closed)}`);
  const [first, last] = closed;
  if (daysBetween(first, last) < 0) throw new Error(`offices reopen (${last}) before they close (${first})`);
  if (!isTimeZone(holiday.timezone)) throw new RangeError(`${JSON.stringify(holiday.timezone)} is not a time zone`);
  const firstDay = addDays(first, -daysBefore);
  const reopens = addDays(last, 1);
  const midnight = (date: string) => localToInstant(`${date}T00:00`, holiday.timezone).toISOString();
  return { firstDay, reopens, starts: midnight(firstDay), ends: midnight(reopens), daysBefore };
}

/** Where an instant sits against the freeze. `days` counts calendar days (in the zone) until it starts. */
export function freezeState(freeze: Omit<CodeFreeze, 'at'>, at: Date, timeZone: string): FreezeState {
  const t = at.getTime();
  if (t >= Date.parse(freeze.ends)) return { state: 'after' };
  if (t >= Date.parse(freeze.starts)) return { state: 'during' };
  return { state: 'before', days: daysBetween(localDate(at, timeZone), freeze.firstDay) };
}

/** The freeze with where `now` stands against it: what results.json carries (`holiday.codeFreeze`). */
export function freezeAt(holiday: Pick<Holiday, 'officesClosed' | 'timezone'>, daysBefore: number, now: Date): CodeFreeze {
  const window = codeFreeze(holiday, daysBefore);
  return { ...window, at: freezeState(window, now, holiday.timezone) };
}

/**
 * A site's freeze at `now`, with the days_before it sets for this audit (the default when it sets
 * none, or a wrong one: the audit then says it could not run). What the run writes to results.json
 * when the audit itself does not run (--no-audits, off, other shards, a store that cannot be reached).
 */
export function freezeFor(site: Pick<Site, 'holiday' | 'audits'>, now: Date): CodeFreeze {
  let days = MIN_DAYS_BEFORE;
  try {
    days = readOptions('code-freeze', resolveRule(site, audit).options, OPTIONS).days_before;
  } catch { /* the audit reports the option */ }
  return freezeAt(site.holiday, days, now);
}

/** "Dana Whitfield (@dana, +1 555 0100)": the engineer on call, who approves deploys during the freeze. */
export function approverOf(people: People): string {
  const e = people.engineer;
  const contact = [e.slack, e.phone, e.email].filter(Boolean).join(', ');
  return contact ? `${e.name} (${contact})` : e.name;
}

/** The freeze at `now` and what to say about it. Pure. Keys: `too-short`, `in-effect`, `upcoming`, `over`. */
export function checkFreeze(holiday: Holiday, people: People, daysBefore: number, now: Date): { freeze: CodeFreeze; findings: AuditFinding[] } {
  const tz = holiday.timezone;
  const f = freezeAt(holiday, daysBefore, now);
  const startsAt = new Date(f.starts);
  const endsAt = new Date(f.ends);
  const approver = approverOf(people);
  const span = `from ${formatLocal(startsAt, tz)} until the offices reopen on ${formatDate(f.reopens)}`;
  const findings: AuditFinding[] = [];
  if (daysBefore < MIN_DAYS_BEFORE) {
    findings.push({
      key: 'too-short',
      title: `The code freeze starts only ${plural(daysBefore, 'day')} before the offices close`,
      expected: `the freeze starts no fewer than ${MIN_DAYS_BEFORE} days before the offices close (${formatDate(addDays(holiday.officesClosed[0], -MIN_DAYS_BEFORE))} or earlier)`,
      actual: `it starts ${formatDate(f.firstDay)} (audits.rules.code-freeze days_before: ${daysBefore})`,
      cause: 'The holiday coverage plan halts merges and deploys no fewer than two days before the offices close, so problems from the last deploy surface while people are still in.',
      action: `Set days_before to ${MIN_DAYS_BEFORE} or more, and tell the team the freeze starts ${formatDate(addDays(holiday.officesClosed[0], -MIN_DAYS_BEFORE))}.`,
    });
  }
  const t = now.getTime();
  if (f.at.state === 'during') {
    findings.push({
      key: 'in-effect',
      title: `The code freeze is in effect: a deploy needs the approval of ${approver}`,
      expected: 'no merges to master and no deploys during the freeze without the approval of the engineer on call',
      actual: `the freeze runs ${span}; it is ${formatLocal(now, tz)} now, ${formatDuration(endsAt.getTime() - t)} before it ends`,
      cause: `The holiday coverage plan for ${holiday.name}: changes deployed during the freeze need the approval of the scheduled engineer on call.`,
      action: `Ask ${approver} before any merge to master or deploy until ${formatDate(f.reopens)}.`,
    });
  } else if (f.at.state === 'before') {
    findings.push({
      key: 'upcoming', kind: 'info',
      title: `The code freeze starts ${formatLocal(startsAt, tz)}, in ${formatDuration(startsAt.getTime() - t)}`,
      expected: 'merges and deploys for the holiday done before the freeze', actual: `the freeze runs ${span}`,
      cause: `The holiday coverage plan for ${holiday.name}.`,
      action: `Land and deploy holiday changes before ${formatLocal(startsAt, tz)}; after that, deploys need the approval of ${approver}.`,
    });
  } else {
    findings.push({
      key: 'over', kind: 'info',
      title: `The ${holiday.name} code freeze is over`,
      expected: '—', actual: `the freeze ran ${span}`,
      cause: 'The offices have reopened.', action: 'Nothing.',
    });
  }
  return { freeze: f, findings };
}

const audit: Audit = {
  id: 'code-freeze',
  title: 'Code freeze and deploy approval are known',
  failureTitle: 'Code freeze: deploys need approval',
  recommended: 'warn',
  shouldRun: () => true,
  async run(ctx) {
    const opts = readOptions('code-freeze', ctx.options, OPTIONS);
    const { holiday, people } = ctx.site;
    const { freeze, findings } = checkFreeze(holiday, people, opts.days_before, ctx.now);
    const state = { before: 'not started yet', during: 'in effect now', after: 'over' }[freeze.at.state];
    const summary = `Code freeze from ${formatLocal(new Date(freeze.starts), holiday.timezone)} until the offices reopen on ${formatDate(freeze.reopens)}: ${state}. A deploy during the freeze needs the approval of ${approverOf(people)}, the engineer on call.`;
    return { summary, findings, codeFreeze: freeze };
  },
};

export default audit;

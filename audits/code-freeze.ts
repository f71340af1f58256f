/**
 * Code freeze (holiday coverage plan): no fewer than two days before the offices close, merges to
 * master and deploys stop; during the freeze a deploy needs the approval of the engineer on call.
 * From the site file's dates: when the freeze starts, whether `now` is inside it, and who approves.
 * Reads no store.
 */
import type { Holiday, People } from '../src/config/types.ts';
import type { Audit, AuditFinding } from '../src/audits/types.ts';
import { readOptions } from '../src/audits/options.ts';
import { addDays, formatDate, formatDuration, formatLocal, localToInstant } from '../src/audits/time.ts';

/** The plan's minimum: "No fewer than two days before Engine offices close". */
export const MIN_DAYS_BEFORE = 2;

export const OPTIONS = {
  /** Days before the offices close that the freeze starts (the plan requires 2 or more). */
  days_before: { type: 'number', default: MIN_DAYS_BEFORE, min: 0, max: 60, integer: true },
} as const;

export interface Freeze {
  /** First day of the freeze, local date. */
  startDate: string;
  /** Midnight starting the freeze, in the holiday's time zone. */
  startsAt: Date;
  /** The day the offices reopen (the freeze ends at its midnight). */
  reopenDate: string;
  endsAt: Date;
  /** "Dana Whitfield (@dana)" */
  approver: string;
}

/** The freeze that follows from the site file. Pure. */
export function freezeOf(holiday: Holiday, people: People, daysBefore: number): Freeze {
  const startDate = addDays(holiday.officesClosed[0], -daysBefore);
  const reopenDate = addDays(holiday.officesClosed[1], 1);
  const e = people.engineer;
  const contact = [e.slack, e.phone, e.email].filter(Boolean).join(', ');
  return {
    startDate,
    startsAt: localToInstant(`${startDate}T00:00`, holiday.timezone),
    reopenDate,
    endsAt: localToInstant(`${reopenDate}T00:00`, holiday.timezone),
    approver: contact ? `${e.name} (${contact})` : e.name,
  };
}

/** Where `now` stands against the freeze. Pure. Keys: `too-short`, `in-effect`, `upcoming`, `over`. */
export function checkFreeze(holiday: Holiday, people: People, daysBefore: number, now: Date): { freeze: Freeze; findings: AuditFinding[] } {
  const f = freezeOf(holiday, people, daysBefore);
  const tz = holiday.timezone;
  const span = `from ${formatLocal(f.startsAt, tz)} until the offices reopen on ${formatDate(f.reopenDate)}`;
  const findings: AuditFinding[] = [];
  if (daysBefore < MIN_DAYS_BEFORE) {
    findings.push({
      key: 'too-short',
      title: `The code freeze starts only ${daysBefore} day${daysBefore === 1 ? '' : 's'} before the offices close`,
      expected: `the freeze starts no fewer than ${MIN_DAYS_BEFORE} days before the offices close (${formatDate(addDays(holiday.officesClosed[0], -MIN_DAYS_BEFORE))} or earlier)`,
      actual: `it starts ${formatDate(f.startDate)} (audits.rules.code-freeze days_before: ${daysBefore})`,
      cause: 'The holiday coverage plan halts merges and deploys no fewer than two days before the offices close, so problems from the last deploy surface while people are still in.',
      action: `Set days_before to ${MIN_DAYS_BEFORE} or more, and tell the team the freeze starts ${formatDate(addDays(holiday.officesClosed[0], -MIN_DAYS_BEFORE))}.`,
    });
  }
  const t = now.getTime();
  if (t >= f.startsAt.getTime() && t < f.endsAt.getTime()) {
    findings.push({
      key: 'in-effect',
      title: `The code freeze is in effect: a deploy needs the approval of ${f.approver}`,
      expected: 'no merges to master and no deploys during the freeze without the approval of the engineer on call',
      actual: `the freeze runs ${span}; it is ${formatLocal(now, tz)} now, ${formatDuration(f.endsAt.getTime() - t)} before it ends`,
      cause: `The holiday coverage plan for ${holiday.name}: changes deployed during the freeze need the approval of the scheduled engineer on call.`,
      action: `Ask ${f.approver} before any merge to master or deploy until ${formatDate(f.reopenDate)}.`,
    });
  } else if (t < f.startsAt.getTime()) {
    findings.push({
      key: 'upcoming', kind: 'info',
      title: `The code freeze starts ${formatLocal(f.startsAt, tz)}, in ${formatDuration(f.startsAt.getTime() - t)}`,
      expected: 'merges and deploys for the holiday done before the freeze', actual: `the freeze runs ${span}`,
      cause: `The holiday coverage plan for ${holiday.name}.`,
      action: `Land and deploy holiday changes before ${formatLocal(f.startsAt, tz)}; after that, deploys need the approval of ${f.approver}.`,
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
    const t = ctx.now.getTime();
    const state = t < freeze.startsAt.getTime() ? 'not started yet' : t < freeze.endsAt.getTime() ? 'in effect now' : 'over';
    const summary = `Code freeze from ${formatLocal(freeze.startsAt, holiday.timezone)} until the offices reopen on ${formatDate(freeze.reopenDate)}: ${state}. A deploy during the freeze needs the approval of ${freeze.approver}, the engineer on call.`;
    return { summary, findings };
  },
};

export default audit;

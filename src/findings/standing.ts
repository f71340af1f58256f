/**
 * A campaign's standing: the one word every output (the terminal summary, report.html, summary.md,
 * junit.xml) says of a campaign. Decided here once, from the worst finding that names the campaign
 * and from its cases, so that no output can call a campaign "works" above its own blocking finding
 * (a pair of codes, for both codes' campaigns; an inventory or readiness finding, for the planned or
 * unplanned campaign of its promotion; what the customer pays; another source's).
 */
import { campaignOutcome, isBlocking, namesCampaign, type RunResults } from './types.ts';

/** Worst first: blocked, at risk, not checked, works. */
export type Standing = 'blocked' | 'at-risk' | 'not-checked' | 'works';

/** Each standing as every output names it. */
export const STANDING_WORDS: Record<Standing, { label: string; emoji: string }> = {
  blocked: { label: 'Blocked', emoji: '❌' },
  'at-risk': { label: 'At risk', emoji: '⚠️' },
  'not-checked': { label: 'Not checked', emoji: '⏭️' },
  works: { label: 'Works', emoji: '✅' },
};

/**
 * A campaign's standing:
 * - blocked: a blocking finding (an error someone saw) names it, whatever its carts did;
 * - at risk: a warning names it, or one of its carts failed without a blocking finding (a code live
 *   too early is a warning);
 * - not checked: a cart of it could not be checked (as campaignOutcome decides) and nothing above;
 * - works: every cart tried got what was planned and nothing names it above information. A check
 *   that could not run (a pair of codes, a browser run) says nothing against carts that were checked.
 */
export function campaignStanding(results: Pick<RunResults, 'campaigns' | 'cases' | 'findings'>, campaign: string): Standing {
  const findings = results.findings.filter((f) => namesCampaign(f, campaign));
  if (findings.some(isBlocking)) return 'blocked';
  const cases = results.cases.filter((c) => c.campaign === campaign);
  // The campaign's recorded outcome (a run or a merge decided it from the cases), and its cases' own.
  const outcomes = [results.campaigns.find((c) => c.name === campaign)?.outcome, cases.length ? campaignOutcome(cases) : undefined];
  if (outcomes.includes('fail') || findings.some((f) => f.level === 'warn' && !f.notChecked)) return 'at-risk';
  if (outcomes.includes('not-checked')) return 'not-checked';
  return 'works';
}

/**
 * The readiness-audit stage: the runner (src/audits/run.ts) over the registry (audits/index.ts).
 * The pipeline is the one place that knows which audits exist; the runner runs what it is given.
 */
import { AUDITS, freezeFor } from '../../audits/index.ts';
import { runAudits, type RunAuditsOptions, type RunAuditsResult } from '../audits/run.ts';

export { AUDITS, freezeFor };

/** The audit ids, for loadSite's `auditIds` (an unknown id under audits.rules is a located error). */
export const AUDIT_IDS: readonly string[] = AUDITS.map((a) => a.id);

/** Every audit the site turns on (or only those named), in report order. */
export function runReadinessAudits(opts: Omit<RunAuditsOptions, 'audits'>): Promise<RunAuditsResult> {
  return runAudits({ ...opts, audits: AUDITS });
}

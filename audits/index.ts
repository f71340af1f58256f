/**
 * The audit registry: every readiness audit, in report order. Adding an audit is adding its file
 * (`audits/<id>.ts`, default-exporting an Audit whose id is the file name) and one line here.
 * src/audits/run.ts is the only module that reads this list.
 */
import type { Audit } from '../src/audits/types.ts';
import promotionSchedule from './promotion-schedule.ts';
import usageLimits from './usage-limits.ts';
import catalog from './catalog.ts';
import checkoutHealth from './checkout-health.ts';
import speed from './speed.ts';
import tlsCertificate from './tls-certificate.ts';
import indexing from './indexing.ts';
import codeFreeze from './code-freeze.ts';
import promotionInventory from './promotion-inventory.ts';

/** The code-freeze window, for results.json when the audit itself does not run (the same computation). */
export { freezeFor } from './code-freeze.ts';

export const AUDITS: readonly Audit[] = [
  promotionSchedule,
  usageLimits,
  promotionInventory,
  catalog,
  checkoutHealth,
  speed,
  tlsCertificate,
  indexing,
  codeFreeze,
];

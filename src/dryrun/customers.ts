/**
 * Who fills a cart (`customer:` in the site file): a new guest (the default, under the reserved
 * domain), a returning customer (a guest checkout with the e-mail of a customer with completed
 * orders) or a registered test user (the user's own API key, from the variable the site file names).
 * Every order of a run carries the run's marker in its special instructions, so that the sweep and
 * the orphan search find the orders whose e-mail is not under the reserved domain.
 */
import type { Customer, Site } from '../config/types.ts';
import { DRYRUN_DOMAIN } from './flow.ts';

/** The start of the special instructions of every dry-run order. */
export const DRYRUN_MARKER = 'holiday-ready dry-run';

/** A run's marker: `holiday-ready dry-run <runId>`. */
export const markerOf = (runId: string) => `${DRYRUN_MARKER} ${runId}`;

/** Whether an order's special instructions say it is a dry-run order. */
export const isMarked = (instructions: string | null | undefined) => !!instructions?.startsWith(DRYRUN_MARKER);

/** The e-mail a customer's order is given; undefined for a signed-in user (the store gives the user's own). */
export function customerEmail(customer: Customer | undefined, runId: string): string | undefined {
  if (!customer || customer.kind === 'guest') return `dryrun+${runId}@${DRYRUN_DOMAIN}`;
  return customer.kind === 'returning' ? customer.email : undefined;
}

/** Every returning customer's e-mail and signed-in user's key variable the site's carts name. */
export function customersOf(site: Pick<Site, 'campaigns'>): { returning: string[]; userKeyEnvs: string[] } {
  const all = site.campaigns.flatMap((c) => c.carts.map((cart) => cart.customer)).filter((c): c is Customer => !!c);
  return {
    returning: [...new Set(all.flatMap((c) => (c.kind === 'returning' ? [c.email.toLowerCase()] : [])))],
    userKeyEnvs: [...new Set(all.flatMap((c) => (c.kind === 'user' ? [c.keyEnv] : [])))],
  };
}

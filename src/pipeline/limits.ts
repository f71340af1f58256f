/**
 * One concurrency limiter per store, keyed by its origin and shared by the sites whose staging store
 * it is. The API dry-run lowers its limiter while the store struggles and raises it back as the store
 * copes (src/dryrun/engine.ts, `pace`): under --all, a slow store slows only the sites on it.
 */
import pLimit, { type LimitFunction } from 'p-limit';
import type { Site } from '../config/types.ts';

export type StoreLimits = (site: Site) => LimitFunction;

/**
 * The limiters of the sites' staging stores. Each starts at `concurrency` (--concurrency) or else the
 * highest dry_run.concurrency among the sites on that store.
 */
export function storeLimits(sites: readonly Site[], concurrency?: number): StoreLimits {
  const origin = (site: Site) => new URL(site.staging.url).origin;
  const limits = new Map<string, LimitFunction>();
  for (const site of sites) {
    const key = origin(site);
    const wanted = concurrency ?? site.dryRun.concurrency;
    const limit = limits.get(key);
    if (!limit) limits.set(key, pLimit(wanted));
    else if (concurrency === undefined && wanted > limit.concurrency) limit.concurrency = wanted;
  }
  return (site) => {
    const limit = limits.get(origin(site));
    if (!limit) throw new Error(`storeLimits: no limiter for ${site.staging.url} (site ${site.site})`);
    return limit;
  };
}

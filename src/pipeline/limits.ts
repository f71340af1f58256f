/**
 * One concurrency limiter per store, keyed by its origin and shared by the sites that name it (as
 * staging or as production). The API dry-run lowers its staging store's limiter while the store
 * struggles and raises it back as the store copes (src/dryrun/engine.ts, `pace`): under --all, a slow
 * store slows only the sites on it.
 */
import pLimit, { type LimitFunction } from 'p-limit';
import type { Site } from '../config/types.ts';

/** The limiter of a site's staging store (the default) or of its production store (read-only reads). */
export type StoreLimits = (site: Site, store?: 'staging' | 'production') => LimitFunction;

/**
 * The limiters of the sites' stores. Each starts at `concurrency` (--concurrency) or else the
 * highest dry_run.concurrency among the sites on that store.
 */
export function storeLimits(sites: readonly Site[], concurrency?: number): StoreLimits {
  const limits = new Map<string, LimitFunction>();
  for (const site of sites) {
    for (const url of [site.staging.url, site.production?.url]) {
      if (!url) continue;
      const key = new URL(url).origin;
      const wanted = concurrency ?? site.dryRun.concurrency;
      const limit = limits.get(key);
      if (!limit) limits.set(key, pLimit(wanted));
      else if (concurrency === undefined && wanted > limit.concurrency) limit.concurrency = wanted;
    }
  }
  return (site, store = 'staging') => {
    const url = site[store]?.url;
    const limit = url ? limits.get(new URL(url).origin) : undefined;
    if (!limit) throw new Error(`storeLimits: no limiter for the ${store} store of site ${site.site} (${url ?? 'none in the site file'})`);
    return limit;
  };
}

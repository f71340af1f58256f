/**
 * The API clients of a site's stores, built one way for every stage that reads them (the readiness
 * audits, the inventory stage): staging with its admin key and the staging guard (only the writes a
 * dry-run needs), staging as a guest, and production read-only (GET and nothing else, refused before
 * it leaves). Each client has its own guard: a guard follows the checkout state of the orders it sees.
 */
import type { Site } from '../config/types.ts';
import { guardFor, stagingKind } from '../safety/guard.ts';
import { createSolidusClient, type SolidusClientOptions } from './client.ts';

/** What every client of the site shares: timeouts, retries, the secrets its log masks, fetch, the log. */
export type CommonClientOptions = Pick<SolidusClientOptions, 'secrets' | 'fetch' | 'onLog'>;

export function siteClients(site: Site, env: NodeJS.ProcessEnv, common: CommonClientOptions) {
  const shared = { timeoutMs: site.dryRun.timeoutMs, retries: site.dryRun.retries, ...common };
  const onStaging = () => ({ ...shared, baseUrl: site.staging.url, guard: guardFor(stagingKind(site.staging.url, site.production?.url), { origin: site.staging.url }) });
  return {
    /** Staging with the admin API key: reads and dry-run writes. */
    staging: createSolidusClient({ ...onStaging(), apiKey: env[site.staging.apiKeyEnv] }),
    /** Staging without a key: what a guest customer can do. */
    stagingGuest: createSolidusClient(onStaging()),
    /** Production with its admin API key, read-only; absent when the site names no production store. */
    production: site.production
      ? createSolidusClient({ ...shared, baseUrl: site.production.url, apiKey: env[site.production.apiKeyEnv], guard: guardFor('production', { origin: site.production.url }) })
      : undefined,
  };
}

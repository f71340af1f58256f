/**
 * Which sites the nightly workflow audits tonight, and the matrix of jobs it runs for them.
 *
 * The holiday week of a site, the rule the nightly run uses:
 *
 *   Let C be the first day of `holiday.offices_closed` and Z the site's `holiday.timezone`.
 *   A site is in its holiday week when the calendar date of `now`, read in Z, is between
 *   C − 7 days and C, both included: from 00:00 local time seven days before the offices close
 *   to 23:59:59.999 local time on the day they close (8 nightly runs, the last one on the morning
 *   the offices close).
 *
 * Dates are compared as calendar dates in the site's own time zone, never as 24-hour steps in UTC,
 * so a daylight-saving change inside the week moves neither end by an hour, and a store in
 * Auckland starts its week while it is still the previous day in New York.
 *
 * `force` (the workflow_dispatch input) ignores the dates; `only` narrows to the named sites.
 */
import type { Site } from '../config/types.ts';
import { caseCount, shardCount } from './shard.ts';
import { addDays, localDate } from '../text/time.ts';

/** Days before the first office-closed day that the nightly runs start. */
export const HOLIDAY_WEEK_DAYS = 7;

export interface SelectOptions {
  /** Ignore the dates: run every site (or every site in `only`). From workflow_dispatch. */
  force?: boolean;
  /** Only these site ids (empty or absent: all sites). From workflow_dispatch. */
  only?: readonly string[];
}

/** The holiday week of a site as local calendar dates, both included. */
export function holidayWeek(site: Pick<Site, 'holiday'>): { from: string; to: string; timezone: string } {
  const closes = site.holiday.officesClosed[0];
  return { from: addDays(closes, -HOLIDAY_WEEK_DAYS), to: closes, timezone: site.holiday.timezone };
}

/** Whether `now` falls in the site's holiday week (see the rule at the top of this file). */
export function inHolidayWeek(site: Pick<Site, 'holiday'>, now: Date): boolean {
  const { from, to, timezone } = holidayWeek(site);
  const today = localDate(now, timezone);
  return from <= today && today <= to;
}

/**
 * The sites to audit at `now`, in the order given: those in their holiday week, or all of them
 * with `force`; narrowed to `only` when it names sites. Names in `only` that are not sites are
 * the caller's to report (see `unknownSites`).
 */
export function sitesInHolidayWeek<S extends Pick<Site, 'site' | 'holiday'>>(sites: readonly S[], now: Date, opts: SelectOptions = {}): S[] {
  const only = new Set((opts.only ?? []).filter(Boolean));
  return sites.filter((s) => (!only.size || only.has(s.site)) && (opts.force || inHolidayWeek(s, now)));
}

/** The names in `only` that are not the id of any site. */
export function unknownSites(sites: readonly Pick<Site, 'site'>[], only: readonly string[] = []): string[] {
  const known = new Set(sites.map((s) => s.site));
  return only.filter((n) => n && !known.has(n));
}

/**
 * The repository secret that holds a key: named like the variable the site file names
 * (`staging.api_key_env: ACME_STAGING_API_KEY` → secret ACME_STAGING_API_KEY). Only names ending in
 * _API_KEY are mapped, so that a site file cannot make a job read another secret (the Slack webhook)
 * into a store's key; GitHub reserves names starting with GITHUB_.
 */
export function apiKeySecret(envName: string): string | undefined {
  return /^[A-Z][A-Z0-9_]*_API_KEY$/.test(envName) && !envName.startsWith('GITHUB_') ? envName : undefined;
}

/** The secret holding the Slack incoming webhook of a site's channel: SLACK_WEBHOOK_<SITE> (acme → SLACK_WEBHOOK_ACME). */
export function slackSecret(siteId: string): string {
  return `SLACK_WEBHOOK_${siteId.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
}

/**
 * The sites to run at `now`, split into shards: what the workflow's matrices are built from.
 * `matrix.include`: the audit job's matrix, one row per shard of a site, with its `--shard` argument
 * and the variables (and repository secrets, same names) the CLI reads the keys from ('' for a site
 * without production); `sites`: the report job's, one per site; `invalid`: sites the workflow cannot run.
 */
export function matrix(sites: readonly Site[], now: Date, opts: SelectOptions = {}) {
  const invalid: { site: string; message: string }[] = [];
  const runs = sitesInHolidayWeek(sites, now, opts).flatMap((site) => {
    const stagingKey = apiKeySecret(site.staging.apiKeyEnv);
    const productionKey = site.production ? apiKeySecret(site.production.apiKeyEnv) : '';
    if (!stagingKey || productionKey === undefined) {
      const bad = !stagingKey ? `staging.api_key_env (${site.staging.apiKeyEnv})` : `production.api_key_env (${site.production!.apiKeyEnv})`;
      invalid.push({ site: site.site, message: `${bad} must end in _API_KEY: the workflow reads each key from the repository secret of the same name, and only maps names ending in _API_KEY` });
      return [];
    }
    return [{ site, stagingKey, productionKey, shards: shardCount(site) }];
  });
  return {
    matrix: {
      include: runs.flatMap(({ site, stagingKey, productionKey, shards }) =>
        Array.from({ length: shards }, (_, i) => ({ site: site.site, shard: i + 1, shards, shardArg: `${i + 1}/${shards}`, stagingKey, productionKey })),
      ),
    },
    sites: runs.map(({ site, shards }) => ({
      site: site.site,
      name: site.name,
      shards,
      cases: caseCount(site),
      slackSecret: slackSecret(site.site),
      channel: site.people.slackChannel,
      week: holidayWeek(site),
    })),
    invalid,
  };
}

export type Plan = ReturnType<typeof matrix>;

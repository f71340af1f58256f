/**
 * The one place a site's results.json is put together: the stages' parts (API dry-run, readiness
 * audits, browser dry-run) around the site's own facts, and the verdict, decided once from every
 * finding (collect, then decide).
 */
import type { Campaign, Site } from '../config/types.ts';
import { campaignOutcome, SCHEMA_VERSION, verdictOf, type AuditResult, type CampaignSummary, type CodeFreeze, type Finding, type RunResults } from '../findings/types.ts';
import type { ApiPart } from './api.ts';
import { showCode } from '../safety/redact.ts';
import { freezeFor } from './audits.ts';
import type { BrowserSiteResult } from '../browser/run.ts';
import type { InventoryReads } from './inventory.ts';
import { inventorySection } from '../inventory/section.ts';

/** What the stages of one site's run returned. */
export interface SiteParts {
  api: ApiPart;
  /** `codeFreeze`: the code-freeze audit's window, written as is to `holiday.codeFreeze`. */
  audits?: { audits: AuditResult[]; findings: Finding[]; codeFreeze?: CodeFreeze };
  browser?: BrowserSiteResult;
  /** The inventory stage's reads: results.json's inventory section (the timeline) is built from them and the findings. */
  inventory?: InventoryReads;
}

/** A site's results from its parts; each campaign's outcome from its API and browser cases (campaignOutcome). */
export function assembleResults(site: Site, startedAt: Date, parts: SiteParts): RunResults {
  const { api, audits, browser, inventory } = parts;
  const cases = [...api.cases, ...(browser?.cases ?? [])];
  const findings = [...api.findings, ...(audits?.findings ?? []), ...(browser?.findings ?? [])];
  const both = (k: 'ordersCreated' | 'ordersEmptied') => api.housekeeping[k] + (browser?.housekeeping?.[k] ?? 0);
  const housekeeping = { ...api.housekeeping, ordersCreated: both('ordersCreated'), ordersEmptied: both('ordersEmptied') };
  const outcome = (c: Pick<Campaign, 'name'>) => campaignOutcome(cases.filter((x) => x.campaign === c.name));
  const results = resultsOf(site, startedAt, outcome, { cases, audits: audits?.audits ?? [], findings, housekeeping }, { ...api, codeFreeze: audits?.codeFreeze });
  if (api.engine) results.target.engine = api.engine;
  if (inventory) results.inventory = inventorySection(site, inventory, startedAt, findings);
  return results;
}

/**
 * The results of a run that could not reach the store: every campaign not checked, one finding that
 * says so, verdict at risk. Written like any run folder, so the report, the merged shards and the
 * Slack message say that nothing was checked instead of saying nothing.
 */
export function unreachableResults(site: Site, reason: string, startedAt = new Date()): RunResults {
  const findings: Finding[] = [{
    id: 'harness:unreachable', source: 'harness', level: 'warn', notChecked: true, impact: 'function',
    title: `The staging store could not be reached: no campaign was checked`,
    expected: `the staging store at ${site.staging.url} answers the API`,
    actual: reason,
    cause: 'The store refused the connection, did not answer in time, or answered nothing usable.',
    action: 'Check that the staging store is up and that staging.url in the site file is right, then run the audit again.',
  }];
  return resultsOf(site, startedAt, () => 'not-checked', { cases: [], audits: [], findings, housekeeping: { ordersCreated: 0, ordersEmptied: 0, leftoversSwept: 0 } });
}

function resultsOf(
  site: Site,
  startedAt: Date,
  outcomeOf: (c: Site['campaigns'][number]) => CampaignSummary['outcome'],
  run: Pick<RunResults, 'cases' | 'audits' | 'findings' | 'housekeeping'>,
  { codeFreeze, moments, unplanned = [] }: Pick<ApiPart, 'moments' | 'unplanned'> & { codeFreeze?: CodeFreeze } = {},
): RunResults {
  return {
    schemaVersion: SCHEMA_VERSION,
    site: site.site,
    siteName: site.name,
    currency: site.currency,
    verdict: verdictOf(run.findings),
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    target: { name: 'staging', url: site.staging.url },
    holiday: { name: site.holiday.name, officesClosed: site.holiday.officesClosed, timezone: site.holiday.timezone, codeFreeze: codeFreeze ?? freezeFor(site, startedAt) },
    people: site.people as unknown as Record<string, unknown>,
    // Staging's unplanned promotions, dry-run from their own rules (src/inventory/unplanned.ts), after the planned campaigns.
    campaigns: [...site.campaigns, ...unplanned].map((c) => ({
      name: c.name, code: showCode(c), automatic: !c.code, outcome: outcomeOf(c),
      ...(c.window ? { window: c.window } : {}),
      ...(moments?.has(c.name) ? { moments: moments.get(c.name) } : {}),
      ...(c.expectedRedemptions !== undefined ? { expectedRedemptions: c.expectedRedemptions } : {}),
      ...(unplanned.includes(c) ? { unplanned: true } : {}),
    })),
    cases: run.cases,
    audits: run.audits,
    findings: run.findings,
    housekeeping: run.housekeeping,
  };
}

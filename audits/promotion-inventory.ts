/**
 * Promotion inventory: what the store will really run during the holiday, read from the companion
 * extension's inventory (every promotion with its rules, actions, limits and codes; read once per run
 * by the pipeline, AuditContext.inventory). The configuration checks C1–C10 read production (staging
 * when the site names no production), the differences D1 compare the two, and U1 lists every
 * promotion live during the holiday that the site file does not plan (src/inventory/checks.ts).
 *
 * The schedule and usage-limit audits keep owning the planned codes (see checks.ts for who reports
 * what). Without the extension the other audits run as before, and this one says, in one finding that
 * is "not checked", what it could not see and how to install the extension.
 */
import type { Audit, AuditContext, AuditFinding } from '../src/audits/types.ts';
import { readOptions } from '../src/audits/options.ts';
import { resolveRule } from '../src/audits/run.ts';
import type { InventoryRead } from '../src/pipeline/inventory.ts';
import { showStoreCode } from '../src/safety/redact.ts';
import { CHECKS, CONFIGURATION_CHECKS, storeDifferences, unplanned, type CheckContext, type CheckId } from '../src/inventory/checks.ts';
import { holidaySpan, liveDuring, unplannedCampaigns } from '../src/inventory/live.ts';
import { listWords, plural } from '../src/text/words.ts';
import promotionSchedule from './promotion-schedule.ts';
import usageLimits, { OPTIONS as USAGE_OPTIONS } from './usage-limits.ts';

const INSTALL = 'install the solidus_holiday_ready extension on the store (extension/README.md, "Install it on a client\'s staging store": one line in its Gemfile, bundle install, deploy; no secret is needed for the inventory), then run the audit again';

/** Whether an audit that owns the planned codes runs for this site. */
function runs(ctx: AuditContext, audit: Audit): boolean {
  return resolveRule(ctx.site, audit).severity !== 'off' && audit.shouldRun(ctx.site);
}

/** The one finding that says what could not be seen, and how to see it. */
function notRead(read: InventoryRead | undefined, store: string, checks: CheckId[], key: string): AuditFinding {
  const list = listWords(checks.map((id) => `${id} ${CHECKS[id].what}`));
  const message = read && read.status !== 'read' ? read.message : `the inventory of ${store} was not read`;
  const action =
    read?.status === 'no-extension' ? `To see them, ${INSTALL}.`
    : read?.status === 'unsupported-engine' ? `The extension cannot read the ${read.engine} promotion engine yet (extension/README.md, "The promotion inventory": one adapter per engine); until it can, check these by hand in the store admin.`
    : 'Fix what the message says (the API key, the store\'s address), then run the audit again.';
  return {
    key, notChecked: true,
    title: `${store === 'staging' ? 'Staging\'s' : 'Production\'s'} promotion inventory could not be read: ${plural(checks.length, 'check')} did not run`,
    expected: `${store}'s promotion inventory (GET /api/holiday_ready/inventory, from the solidus_holiday_ready extension)`,
    actual: message,
    cause: `Solidus's own API cannot list promotions or show their rules and actions, so without the inventory these could not be checked: ${list}.${key === 'no-inventory' ? ' The schedule and usage-limit audits still checked the planned codes by looking each one up.' : ''}`,
    action,
  };
}

const audit: Audit = {
  id: 'promotion-inventory',
  needsInventory: true,
  title: 'Every promotion live during the holiday is set up as planned',
  failureTitle: 'Promotions live during the holiday are not set up as planned',
  recommended: 'warn',
  shouldRun: () => true,
  async run(ctx) {
    const { site } = ctx;
    const store = site.production ? 'production' : 'staging';
    const primary = ctx.inventory?.[store];
    const configuration = Object.keys(CHECKS).filter((id) => id.startsWith('C') || id === 'U1') as CheckId[];
    if (!primary || primary.status !== 'read') {
      const checks = site.production ? [...configuration, 'D1' as const] : configuration;
      return { summary: `Not checked: ${primary ? primary.message : `the inventory of ${store} was not read`}.`, findings: [notRead(primary, store, checks, 'no-inventory')] };
    }
    const inventory = primary.inventory;
    const staging = ctx.inventory?.staging;
    const usage = runs(ctx, usageLimits);
    const headroom = usage ? readOptions('usage-limits', resolveRule(site, usageLimits).options, USAGE_OPTIONS).headroom_pct : 0;
    const checkCtx: CheckContext = {
      site, store, show: (code) => showStoreCode(site, code),
      owners: { schedule: runs(ctx, promotionSchedule), usageLimits: usage, usageHeadroomPct: headroom },
      // Staging's unplanned promotions, as the API dry-run names their campaigns.
      ...(staging?.status === 'read' ? { unplanned: unplannedCampaigns(staging.inventory.promotions, site).map((u) => u.campaign) } : {}),
    };
    // The findings keep their check and promotions: runAudits reads only an AuditFinding's own keys.
    const found = CONFIGURATION_CHECKS.flatMap((check) => check(inventory, checkCtx));
    const differences = site.production && staging?.status === 'read' ? storeDifferences(inventory, staging.inventory, checkCtx) : [];
    const unreadStaging = site.production && staging?.status !== 'read' ? [notRead(staging, 'staging', ['D1'], 'no-staging-inventory')] : [];
    const extra = unplanned(inventory, checkCtx);

    const live = inventory.promotions.filter((p) => liveDuring(p, holidaySpan(site))).length;
    const parts = [
      found.length ? `${plural(found.length, 'configuration problem')}` : 'no configuration problem',
      site.production ? (differences.length ? `${plural(differences.length, 'difference')} with staging` : 'staging matches') : '',
      extra.length ? `${plural(extra.length, 'unplanned promotion')}` : 'nothing unplanned',
    ].filter(Boolean);
    return {
      summary: `${plural(inventory.promotions.length, 'promotion')} in ${store}, ${live} live during ${site.holiday.name}: ${listWords(parts)}.`,
      findings: [...found, ...differences, ...unreadStaging, ...extra],
    };
  },
};

export default audit;

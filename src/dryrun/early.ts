/**
 * The "before-start" moment (one minute before a campaign's window opens): the promotion must not
 * work yet. A code the store accepts early leaks to coupon sites before the holiday; an automatic
 * promotion that applies early gives the discount away before the campaign is announced.
 */
import type { Campaign } from '../config/types.ts';
import type { Finding } from '../findings/types.ts';
import { formatLocal } from '../text/time.ts';
import type { Check } from './expect.ts';
import type { FlowResult } from './flow.ts';
import { discountOf } from './order-view.ts';
import { formatMoney } from '../text/money.ts';
import { caseFinding, type CaseRun, type DryRunContext } from './context.ts';
import { windowOf } from './moments.ts';

/** What "not yet" means for a campaign's cart: the code is refused and gives nothing; an automatic promotion does not apply. */
export function closedChecks(campaign: Campaign, flow: FlowResult): Check[] {
  const final = flow.final!;
  if (campaign.code) {
    const accepted = !!flow.coupon?.success;
    const off = discountOf(final.codeAdjustments);
    return [{
      what: 'code',
      ok: !accepted && off <= 0,
      expected: 'the store refuses the code (the campaign has not started)',
      actual: accepted ? `the store accepted the code${off > 0 ? ` (${formatMoney(off)} off)` : ''}` : off > 0 ? `the code was refused but ${formatMoney(off)} off applies` : 'the store refused the code',
    }];
  }
  const own = final.adjustments.filter((a) => a.promotion === campaign.name && a.eligible && a.amount < 0);
  const off = discountOf(own);
  const on = own[0]?.on;
  const what: Check['what'] = on === 'shipment' ? 'shipping' : on === 'order' ? 'order' : 'items';
  return [{
    what,
    ok: own.length === 0,
    expected: `${campaign.name} does not apply yet (the campaign has not started)`,
    actual: own.length ? `${campaign.name} applies (${formatMoney(off)} off)` : `${campaign.name} does not apply`,
  }];
}

/** The finding of a campaign that works one minute before its window: "live too early". */
export function explainEarly(ctx: DryRunContext, run: CaseRun): Finding {
  const { campaign, cart, result, checks } = run;
  const { who, base } = caseFinding(ctx, run, result.coupon);
  const tz = ctx.site.holiday.timezone;
  const window = windowOf(ctx.site, campaign);
  const starts = window ? formatLocal(window.start, tz) : 'its start';
  const held = ctx.staging?.get(campaign);
  const stagingStart = held?.from === 'staging' && held.startsAt ? formatLocal(new Date(held.startsAt), tz) : undefined;
  const failed = checks.filter((c) => !c.ok);
  return {
    ...base,
    level: 'warn',
    title: `${who} is live too early: it already ${campaign.code ? 'works' : 'applies'}${result.moment ? ` ${result.moment.text}` : ''}, before the campaign starts ${starts}`,
    expected: failed.map((c) => c.expected).join(', '),
    actual: `${failed.map((c) => c.actual).join(', ')} — ${result.summary}`,
    cause:
      `One minute before the window in the site file opens, ${who} already ${campaign.code ? 'works' : 'applies'} on the ${cart.name} cart` +
      (stagingStart ? `: the promotion on staging starts ${stagingStart}.` : '.') +
      (campaign.code ? ' A code that works before the holiday leaks to coupon sites and is used before the campaign is announced.' : ' Customers get the discount before the campaign is announced.'),
    action: `Set the promotion's start date to ${starts} (${tz}) in the store admin, on staging and on production (the promotion-schedule audit reads production), then run this audit again.`,
    ...(result.moment ? { moment: result.moment } : {}),
  };
}

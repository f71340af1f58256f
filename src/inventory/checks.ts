/**
 * The configuration checks of a store's promotion inventory (C1–C10), the differences between
 * staging and production (D1) and the promotions nobody planned (U1): pure functions of the
 * inventories, the site and the moment of the run, each returning findings that name the promotion,
 * say what was expected, what the store holds, the Solidus mechanism behind it and what to change.
 * audits/promotion-inventory.ts runs them; the unit tests feed them fixture inventories.
 *
 * Overlap with the other audits (never two findings for one problem): the promotion-schedule and
 * usage-limits audits look up every planned code and own what they can see of it (its window against
 * the plan, its limits against the expected redemptions). So C2, C3 and C4 speak about a planned code
 * only where those audits are silent: C3 adds the uses so far (a limit above the expected redemptions
 * that the orders already taken bring below them), C2 a per-code limit of zero when the site file has
 * no expected redemptions (usage-limits then only says it cannot compare), and C4 the planned automatic
 * promotions, which those audits cannot look up by code. When the site turns one of those audits off,
 * the inventory owns its part for every planned promotion. C5 judges unplanned promotions only: a
 * planned one's boundaries are compared with the plan (C4, promotion-schedule), which names a slip of
 * exactly the zone's offset.
 */
import type { Campaign, Site } from '../config/types.ts';
import type { AuditFinding } from '../audits/types.ts';
import type { Inventory, InventoryAction, InventoryPromotion, InventoryRule } from '../solidus/inventory.ts';
import { windowOf } from '../dryrun/moments.ts';
import { formatMoney } from '../text/money.ts';
import { formatDuration, formatLocal, formatOffset, isUtcSlip, MINUTE, offsetMinutes } from '../text/time.ts';
import { count, listWords, plural } from '../text/words.ts';
import { campaignFor, holidaySpan, instant, liveDuring, unplannedPromotions } from './live.ts';

/** Every check, by id: its key word and what it looks for (the not-checked finding lists them). */
export const CHECKS = {
  C1: { slug: 'no-actions', what: 'promotions with no actions (they give nothing)' },
  C2: { slug: 'per-code-zero', what: 'per-code usage limits of 0 (every code refused)' },
  C3: { slug: 'usage-too-low', what: 'usage limits that the uses so far leave below the expected redemptions' },
  C4: { slug: 'window-misses-plan', what: 'planned automatic promotions whose window does not cover the plan' },
  C5: { slug: 'wrong-zone', what: 'windows entered in another time zone' },
  C6: { slug: 'other-currency', what: 'amounts and thresholds in another currency than the store\'s' },
  C7: { slug: 'contradictory-rules', what: 'rules that cannot all hold together' },
  C8: { slug: 'test-looking', what: 'test or internal promotions live during the holiday' },
  C9: { slug: 'automatic-boundary', what: 'automatic promotions that start or end during the holiday' },
  C10: { slug: 'automatic-compete', what: 'automatic promotions competing for the same items, shipment or order' },
  D1: { slug: 'store-difference', what: 'promotions that differ between staging and production' },
  U1: { slug: 'unplanned', what: 'promotions live during the holiday that the site file does not name' },
} as const;

export type CheckId = keyof typeof CHECKS;
export type StoreName = 'production' | 'staging';

/** A promotion in one store. */
export interface PromotionRef {
  store: StoreName;
  id: number;
}

/** One finding of a check: an AuditFinding with the check and the promotions it is about. */
export interface InventoryFinding extends AuditFinding {
  check: CheckId;
  promotions: PromotionRef[];
}

export interface CheckContext {
  site: Pick<Site, 'holiday' | 'campaigns' | 'allCampaigns'>;
  /** The store whose inventory the configuration checks read (production when the site names one). */
  store: StoreName;
  /** A code of the store as people may see it (masked unless public: src/safety/redact.ts showStoreCode). */
  show: (code: string) => string;
  /** Which of the audits that own planned codes run for this site (see the comment at the top). */
  owners?: { schedule?: boolean; usageLimits?: boolean; usageHeadroomPct?: number };
  /**
   * Staging's unplanned promotions as the campaigns their dry-run goes by (unplannedCampaigns): a
   * finding about one of them, in either store, names its campaign, so its standing sees the finding.
   */
  unplanned?: readonly Campaign[];
  /** How far (ms) a date may be from the plan before it counts (default one minute, as promotion-schedule). */
  toleranceMs?: number;
}

/** A configuration check: one store's inventory in, findings out. */
export type Check = (inventory: Inventory, ctx: CheckContext) => InventoryFinding[];

// ---------------------------------------------------------------------------------------------
// Keys: `<promotion>:<check>` with the promotion as its id in the checked store, `staging-<id>` in the
// other; two promotions joined by `+`. Stable across runs while the promotions exist.

const refWord = (ref: PromotionRef, primary: StoreName) => (ref.store === primary ? String(ref.id) : `${ref.store}-${ref.id}`);

export function findingKey(refs: readonly PromotionRef[], check: CheckId, primary: StoreName): string {
  return `${refs.map((r) => refWord(r, primary)).join('+')}:${CHECKS[check].slug}`;
}

/** The promotions a finding key names (the inverse of findingKey), for linking findings to the timeline. */
export function promotionsOfKey(key: string, primary: StoreName): PromotionRef[] {
  const head = key.split(':')[0];
  return head.split('+').flatMap((word): PromotionRef[] => {
    const m = /^(?:(production|staging)-)?(\d+)$/.exec(word);
    return m ? [{ store: (m[1] as StoreName | undefined) ?? primary, id: Number(m[2]) }] : [];
  });
}

// ---------------------------------------------------------------------------------------------
// Words about promotions, rules and actions.

export const shortType = (type: string) => type.split('::').pop() ?? type;

function amountWords(amount: unknown, currency: unknown): string {
  const n = Number(amount);
  if (!Number.isFinite(n)) return String(amount);
  return typeof currency === 'string' && /^[A-Z]{3}$/.test(currency) ? formatMoney(n, currency) : String(n);
}

/** What each rule Solidus ships says, in words, from its settings. */
const RULE_WORDS: Partial<Record<string, (s: InventoryRule['settings']) => string>> = {
  ItemTotal: (s) => `item total ${s.operator === 'gte' ? 'at least' : 'more than'} ${amountWords(s.amount, s.currency)}`,
  Product: (s) => `${s.match_policy ?? 'any'} of the products ${(s.products ?? []).map((p) => p.sku ?? p.name).join(', ') || '(none)'}`,
  Taxon: (s) => `${s.match_policy ?? 'any'} of the taxons ${(s.taxons ?? []).map((t) => t.permalink ?? t.name).join(', ') || '(none)'}`,
  FirstOrder: () => 'first order',
  NthOrder: (s) => `order number ${String(s.nth_order)}`,
  FirstRepeatPurchaseSince: (s) => `first order in ${String(s.days_ago)} days`,
  UserLoggedIn: () => 'signed-in customers',
  User: (s) => `${plural(s.user_count ?? 0, 'named customer')}`,
  UserRole: (s) => `customers with the role ${listWords(s.roles ?? [])}`,
  OneUsePerUser: () => 'once per customer',
};

/** "item total at least $85.00", "any of the products JKT-001, FLC-002", "first order". */
export function ruleWords(rule: InventoryRule): string {
  const s = rule.settings;
  return RULE_WORDS[shortType(rule.type)]?.(s) ?? `${shortType(rule.type)}${Object.keys(s).length ? ` (${JSON.stringify(s)})` : ''}`;
}

/** "50% off each item", "$10.00 off the order", "free shipping". */
export function actionWords(action: InventoryAction): string {
  const calc = action.calculator;
  const cs = calc?.settings ?? {};
  const amount = cs.percent !== undefined ? `${Number(cs.percent)}% off` : cs.flat_percent !== undefined ? `${Number(cs.flat_percent)}% off` : cs.amount !== undefined ? `${amountWords(cs.amount, calc?.currency)} off` : calc ? `${shortType(calc.type)} off` : 'a discount';
  switch (target(action)) {
    case 'shipment':
      return calc && cs.percent !== undefined && Number(cs.percent) < 100 ? `${amount} shipping` : 'free shipping';
    case 'items':
      return `${amount} each item`;
    case 'order':
      return `${amount} the order`;
    default:
      return shortType(action.type);
  }
}

/** What each action or benefit Solidus ships discounts (AdjustLineItem: see target). */
const TARGETS: Partial<Record<string, 'items' | 'shipment' | 'order'>> = {
  CreateItemAdjustments: 'items',
  CreateQuantityAdjustments: 'items',
  FreeShipping: 'shipment',
  CreateAdjustment: 'order',
  AdjustLineItemQuantityGroups: 'items',
  AdjustShipment: 'shipment',
};

/** What an action discounts: line items, the shipment or the order (undefined: a store's own action). */
export function target(action: InventoryAction): 'items' | 'shipment' | 'order' | undefined {
  // solidus_promotions' benefits: an amount off the order is spread over the items (DistributedAmount).
  if (shortType(action.type) === 'AdjustLineItem') return action.calculator && shortType(action.calculator.type) === 'DistributedAmount' ? 'order' : 'items';
  return TARGETS[shortType(action.type)];
}

function codeOf(p: InventoryPromotion, ctx: CheckContext, campaign = plannedCampaign(ctx, p)): string {
  if (campaign?.code) return ctx.show(campaign.code);
  if (p.apply_automatically && p.codes.count === 0) return 'automatic';
  const first = p.codes.values[0];
  if (!first) return p.codes.count ? plural(p.codes.count, 'code') : 'no code';
  return p.codes.count > 1 ? `${ctx.show(first.value)} and ${plural(p.codes.count - 1, 'other code')}` : ctx.show(first.value);
}

/** `"Spring Sale" (promotion 12 in production)`. */
const named = (p: InventoryPromotion, store: StoreName) => `"${p.name}" (promotion ${p.id} in ${store})`;

function windowWords(p: InventoryPromotion, tz: string): string {
  const a = p.starts_at ? formatLocal(new Date(p.starts_at), tz) : 'always (no start date)';
  const b = p.expires_at ? formatLocal(new Date(p.expires_at), tz) : 'never (no end date)';
  return `live from ${a} until ${b}`;
}

/**
 * A finding about a promotion (of the checked store unless `store` says otherwise) or several (code:
 * the first one's unless `rest` names it); a problem costs revenue unless `rest` says otherwise.
 */
function about(p: InventoryPromotion | InventoryPromotion[], check: CheckId, ctx: CheckContext, rest: Omit<AuditFinding, 'key' | 'campaign'>, store = ctx.store): InventoryFinding {
  const promotions = [p].flat();
  const refs = promotions.map((x) => ({ store, id: x.id }));
  return {
    key: findingKey(refs, check, ctx.store), check, promotions: refs, ...campaignOf(ctx, ...promotions),
    code: codeOf(promotions[0], ctx), ...(rest.kind === 'info' ? {} : { impact: 'revenue' as const }), ...rest,
  };
}

/**
 * The campaigns a finding about these promotions names: each one's planned campaign, else its
 * unplanned dry-run's; `campaigns` only when there are several (Finding.campaigns).
 */
function campaignOf(ctx: CheckContext, ...promotions: InventoryPromotion[]): { campaign?: string; campaigns?: string[] } {
  const names = [...new Set(promotions.map((p) => (plannedCampaign(ctx, p) ?? campaignFor(ctx.unplanned ?? [], p))?.name).filter((n): n is string => !!n))];
  return names.length ? { campaign: names[0], ...(names.length > 1 ? { campaigns: names } : {}) } : {};
}

const holidayName = (ctx: CheckContext) => ctx.site.holiday.name;
const liveInHoliday = (ctx: CheckContext) => {
  const span = holidaySpan(ctx.site);
  return (p: InventoryPromotion) => liveDuring(p, span);
};
const plannedCampaign = (ctx: CheckContext, p: InventoryPromotion) => campaignFor(ctx.site.allCampaigns ?? ctx.site.campaigns, p);
/** Each promotion live during the holiday through `find`: its finding, or undefined when there is nothing to say. */
const eachLive = (inv: Inventory, ctx: CheckContext, find: (p: InventoryPromotion) => InventoryFinding | undefined): InventoryFinding[] =>
  inv.promotions.filter(liveInHoliday(ctx)).flatMap((p) => find(p) ?? []);

// ---------------------------------------------------------------------------------------------
// C1–C10

/** C1: a promotion live during the holiday with no actions: it never gives anything. */
export const noActions: Check = (inv, ctx) =>
  inv.promotions.filter(liveInHoliday(ctx)).filter((p) => p.actions.length === 0).map((p) =>
    about(p, 'C1', ctx, {
      title: `${named(p, ctx.store)} gives nothing: it has no actions`,
      expected: `a promotion live during ${holidayName(ctx)} gives something: at least one action (an adjustment or free shipping)`,
      actual: `no actions; ${windowWords(p, ctx.site.holiday.timezone)}`,
      cause: p.apply_automatically && p.codes.count === 0
        ? 'Solidus gives a promotion\'s discount through its actions (Spree::Promotion#activate runs each one); with none, no cart ever gets anything from it.'
        : 'Solidus refuses a code whose promotion has no actions (Spree::PromotionHandler::Coupon requires promotion.actions.exists?): customers entering it are told "The coupon code you entered doesn\'t exist".',
      action: 'Add the discount the client intended in the promotion\'s Actions in the store admin, or end the promotion if it is a leftover.',
    }));

/** C2: per_code_usage_limit 0: every code is refused from the first order. */
export const perCodeZero: Check = (inv, ctx) =>
  inv.promotions.filter(liveInHoliday(ctx)).filter((p) => p.per_code_usage_limit === 0 && p.codes.count > 0).filter((p) => {
    const campaign = plannedCampaign(ctx, p);
    // usage-limits reports a per-code limit below the expected redemptions of a planned code.
    return !(campaign?.code && campaign.expectedRedemptions !== undefined && campaign.expectedRedemptions > 0 && ctx.owners?.usageLimits);
  }).map((p) =>
    about(p, 'C2', ctx, {
      title: `${named(p, ctx.store)} refuses every code: its per-code usage limit is 0`,
      expected: 'a per-code usage limit of at least 1, or none',
      actual: `per-code usage limit 0 on ${plural(p.codes.count, 'code')}`,
      cause: 'Solidus refuses a code once its uses reach the per-code usage limit (Spree::PromotionCode#usage_limit_exceeded?: uses ≥ limit); at 0 every code has reached it before its first order, so customers are told "Coupon code usage limit exceeded".',
      action: 'Clear "Per code usage limit" in the promotion\'s settings (no limit), or set it to the number of orders each code may discount.',
    }));

/** C3: usage_limit minus the uses so far is below the planned campaign's expected redemptions. */
export const usageTooLow: Check = (inv, ctx) => {
  const headroom = 1 + (ctx.owners?.usageHeadroomPct ?? 0) / 100;
  return inv.promotions.flatMap((p) => {
    const campaign = plannedCampaign(ctx, p);
    const expected = campaign?.expectedRedemptions;
    if (!campaign || expected === undefined) return [];
    // usage-limits already reports a limit below the expected redemptions (with its headroom) of a planned code.
    const owned = (limit: number) => !!campaign.code && !!ctx.owners?.usageLimits && limit < Math.ceil(expected * headroom);
    const short: string[] = [];
    const causes: string[] = [];
    if (p.usage_limit != null && !owned(p.usage_limit) && p.usage_limit - p.uses < expected) {
      const left = Math.max(0, p.usage_limit - p.uses);
      short.push(`usage limit ${count(p.usage_limit)} with ${count(p.uses)} already used: ${count(left)} left`);
      causes.push(`Solidus counts every completed order the promotion discounted against its usage limit (Spree::Promotion#usage_limit_exceeded?: uses ≥ limit), including the ${count(p.uses)} before the campaign`);
    }
    const code = campaign.code ? p.codes.values.find((c) => c.value.toLowerCase() === campaign.code!.toLowerCase()) : undefined;
    const perCode = p.per_code_usage_limit;
    if (code && perCode != null && perCode > 0 && !owned(perCode) && perCode - code.uses < expected) {
      const left = Math.max(0, perCode - code.uses);
      short.push(`per-code usage limit ${count(perCode)} with ${count(code.uses)} already used on ${ctx.show(campaign.code!)}: ${count(left)} left`);
      causes.push(`each code is counted against the per-code usage limit the same way (Spree::PromotionCode#usage_limit_exceeded?)`);
    }
    if (!short.length) return [];
    return about(p, 'C3', ctx, {
      title: `${named(p, ctx.store)} runs out before the ${count(expected)} expected orders: ${short[0].split(': ').pop()}`,
      expected: `at least ${count(expected)} uses left (the expected redemptions of "${campaign.name}")`,
      actual: listWords(short),
      cause: `${listWords(causes)}; once reached, ${p.apply_automatically && !campaign.code ? 'the promotion stops applying' : 'customers are told "Coupon code usage limit exceeded"'} for the rest of the campaign.`,
      action: `Raise the limit to at least ${count(expected)} plus the uses so far in the store admin, or remove it, after confirming with the client that it is not deliberate.`,
    });
  });
};

/** C4: a planned promotion's window does not cover its campaign's window (holiday.timezone); without a window, the holiday. */
export const windowMissesPlan: Check = (inv, ctx) => {
  const tz = ctx.site.holiday.timezone;
  const tol = ctx.toleranceMs ?? MINUTE;
  const fmt = (t: number) => formatLocal(new Date(t), tz);
  return inv.promotions.flatMap((p) => {
    const campaign = plannedCampaign(ctx, p);
    if (!campaign || (campaign.code && ctx.owners?.schedule)) return [];
    const w = windowOf(ctx.site, campaign);
    const holiday = holidaySpan(ctx.site);
    const S = w ? w.start.getTime() : holiday.from.getTime();
    const E = w ? w.last.getTime() + MINUTE : holiday.to.getTime();
    const a = instant(p.starts_at);
    const b = instant(p.expires_at);
    const misses: string[] = [];
    const actions: string[] = [];
    const slip = (t: number, planned: number) =>
      isUtcSlip(t, planned, tz, tol) ? ` (off by exactly the ${formatOffset(offsetMinutes(new Date(planned), tz))} offset of ${tz}: it was entered as UTC)` : '';
    if (a !== undefined && a > S + tol) {
      misses.push(`starts ${formatDuration(a - S)} late${slip(a, S)}`);
      actions.push(`set its start to ${fmt(S)} or earlier`);
    }
    if (b !== undefined && b < E - tol) {
      misses.push(`ends ${formatDuration(E - b)} early${slip(b, E)}`);
      actions.push(`set its end to ${fmt(E)} or later`);
    }
    if (!misses.length) return [];
    const plan = w ? `the campaign window, ${fmt(S)} until ${fmt(E)}` : `${holidayName(ctx)} (the campaign has no window: always on), ${fmt(S)} until ${fmt(E)}`;
    return about(p, 'C4', ctx, {
      title: `${named(p, ctx.store)} does not cover its planned window: it ${listWords(misses.map((m) => m.replace(/ \(.*$/, '')))}`,
      expected: `live during ${plan}`,
      actual: `${windowWords(p, tz)}: it ${listWords(misses)}`,
      cause: `Solidus applies a promotion only strictly between its start and end dates (Spree::Promotion#active?), instants the admin shows in the store's zone; outside them ${p.apply_automatically ? 'carts simply do not get it' : 'its codes are refused'} while the campaign is advertised.`,
      action: `In the store admin, ${listWords(actions)} (${tz}).`,
    });
  });
};

/** Zones whose midnight a boundary is most often typed in by mistake, after the store's own. */
const USUAL_ZONES = ['UTC', 'America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'Europe/London', 'Europe/Berlin'];

/** Local wall clock at an instant: "00:00:00". */
function wallClock(t: number, tz: string): string {
  return new Date(t + offsetMinutes(new Date(t), tz) * MINUTE).toISOString().slice(11, 19);
}
const isDayBoundary = (t: number, tz: string) => ['00:00:00', '23:59:00', '23:59:59'].includes(wallClock(t, tz));

/** C5: an unplanned promotion's start or end at midnight of another zone (typically UTC) but not of the holiday's. */
export const wrongZone: Check = (inv, ctx) => {
  const tz = ctx.site.holiday.timezone;
  const zones = [...new Set([...USUAL_ZONES, inv.store.time_zone])].filter((z) => z !== tz);
  return eachLive(inv, ctx, (p) => {
    if (plannedCampaign(ctx, p)) return undefined;
    const slips: { which: 'start' | 'end'; t: number; zone: string }[] = [];
    for (const [which, iso] of [['start', p.starts_at], ['end', p.expires_at]] as const) {
      const t = instant(iso);
      if (t === undefined || isDayBoundary(t, tz)) continue;
      const zone = zones.find((z) => isDayBoundary(t, z));
      if (zone) slips.push({ which, t, zone });
    }
    if (!slips.length) return undefined;
    const words = slips.map((s) => `${s.which === 'start' ? 'starts' : 'ends'} ${formatLocal(new Date(s.t), tz)}, ${wallClock(s.t, s.zone).startsWith('00') ? 'midnight' : 'the end of the day'} in ${s.zone}`);
    const fixes = slips.map((s) => {
      const shifted = s.t + (offsetMinutes(new Date(s.t), s.zone) - offsetMinutes(new Date(s.t), tz)) * MINUTE;
      return `set its ${s.which} to ${formatLocal(new Date(shifted), tz)}`;
    });
    return about(p, 'C5', ctx, {
      title: `${named(p, ctx.store)} ${slips[0].which === 'start' ? 'starts' : 'ends'} ${formatLocal(new Date(slips[0].t), tz)}: ${wallClock(slips[0].t, slips[0].zone).startsWith('00') ? 'midnight' : 'the end of the day'} ${slips[0].zone === 'UTC' ? 'UTC' : `in ${slips[0].zone}`}, not in ${tz}`,
      expected: `window boundaries at midnight in ${tz} (the holiday's zone), as people plan them`,
      actual: listWords(words),
      cause: `Solidus stores a promotion's dates as instants and shows them in the store's zone (${inv.store.time_zone}); a date typed as midnight in ${listWords([...new Set(slips.map((s) => s.zone))])} (an import, a script, an admin's browser in another zone) lands ${listWords(slips.map((s) => formatDuration(Math.abs(offsetMinutes(new Date(s.t), tz) - offsetMinutes(new Date(s.t), s.zone)) * MINUTE)))} off in ${tz}.`,
      action: `If the client meant midnight in ${tz}, ${listWords(fixes)} in the store admin.`,
    });
  });
};

/** C6: a calculator's or an item-total threshold's currency is not the store's. */
export const otherCurrency: Check = (inv, ctx) => {
  const currency = inv.store.currency;
  return eachLive(inv, ctx, (p) => {
    const rules = p.rules.filter((r) => typeof r.settings.currency === 'string' && r.settings.currency !== currency);
    const calcs = p.actions.filter((a) => a.calculator?.currency && a.calculator.currency !== currency);
    if (!rules.length && !calcs.length) return undefined;
    const wrong = [...rules.map((r) => `the rule "${ruleWords(r)}" is in ${r.settings.currency}`), ...calcs.map((a) => `the action "${actionWords(a)}" is in ${a.calculator!.currency}`)];
    const causes = [
      rules.length ? `an item-total rule is never eligible for an order in another currency (Spree::Promotion::Rules::ItemTotal requires order.currency == its currency), so no ${currency} order qualifies` : '',
      calcs.length ? `an amount calculator gives its amount only to orders in its own currency (e.g. Spree::Calculator::FlatRate#compute) and 0 to ${currency} orders` : '',
    ].filter(Boolean);
    return about(p, 'C6', ctx, {
      title: `${named(p, ctx.store)} is set up in ${listWords([...new Set([...rules.map((r) => String(r.settings.currency)), ...calcs.map((a) => a.calculator!.currency!)])])}, not the store's ${currency}`,
      expected: `every threshold and amount in ${currency}, the store's currency`,
      actual: listWords(wrong),
      cause: `Solidus compares currencies before amounts: ${listWords(causes)}.`,
      action: `Set the currency of ${rules.length && calcs.length ? 'the rule and the calculator' : rules.length ? 'the item-total rule' : 'the calculator'} to ${currency} in the promotion's settings.`,
    });
  });
};

/** C7: rules that cannot all hold together (Solidus requires every rule: match_policy all). */
export const contradictoryRules: Check = (inv, ctx) =>
  eachLive(inv, ctx, (p) => {
    const found: string[] = [];
    const has = (t: string) => p.rules.find((r) => shortType(r.type) === t);
    const first = has('FirstOrder');
    const nth = has('NthOrder');
    if (first && nth && Number(nth.settings.nth_order) > 1) found.push(`"first order" and "order number ${String(nth.settings.nth_order)}": a customer's first order is never their order number ${String(nth.settings.nth_order)}`);
    const repeat = has('FirstRepeatPurchaseSince');
    if (first && repeat) found.push('"first order" and "first order since …" (Spree::Promotion::Rules::FirstRepeatPurchaseSince needs an earlier completed order, FirstOrder needs none)');
    // Thresholds on the item total, as a lower and an upper bound (a store's own rules may give an upper one).
    const bounds = p.rules.map((rule) => ({ amount: Number(rule.settings.amount), op: rule.settings.operator, rule }));
    const lower = bounds.filter((b) => Number.isFinite(b.amount) && (b.op === 'gt' || b.op === 'gte'));
    const upper = bounds.filter((b) => Number.isFinite(b.amount) && (b.op === 'lt' || b.op === 'lte'));
    for (const lo of lower) {
      for (const hi of upper) {
        if (lo.amount > hi.amount || (lo.amount === hi.amount && (lo.op === 'gt' || hi.op === 'lt'))) found.push(`"${ruleWords(lo.rule)}" and "${ruleWords(hi.rule).replace('more than', 'less than').replace('at least', 'at most')}": no item total is both`);
      }
    }
    for (const r of p.rules.filter((x) => shortType(x.type) === 'Product' && (x.settings.match_policy ?? 'any') !== 'none')) {
      const products = (r.settings.products ?? []) as { sku: string | null; name: string; promotionable?: boolean }[];
      if (products.length && products.every((x) => x.promotionable === false)) {
        found.push(`"${ruleWords(r)}" names only products that are not promotionable (${listWords(products.map((x) => x.name))}): Solidus never discounts them (Spree::Promotion#blacklisted?)`);
      }
    }
    if (!found.length) return undefined;
    return about(p, 'C7', ctx, {
      title: `${named(p, ctx.store)} can never apply: its rules contradict each other`,
      expected: 'rules that some cart can satisfy all at once',
      actual: `rules: ${listWords(p.rules.map((r) => `"${ruleWords(r)}"`))}`,
      cause: `Solidus requires every rule of a legacy promotion (match policy "all"); ${listWords(found)}.`,
      action: 'Remove or correct the rule that was not meant, in the promotion\'s Rules in the store admin.',
    });
  });

const TEST_WORDS = /\b(test|testing|internal|staff|employees?|qa|do not use|don'?t use|dummy|copy of|demo|draft|delete me)\b/i;
const TEST_CODE = /(^|[^a-z])(test|qa|staff|internal|dummy|demo|employee)(?=[^a-z]|$)/i;

/** C8: a promotion that looks internal or test live during the holiday (planned ones are meant). */
export const testLooking: Check = (inv, ctx) =>
  eachLive(inv, ctx, (p) => {
    if (plannedCampaign(ctx, p) || !p.actions.length) return undefined; // a promotion without actions is C1's
    const hits: string[] = [];
    const inName = TEST_WORDS.exec(p.name);
    if (inName) hits.push(`its name says "${inName[1]}"`);
    const inDescription = p.description ? TEST_WORDS.exec(p.description) : null;
    if (inDescription) hits.push(`its description says "${inDescription[1]}"`);
    const code = p.codes.values.find((c) => TEST_CODE.test(c.value));
    if (code) hits.push(`its code ${ctx.show(code.value)} looks like a ${TEST_CODE.exec(code.value)![2].toLowerCase()} code`);
    if (!hits.length) return undefined;
    return about(p, 'C8', ctx, {
      title: `${named(p, ctx.store)} looks like a test or internal promotion and is live during ${holidayName(ctx)}`,
      expected: `only promotions meant for customers live during ${holidayName(ctx)}`,
      actual: `${listWords(hits)}; ${p.apply_automatically ? 'automatic' : 'code'}, ${windowWords(p, ctx.site.holiday.timezone)}, ${listWords(p.actions.map(actionWords))}`,
      cause: `Solidus has no notion of a test promotion: ${p.apply_automatically ? 'an automatic one applies to every real cart its rules allow' : 'its codes work for any customer who has them'}.`,
      action: `Ask the client whether customers should get it during ${holidayName(ctx)}; if not, end it before the holiday (its end date in the store admin) or delete it.`,
    });
  });

/** C9: an automatic promotion that starts or ends during the holiday. */
export const automaticBoundary: Check = (inv, ctx) => {
  const span = holidaySpan(ctx.site);
  const tz = ctx.site.holiday.timezone;
  const inside = (t: number | undefined) => t !== undefined && t > span.from.getTime() && t < span.to.getTime();
  return inv.promotions.filter((x) => x.apply_automatically && x.actions.length).flatMap((p) => {
    const a = instant(p.starts_at);
    const b = instant(p.expires_at);
    const at = [inside(a) && `starts ${formatLocal(new Date(a!), tz)}`, inside(b) && `ends ${formatLocal(new Date(b!), tz)}`].filter((x): x is string => !!x);
    if (!at.length) return [];
    return about(p, 'C9', ctx, {
      title: `Automatic ${named(p, ctx.store)} ${listWords(at)}, during ${holidayName(ctx)}`,
      expected: `automatic promotions that start before ${holidayName(ctx)} and end after it, so no cart changes total mid-checkout`,
      actual: `${windowWords(p, tz)}; it gives ${listWords(p.actions.map(actionWords))}`,
      cause: `Solidus checks automatic promotions again each time an order is recalculated (every change and every checkout step, Spree::Promotion::OrderAdjustmentsRecalculator), so carts already in checkout at that minute ${inside(b) ? 'lose the discount at their next step, after the customer saw it' : 'gain it at their next step'}${inside(a) && inside(b) ? ' (and gain it when it starts)' : ''}.`,
      action: `Confirm the timing with the client; if it must change during ${holidayName(ctx)}, pick a quiet hour and tell customer service what customers in checkout will see.`,
    });
  });
};

/** The SKUs a promotion's product rule limits its item actions to (undefined: any item). */
function itemSkus(p: InventoryPromotion): Set<string> | undefined {
  const rule = p.rules.find((r) => shortType(r.type) === 'Product' && (r.settings.match_policy ?? 'any') !== 'none');
  const products = rule?.settings.products;
  return products?.length ? new Set(products.map((x) => x.sku ?? x.name)) : undefined;
}

/**
 * C10: automatic promotions live at a common moment of the holiday whose actions discount the same
 * items, the shipment or the order. Competing promotions are grouped (two that compete, and any that
 * competes with one of them): one finding per group, so a store with many automatic promotions gets
 * one finding per set of rivals, not one per pair.
 */
export const automaticCompete: Check = (inv, ctx) => {
  const span = holidaySpan(ctx.site);
  const auto = inv.promotions.filter((p) => p.apply_automatically && p.actions.length && liveDuring(p, span));
  const WORDS = { items: 'the same items', shipment: 'the shipment', order: 'the order' } as const;
  const targets = auto.map((p) => new Set(p.actions.map(target)));
  const skus = auto.map(itemSkus);
  const group = auto.map((_, i) => i);
  const root = (i: number): number => (group[i] === i ? i : (group[i] = root(group[i])));
  const shared = new Map<number, Set<'items' | 'shipment' | 'order'>>();
  const from = new Map<number, number>();
  for (let i = 0; i < auto.length; i++) {
    for (let j = i + 1; j < auto.length; j++) {
      const [a, b] = [auto[i], auto[j]];
      const start = Math.max(instant(a.starts_at) ?? -Infinity, instant(b.starts_at) ?? -Infinity, span.from.getTime());
      const end = Math.min(instant(a.expires_at) ?? Infinity, instant(b.expires_at) ?? Infinity, span.to.getTime());
      if (start >= end) continue;
      const disjoint = skus[i] && skus[j] && ![...skus[i]!].some((s) => skus[j]!.has(s));
      const competing = (['items', 'shipment', 'order'] as const).filter((t) => targets[i].has(t) && targets[j].has(t) && !(t === 'items' && disjoint));
      if (!competing.length) continue;
      const [ri, rj] = [root(i), root(j)];
      const r = Math.min(ri, rj);
      group[Math.max(ri, rj)] = r;
      const merged = new Set([...(shared.get(ri) ?? []), ...(shared.get(rj) ?? []), ...competing]);
      shared.set(r, merged);
      from.set(r, Math.min(from.get(ri) ?? Infinity, from.get(rj) ?? Infinity, start));
    }
  }
  const members = new Map<number, InventoryPromotion[]>();
  for (let i = 0; i < auto.length; i++) {
    const r = root(i);
    if (r !== i || shared.has(r)) members.set(r, [...(members.get(r) ?? []), auto[i]]);
  }
  return [...members].filter(([, list]) => list.length > 1).map(([r, list]) => {
    const rivals = [...list].sort((x, y) => x.id - y.id);
    const what = [...(shared.get(r) ?? [])];
    const names = (n: number) => listWords([...rivals.slice(0, n).map((p) => `"${p.name}"`), ...(rivals.length > n ? [`${plural(rivals.length - n, 'other')}`] : [])]);
    const give = (p: InventoryPromotion) => `"${p.name}" gives ${listWords(p.actions.filter((x) => what.includes(target(x)!)).map(actionWords))}`;
    return about(rivals, 'C10', ctx, {
      code: 'automatic',
      title: `${rivals.length === 2 ? 'Automatic' : `${rivals.length} automatic promotions,`} ${names(3)} compete for ${listWords(what.map((t) => WORDS[t]))}: only the bigger applies`,
      expected: 'automatic promotions that add up, or that apply to different items, shipments or orders',
      actual: `${rivals.slice(0, 5).map(give).join('; ')}${rivals.length > 5 ? `; and ${plural(rivals.length - 5, 'other')}` : ''}; live together from ${formatLocal(new Date(from.get(r)!), ctx.site.holiday.timezone)}`,
      cause: 'Solidus keeps one promotion adjustment per line item, shipment and order: Spree::PromotionChooser marks every eligible promotion adjustment but the biggest as ineligible, so a cart they all apply to gets only the largest discount.',
      action: 'Ask the client whether they meant them to add up; if so, combine them into one promotion or limit each to different products; if not, nothing to change, but the smaller ones are not worth advertising on those carts.',
    });
  });
};

/** C1–C10, in order. */
export const CONFIGURATION_CHECKS: readonly Check[] = [
  noActions, perCodeZero, usageTooLow, windowMissesPlan, wrongZone, otherCurrency, contradictoryRules, testLooking, automaticBoundary, automaticCompete,
];

// ---------------------------------------------------------------------------------------------
// D1 and U1

/**
 * The same promotion in the two stores: by a shared code value, else by name (case and outer spaces
 * aside). Each promotion pairs at most once.
 */
export function pairStores(production: readonly InventoryPromotion[], staging: readonly InventoryPromotion[]): Map<InventoryPromotion, InventoryPromotion> {
  const pairs = new Map<InventoryPromotion, InventoryPromotion>();
  const taken = new Set<InventoryPromotion>();
  const byCode = new Map<string, InventoryPromotion>();
  for (const s of staging) for (const c of s.codes.values) byCode.set(c.value.toLowerCase(), s);
  const norm = (name: string) => name.trim().toLowerCase();
  const pair = (p: InventoryPromotion, s: InventoryPromotion | undefined) => {
    if (!s) return;
    pairs.set(p, s);
    taken.add(s);
  };
  for (const p of production) pair(p, p.codes.values.map((c) => byCode.get(c.value.toLowerCase())).find((x) => x && !taken.has(x)));
  const byName = new Map<string, InventoryPromotion[]>();
  for (const s of staging) if (!taken.has(s)) byName.set(norm(s.name), [...(byName.get(norm(s.name)) ?? []), s]);
  for (const p of production) if (!pairs.has(p)) pair(p, byName.get(norm(p.name))?.find((x) => !taken.has(x)));
  return pairs;
}

/** A JSON text whose object keys are sorted, for comparing settings. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(value);
}

/** What differs between a promotion in production and in staging, in words (empty when nothing). */
export function differences(p: InventoryPromotion, s: InventoryPromotion, tz: string, show: (code: string) => string): string[] {
  const out: string[] = [];
  const when = (iso: string | null) => (iso ? formatLocal(new Date(iso), tz) : 'none');
  const same = (a: string | null, b: string | null) => (a && b ? Math.abs(Date.parse(a) - Date.parse(b)) < 1000 : a === b);
  if (!same(p.starts_at, s.starts_at)) out.push(`start: production ${when(p.starts_at)}, staging ${when(s.starts_at)}`);
  if (!same(p.expires_at, s.expires_at)) out.push(`end: production ${when(p.expires_at)}, staging ${when(s.expires_at)}`);
  if (p.apply_automatically !== s.apply_automatically) out.push(`automatic: production ${p.apply_automatically ? 'yes' : 'no'}, staging ${s.apply_automatically ? 'yes' : 'no'}`);
  const rules = (x: InventoryPromotion) => x.rules.map((r) => stable(r)).sort().join('|');
  if (rules(p) !== rules(s)) out.push(`rules: production ${listWords(p.rules.map((r) => `"${ruleWords(r)}"`)) || 'none'}, staging ${listWords(s.rules.map((r) => `"${ruleWords(r)}"`)) || 'none'}`);
  const actions = (x: InventoryPromotion) => x.actions.map((a) => stable(a)).sort().join('|');
  if (actions(p) !== actions(s)) out.push(`actions: production ${listWords(p.actions.map((a) => `"${actionWords(a)}"`)) || 'none'}, staging ${listWords(s.actions.map((a) => `"${actionWords(a)}"`)) || 'none'}`);
  const limit = (n: number | null) => (n == null ? 'none' : count(n));
  if (p.usage_limit !== s.usage_limit) out.push(`usage limit: production ${limit(p.usage_limit)}, staging ${limit(s.usage_limit)}`);
  if (p.per_code_usage_limit !== s.per_code_usage_limit) out.push(`per-code usage limit: production ${limit(p.per_code_usage_limit)}, staging ${limit(s.per_code_usage_limit)}`);
  const codes = (x: InventoryPromotion) => new Set(x.codes.values.map((c) => c.value.toLowerCase()));
  const [pc, sc] = [codes(p), codes(s)];
  const onlyP = [...pc].filter((c) => !sc.has(c));
  const onlyS = [...sc].filter((c) => !pc.has(c));
  if (onlyP.length || onlyS.length || p.codes.count !== s.codes.count) {
    const list = (xs: string[]) => listWords(xs.slice(0, 3).map(show)) + (xs.length > 3 ? ` and ${plural(xs.length - 3, 'other')}` : '');
    out.push(`codes: production ${plural(p.codes.count, 'code')}${onlyP.length ? ` (${list(onlyP)} not on staging)` : ''}, staging ${plural(s.codes.count, 'code')}${onlyS.length ? ` (${list(onlyS)} not in production)` : ''}`);
  }
  return out;
}

/** D1: every promotion live during the holiday in either store that is missing from the other or differs there. */
export function storeDifferences(production: Inventory, staging: Inventory, ctx: Omit<CheckContext, 'store'>): InventoryFinding[] {
  const c: CheckContext = { ...ctx, store: 'production' };
  const tz = ctx.site.holiday.timezone;
  const live = liveInHoliday(c);
  const pairs = pairStores(production.promotions, staging.promotions);
  const paired = new Set(pairs.values());
  const base = {
    cause: 'The dry-run tests staging, but production runs its own copy of each promotion (each store keeps its promotions, rules and actions in its own database), so what passed on staging is not what customers will get.',
    impact: 'function' as const,
  };
  const inProduction = production.promotions.flatMap((p) => {
    const s = pairs.get(p);
    if (!s) {
      if (!live(p)) return [];
      return about(p, 'D1', c, {
        ...base,
        title: `${named(p, 'production')} is live during ${holidayName(c)} in production but missing on staging`,
        expected: 'the same promotion on staging, so the dry-run tries what production will run',
        actual: `production: ${windowWords(p, tz)}; staging has no promotion with its name or codes`,
        action: `Copy the promotion to staging (same rules, actions, window and codes) and run the audit again, so the dry-run sees it.`,
      });
    }
    const diff = live(p) || live(s) ? differences(p, s, tz, ctx.show) : [];
    if (!diff.length) return [];
    return about(p, 'D1', c, {
      ...base,
      title: `${named(p, 'production')} differs on staging (promotion ${s.id}): ${listWords(diff.map((d) => d.split(':')[0]))}`,
      expected: 'the same window, rules, actions, limits and codes in both stores',
      actual: diff.join('; '),
      action: 'Make staging\'s copy match production\'s (or the other way round, whichever the client confirms is right), then run the audit again.',
    });
  });
  const onlyOnStaging = staging.promotions.filter((s) => !paired.has(s) && live(s)).map((s) =>
    about(s, 'D1', c, {
      ...base,
      title: `"${s.name}" (promotion ${s.id} on staging) is live during ${holidayName(c)} on staging but missing in production`,
      expected: 'the same promotion in production, where customers are',
      actual: `staging: ${windowWords(s, tz)}; production has no promotion with its name or codes`,
      cause: 'The dry-run found it on staging, but production does not have it: customers will not get it, and dry-run results that count on it do not hold in production.',
      action: 'Create it in production if the client wants it for the holiday; otherwise delete it from staging so the dry-run matches production.',
    }, 'staging'));
  return [...inProduction, ...onlyOnStaging];
}

/** U1: every promotion live during the holiday that the site file does not name (info). */
export const unplanned: Check = (inv, ctx) =>
  unplannedPromotions(inv, ctx.site).map((p) =>
    about(p, 'U1', ctx, {
      kind: 'info',
      title: `${named(p, ctx.store)} is live during ${holidayName(ctx)} and the site file does not plan it`,
      expected: `every promotion live during ${holidayName(ctx)} planned in the site file (a campaign naming its code or its name)`,
      actual: `${p.apply_automatically ? 'automatic' : plural(p.codes.count, 'code')}; ${windowWords(p, ctx.site.holiday.timezone)}; ${p.actions.length ? listWords(p.actions.map(actionWords)) : 'no actions'}${p.rules.length ? `; rules: ${listWords(p.rules.map((r) => `"${ruleWords(r)}"`))}` : ''}`,
      cause: p.apply_automatically
        ? 'Solidus applies an automatic promotion to every cart its rules allow, beside the planned campaigns (and it can block or outweigh them).'
        : 'Its codes work for anyone who has them during the holiday, beside the planned campaigns.',
      action: `Ask the client whether it should run during ${holidayName(ctx)}: add it to the site file as a campaign (with carts and what they should get), or end it before the holiday. Its dry-run results, if any, are with the API dry-run's.`,
    }));

/**
 * Why Solidus did what it did on a dry-run's order, read from the mechanism: the order's promotion
 * adjustments (eligible or not, on which line item, shipment or order), Solidus's own answers (its
 * coupon messages and error bodies) and the promotion's rules and actions from staging's inventory
 * (extension/, src/solidus/inventory.ts). Every finding of the API dry-run takes its cause and its
 * advice from here, so the advice follows the mechanism: an exclusivity rule is only mentioned when
 * Solidus's answer or the promotion's rules show one.
 *
 * The mechanisms (Solidus 4.6, legacy promotions):
 * - one promotion adjustment per line item, shipment and order: Spree::PromotionChooser keeps the
 *   biggest eligible one and marks the others ineligible;
 * - Spree::Promotion::Rules::ItemTotal compares order.item_total, the items before any discount, with
 *   its amount by its operator (gt: more than, gte: at least);
 * - Spree::Promotion::Actions::FreeShipping discounts shipments, which exist only once the order
 *   leaves the delivery step;
 * - Spree::Promotion#blacklisted?: an order holding a product that is not promotionable is eligible
 *   for no promotion at all (the coupon handler answers coupon_code_not_eligible);
 * - every rule must hold (legacy promotions: match policy all); the coupon handler answers with the
 *   first failing rule's message and error code;
 * - Spree::PromotionHandler::Coupon answers coupon_code_not_found for a code whose promotion has no
 *   actions or has not started yet.
 *
 * And on Solidus's new engine, solidus_promotions 4.6 (the inventory names it, `engine`, with each
 * promotion's `lane` and its benefits' conditions; src/dryrun/engine-of.ts):
 * - promotions apply lane by lane (pre, default, post: SolidusPromotions::OrderAdjuster), each lane
 *   on what the earlier ones left; within a lane the best discount per item or shipment wins;
 * - an order condition (a store's "site exclusive" among them) is checked once per lane and sees
 *   only the discounts earlier lanes chose;
 * - a benefit applies when every one of its conditions holds; an amount off the order is an
 *   AdjustLineItem benefit with a DistributedAmount calculator, spread over the items.
 */
import type { AdjustmentView } from '../findings/types.ts';
import type { Campaign } from '../config/types.ts';
import type { InventoryPromotion, InventoryRule } from '../solidus/inventory.ts';
import { SolidusError } from '../solidus/client.ts';
import { actionWords, ruleWords, target } from '../inventory/checks.ts';
import { campaignFor } from '../inventory/live.ts';
import { formatMoney } from '../text/money.ts';
import { listWords } from '../text/words.ts';
import { quoteCoupon, type CouponOutcome, type FlowResult } from './flow.ts';
import type { OrderView } from './order-view.ts';
import { notPromotionable, type VariantInfo } from './catalog.ts';

const shortType = (type: string) => type.split('::').pop() ?? type;
const PLACE = { item: 'line item', shipment: 'shipment', order: 'order' } as const;

/** A finding's words from the mechanism: its title (when the mechanism names the case better), cause and advice. */
export interface Mechanism {
  title?: string;
  cause: string;
  action: string;
}

/** What the causes are read from. */
export interface CauseInput {
  campaign: Campaign;
  /** The cart's name. */
  cart: string;
  /** The code as shown (masked when secret), or the campaign's name for an automatic promotion. */
  who: string;
  flow: FlowResult;
  /** The campaign's promotion on staging (promotionOf), when the inventory was read. */
  promotion?: InventoryPromotion;
  /** Every promotion of staging's inventory, to explain another one's part. */
  promotions?: readonly InventoryPromotion[];
  /** The cart's items as the catalog knows them (names, whether they are promotionable). */
  items: readonly VariantInfo[];
  currency: string;
}

/** The staging promotion a campaign names (by its code, else by its name): campaignFor, the other way round. */
export function promotionOf(campaign: Campaign, promotions: readonly InventoryPromotion[] | undefined): InventoryPromotion | undefined {
  return promotions?.find((p) => campaignFor([campaign], p) === campaign);
}

/** "its item total rule (item total more than $85.00)" */
export const ruleName = (rule: InventoryRule): string => `its ${shortType(rule.type)} rule (${ruleWords(rule)})`;

/** The cart's items Solidus never discounts (the catalog's notPromotionable). */
export const notPromotionableItems = (items: readonly VariantInfo[]) => items.filter((v) => notPromotionable(v.name));

/**
 * Item-total rules that the order's item total (before discounts) fails, with the words saying so:
 * "its ItemTotal rule (item total more than $85.00) fails: the items come to $85.00 before discounts, not more than $85.00".
 */
export function failingThresholds(p: InventoryPromotion | undefined, order: OrderView, currency: string): string[] {
  const itemTotal = order.totals.itemTotal;
  return (p?.rules ?? []).filter((rule) => shortType(rule.type) === 'ItemTotal').flatMap((rule) => {
    const amount = Number(rule.settings.amount);
    const gte = rule.settings.operator === 'gte';
    if (gte ? itemTotal >= amount - 1e-9 : itemTotal > amount + 1e-9) return [];
    return [`${ruleName(rule)} fails: the items come to ${formatMoney(itemTotal, currency)} before discounts, ${gte ? 'less than' : 'not more than'} ${formatMoney(amount, currency)}` +
      (!gte && Math.abs(itemTotal - amount) < 0.005 ? ` ("over ${formatMoney(amount, currency).replace(/\.00$/, '')}" in Solidus means more than ${formatMoney(amount, currency)}, operator gt: a cart of exactly ${formatMoney(amount, currency)} does not qualify)` : '')];
  });
}

/** The rule a coupon error code belongs to (Solidus's rules' eligibility error codes). */
const RULE_OF_ERROR: Record<string, string[]> = {
  item_total_less_than: ['ItemTotal'],
  item_total_less_than_or_equal: ['ItemTotal'],
  item_total_doesnt_match_with_operator: ['ItemTotal'],
  no_applicable_products: ['Product'],
  has_excluded_product: ['Product'],
  missing_product: ['Product'],
  no_matching_taxons: ['Taxon'],
  has_excluded_taxon: ['Taxon'],
  missing_taxon: ['Taxon'],
  no_user_specified: ['User', 'UserLoggedIn', 'FirstOrder', 'UserRole', 'OneUsePerUser', 'NthOrder', 'FirstRepeatPurchaseSince'],
  no_user_or_email_specified: ['FirstOrder', 'OneUsePerUser'],
  not_first_order: ['FirstOrder'],
  user_not_logged_in: ['UserLoggedIn'],
  no_matching_user: ['User'],
  no_matching_role: ['UserRole'],
  already_used: ['OneUsePerUser'],
  limit_once_per_user: ['OneUsePerUser'],
  site_exclusive: ['SiteExclusive'],
  wrong_store: ['Store'],
  missing_option_values: ['OptionValue'],
};

/** How the rules that look at the customer decide (Solidus 4.6, legacy promotions), said after the failing rule. */
const CUSTOMER_RULE: Record<string, string> = {
  FirstOrder: 'Solidus looks for completed orders of the signed-in user, or else of the order\'s e-mail, and this customer has one (Spree::Promotion::Rules::FirstOrder)',
  OneUsePerUser: 'Solidus looks for a completed order of the signed-in user with an eligible adjustment of this promotion, and this user has one (Spree::Promotion#used_by?); a guest checkout is refused outright',
  UserLoggedIn: 'the order has no signed-in user: a guest checkout never gets this code (Spree::Promotion::Rules::UserLoggedIn)',
};

/** Solidus's own words in an error answer (its `error` and each of its `errors`), quoted. */
export function solidusMessage(error: unknown): string | undefined {
  if (!(error instanceof SolidusError)) return undefined;
  const body = error.body as { error?: unknown; errors?: unknown; exception?: unknown } | undefined;
  if (!body || typeof body !== 'object') return undefined;
  const words: string[] = [];
  if (typeof body.error === 'string') words.push(body.error);
  if (body.errors && typeof body.errors === 'object') {
    for (const v of Object.values(body.errors as Record<string, unknown>)) for (const m of [v].flat()) if (typeof m === 'string') words.push(m);
  }
  if (!words.length && typeof body.exception === 'string') words.push(body.exception);
  return words.length ? `Solidus answered ${error.status} to ${error.method} ${error.path.replace(/\/[A-Z]\d{6,}/, '/…')}: ${words.map((w) => `“${w}”`).join(' ')}` : undefined;
}

/** A code Solidus refused: which rule, limit or setting, from its answer and the promotion. */
export function refusal(input: CauseInput, coupon: CouponOutcome): Mechanism {
  const { promotion: p, who, currency } = input;
  const quoted = `${quoteCoupon(coupon)}.`;
  const final = input.flow.final!;
  const status = coupon.statusCode ?? '';
  const named = p ? `"${p.name}" (promotion ${p.id} on staging)` : `the promotion behind ${who}`;
  // With steps, the rules are read on the cart the code went in on, not the one the steps made of it.
  const entered = input.flow.codeEntry ? { ...final, totals: input.flow.codeEntry.totals } : final;
  const cart = input.flow.final ? ` on a cart of ${formatMoney(entered.totals.itemTotal, currency)}` : '';
  if (status === 'coupon_code_not_found' && p && p.actions.length === 0) {
    return {
      title: `${who} is reported as missing: its promotion has no actions`,
      cause: `${quoted} Staging has ${named} with this code, but it has no actions, and Solidus answers a code whose promotion has no actions as if the code did not exist (Spree::PromotionHandler::Coupon).`,
      action: `Add to ${named} the action it should have (the discount the campaign promises), on staging and on production, then run this audit again.`,
    };
  }
  if (status === 'coupon_code_not_found' && p && p.actions.length) {
    // Not ended (that is coupon_code_expired) and has actions: it is not active yet at this moment.
    return {
      cause: `${quoted} Staging has ${named} with this code, but it has not started at the moment of this cart${p.starts_at ? ` (it starts ${p.starts_at})` : ''}, and Solidus answers a code of a promotion that is not active as if it did not exist.`,
      action: `If the code should work at this moment, move the start of ${named}; otherwise nothing.`,
    };
  }
  if (status === 'coupon_code_max_usage') {
    const limits = p ? [p.usage_limit !== null ? `usage limit ${p.usage_limit} (${p.uses} used)` : '', p.per_code_usage_limit !== null ? `per-code limit ${p.per_code_usage_limit}` : ''].filter(Boolean) : [];
    return {
      cause: `${quoted} ${limits.length ? `${named} has a ${listWords(limits)}: ` : ''}Solidus counts completed orders with an eligible adjustment of the promotion against its limits and refuses the code once they are reached.`,
      action: `Raise the usage limit of ${named} (or the per-code limit) before the code is announced.`,
    };
  }
  if (status === 'coupon_code_expired') {
    return { cause: `${quoted} ${named} has ended${p?.expires_at ? ` (${p.expires_at})` : ''}.`, action: `Move the end of ${named} to the end of the campaign.` };
  }
  const beat = rivalOf(final.adjustments.filter((a) => a.promotion === (p?.name ?? '')), final.adjustments);
  if (beat) {
    // coupon_code_better_exists: the code's adjustments were made, and another promotion's was bigger.
    const m = bigger(input, beat, `"${p!.name}"`, 'is refused');
    return { ...m, cause: `${quoted} ${m.cause}` };
  }
  const blocked = notPromotionableItems(input.items);
  if (status === 'coupon_code_not_eligible' && blocked.length) {
    return nonPromotionable(input, blocked, quoted);
  }
  const ruleTypes = RULE_OF_ERROR[status];
  const rule = ruleTypes && p?.rules.find((r) => ruleTypes.includes(shortType(r.type)));
  if (rule) {
    const exclusive = shortType(rule.type) === 'SiteExclusive';
    const threshold = failingThresholds({ ...p!, rules: [rule] }, entered, currency)[0];
    const later = refusedThenHolds(input, rule, entered);
    const customer = CUSTOMER_RULE[shortType(rule.type)];
    return {
      cause: `${quoted} Every rule of ${named} must hold${cart}, and ${threshold ?? `${ruleName(rule)} does not`}${customer ? `: ${customer}` : ''}.${later ? ` ${later.cause}` : ''}`,
      action: later ? later.action : exclusive
        ? `Let ${who} combine with the other promotions (remove the "site exclusive" rule of ${named}), or tell customers it does not combine. Then run this audit again.`
        : customer
          ? `If this customer should get ${who}, change ${ruleName(rule).replace(/^its/, 'the')} of ${named}; if the plan is that they should not, write code: rejected in this cart's expect in the site file.`
          : `If this cart should get ${who}, change ${ruleName(rule).replace(/^its/, 'the')} of ${named}; if it should not, change the cart's expectation in the site file.`,
    };
  }
  return {
    cause: `${quoted}${p ? ` ${named} has ${p.rules.length ? `the rules ${listWords(p.rules.map((r) => ruleWords(r)))}` : 'no rules'} and the actions ${listWords(p.actions.map(actionWords)) || '(none)'}.` : ''}`,
    action: `Solidus's answer names the reason: change ${named} accordingly before the code is announced.`,
  };
}

/**
 * A code refused on an item-total threshold, whose cart the steps then took over it without the code
 * going in again: Solidus keeps no refused code on the order (Spree::PromotionHandler::Coupon
 * activates a promotion only when it is eligible), so the customer must enter it again.
 */
function refusedThenHolds(input: CauseInput, rule: InventoryRule, entered: OrderView): Mechanism | undefined {
  const { flow, who, currency } = input;
  const final = flow.final;
  if (!flow.steps?.length || !final || flow.codeAccepted || shortType(rule.type) !== 'ItemTotal') return undefined;
  if (failingThresholds({ ...input.promotion!, rules: [rule] }, final, currency).length || final.totals.itemTotal === entered.totals.itemTotal) return undefined;
  return {
    cause: `After the steps (${flow.steps.map((s) => s.step).join(', then ')}) the items come to ${formatMoney(final.totals.itemTotal, currency)} and the rule holds, but Solidus keeps no refused code on the order (Spree::PromotionHandler::Coupon adds a promotion only when it is eligible): the code gives nothing until the customer enters it again.`,
    action: `Customers who fill their cart after ${who} was refused must enter it again: say so where the code is announced (or show the minimum on the cart page). To try that, add \`- code: ${who}\` after the other steps of this cart in the site file.`,
  };
}

/**
 * A code accepted on the cart, whose discount a later step took away: the step after which the
 * discount was gone, and the rule that failed from then on. Solidus checks every rule again on each
 * change to the order and marks the code's adjustments ineligible, the code staying on the order.
 */
function lostAfterStep(input: CauseInput): string | undefined {
  const { flow, currency } = input;
  if (!flow.steps?.length || !flow.coupon?.success) return undefined;
  let before = flow.codeEntry?.totals ?? flow.cart?.totals;
  for (const step of flow.steps) {
    if (before && before.promoTotal < 0 && step.totals && step.totals.promoTotal === 0) {
      return `The code was accepted on a cart of ${formatMoney(before.itemTotal, currency)} (${formatMoney(-before.promoTotal, currency)} off); after the step “${step.step}” the items come to ${formatMoney(step.totals.itemTotal, currency)} and the discount is gone: Solidus checks every rule again on each change to the order and marks the code's adjustment ineligible, while the code stays on the order.`;
    }
    before = step.totals ?? before;
  }
  return undefined;
}

/** An order holding an item Solidus never discounts: no promotion applies to it at all. */
function nonPromotionable(input: CauseInput, blocked: readonly VariantInfo[], quoted = ''): Mechanism {
  const names = listWords(blocked.map((v) => `${v.name} (${v.sku})`));
  return {
    cause: `${quoted ? `${quoted} ` : ''}The cart holds ${names}, which is not promotionable: Solidus switches off every promotion on an order holding such an item (Spree::Promotion#blacklisted?), ${input.campaign.code ? 'codes' : 'automatic promotions'} included, whatever the other items are.`,
    action: `Tell customers that ${input.who} does not apply to orders with ${names} (or make it promotionable in the store admin if it should count); otherwise change this cart in the site file.`,
  };
}

/** The rival that took the place of `own` on the same line item, shipment or order, if any. */
export function rivalOf(own: readonly AdjustmentView[], adjustments: readonly AdjustmentView[]): { own: AdjustmentView; rival: AdjustmentView } | undefined {
  for (const o of own) {
    if (o.eligible) continue;
    const rival = adjustments.find((a) => a.eligible && a.amount < 0 && a.promotion !== o.promotion && a.on === o.on && (a.on !== 'item' || a.sku === o.sku));
    if (rival) return { own: o, rival };
  }
  return undefined;
}

/** "another promotion was bigger on that line item": Spree::PromotionChooser keeps one adjustment per line item, shipment and order. */
export function beaten(own: AdjustmentView, rival: AdjustmentView, currency: string): string {
  const where = own.on === 'item' ? `the ${own.sku} line item` : `the ${PLACE[own.on]}`;
  return `On ${where}, ${rival.label} takes ${formatMoney(-rival.amount, currency)} off` +
    `${own.amount < 0 ? ` and ${own.label} would take ${formatMoney(-own.amount, currency)} (${formatMoney(own.amount - rival.amount, currency)} less)` : ''}: ` +
    `Solidus keeps only the biggest promotion adjustment per line item, shipment and order (Spree::PromotionChooser) and marks the other ineligible.`;
}

/** solidus_promotions' lanes in the order its order adjuster applies them. */
const LANE_ORDER = ['pre', 'default', 'post'];
const LANES_APPLY = 'solidus_promotions applies its lanes one after another (pre, default, post), each on what the earlier lanes left, and keeps the best discount per item or shipment only within a lane';
const laneRank = (p: InventoryPromotion) => (LANE_ORDER.includes(p.lane ?? '') ? LANE_ORDER.indexOf(p.lane!) : LANE_ORDER.length);

/** "AdjustLineItem with Percent (30% off each item) under the condition Taxon (any of the taxons categories/home)". */
export function benefitWords(p: InventoryPromotion): string {
  return listWords(p.actions.map((a) => {
    const conditions = a.conditions ?? [];
    const condition = (c: InventoryRule) => (ruleWords(c) === shortType(c.type) ? shortType(c.type) : `${shortType(c.type)} (${ruleWords(c)})`);
    return `${shortType(a.type)}${a.calculator ? ` with ${shortType(a.calculator.type)}` : ''} (${actionWords(a)})` +
      `${conditions.length ? ` under the condition${conditions.length > 1 ? 's' : ''} ${listWords(conditions.map(condition))}` : ''}`;
  })) || 'no benefits';
}

/**
 * A code whose promotion has a "site exclusive" order condition, displaced on solidus_promotions:
 * the condition sees the discounts of earlier lanes, and `blocker`'s lane came first.
 */
function exclusiveInLanes(input: CauseInput, blocker: AdjustmentView, condition: InventoryRule | undefined, words: { once: string; late: string; tail: string }): Mechanism {
  const p = input.promotion!;
  const other = input.promotions?.find((x) => x.name === blocker.promotion);
  const cond = condition ? shortType(condition.type) : 'site exclusive';
  const named = `"${p.name}"`;
  const before = other?.lane ? `in the ${other.lane} lane, which the engine applies ${laneRank(other) < laneRank(p) ? 'before' : 'no later than'} the ${p.lane} lane` : 'applied before it';
  return {
    cause:
      `${words.once}the engine keeps no adjustment for the code: ${named} is in the ${p.lane} lane, its benefit is ${benefitWords(p)}, and the ${cond} condition ` +
      `fails as soon as a promotion of an earlier lane discounts the order's items or shipments; ${blocker.promotion} is ${before}. ${LANES_APPLY}.${words.late}${words.tail}`,
    action:
      `Before ${input.who} is emailed: let it combine with ${blocker.promotion} (remove the ${cond} condition from ${named}'s benefit), ` +
      `or put ${blocker.promotion} in the ${p.lane} lane or a later one (the condition only sees the discounts of earlier lanes), or tell customers the code does not work on carts ${blocker.promotion} applies to. Then run this audit again.`,
  };
}

/**
 * More off than planned on solidus_promotions because the campaign's promotion and another one
 * discount the same items from different lanes: the later lane applies on what the earlier one
 * left, so the customer gets both. Undefined when that is not what happened (or on the legacy engine).
 */
export function laneStacking(input: Pick<CauseInput, 'flow' | 'promotion' | 'promotions' | 'who' | 'currency'>): Mechanism | undefined {
  const { flow, promotion: p, who, currency } = input;
  const final = flow.final;
  if (!final || !p?.lane) return undefined;
  const own = final.adjustments.filter((a) => a.eligible && a.amount < 0 && a.promotion === p.name);
  const same = (a: AdjustmentView, o: AdjustmentView) => a.on === o.on && (a.on !== 'item' || a.sku === o.sku);
  const rivalAdjustment = final.adjustments.find((a) => a.eligible && a.amount < 0 && a.promotion !== p.name && own.some((o) => same(a, o)) &&
    (input.promotions?.find((x) => x.name === a.promotion)?.lane ?? p.lane) !== p.lane);
  if (!rivalAdjustment) return undefined;
  const rival = input.promotions!.find((x) => x.name === rivalAdjustment.promotion)!;
  const mine = own.find((o) => same(rivalAdjustment, o))!;
  const [first, firstOff, second, secondOff] = laneRank(rival) < laneRank(p) ? [rival, rivalAdjustment, p, mine] : [p, mine, rival, rivalAdjustment];
  const where = mine.on === 'item' ? `the ${mine.sku} line item` : `the ${PLACE[mine.on]}`;
  const fmt = (n: number) => formatMoney(n, currency);
  return {
    cause:
      `On solidus_promotions "${p.name}" is in the ${p.lane} lane and ${rival.name} in the ${rival.lane} lane: ${LANES_APPLY}. ` +
      `So on ${where}, ${first.name} (${first.lane} lane) takes ${fmt(-firstOff.amount)} off, then ${second.name} (${second.lane} lane) takes ${fmt(-secondOff.amount)} off what is left: ` +
      `the customer gets both, ${fmt(-(firstOff.amount + secondOff.amount))} off in all. Benefits: "${p.name}": ${benefitWords(p)}; ${rival.name}: ${benefitWords(rival)}.`,
    action:
      `If ${who} is meant to replace ${rival.name} rather than add to it, put "${p.name}" in the ${rival.lane} lane, where only the better of the two applies to each item ` +
      `(or give ${rival.name} a condition that excludes carts with ${who}); if both together are meant, write the plan as the total off ("discount:" or "at least") in the site file. Then run this audit again.`,
  };
}

const FREE_SHIPPING_LATE = 'Free shipping attaches only when the order leaves the delivery step (it discounts the shipment, which the order has only from then on), so the cart did not show it and the payment step does.';

/** A code accepted in the cart whose discount is gone at the last step, with `blocker` in its place. */
export function displaced(input: CauseInput, blocker: AdjustmentView, boundary: string | undefined): Mechanism {
  const { flow, promotion: p, who } = input;
  const final = flow.final!;
  const lost = flow.cart && -flow.cart.totals.promoTotal > 0;
  const recheck = flow.recheck ? ` Entering the code again at the ${flow.stepReached} step: ${quoteCoupon(flow.recheck)}.` : '';
  const exclusiveRule = p?.rules.find((r) => shortType(r.type) === 'SiteExclusive');
  const exclusive = flow.recheck?.statusCode === 'site_exclusive' || !!exclusiveRule;
  const late = blocker.on === 'shipment' ? ` ${FREE_SHIPPING_LATE}` : '';
  const threshold = thresholdOf(blocker.promotion, input);
  const bound = boundary ? ` ${boundary[0].toUpperCase()}${boundary.slice(1)}.` : '';
  const named = p ? `"${p.name}"` : `the promotion behind ${who}`;
  const chooser = rivalOf(final.codeAdjustments, final.adjustments);
  const once = `${lost ? 'The code is accepted in the cart, but once' : 'Once'} ${blocker.label} applies to the order (its ${blocker.on === 'shipment' ? 'shipping' : blocker.on} adjustment is present and eligible), `;
  if (exclusive && p?.lane) return exclusiveInLanes(input, blocker, exclusiveRule, { once, late, tail: `${threshold}${recheck}${bound}` });
  if (exclusive) {
    // Without the inventory, the new engine is told by its adjustments' source: a condition, lanes.
    const lanes = final.engine === 'solidus_promotions';
    const kind = lanes ? 'condition' : 'rule';
    return {
      cause:
        `${once}the code's own adjustments are ${final.codeAdjustments.length ? 'ineligible' : 'gone'}: ${named} has a "site exclusive" ${kind}, so it does not combine with another promotion.` +
        `${lanes ? ` On solidus_promotions such an order condition sees the discounts of earlier lanes: ${LANES_APPLY}.` : ''}${late}${threshold}${recheck}${bound}`,
      action:
        `Before ${who} is emailed: let it combine with ${blocker.promotion} (remove the "site exclusive" ${kind} of ${named}), ` +
        `or change ${blocker.promotion}${lanes ? ` (or its lane)` : ''}, or tell customers the code does not work on carts it applies to. Then run this audit again.`,
    };
  }
  if (chooser) {
    const m = bigger(input, chooser, named, 'gives no discount');
    return { ...m, cause: `${m.cause}${recheck}${bound}` };
  }
  return {
    cause: `${lost ? 'The code is accepted in the cart, but at' : 'At'} the ${flow.stepReached} step its adjustments are ${final.codeAdjustments.length ? 'ineligible' : 'gone'} while ${blocker.label} applies.${late}${threshold}${recheck}${bound}`,
    action: `Read Solidus's answer above and the rules of ${named} and ${blocker.promotion}; change the one that should give way, then run this audit again.`,
  };
}

/** " Its ItemTotal rule (…) reads the item total before discounts: $120.00, although …" for a promotion named in an adjustment. */
function thresholdOf(promotionName: string, input: CauseInput): string {
  const other = input.promotions?.find((x) => x.name === promotionName);
  const rule = other?.rules.find((r) => shortType(r.type) === 'ItemTotal');
  const final = input.flow.final!;
  if (!rule) return '';
  const paidItems = final.totals.itemTotal + final.totals.itemDiscount;
  return ` ${promotionName} has an ItemTotal ${other?.lane ? 'condition' : 'rule'} (${ruleWords(rule)}), which Solidus reads on the item total before discounts (${formatMoney(final.totals.itemTotal, input.currency)}` +
    `${paidItems < final.totals.itemTotal - 0.005 ? `, although the customer pays ${formatMoney(paidItems, input.currency)} for the items` : ''}).`;
}

/** The campaign's own adjustments on the order: its code's, or (automatic) its promotion's. */
export function ownAdjustments(input: Pick<CauseInput, 'campaign' | 'promotion'>, order: OrderView): AdjustmentView[] {
  const name = input.promotion?.name ?? input.campaign.name;
  return input.campaign.code ? order.codeAdjustments : order.adjustments.filter((a) => a.promotion === name);
}

/**
 * More off than planned because a bigger promotion took the place of the campaign's own on a line
 * item, shipment or order (Spree::PromotionChooser): which, by how much, and the advice. Undefined
 * when nothing took its place (the extra adds to it, or the campaign itself gives more).
 */
export function replacedBy(input: CauseInput): Mechanism | undefined {
  const final = input.flow.final!;
  const chooser = rivalOf(ownAdjustments(input, final), final.adjustments);
  return chooser && bigger(input, chooser, `"${input.promotion?.name ?? input.campaign.name}"`);
}

/** A bigger promotion in the place of the campaign's own (`named`) and the advice; titled "<who> <verb> on the … cart" with a `verb`. */
function bigger(input: CauseInput, { own, rival }: NonNullable<ReturnType<typeof rivalOf>>, named: string, verb?: string): Mechanism {
  const who = input.who;
  return {
    ...(verb ? { title: `${who} ${verb} on the ${input.cart} cart: ${rival.label} is bigger on the same ${PLACE[own.on]}` } : {}),
    cause: beaten(own, rival, input.currency),
    action: `If customers ${input.campaign.code ? `holding ${who}` : 'of this cart'} should get more than ${rival.promotion} gives, raise ${named}'s discount above it (or lower ${rival.promotion}'s); otherwise say in the emails that ${who} does not add to ${rival.promotion}.`,
  };
}

/**
 * A case whose discounts differ from the plan without a code refusal or a displaced code: the
 * automatic promotions, and codes that apply differently. Says what Solidus did and why.
 */
export function differs(input: CauseInput, expected: string[]): Mechanism {
  const { flow, promotion: p, who, currency, campaign } = input;
  const final = flow.final!;
  const named = p ? `"${p.name}" (promotion ${p.id} on staging)` : `the promotion behind ${who}`;
  const ownName = p?.name ?? campaign.name;
  const own = ownAdjustments(input, final);
  const why: string[] = [];
  let action = `Compare the rules and actions of ${named} with the plan for ${campaign.name}, then run this audit again.`;
  const blocked = notPromotionableItems(input.items);
  const chooser = rivalOf(own, final.adjustments);
  const thresholds = failingThresholds(p, final, currency);
  if (!own.some((a) => a.eligible) && blocked.length) {
    const m = nonPromotionable(input, blocked);
    why.push(m.cause);
    action = m.action;
  } else if (chooser) {
    why.push(beaten(chooser.own, chooser.rival, currency));
    action = `If this cart should get ${campaign.name}'s discount, make it bigger than ${chooser.rival.promotion}'s on these items (or narrow ${chooser.rival.promotion}'s rules); otherwise change the cart's expectation in the site file.`;
  } else if (!own.some((a) => a.eligible) && thresholds.length) {
    const lost = lostAfterStep(input);
    if (lost) why.push(lost);
    why.push(`Every rule of ${named} must hold, and ${thresholds.join('; ')}.`);
    action = `If "${campaign.name}" should apply to this cart, change the rule of ${named} (amount or "more than"/"at least"); otherwise correct the cart's expectation in the site file.`;
  } else if (!own.length && p) {
    const rules = p.rules.filter((r) => shortType(r.type) !== 'ItemTotal');
    if (!p.actions.length) why.push(`${named} has no actions, so it never gives anything.`);
    else if (rules.length) why.push(`Solidus gave ${named} no adjustment: every rule must hold, so one of ${listWords(rules.map(ruleName))} does not on this cart.`);
  } else if (own.length && p) {
    why.push(`Solidus applied ${named}, whose actions are ${listWords(p.actions.map(actionWords))}${p.rules.length ? ` under the rules ${listWords(p.rules.map((r) => ruleWords(r)))}` : ''}.`);
    const rule = p.rules.find((r) => shortType(r.type) === 'ItemTotal');
    if (rule && final.totals.itemDiscount) why.push(`Its ItemTotal rule (${ruleWords(rule)}) reads the item total before discounts: ${formatMoney(final.totals.itemTotal, currency)}${final.totals.itemDiscount ? `, although the customer pays ${formatMoney(final.totals.itemTotal + final.totals.itemDiscount, currency)} for the items after ${formatMoney(-final.totals.itemDiscount, currency)} off` : ''}.`);
    action = `If the plan is right, change the ${rule ? 'rule or ' : ''}actions of ${named}; if the store is right, correct the plan for ${campaign.name}.`;
  }
  // Another promotion's free shipping or threshold explains a shipping difference.
  const shipping = final.adjustments.find((a) => a.on === 'shipment' && a.eligible && a.amount < 0 && a.promotion !== ownName);
  if (shipping && expected.some((e) => /shipping/.test(e))) {
    why.push(`${shipping.label} gives the free shipping.${thresholdOf(shipping.promotion, input)}`);
    if (!campaign.code || !own.some((a) => a.on === 'shipment')) action = `If this cart should pay for shipping, change the rule of ${shipping.promotion}; otherwise correct the cart's expectation in the site file.`;
  }
  if (p?.actions.some((a) => target(a) === 'shipment') && !final.shipments) why.push(FREE_SHIPPING_LATE);
  return { cause: why.join(' '), action };
}

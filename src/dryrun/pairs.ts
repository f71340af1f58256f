/**
 * Pairs of codes that can meet on one cart: a customer who holds two codes running at the same time
 * enters both, one after the other. (A code and the automatic promotions meet on every ordinary case
 * already.) Each ordered pair is one guest order: the items of both campaigns' first carts, the
 * first code, then the second, then checkout to the payment step, where the customer's real price is.
 *
 * What it says, in plain words:
 * - both discounts apply: they stack (info; the client may not have meant that, so it is said);
 * - the second code is refused with Solidus's message, the first keeps its discount (info);
 * - only one of them gives a discount, and the customer keeps at least what the cart showed (info);
 * - the cart shows more off for the codes than is left at payment: the customer silently loses a
 *   discount they were shown (warn).
 */
import type { Campaign, Site } from '../config/types.ts';
import type { Finding } from '../findings/types.ts';
import { couponEvidence, quoteCoupon, transient, type FlowResult } from './flow.ts';
import { discountOf, type OrderView } from './order-view.ts';
import { formatMoney } from '../text/money.ts';
import { withSeconds } from '../text/time.ts';
import type { Catalog } from './catalog.ts';
import { runOrder, type DryRunContext, type PairPlan } from './context.ts';

/** Whether two campaigns run at the same time at some point (a campaign without a window always runs). */
export function overlap(a: Campaign, b: Campaign): boolean {
  if (!a.window || !b.window) return true;
  const [a0, a1, b0, b1] = [...a.window, ...b.window].map(withSeconds);
  return a0 <= b1 && b0 <= a1;
}

/**
 * Every ordered pair of distinct codes whose windows overlap, each on the union of their first
 * carts. On a shard (`--shard`), the pairs whose first code is this shard's, so that the shards
 * together run each pair once, as the whole site would.
 */
export function codePairs(site: Pick<Site, 'campaigns' | 'allCampaigns'>): PairPlan[] {
  const mine = new Set(site.campaigns);
  const byCode = new Map<string, Campaign>();
  for (const c of site.allCampaigns ?? site.campaigns) if (c.code && c.carts.length && !byCode.has(c.code)) byCode.set(c.code, c);
  const coded = [...byCode.values()];
  const plans: PairPlan[] = [];
  for (const first of coded) {
    for (const second of coded) {
      if (first === second || !mine.has(first) || !overlap(first, second)) continue;
      const a = first.carts[0];
      const b = second.carts[0];
      const items: Record<string, number> = { ...a.items };
      for (const [sku, n] of Object.entries(b.items)) items[sku] = Math.max(items[sku] ?? 0, n);
      plans.push({ first, second, items, cart: a.name === b.name ? a.name : `${a.name} + ${b.name}` });
    }
  }
  return plans;
}

export const pairId = (p: PairPlan) => `api:pair:${p.first.name} + ${p.second.name}`;

/** Runs one pair; never throws: a pair that could not be checked is a not-checked finding. */
export async function runPair(ctx: DryRunContext, catalog: Catalog, plan: PairPlan): Promise<Finding> {
  const attempt = () => runOrder(ctx, catalog, { items: plan.items, code: plan.first.code, secondCode: plan.second.code! });
  try {
    // Like a cart, a pair lost to the store's trouble gets one more try with a fresh order.
    const flow = await attempt().catch((error: unknown) => (!transient(error) || ctx.ledger.closing ? Promise.reject(error) : attempt()));
    return explainPair(ctx, plan, flow);
  } catch (error) {
    const a = ctx.show(plan.first);
    const b = ctx.show(plan.second);
    return {
      id: pairId(plan), source: 'api', level: 'warn', notChecked: true, impact: 'function',
      title: `${a} then ${b} on one cart could not be checked`,
      campaign: plan.first.name, campaigns: [plan.first.name, plan.second.name], code: a, cart: plan.cart,
      expected: `what a customer gets who enters ${a}, then ${b}`,
      actual: 'Not checked',
      cause: error instanceof Error ? error.message : String(error),
      action: 'Check that the store is up, then run the audit again.',
    };
  }
}

/** What the customer who entered both codes gets at the payment step. */
export function explainPair(ctx: DryRunContext, plan: PairPlan, flow: FlowResult): Finding {
  const a = ctx.show(plan.first);
  const b = ctx.show(plan.second);
  const fmt = (n: number) => formatMoney(n, ctx.site.currency);
  const final = flow.final!;
  const firstNames = new Set((flow.afterFirst?.codeAdjustments ?? []).map((x) => x.promotion));
  const firstGives = discountOf(final.codeAdjustments.filter((x) => firstNames.has(x.promotion)));
  const secondGives = discountOf(final.codeAdjustments.filter((x) => !firstNames.has(x.promotion)));
  const firstAccepted = !!flow.coupon?.success;
  const secondAccepted = !!flow.second?.success;
  const others = final.adjustments.filter((x) => x.eligible && x.amount < 0 && !final.codeAdjustments.some((c) => c.promotion === x.promotion));
  const got = (code: string, accepted: boolean, amount: number) =>
    !accepted ? `${code} refused` : amount > 0 ? `${code} ${fmt(-amount)}` : `${code} accepted but nothing off`;
  const actual =
    `At the ${flow.stepReached} step: ${got(a, firstAccepted, firstGives)}, ${got(b, secondAccepted, secondGives)}` +
    `${others.length ? `; also ${others.map((x) => `${x.label} ${fmt(x.amount)}`).join(', ')}` : ''}; total ${fmt(final.totals.total)}.`;
  const base: Finding = {
    id: pairId(plan), source: 'api', level: 'info', impact: 'revenue',
    title: '', campaign: plan.first.name, campaigns: [plan.first.name, plan.second.name], code: a, cart: plan.cart,
    expected: `a customer who enters ${a}, then ${b}, is told what applies and keeps the discounts the store accepted`,
    actual, cause: '', action: '',
    evidence: { adjustments: final.adjustments, ...couponEvidence(flow.second) },
  };
  const lost = [
    ...(firstAccepted && firstGives <= 0 ? [a] : []),
    ...(secondAccepted && secondGives <= 0 ? [b] : []),
  ];
  // The most the cart showed off for the codes (after the first, then after both), against what is
  // left of it at checkout.
  const codesOff = (view?: OrderView) => discountOf(view?.codeAdjustments ?? []);
  const shown = Math.max(codesOff(flow.afterFirst), codesOff(flow.cart));
  const kept = codesOff(final);
  if (lost.length && kept < shown - 0.005) {
    const still = [...(firstGives > 0 ? [a] : []), ...(secondGives > 0 ? [b] : []), ...others.map((x) => x.promotion)];
    return {
      ...base, level: 'warn',
      title: `${a} then ${b} on the ${plan.cart} cart: the cart shows ${fmt(shown)} off, checkout only ${fmt(kept)}`,
      cause:
        `The store accepted ${lost.length === 2 || (firstAccepted && secondAccepted) ? 'both codes' : lost[0]} and the cart shows ${fmt(shown)} off, but at the ${flow.stepReached} step ` +
        `${lost.join(' and ')} ${lost.length === 2 ? 'give' : 'gives'} nothing` +
        `${still.length ? `, while ${still.join(', ')} still ${still.length === 1 ? 'applies' : 'apply'}` : ''}: the promotions do not combine, and the customer is not told.`,
      action: `If customers may hold both codes, let the promotions combine or make the store refuse the second code with a message; otherwise say in the emails that the codes cannot be used together.`,
    };
  }
  if (lost.length) {
    return {
      ...base,
      title: `${a} then ${b} on the ${plan.cart} cart: only one of them gives a discount (${fmt(kept)} off)`,
      cause: `The store accepts both codes; ${lost.join(' and ')} ${lost.length === 2 ? 'give' : 'gives'} nothing on this cart, and the customer keeps at least what the cart showed.`,
      action: 'Nothing, if the codes are not meant to combine.',
    };
  }
  if (firstAccepted && !secondAccepted) {
    return {
      ...base,
      title: `${a} then ${b}: the store refuses ${b} and ${a} keeps its discount`,
      cause: `${quoteCoupon(flow.second)}.`,
      action: 'Nothing, if the codes are not meant to combine.',
    };
  }
  if (firstAccepted && secondAccepted) {
    return {
      ...base,
      title: `${a} and ${b} stack on the ${plan.cart} cart: ${fmt(firstGives + secondGives)} off together`,
      cause: 'Both promotions accept the order and neither excludes the other.',
      action: `Nothing, if both discounts together were meant; otherwise add a rule so that ${a} and ${b} do not combine.`,
    };
  }
  return {
    ...base,
    title: `${a} then ${b}: the store refuses ${a} on the ${plan.cart} cart`,
    cause: `${quoteCoupon(flow.coupon)}.`,
    action: `See the findings of ${plan.first.name}.`,
  };
}

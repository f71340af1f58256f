/**
 * Finds where a code stops working: carts of chosen totals between the largest cart where the
 * code's discount survives and the smallest where another promotion blocks it, by bisection on
 * whole dollars ("works below $85, fails from $85 up").
 */
import type { Campaign } from '../config/types.ts';
import type { AdjustmentView } from '../findings/types.ts';
import type { FlowResult } from './flow.ts';
import { blockerIn, discountOf } from './order-view.ts';
import { formatMoney } from '../text/money.ts';
import type { Catalog, VariantInfo } from './catalog.ts';
import { runOrder, type DryRunContext } from './context.ts';
import type { InventoryPromotion } from '../solidus/inventory.ts';

type Probe = 'pass' | 'fail' | 'unknown';

const MAX_ITEMS = 30;

/** Did the code's discount survive to the last step, or did another promotion take its place? */
export function judge(flow: FlowResult): Probe {
  const final = flow.final;
  if (!final) return 'unknown';
  if (discountOf(final.codeAdjustments)) return 'pass';
  return blockerIn(final) && (flow.coupon?.success || final.codeAdjustments.length > 0 || flow.coupon?.httpStatus === 422) ? 'fail' : 'unknown';
}

/**
 * A cart whose item total is exactly `dollars`, with as few items as possible (unbounded
 * coin-change over the variants' prices, within stock). Undefined when no combination fits.
 */
export function cartOfTotal(dollars: number, variants: VariantInfo[]): Record<string, number> | undefined {
  const target = Math.round(dollars * 100);
  const coins = [...new Map(variants.map((v) => [Math.round(v.price * 100), v])).entries()]
    .filter(([c]) => c > 0 && c <= target)
    .sort((a, b) => b[0] - a[0]);
  if (!coins.length || target <= 0) return undefined;
  const INF = 1 << 30;
  const best = new Int32Array(target + 1).fill(INF);
  const pick = new Int32Array(target + 1).fill(-1);
  best[0] = 0;
  for (let t = 1; t <= target; t++) {
    for (let i = 0; i < coins.length; i++) {
      const c = coins[i][0];
      if (c <= t && best[t - c] + 1 < best[t]) {
        best[t] = best[t - c] + 1;
        pick[t] = i;
      }
    }
  }
  if (best[target] >= INF || best[target] > MAX_ITEMS) return undefined;
  const items: Record<string, number> = {};
  for (let t = target; t > 0; t -= coins[pick[t]][0]) {
    const v = coins[pick[t]][1];
    items[v.sku] = (items[v.sku] ?? 0) + 1;
  }
  for (const [sku, qty] of Object.entries(items)) {
    const v = variants.find((x) => x.sku === sku)!;
    if (v.onHand && qty > v.onHand) return undefined;
  }
  return items;
}

interface Known {
  total: number;
  outcome: Probe;
}

export async function findBoundary(
  ctx: DryRunContext,
  catalog: Catalog,
  campaign: Campaign,
  runs: { flow?: FlowResult; cart: { items: Record<string, number> } }[],
  blocker: AdjustmentView,
): Promise<string | undefined> {
  const known: Known[] = runs
    .filter((r) => r.flow?.final)
    .map((r) => ({ total: r.flow!.final!.totals.itemTotal, outcome: judge(r.flow!) }));
  const fillers = await catalog.purchasable();
  const cartSkus = new Set(runs.flatMap((r) => Object.keys(r.cart.items)));
  const cartTaxons = new Set(fillers.filter((f) => cartSkus.has(f.sku)).flatMap((f) => f.taxonIds ?? []));
  const related = fillers.filter((f) => (f.taxonIds ?? []).some((t) => cartTaxons.has(t)));

  const probe = async (dollars: number): Promise<Known | undefined> => {
    for (const set of [fillers, related]) {
      const items = cartOfTotal(dollars, set);
      if (!items) continue;
      const flow = await runOrder(ctx, catalog, { items, code: campaign.code });
      const outcome = judge(flow);
      if (outcome !== 'unknown') return { total: flow.final!.totals.itemTotal, outcome };
    }
    return undefined;
  };

  let pass = Math.max(-Infinity, ...known.filter((k) => k.outcome === 'pass').map((k) => k.total));
  let fail = Math.min(Infinity, ...known.filter((k) => k.outcome === 'fail').map((k) => k.total));
  if (!Number.isFinite(fail)) return undefined;
  if (!Number.isFinite(pass)) {
    const cheapest = Math.min(...fillers.map((f) => f.price));
    const first = Number.isFinite(cheapest) ? await probe(Math.ceil(cheapest)) : undefined;
    if (!first || first.outcome !== 'pass') return undefined;
    pass = first.total;
  }
  if (pass >= fail) return undefined; // not a threshold: the code fails on a cheaper cart than one where it works

  const tried = new Set<number>();
  while (Math.ceil(fail) - Math.floor(pass) > 1) {
    const lo = Math.floor(pass) + 1;
    const hi = Math.ceil(fail) - 1;
    const mid = Math.floor((lo + hi) / 2);
    // The nearest whole-dollar total to the middle that has not been tried.
    const candidates = Array.from({ length: hi - lo + 1 }, (_, i) => lo + i)
      .filter((d) => !tried.has(d))
      .sort((a, b) => Math.abs(a - mid) - Math.abs(b - mid));
    let result: Known | undefined;
    for (const d of candidates.slice(0, 3)) {
      tried.add(d);
      result = await probe(d);
      if (result) break;
    }
    if (!result) break;
    if (result.outcome === 'pass') pass = Math.max(pass, result.total);
    else fail = Math.min(fail, result.total);
  }
  const fmt = (n: number) => formatMoney(n, ctx.site.currency).replace(/\.00$/, '');
  const exact = Math.ceil(fail) - Math.floor(pass) <= 1;
  return exact
    ? `works below ${fmt(fail)}, fails from ${fmt(fail)} up (${blocker.promotion}; tried carts of ${formatMoney(pass)} and ${formatMoney(fail)})`
    : `works on carts up to ${formatMoney(pass)}, fails from ${formatMoney(fail)} up (${blocker.promotion})`;
}

/**
 * The boundary of an automatic promotion with an item-total threshold: carts of exactly the rule's
 * amount and of the next whole dollar, judged by the promotion's own eligible adjustments. Says
 * where it starts to apply and what Solidus's operator means there ("over $85" is more than $85).
 */
export async function findThreshold(ctx: DryRunContext, catalog: Catalog, campaign: Campaign, promotion: InventoryPromotion): Promise<string | undefined> {
  const rule = promotion.rules.find((r) => r.type.endsWith('::ItemTotal'));
  const amount = Number(rule?.settings.amount);
  if (!rule || !Number.isFinite(amount) || campaign.code) return undefined;
  const fillers = await catalog.purchasable();
  const applies = async (dollars: number): Promise<{ total: number; applies: boolean } | undefined> => {
    const items = cartOfTotal(dollars, fillers);
    if (!items) return undefined;
    const flow = await runOrder(ctx, catalog, { items, code: null });
    if (!flow.final) return undefined;
    return { total: flow.final.totals.itemTotal, applies: flow.final.adjustments.some((a) => a.promotion === promotion.name && a.eligible && a.amount < 0) };
  };
  const at = await applies(amount);
  const above = await applies(Math.floor(amount) + 1);
  if (!at || !above) return undefined;
  const fmt = (n: number) => formatMoney(n, ctx.site.currency);
  const said = rule.settings.operator === 'gte' ? `at least ${fmt(amount)} (operator gte)` : `more than ${fmt(amount)} (operator gt)`;
  const word = (r: { applies: boolean }) => (r.applies ? 'applies' : 'gives nothing');
  return `${promotion.name} ${word(at)} on a cart of exactly ${fmt(at.total)} and ${word(above)} on one of ${fmt(above.total)}: its rule is item total ${said}, read before discounts`;
}

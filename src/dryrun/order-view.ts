/**
 * Reads a Solidus order JSON into what the customer gets: promotion adjustments (eligible or not)
 * and the totals. Solidus's order JSON has no promo_total, and losing adjustments are listed
 * with eligible: false, so only eligible promotion adjustments are summed.
 */
import type { AdjustmentView, Totals } from '../findings/types.ts';
import type { Order, Adjustment } from '../solidus/client.ts';
import { cents } from '../text/money.ts';

/** Promotion adjustments' sources: legacy promotions' actions, and solidus_promotions' benefits (the new engine). */
const LEGACY_SOURCE = 'Spree::PromotionAction';
const BENEFIT_SOURCE = 'SolidusPromotions::Benefit';
const PROMOTION_SOURCES = new Set([LEGACY_SOURCE, BENEFIT_SOURCE]);

/** The promotion engine an order's adjustments come from, when it has any (src/dryrun/engine-of.ts reads the inventory first). */
export type AdjustmentEngine = 'legacy' | 'solidus_promotions';

/** What the store's promotions say about its adjustments, beyond the order JSON (from the inventory). */
export interface OrderReading {
  /**
   * On solidus_promotions, whose adjustments carry no promotion code: the promotions the code
   * brought (those the cart shows after the code and did not before it).
   */
  codePromotions?: ReadonlySet<string>;
  /**
   * Benefit ids (an adjustment's source_id) that spread an amount off the order over its items
   * (solidus_promotions keeps no order adjustments): their item adjustments are the order's discount.
   */
  orderBenefits?: ReadonlySet<number>;
}
const LABEL = /^Promotion \((.*)\)$/;

export interface OrderView {
  number: string;
  state: string;
  totals: Totals;
  adjustments: AdjustmentView[];
  /** Adjustments created through a promotion code (the code under test). */
  codeAdjustments: AdjustmentView[];
  /** Item total of promotable items only is not in the JSON; this is the plain item total. */
  lineItems: { sku: string; quantity: number; price: number }[];
  shipments: number;
  /** The engine its promotion adjustments come from (by their source type); undefined without any. */
  engine?: AdjustmentEngine;
}

const num = (v: unknown): number => (v === null || v === undefined || v === '' ? 0 : Number(v));

/** The shipping the customer pays once its discounts are taken off. */
export const paidShipping = (t: Pick<Totals, 'shipTotal' | 'shippingDiscount'>): number => cents(t.shipTotal + t.shippingDiscount);

/** The sum of these amounts, to the cent. */
export const sumAmounts = (list: readonly { amount: number }[]): number => cents(list.reduce((s, a) => s + a.amount, 0));

/** What the eligible discounts among these adjustments take off, as a positive amount. */
export const discountOf = (adjustments: readonly AdjustmentView[]): number => -adjustments.filter((a) => a.eligible && a.amount < 0).reduce((s, a) => s + a.amount, 0);

/**
 * The promotion that took the code's place at the end: its own adjustments give nothing, another
 * one's discount is eligible. A code whose own adjustment is still eligible was not displaced (it
 * computed nothing, e.g. an amount in another currency).
 */
export function blockerIn(order: OrderView): AdjustmentView | undefined {
  if (discountOf(order.codeAdjustments) || order.codeAdjustments.some((a) => a.eligible)) return undefined;
  const codeNames = new Set(order.codeAdjustments.map((a) => a.promotion));
  return order.adjustments.find((a) => a.eligible && a.amount < 0 && !codeNames.has(a.promotion));
}

export function readOrder(order: Order, reading: OrderReading = {}): OrderView {
  const adjustments: AdjustmentView[] = [];
  const codeAdjustments: AdjustmentView[] = [];
  let engine: AdjustmentEngine | undefined;
  const add = (a: Adjustment & { eligible?: boolean; promotion_code_id?: number | null }, on: AdjustmentView['on'], sku?: string) => {
    if (!PROMOTION_SOURCES.has(a.source_type ?? '')) return;
    const benefit = a.source_type === BENEFIT_SOURCE;
    engine ??= benefit ? 'solidus_promotions' : 'legacy';
    const label = a.label ?? '';
    // An amount off the order spread over the items is the order's discount, whichever line carries it.
    const where = benefit && on === 'item' && typeof a.source_id === 'number' && reading.orderBenefits?.has(a.source_id) ? 'order' : on;
    const view = { label, promotion: LABEL.exec(label)?.[1] ?? label, amount: num(a.amount), eligible: a.eligible !== false, on: where, ...(sku ? { sku } : {}) };
    adjustments.push(view);
    if ((a.promotion_code_id !== null && a.promotion_code_id !== undefined) || (benefit && reading.codePromotions?.has(view.promotion))) codeAdjustments.push(view);
  };
  const lineItems = (order.line_items ?? []).map((li) => {
    const sku = li.variant?.sku ?? String(li.variant_id);
    for (const a of li.adjustments ?? []) add(a, 'item', sku);
    return { sku, quantity: li.quantity ?? 0, price: num(li.price) };
  });
  const shipments = order.shipments ?? [];
  for (const s of shipments) for (const a of s.adjustments ?? []) add(a, 'shipment');
  for (const a of order.adjustments ?? []) add(a, 'order');

  const sum = (on: AdjustmentView['on']) => sumAmounts(adjustments.filter((a) => a.on === on && a.eligible));
  const itemDiscount = sum('item');
  const shippingDiscount = sum('shipment');
  const orderDiscount = sum('order');
  const totals: Totals = {
    itemTotal: num(order.item_total),
    shipTotal: num(order.ship_total),
    promoTotal: cents(itemDiscount + shippingDiscount + orderDiscount),
    itemDiscount,
    shippingDiscount,
    orderDiscount,
    taxTotal: num(order.tax_total),
    total: num(order.total),
  };
  return {
    number: order.number ?? '',
    state: order.state ?? '',
    totals,
    adjustments,
    codeAdjustments,
    lineItems,
    shipments: shipments.length,
    ...(engine ? { engine } : {}),
  };
}

/**
 * What the customer sees, read out of the storefront's order summary: the rows as the page shows
 * them ("Promotion (Black Friday 50% off)  -$60.00") turned into the same Totals and adjustments the
 * API dry-run works with, so one set of checks (src/dryrun/expect.ts) judges both.
 *
 * The page says less than the API: a promotion row has a label and an amount, not where the
 * discount sits. Rows are placed by these rules, in order:
 *   1. a label that mentions shipping or delivery is a shipping discount;
 *   2. the campaign's own promotion (its name in the label) is an order discount when the cart
 *      expects an order discount and no item discount, else an item discount;
 *   3. any other promotion counts as an order discount.
 * The comparison with the API (compare.ts) therefore compares the campaign's own discount, the
 * shipping the customer pays and the total, never the placement of other promotions.
 */
import type { AdjustmentView, CartExpectation, Totals } from '../findings/types.ts';
import { checkExpectation, type Check } from '../dryrun/expect.ts';
import type { OrderView } from '../dryrun/order-view.ts';
import { formatMoney } from '../text/money.ts';

/** One row of the order summary as the page shows it. `kind` is the storefront's own hint, if any (data-kind). */
export interface SummaryRow {
  label: string;
  amount: string;
  kind?: string;
}

export type RowKind = 'subtotal' | 'promotion' | 'shipping' | 'tax' | 'included-tax' | 'total' | 'other';
const KINDS: readonly RowKind[] = ['subtotal', 'promotion', 'shipping', 'tax', 'included-tax', 'total'];

/** "-$60.00", "−$7.95", "($5.00)", "$1,234.50", "Free" -> numbers; undefined when there is no amount. */
export function parseMoney(text: string): number | undefined {
  const t = text.replace(/\s+/g, ' ').trim();
  if (/^free$/i.test(t)) return 0;
  const negative = /^\(.*\)$/.test(t) || /[-−–]\s*\D{0,4}\s*\d/.test(t);
  const digits = t.replace(/[^\d.,]/g, '');
  if (!/\d/.test(digits)) return undefined;
  let normal: string;
  const lastDot = digits.lastIndexOf('.');
  const lastComma = digits.lastIndexOf(',');
  if (lastComma > lastDot && digits.length - lastComma - 1 === 2) {
    normal = digits.replace(/\./g, '').replace(',', '.'); // 1.234,50
  } else {
    normal = digits.replace(/,/g, '');
  }
  const n = Number(normal);
  if (!Number.isFinite(n)) return undefined;
  return negative ? -n : n;
}

export function kindOf(row: SummaryRow): RowKind {
  const hinted = row.kind?.trim().toLowerCase();
  if (hinted && (KINDS as readonly string[]).includes(hinted)) return hinted as RowKind;
  const l = row.label.trim().toLowerCase();
  if (/^(sub-?total|item total|items?\b)/.test(l)) return 'subtotal';
  if (/^(promotion|discount|coupon|promo|savings)/.test(l)) return 'promotion';
  if (/^(shipping|delivery)/.test(l)) return 'shipping';
  if (/(tax|vat).*incl|incl.*(tax|vat)/.test(l)) return 'included-tax';
  if (/\b(tax|vat)\b/.test(l)) return 'tax';
  if (/^(order )?total/.test(l)) return 'total';
  if ((parseMoney(row.amount) ?? 0) < 0) return 'promotion';
  return 'other';
}

/** "Promotion (Black Friday 50% off)", also after a type ("Promotion: …") and before a colon. */
const PROMOTION_LABEL = /\bPromotion \((.*)\)\s*:?\s*$/;
/** A promotion row that does not say which promotion ("Promotion", "Discount:"), as the starter's confirm step shows item discounts. */
const UNNAMED = /^(promotions?|discounts?|coupons?|promo|savings|adjustments?)\s*:?$/i;
export const cents = (n: number) => Math.round(n * 100) / 100;
/** The shipping the customer pays: the shipping total less its discounts. */
export const paidShipping = (t: Totals) => cents(t.shipTotal + t.shippingDiscount);

export interface SummaryReading {
  totals: Totals;
  /** Promotion rows, placed by the rules above; all eligible (the page shows only what applies). */
  adjustments: AdjustmentView[];
  /** Whether the page shows a shipping row (shipments exist from the delivery step on). */
  hasShipping: boolean;
  /** The discount of the campaign's own promotion (negative), 0 when the page shows none. */
  campaignDiscount: number;
  /** Rows the totals need but the page does not show. */
  missing: ('subtotal' | 'total')[];
}

/**
 * Reads the rows of the order summary for one campaign and cart. `named` is an earlier step's
 * reading that named its promotions (the payment step's): a row here that does not ("Promotion") is
 * the promotion of the same amount there, in the same place; without one, a lone unnamed row is the
 * campaign's own item discount (where the starter storefront lists item discounts unnamed).
 */
export function readSummary(rows: readonly SummaryRow[], ctx: { campaign: string; expect: CartExpectation }, named?: SummaryReading): SummaryReading {
  const sum = (kind: RowKind) => cents(rows.filter((r) => kindOf(r) === kind).reduce((s, r) => s + (parseMoney(r.amount) ?? 0), 0));
  const has = (kind: RowKind) => rows.some((r) => kindOf(r) === kind);
  const campaignName = ctx.campaign.toLowerCase();
  const isOwn = (a: { label: string; promotion: string }) => a.promotion.toLowerCase() === campaignName || a.label.toLowerCase().includes(campaignName);
  const orderLevel = !!ctx.expect.order && !ctx.expect.items;
  const unmatched = [...(named?.adjustments ?? [])];
  const promotionRows = rows.filter((r) => kindOf(r) === 'promotion');
  const unnamedRows = promotionRows.filter((r) => UNNAMED.test(r.label.trim()));
  const adjustments: AdjustmentView[] = promotionRows.map((r) => {
    const amount = parseMoney(r.amount) ?? 0;
    let label = r.label.trim();
    if (UNNAMED.test(label)) {
      // Matched by amount (and so by place) with a row that named it; else, alone, the campaign's own.
      const i = unmatched.findIndex((a) => Math.abs(a.amount - amount) < 0.005 && a.on !== 'shipment');
      if (i >= 0) return { ...unmatched.splice(i, 1)[0], label, amount };
      if (!named && unnamedRows.length === 1 && (ctx.expect.items || ctx.expect.order)) label = `Promotion (${ctx.campaign})`;
    }
    const promotion = PROMOTION_LABEL.exec(label)?.[1] ?? label;
    const on: AdjustmentView['on'] = /ship|deliver/i.test(label) ? 'shipment' : isOwn({ label, promotion }) && !orderLevel ? 'item' : 'order';
    return { label, promotion, amount, eligible: true, on };
  });
  const sumOf = (list: AdjustmentView[]) => cents(list.reduce((s, a) => s + a.amount, 0));
  const placed = (on: AdjustmentView['on']) => sumOf(adjustments.filter((a) => a.on === on));
  const itemDiscount = placed('item');
  const shippingDiscount = placed('shipment');
  const orderDiscount = placed('order');
  const itemTotal = sum('subtotal');
  const shipTotal = sum('shipping');
  const taxTotal = sum('tax');
  const promoTotal = cents(itemDiscount + shippingDiscount + orderDiscount);
  const total = has('total') ? sum('total') : cents(itemTotal + promoTotal + shipTotal + taxTotal);
  const campaignDiscount = sumOf(adjustments.filter(isOwn));
  const missing: SummaryReading['missing'] = [];
  if (!has('subtotal')) missing.push('subtotal');
  if (!has('total')) missing.push('total');
  return {
    totals: { itemTotal, shipTotal, promoTotal, itemDiscount, shippingDiscount, orderDiscount, taxTotal, total },
    adjustments,
    hasShipping: has('shipping'),
    campaignDiscount,
    missing,
  };
}

/** The checks of src/dryrun/expect.ts on what the page shows. `accepted` is undefined for automatic campaigns. */
export function checkReading(
  expect: CartExpectation,
  reading: SummaryReading,
  items: Record<string, number>,
  accepted: boolean | undefined,
  step: string,
): Check[] {
  const view: OrderView = {
    number: '',
    state: step,
    totals: reading.totals,
    adjustments: reading.adjustments,
    codeAdjustments: [],
    lineItems: Object.entries(items).map(([sku, quantity]) => ({ sku, quantity, price: 0 })),
    shipments: reading.hasShipping ? 1 : 0,
  };
  // The page shows neither the code's own adjustments nor the lines' prices: code shares, per-item and taxon checks are the API's.
  return checkExpectation(expect, view, accepted, { lines: false });
}

/**
 * What the customer sees, in the words the API dry-run uses (the report reads "… in the cart
 * ($60.00 off shown) …" out of it).
 */
export function describeBrowserCase(o: {
  coded: boolean;
  message?: string;
  accepted?: boolean;
  cart?: SummaryReading;
  final?: SummaryReading;
  step: string;
  currency: string;
}): string {
  const fmt = (n: number) => formatMoney(n, o.currency);
  const parts: string[] = [];
  if (o.coded) {
    if (o.accepted) {
      const shown = -(o.cart?.campaignDiscount ?? 0);
      parts.push(`Code accepted in the cart${shown ? ` (${fmt(shown)} off shown)` : ' but no discount shown'}: “${o.message ?? ''}”`);
    } else {
      parts.push(`Code refused in the cart: “${o.message ?? 'no message'}”`);
    }
  }
  if (o.final) {
    const t = o.final.totals;
    const bits: string[] = [];
    bits.push(t.itemDiscount ? `${fmt(-t.itemDiscount)} off items` : 'full price for items');
    if (t.orderDiscount) bits.push(`${fmt(-t.orderDiscount)} off the order`);
    const ship = paidShipping(t);
    bits.push(ship <= 0 && o.final.hasShipping ? 'free shipping' : o.final.hasShipping ? `${fmt(ship)} shipping` : 'no shipping shown');
    parts.push(`At the ${o.step} step the page shows: ${bits.join(', ')}; total ${fmt(t.total)}`);
  }
  return parts.join('. ') + '.';
}

/**
 * What the customer sees, read out of the storefront's order summary: the rows as the page shows
 * them ("Promotion (Black Friday 50% off)  -$60.00") turned into the same Totals and adjustments the
 * API dry-run works with, so one set of checks (src/dryrun/expect.ts) judges both.
 *
 * Where a discount sits (the items, the order or shipping) comes from the page, never from what the
 * cart expects, by these rules, in order:
 *   1. the group the page puts the row in (placeFromGroup: the classic storefront's line-item,
 *      shipment and order adjustment sections);
 *   2. the label's own words: "Adjustment: …" (the classic cart's order adjustments), "Promotion:
 *      Promotion (…)" (its line-item promotions), a label that mentions shipping or delivery;
 *   3. an earlier step's reading of the same label that placed it.
 * A row the page does not place (the sandbox's and the starter's summaries list one row per
 * promotion, wherever it sits) is `unplaced`: the comparison with the API (compare.ts) places it
 * where the API's adjustment of the same label sits, and until then the expectation's items and
 * order are judged on the discount wherever it sits (checkReading).
 */
import type { AdjustmentView, CartExpectation, Totals } from '../findings/types.ts';
import { checkExpectation, type Check } from '../dryrun/expect.ts';
import { paidShipping, sumAmounts, type OrderView } from '../dryrun/order-view.ts';
import { cents, formatMoney } from '../text/money.ts';

/**
 * One row of the order summary as the page shows it. `kind` is the storefront's own hint, if any
 * (data-kind); `group` the data-hook or id of the section the page puts it in, if any.
 */
export interface SummaryRow {
  label: string;
  amount: string;
  kind?: string;
  group?: string;
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
  const lastComma = digits.lastIndexOf(',');
  const decimalComma = lastComma > digits.lastIndexOf('.') && digits.length - lastComma - 1 === 2; // 1.234,50
  const n = Number(decimalComma ? digits.replace(/\./g, '').replace(',', '.') : digits.replace(/,/g, ''));
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

export interface SummaryReading {
  totals: Totals;
  /**
   * Promotion rows, placed by the rules above; all eligible (the page shows only what applies).
   * Those the page does not place are counted as order discounts in `totals` and listed in `unplaced`.
   */
  adjustments: AdjustmentView[];
  /** Indexes into `adjustments` of the rows the page does not say the place of. */
  unplaced: number[];
  /** Whether the page shows a shipping row (shipments exist from the delivery step on). */
  hasShipping: boolean;
  /** The discount of the campaign's own promotion (negative), 0 when the page shows none. */
  campaignDiscount: number;
  /** Rows the totals need but the page does not show. */
  missing: ('subtotal' | 'total')[];
}

/**
 * Where the page's section puts a discount: the classic storefront's checkout summary and order
 * details (`order_details_promotion_adjustments`, `price-adjustments`: the items;
 * `…shipment_promotion_adjustments`: shipping; `summary-order-charges`, `order-charges`,
 * `order_details_adjustments`: the order), or undefined when the section does not say.
 */
export function placeFromGroup(group: string | undefined): AdjustmentView['on'] | undefined {
  if (!group) return undefined;
  const g = group.toLowerCase();
  if (/ship|deliver/.test(g)) return 'shipment';
  if (/price[-_]?adjustments|promotion[-_]?adjustments|line[-_]?items?\b/.test(g)) return 'item';
  if (/order[-_]?charges|order_details_adjustments|order[-_]?adjustments/.test(g)) return 'order';
  return undefined;
}

/** Where the label's own words put a discount, or undefined. */
function placeFromLabel(label: string): AdjustmentView['on'] | undefined {
  if (/ship|deliver/i.test(label)) return 'shipment';
  // The classic cart: "Adjustment: Promotion (…)" for the order's, "Promotion: Promotion (…)" for the items'.
  if (/^adjustment\s*:/i.test(label)) return 'order';
  if (/^promotion\s*:\s*promotion\b/i.test(label)) return 'item';
  return undefined;
}

/** A label as compared across pages and with the API: its promotion part, any case, no trailing colon. */
export function labelKey(label: string): string {
  const l = label.trim().replace(/\s*:\s*$/, '');
  return (PROMOTION_LABEL.exec(l)?.[0] ?? l).trim().toLowerCase();
}

/**
 * Reads the rows of the order summary for one campaign and cart. `named` is an earlier step's
 * reading that named its promotions (the payment step's): a row here that does not ("Promotion") is
 * the promotion of the same amount there, in the same place; a row here that the page does not
 * place takes the place it had there, when that page placed it.
 */
export function readSummary(rows: readonly SummaryRow[], ctx: { campaign: string }, named?: SummaryReading): SummaryReading {
  const sum = (kind: RowKind) => cents(rows.filter((r) => kindOf(r) === kind).reduce((s, r) => s + (parseMoney(r.amount) ?? 0), 0));
  const has = (kind: RowKind) => rows.some((r) => kindOf(r) === kind);
  const campaignName = ctx.campaign.toLowerCase();
  const isOwn = (a: { label: string; promotion: string }) => a.promotion.toLowerCase() === campaignName || a.label.toLowerCase().includes(campaignName);
  const unmatched = (named?.adjustments ?? []).map((a, i) => ({ a, placed: !named!.unplaced.includes(i) }));
  const placedBefore = new Map(unmatched.filter((x) => x.placed).map((x) => [labelKey(x.a.label), x.a.on]));
  const unplaced: number[] = [];
  const adjustments: AdjustmentView[] = rows.filter((r) => kindOf(r) === 'promotion').map((r, index) => {
    const amount = parseMoney(r.amount) ?? 0;
    const label = r.label.trim();
    if (UNNAMED.test(label)) {
      // Matched by amount (and so by place) with a row that named it.
      const i = unmatched.findIndex((x) => Math.abs(x.a.amount - amount) < 0.005 && x.a.on !== 'shipment');
      if (i >= 0) {
        const [x] = unmatched.splice(i, 1);
        const on = placeFromGroup(r.group) ?? (x.placed ? x.a.on : undefined);
        if (!on) unplaced.push(index);
        return { ...x.a, label, amount, on: on ?? 'order' };
      }
    }
    const promotion = PROMOTION_LABEL.exec(label)?.[1] ?? label;
    const on = placeFromGroup(r.group) ?? placeFromLabel(label) ?? placedBefore.get(labelKey(label));
    if (!on) unplaced.push(index);
    return { label, promotion, amount, eligible: true, on: on ?? 'order' };
  });
  const campaignDiscount = sumAmounts(adjustments.filter(isOwn));
  const page = { itemTotal: sum('subtotal'), shipTotal: sum('shipping'), taxTotal: sum('tax'), total: has('total') ? sum('total') : undefined };
  const missing = (['subtotal', 'total'] as const).filter((k) => !has(k));
  return { ...totalsOf(adjustments, page), unplaced, hasShipping: has('shipping'), campaignDiscount, missing };
}

/** Totals from placed adjustments and the page's subtotal, shipping, tax and total (worked out when the page shows none). */
export function totalsOf(
  adjustments: AdjustmentView[],
  page: { itemTotal: number; shipTotal: number; taxTotal: number; total?: number },
): { totals: Totals; adjustments: AdjustmentView[] } {
  const placed = (on: AdjustmentView['on']) => sumAmounts(adjustments.filter((a) => a.on === on));
  const itemDiscount = placed('item');
  const shippingDiscount = placed('shipment');
  const orderDiscount = placed('order');
  const promoTotal = cents(itemDiscount + shippingDiscount + orderDiscount);
  const total = page.total ?? cents(page.itemTotal + promoTotal + page.shipTotal + page.taxTotal);
  const { itemTotal, shipTotal, taxTotal } = page;
  return { totals: { itemTotal, shipTotal, promoTotal, itemDiscount, shippingDiscount, orderDiscount, taxTotal, total }, adjustments };
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
  return checkExpectation(unplacedExpectation(expect, reading), view, accepted, { lines: false });
}

/**
 * The expectation as a page that does not say where its discounts sit can be judged: a discount
 * planned on the items or on the order (one of them) is judged on the discount wherever it sits;
 * planned on both, where each sits is left to the API. A page that places every row is judged as planned.
 */
export function unplacedExpectation(expect: CartExpectation, reading: Pick<SummaryReading, 'unplaced'>): CartExpectation {
  if (!reading.unplaced.length) return expect;
  const { items, order, ...rest } = expect;
  const one = typeof items === 'string' && !order ? items : !items && order ? order : undefined;
  if (one === undefined) return rest;
  return rest.discount ? rest : { ...rest, discount: one };
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
  /** Where the code went in: 'cart' (the default) or the checkout step of a cart's step (`cart` is then what that step showed). */
  codeAt?: string;
}): string {
  const fmt = (n: number) => formatMoney(n, o.currency);
  const parts: string[] = [];
  const where = !o.codeAt || o.codeAt === 'cart' ? 'in the cart' : `at the ${o.codeAt} step`;
  if (o.coded) {
    if (o.accepted) {
      const shown = -(o.cart?.campaignDiscount ?? 0);
      // A page reloaded after the code (the classic payment step) shows no message: none is quoted.
      parts.push(`Code accepted ${where}${shown ? ` (${fmt(shown)} off shown)` : ' but no discount shown'}${o.message || where === 'in the cart' ? `: “${o.message ?? ''}”` : ''}`);
    } else {
      parts.push(`Code refused ${where}: “${o.message ?? 'no message'}”`);
    }
  }
  if (o.final) {
    const t = o.final.totals;
    const bits: string[] = [];
    const somewhere = sumAmounts(o.final.unplaced.map((i) => o.final!.adjustments[i]));
    const onOrder = cents(t.orderDiscount - somewhere);
    if (t.itemDiscount || !somewhere) bits.push(t.itemDiscount ? `${fmt(-t.itemDiscount)} off items` : 'full price for items');
    if (onOrder) bits.push(`${fmt(-onOrder)} off the order`);
    if (somewhere) bits.push(`${fmt(-somewhere)} off, without saying whether on the items or the order`);
    const ship = paidShipping(t);
    bits.push(ship <= 0 && o.final.hasShipping ? 'free shipping' : o.final.hasShipping ? `${fmt(ship)} shipping` : 'no shipping shown');
    parts.push(`At the ${o.step} step the page shows: ${bits.join(', ')}; total ${fmt(t.total)}`);
  }
  return parts.join('. ') + '.';
}

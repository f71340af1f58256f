/**
 * Compares what the customer gets (an OrderView at the payment step) with what the campaign
 * expects, and says each difference in plain words; and checks what the customer pays, whatever the
 * site file says (customerPays).
 *
 * The expectations, in a client's words (sites/example.annotated.yml explains each key):
 * - `items:` / `order:` a discount booked there (every promotion's), `items:` also per SKU;
 * - `discount:` every promotion's discount wherever Solidus books it (items and order);
 * - `code:` accepted, rejected, or the code's own share: the adjustments of the code's promotion;
 * - `taxon:` the discount on the cart's items of a taxon ("Outerwear 20% off");
 * - `total:` what the customer pays.
 * Percentages are worked out from the store's prices (the order's item total, or the lines they are
 * about); `at least` makes a discount a floor. Less than planned is an error; more than planned is a
 * warning about the plan, naming the promotion that gave it.
 */
import type { AdjustmentView, CartExpectation } from '../findings/types.ts';
import { discountOf, paidShipping, type OrderView } from './order-view.ts';
import { cents, formatMoney } from '../text/money.ts';
import { listWords } from '../text/words.ts';

export type Discount = { kind: 'percent'; value: number } | { kind: 'amount'; value: number } | { kind: 'none' };

/** A discount as a client states it: how much, whether it is a floor, and (for `code:`) where it is booked. */
export interface DiscountSpec {
  amount: Discount;
  /** "at least 20% off": more is fine. */
  atLeast: boolean;
  /** "50% off items", "$10 off the order": where Solidus books it. */
  on?: 'items' | 'order';
}

const AMOUNT = String.raw`(?:(\d+(?:\.\d+)?)\s*%\s*off|\$\s*(\d+(?:\.\d+)?)\s*off|none|nothing|full price)`;
const DISCOUNT = new RegExp(String.raw`^\s*(at\s+least\s+)?${AMOUNT}(?:\s+(?:on\s+)?(items|the\s+order|order))?\s*$`, 'i');
const TAXON = new RegExp(String.raw`^\s*(.*?\S)\s*:?\s+((?:at\s+least\s+)?(?:(?:\d+(?:\.\d+)?)\s*%\s*off|\$\s*(?:\d+(?:\.\d+)?)\s*off|none))\s*$`, 'i');
const TOTAL = /^\s*(at\s+(?:most|least)\s+)?\$\s*(\d+(?:\.\d+)?)\s*$/i;

/** "50% off", "$10 off", "none". Returns undefined for anything else (or for a place or "at least"). */
export function parseDiscount(text: string): Discount | undefined {
  const spec = parseDiscountSpec(text);
  return spec && !spec.atLeast && !spec.on ? spec.amount : undefined;
}

/** "at least 20% off", "50% off items", "$10 off the order", "none". */
export function parseDiscountSpec(text: string): DiscountSpec | undefined {
  const m = DISCOUNT.exec(text);
  if (!m) return undefined;
  const amount: Discount = m[2] ? { kind: 'percent', value: Number(m[2]) } : m[3] ? { kind: 'amount', value: Number(m[3]) } : { kind: 'none' };
  const on = m[4] ? (/order/i.test(m[4]) ? 'order' : 'items') : undefined;
  return { amount, atLeast: !!m[1], ...(on ? { on } : {}) };
}

/** "Outerwear 20% off" -> the taxon as written and its discount. */
export function parseTaxon(text: string): { taxon: string; discount: DiscountSpec } | undefined {
  const m = TAXON.exec(text);
  const discount = m && parseDiscountSpec(m[2]);
  return m && discount && !discount.on ? { taxon: m[1], discount } : undefined;
}

/** "$60", "at most $60", "at least $10": what the customer pays. */
export function parseTotal(text: string): { amount: number; bound?: 'most' | 'least' } | undefined {
  const m = TOTAL.exec(text);
  if (!m) return undefined;
  return { amount: Number(m[2]), ...(m[1] ? { bound: /most/i.test(m[1]) ? 'most' : 'least' } : {}) } as const;
}

/** `code:` as the store's answer only (accepted, rejected), or the code's own share (a discount). */
export const codeAnswer = (code: string | undefined): 'accepted' | 'rejected' | undefined =>
  code === 'accepted' || code === 'rejected' ? code : undefined;

export interface Check {
  /** What the check is about: a key of the expectation, or `pays` (what the customer pays, always checked). */
  what: 'items' | 'order' | 'shipping' | 'code' | 'discount' | 'taxon' | 'total' | 'pays';
  ok: boolean;
  /** How serious a failure is: `warn` for more than planned and a zero total; `error` (the default) otherwise. */
  level?: 'error' | 'warn';
  expected: string;
  actual: string;
  /** The mechanism, when the check knows it: which promotions gave what. */
  cause?: string;
}

/** What a check needs that the order alone does not say. */
export interface CheckFacts {
  /** The campaign's promotion name (an automatic campaign's own adjustments are named after it). */
  campaign?: string;
  /** Permalinks of the taxons of the product behind a SKU ("categories/outerwear"); undefined when not known. */
  taxonsOf?: (sku: string) => readonly string[] | undefined;
  /**
   * Whether the code's own adjustments and the lines' prices can be read (the API's order; the
   * browser's page shows neither): without them `code:` shares, per-item and taxon checks are left out.
   */
  lines?: boolean;
}

const close = (a: number, b: number, tolerance: number) => Math.abs(a - b) <= tolerance + 1e-9;

function expectedAmount(d: Discount, base: number): number {
  if (d.kind === 'percent') return Math.round(base * d.value) / 100;
  if (d.kind === 'amount') return d.value;
  return 0;
}

function describe(d: DiscountSpec, base: number, on: string): string {
  if (d.amount.kind === 'none') return `no discount on ${on}`;
  const amount = formatMoney(expectedAmount(d.amount, base));
  const floor = d.atLeast ? 'at least ' : '';
  return d.amount.kind === 'percent' ? `${floor}${d.amount.value}% off ${on} (${amount} off)` : `${floor}${amount} off ${on}`;
}

/** Eligible discounts (negative adjustments) among these, by promotion: "Outerwear Sale ($24.00)". */
function byPromotion(adjustments: readonly AdjustmentView[]): string {
  const sums = new Map<string, number>();
  for (const a of adjustments) if (a.eligible && a.amount < 0) sums.set(a.promotion, (sums.get(a.promotion) ?? 0) - a.amount);
  return listWords([...sums].map(([p, v]) => `${p} (${formatMoney(cents(v))})`));
}

const given = (adjustments: readonly AdjustmentView[]) => cents(discountOf(adjustments));

/**
 * Judges one discount: less than planned fails (an error), more than planned is a warning that says
 * how much more and which promotions gave it; `at least` takes any amount from the floor up.
 */
function judge(o: {
  what: Check['what']; spec: DiscountSpec; base: number; on: string; scope: readonly AdjustmentView[]; tolerance: number;
  nothing: string; own: Set<string>;
}): Check {
  const got = given(o.scope);
  const want = expectedAmount(o.spec.amount, o.base);
  const expected = describe(o.spec, o.base, o.on);
  const actual = got === 0 ? o.nothing : `${formatMoney(got)} off ${o.on}`;
  const from = byPromotion(o.scope);
  if (got < want - o.tolerance - 1e-9) {
    return { what: o.what, ok: false, expected, actual, ...(from ? { cause: `What applies to ${o.on}: ${from}.` } : {}) };
  }
  if (o.spec.atLeast || close(got, want, o.tolerance)) return { what: o.what, ok: true, expected, actual };
  // More than planned: the plan is wrong, or another promotion adds to it.
  // From another promotion: on top of the campaign's own, or in its place (it gives nothing here).
  const others = o.scope.filter((a) => !o.own.has(a.promotion));
  const fromOthers = given(others) > 0;
  const ownGives = given(o.scope.filter((a) => o.own.has(a.promotion))) > 0;
  const extra = formatMoney(cents(got - want));
  return {
    what: o.what, ok: false, level: 'warn', expected, actual: `${actual}: ${extra} more than planned`,
    cause: `${extra} more off ${o.on} than planned, from ${byPromotion(fromOthers ? others : o.scope)}${fromOthers ? (ownGives ? ' on top of the campaign\'s own' : ' in place of the campaign\'s own') : ''}. What applies to ${o.on}: ${from}.`,
  };
}

/**
 * Less than planned where the plan looked (`items:` or `order:`) while Solidus booked a discount in
 * the other place: said, with the key that reads both (a promotion's action decides where: item
 * adjustments per line, or one adjustment on the order).
 */
function elsewhere(check: Check, other: readonly AdjustmentView[], place: string, key: string): Check {
  if (check.ok || check.level === 'warn' || !given(other)) return check;
  const there = byPromotion(other);
  return { ...check, cause: `${check.cause ? `${check.cause} ` : ''}Solidus books ${there} on ${place} instead: write ${key} or discount: (wherever the store books it) in the site file if that is the plan.` };
}

/**
 * Checks an order against an expectation. `accepted` is whether the store accepted the code
 * (undefined for automatic promotions).
 */
export function checkExpectation(expect: CartExpectation, order: OrderView, accepted: boolean | undefined, facts: CheckFacts = {}): Check[] {
  const checks: Check[] = [];
  const t = order.totals;
  const lines = Math.max(1, order.lineItems.length);
  const readLines = facts.lines !== false;
  // The promotions the campaign itself stands for: its code's, or (automatic) the one named after it.
  const own = new Set([...order.codeAdjustments.map((a) => a.promotion), ...(facts.campaign ? [facts.campaign] : [])]);
  const codeShare = expect.code && !codeAnswer(expect.code) ? parseDiscountSpec(expect.code) : undefined;

  const discounted = !!(expect.items || expect.order || expect.discount || expect.taxon || codeShare);
  const codeExpected = codeAnswer(expect.code) ?? (discounted ? 'accepted' : undefined);
  if (codeExpected && accepted !== undefined) {
    checks.push({
      what: 'code',
      ok: (codeExpected === 'accepted') === accepted,
      expected: codeExpected === 'accepted' ? 'the store accepts the code' : 'the store refuses the code',
      actual: accepted ? 'the store accepted the code' : 'the store refused the code',
    });
  }
  const promo = order.adjustments;
  const onItems = promo.filter((a) => a.on === 'item');
  const onOrder = promo.filter((a) => a.on === 'order');
  const base = { own, tolerance: 0.01 };
  // Items and order: the discount booked there (every promotion's), within a cent (a cent a line for items).
  if (typeof expect.items === 'string') {
    checks.push(elsewhere(judge({ ...base, what: 'items', spec: parseDiscountSpec(expect.items)!, base: t.itemTotal, on: 'items', scope: onItems, tolerance: 0.01 * lines, nothing: 'full price for items (no discount)' }), onOrder, 'the order', 'order:'));
  } else if (expect.items && readLines) {
    // Per SKU: the discount on that SKU's line, from its own price.
    for (const [sku, text] of Object.entries(expect.items)) {
      const line = order.lineItems.filter((l) => l.sku === sku);
      const lineTotal = cents(line.reduce((s, l) => s + l.price * l.quantity, 0));
      checks.push(judge({ ...base, what: 'items', spec: parseDiscountSpec(text)!, base: lineTotal, on: sku, scope: onItems.filter((a) => a.sku === sku), nothing: `full price for ${sku} (no discount)` }));
    }
  }
  if (expect.order) checks.push(elsewhere(judge({ ...base, what: 'order', spec: parseDiscountSpec(expect.order)!, base: t.itemTotal, on: 'the order', scope: onOrder, nothing: 'no discount on the order' }), onItems, 'the items', 'items:'));
  if (expect.discount) {
    // Wherever Solidus books it: items and order (shipping has its own key).
    checks.push(judge({ ...base, what: 'discount', spec: parseDiscountSpec(expect.discount)!, base: t.itemTotal, on: 'the cart', scope: [...onItems, ...onOrder], tolerance: 0.01 * (lines + 1), nothing: 'no discount on the cart' }));
  }
  if (codeShare && readLines) {
    // The code's own share: the adjustments whose source is the code's promotion, eligible ones only.
    const codePromotions = new Set(order.codeAdjustments.map((a) => a.promotion));
    const where = codeShare.on === 'items' ? onItems : codeShare.on === 'order' ? onOrder : [...onItems, ...onOrder];
    const mine = where.filter((a) => codePromotions.has(a.promotion));
    const on = codeShare.on === 'order' ? 'the order' : codeShare.on === 'items' ? 'items' : 'the cart';
    const check = judge({ ...base, what: 'code', spec: codeShare, base: t.itemTotal, on, scope: mine, tolerance: 0.01 * (lines + 1), nothing: `no discount from the code on ${on}` });
    check.expected = `the code itself gives ${check.expected}`;
    check.actual = `the code itself gives ${check.actual}`;
    if (!check.ok && check.level !== 'warn') {
      // Which lines the code itself discounted, and which not (causes.ts says what took them: Spree::PromotionChooser).
      const place = (a: AdjustmentView) => (a.on === 'item' ? a.sku ?? 'an item' : a.on === 'order' ? 'the order' : 'shipping');
      const did = mine.filter((a) => a.eligible && a.amount < 0);
      const not = [...new Set(order.codeAdjustments.filter((a) => !a.eligible && where.includes(a)).map(place))].filter((p) => !did.some((a) => place(a) === p));
      const gave = listWords(did.map((a) => `${place(a)} (${formatMoney(-a.amount)} off)`));
      check.cause = did.length
        ? `The code itself discounted ${not.length ? 'only ' : ''}${gave}${not.length ? `, not ${listWords(not)}` : ''}.`
        : `The code itself discounted nothing on ${on}${not.length ? `: its adjustments on ${listWords(not)} are not eligible` : ''}.`;
    }
    checks.push(check);
  }
  if (expect.taxon && readLines) {
    const parsed = parseTaxon(expect.taxon)!;
    const wanted = parsed.taxon.trim().toLowerCase().replace(/\s+/g, '-');
    const inTaxon = (sku: string) => facts.taxonsOf?.(sku)?.some((p) => {
      const l = p.toLowerCase();
      return l === wanted || l.endsWith(`/${wanted}`) || l.includes(`/${wanted}/`) || l.startsWith(`${wanted}/`);
    }) ?? false;
    const skus = [...new Set(order.lineItems.filter((l) => inTaxon(l.sku)).map((l) => l.sku))];
    const lineTotal = cents(order.lineItems.filter((l) => skus.includes(l.sku)).reduce((s, l) => s + l.price * l.quantity, 0));
    const on = `the ${parsed.taxon} items${skus.length ? ` (${skus.join(', ')})` : ''}`;
    if (!skus.length) {
      checks.push({ what: 'taxon', ok: false, expected: describe(parsed.discount, 0, `the ${parsed.taxon} items`), actual: `no item of the cart is in ${parsed.taxon}`, cause: `None of the cart's products (${order.lineItems.map((l) => l.sku).join(', ')}) is in a taxon named ${parsed.taxon} (or under it) on the store.` });
    } else {
      checks.push(judge({ ...base, what: 'taxon', spec: parsed.discount, base: lineTotal, on, scope: onItems.filter((a) => a.sku && skus.includes(a.sku)), tolerance: 0.01 * skus.length, nothing: `full price for ${on}` }));
    }
  }
  if (expect.shipping) {
    const paid = paidShipping(t);
    const free = order.shipments > 0 && paid <= 0;
    checks.push({
      what: 'shipping',
      ok: expect.shipping === 'free' ? free : !free,
      expected: expect.shipping === 'free' ? 'free shipping' : 'paid shipping',
      actual: free ? 'free shipping' : `${formatMoney(paid)} shipping`,
    });
  }
  if (expect.total) {
    const want = parseTotal(expect.total)!;
    const ok = want.bound === 'most' ? t.total <= want.amount + 0.01 : want.bound === 'least' ? t.total >= want.amount - 0.01 : close(t.total, want.amount, 0.01);
    const words = `${want.bound ? `at ${want.bound} ` : ''}${formatMoney(want.amount)}`;
    checks.push({
      what: 'total', ok, expected: `the customer pays ${words}`, actual: `the customer pays ${formatMoney(t.total)}`,
      ...(ok ? {} : { cause: `Item total ${formatMoney(t.itemTotal)}, discounts ${byPromotion(promo) || 'none'}, shipping ${formatMoney(t.shipTotal)}, tax ${formatMoney(t.taxTotal)}.` }),
    });
  }
  return codeGaveNothing(expect, order, accepted, codeShare, checks);
}

/**
 * A code the store accepted whose own promotion then gives nothing on the cart (another promotion
 * took its place on every line) is an error even when the cart as a whole got what was planned or
 * more: customers who enter the code get nothing for it. The more-than-planned warnings of that
 * cart are left out (they credit the promotion that displaced the code); `code:` shares say it themselves.
 */
function codeGaveNothing(expect: CartExpectation, order: OrderView, accepted: boolean | undefined, codeShare: DiscountSpec | undefined, checks: Check[]): Check[] {
  if (accepted !== true || codeShare || checks.some((c) => !c.ok && c.level !== 'warn')) return checks;
  const planned = [expect.order, expect.discount, expect.taxon && parseTaxon(expect.taxon)?.discount, ...(typeof expect.items === 'string' ? [expect.items] : Object.values(expect.items ?? {}))]
    .map((d) => (typeof d === 'string' ? parseDiscountSpec(d) : d))
    .some((d) => d && d.amount.kind !== 'none' && d.amount.value > 0);
  const mine = order.codeAdjustments;
  if (!planned || !mine.length || given(mine) > 0) return checks;
  const rivals = order.adjustments.filter((a) => a.eligible && a.amount < 0 && !mine.some((m) => m.promotion === a.promotion));
  return [
    ...checks.filter((c) => c.ok || c.level !== 'warn'),
    {
      what: 'code', ok: false, expected: 'the code itself gives a discount', actual: 'the code itself gives nothing',
      cause: `The code's own adjustments are all ineligible${rivals.length ? `; what applies instead: ${byPromotion(rivals)}` : ''}.`,
    },
  ];
}

/**
 * What the customer pays, checked on every cart whatever the site file says: a total below zero is
 * an error (the store would owe the customer); a zero total, or a checkout that goes past the
 * payment step without it, is a warning naming the promotions that did it. `step` is the checkout
 * step the order reached after delivery. A plan that says `total: $0` expects the zero total.
 */
export function customerPays(order: OrderView, step: string, expect: Pick<CartExpectation, 'total'> = {}): Check[] {
  const t = order.totals;
  const promotions = byPromotion(order.adjustments) || 'no promotion';
  const skipped = step === 'confirm' || step === 'complete';
  const expected = 'the customer pays something, at the payment step';
  const planned = expect.total ? parseTotal(expect.total) : undefined;
  const negative = t.total < -0.005;
  const zeroPlanned = planned && !planned.bound && planned.amount === 0;
  if (!negative && (!(Math.abs(t.total) < 0.005 || skipped) || zeroPlanned)) return [{ what: 'pays', ok: true, expected, actual: `a total of ${formatMoney(t.total)}` }];
  return [{
    what: 'pays', ok: false, level: negative ? 'error' : 'warn', expected,
    actual: `a total of ${formatMoney(t.total)}${skipped ? `, and checkout skips the payment step (it goes to ${step})` : ''}`,
    cause: negative
      ? `The discounts, ${promotions}, take off more than the order costs (items ${formatMoney(t.itemTotal)}, shipping ${formatMoney(t.shipTotal)}, tax ${formatMoney(t.taxTotal)}): Solidus caps each promotion on its own, not their sum.`
      : `${promotions} take${/ and |, /.test(promotions) ? '' : 's'} off the whole order (items ${formatMoney(t.itemTotal)}, shipping ${formatMoney(t.shipTotal)}): ${skipped ? 'Solidus asks for no payment when nothing is owed, so the order goes straight to confirm' : 'the customer pays nothing'}.`,
  }];
}

/** "50% off items, free shipping" */
export function describeExpectation(expect: CartExpectation): string {
  const parts: string[] = [];
  if (expect.code === 'rejected') parts.push('code refused');
  else if (expect.code && !codeAnswer(expect.code)) parts.push(`the code itself ${expect.code}`);
  if (typeof expect.items === 'string') parts.push(`${expect.items} items`);
  else if (expect.items) parts.push(...Object.entries(expect.items).map(([sku, d]) => `${d} ${sku}`));
  if (expect.order) parts.push(`${expect.order} the order`);
  if (expect.taxon) parts.push(`${expect.taxon} items`.replace(/^(.*?\S)\s+((?:at least\s+)?\S+ off|none) items$/i, '$2 the $1 items'));
  if (expect.discount) parts.push(`${expect.discount} in all`);
  if (expect.shipping) parts.push(`${expect.shipping} shipping`);
  if (expect.total) parts.push(`the customer pays ${expect.total}`);
  return parts.join(', ') || 'no expectation';
}

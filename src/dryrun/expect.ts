/**
 * Compares what the customer gets (an OrderView at the payment step) with what the campaign
 * expects, and says each difference in plain words.
 */
import type { CartExpectation } from '../findings/types.ts';
import { paidShipping, type OrderView } from './order-view.ts';
import { formatMoney } from '../text/money.ts';

export type Discount = { kind: 'percent'; value: number } | { kind: 'amount'; value: number } | { kind: 'none' };

const DISCOUNT = /^\s*(?:(\d+(?:\.\d+)?)\s*%\s*off|\$\s*(\d+(?:\.\d+)?)\s*off|none|full price)\s*$/i;

/** "50% off", "$10 off", "none". Returns undefined for anything else. */
export function parseDiscount(text: string): Discount | undefined {
  const m = DISCOUNT.exec(text);
  if (!m) return undefined;
  if (m[1]) return { kind: 'percent', value: Number(m[1]) };
  if (m[2]) return { kind: 'amount', value: Number(m[2]) };
  return { kind: 'none' };
}

export interface Check {
  /** items, order, shipping or code */
  what: 'items' | 'order' | 'shipping' | 'code';
  ok: boolean;
  expected: string;
  actual: string;
}

const close = (a: number, b: number, tolerance: number) => Math.abs(a - b) <= tolerance + 1e-9;

function expectedAmount(d: Discount, base: number): number {
  if (d.kind === 'percent') return Math.round(base * d.value) / 100;
  if (d.kind === 'amount') return d.value;
  return 0;
}

function describe(d: Discount, base: number, on: string): string {
  if (d.kind === 'none') return `no discount on ${on}`;
  const amount = formatMoney(expectedAmount(d, base));
  return d.kind === 'percent' ? `${d.value}% off ${on} (${amount} off)` : `${amount} off ${on}`;
}

/**
 * Checks an order against an expectation. `accepted` is whether the store accepted the code
 * (undefined for automatic promotions).
 */
export function checkExpectation(expect: CartExpectation, order: OrderView, accepted: boolean | undefined): Check[] {
  const checks: Check[] = [];
  const t = order.totals;
  const lines = Math.max(1, order.lineItems.length);

  const codeExpected = expect.code ?? (expect.items || expect.order ? 'accepted' : undefined);
  if (codeExpected && accepted !== undefined) {
    checks.push({
      what: 'code',
      ok: (codeExpected === 'accepted') === accepted,
      expected: codeExpected === 'accepted' ? 'the store accepts the code' : 'the store refuses the code',
      actual: accepted ? 'the store accepted the code' : 'the store refused the code',
    });
  }
  // Items and order: the discount the text asks for, within a cent (a cent a line for items).
  const discount = (what: 'items' | 'order', text: string, got: number, on: string, tolerance: number, nothing: string) => {
    const d = parseDiscount(text)!;
    const actual = got === 0 ? nothing : `${formatMoney(got)} off ${on}`;
    checks.push({ what, ok: close(got, expectedAmount(d, t.itemTotal), tolerance), expected: describe(d, t.itemTotal, on), actual });
  };
  if (expect.items) discount('items', expect.items, -t.itemDiscount, 'items', 0.01 * lines, 'full price for items (no discount)');
  if (expect.order) discount('order', expect.order, -t.orderDiscount, 'the order', 0.01, 'no discount on the order');
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
  return checks;
}

/** "50% off items, free shipping" */
export function describeExpectation(expect: CartExpectation): string {
  const parts: string[] = [];
  if (expect.code === 'rejected') parts.push('code refused');
  if (expect.items) parts.push(`${expect.items} items`);
  if (expect.order) parts.push(`${expect.order} the order`);
  if (expect.shipping) parts.push(`${expect.shipping} shipping`);
  return parts.join(', ') || 'no expectation';
}

/**
 * A cart's steps (`steps:` in the site file): what the customer does after the cart is built (its
 * items, then the campaign's code): add or remove items, change a quantity, enter a code again or at
 * the delivery or payment step. Each step is done as the customer's own requests (the order's token,
 * or the signed-in user's key) and followed by a read of the order, so what the customer sees after
 * it is recorded; the flow (flow.ts) then takes the order on to the payment step, where the
 * expectation is judged. Imports nothing of the flow: it hands in how to enter a code, read the
 * order and take it forward.
 */
import type { CartStep } from '../config/types.ts';
import type { CaseStep, Totals } from '../findings/types.ts';
import { SolidusError, type Order, type SolidusClient } from '../solidus/client.ts';
import { readOrder } from './order-view.ts';
import { formatMoney } from '../text/money.ts';

/** Solidus's answer to a code. */
type Coupon = NonNullable<CaseStep['coupon']>;

export interface StepsInput {
  client: SolidusClient;
  number: string;
  steps: CartStep[];
  /** SKU -> variant id (every SKU a step adds is resolved with the cart's). */
  variants: Map<string, number>;
  /** Enters a code and returns Solidus's answer (throws on an answer that is no verdict). */
  apply: (code: string) => Promise<Coupon>;
  /** The order as it is now. */
  read: () => Promise<Order>;
  /** Takes the order forward to a checkout step. */
  goTo: (order: Order, target: 'delivery' | 'payment') => Promise<Order>;
  /** The campaign's own code (null: automatic). */
  campaignCode: string | null;
  /** Solidus's answer when the code went in as the cart was built. */
  coupon?: Coupon;
  /** A code as words may show it (masked when secret). */
  show?: (code: string) => string;
  /** The store's currency, for the steps' words. */
  currency?: string;
}

export interface StepsDone {
  steps: CaseStep[];
  /** The order after the last step. */
  order: Order;
  /** The answer to the first entry of the campaign's own code among the steps. */
  firstOwn?: Coupon;
  /** Where that first entry was made (the checkout step) and the totals right after it. */
  firstOwnAt?: { at: string; totals: Totals };
  /** Whether the store took the campaign's code at its last entry (undefined: automatic). */
  accepted?: boolean;
}

/** Solidus's answer when a code still on the order is entered again: the code stands. */
const ALREADY_APPLIED = 'coupon_code_already_applied';

/** A step in words: "add ACC-001 ×1", "remove ACC-001", "JKT-001 to 2", "enter TAKE10 at the payment step". */
export function stepWords(step: CartStep, show: (code: string) => string = (c) => c): string {
  if ('add' in step) return `add ${Object.entries(step.add).map(([sku, n]) => `${sku} ×${n}`).join(', ')}`;
  if ('remove' in step) return `remove ${step.remove}`;
  if ('quantity' in step) return Object.entries(step.quantity).map(([sku, n]) => `${sku} to ${n}`).join(', ');
  return `enter ${show(step.code)}${step.at === 'cart' ? ' in the cart' : ` at the ${step.at} step`}`;
}

/** Every SKU the steps add or set, for the catalog to resolve before any order is made. */
export const stepSkus = (steps: readonly CartStep[] = []) =>
  steps.flatMap((s) => ('add' in s ? Object.keys(s.add) : 'quantity' in s ? Object.keys(s.quantity) : []));

/** What the customer sees after a step, in one sentence. */
function sees(order: Order, coupon: Coupon | undefined, currency: string | undefined, show: (c: string) => string, code?: string): string {
  const view = readOrder(order);
  const t = view.totals;
  const fmt = (n: number) => formatMoney(n, currency);
  const off = -t.promoTotal;
  const answer = coupon?.success ? 'accepted' : coupon?.statusCode === ALREADY_APPLIED ? 'already on the order' : 'refused';
  const said = coupon ? `${show(code ?? '')} ${answer}: “${coupon.message ?? ''}”. ` : '';
  const items = view.lineItems.map((li) => `${li.sku} ×${li.quantity}`).join(', ') || 'nothing';
  return `${said}At the ${view.state} step: ${items}; items ${fmt(t.itemTotal)}, ${off ? `${fmt(off)} off` : 'no discount'}, total ${fmt(t.total)}.`;
}

/** The line item of a SKU, or a clear error when the cart has none. */
function lineOf(order: Order, sku: string, step: string): number {
  const li = (order.line_items ?? []).find((l) => l.variant?.sku === sku);
  if (li?.id === undefined) throw new SolidusError('STEP', step, 0, { error: `the cart holds no ${sku} at this step (it holds ${(order.line_items ?? []).map((l) => l.variant?.sku).join(', ') || 'nothing'})` });
  return li.id;
}

/** Does the steps, in order, recording after each what the customer sees. */
export async function runSteps(o: StepsInput): Promise<StepsDone> {
  const { client, number } = o;
  const show = o.show ?? ((c: string) => c);
  const own = (code: string) => !!o.campaignCode && code.toLowerCase() === o.campaignCode.toLowerCase();
  const out: CaseStep[] = [];
  let order = await o.read();
  let firstOwn: Coupon | undefined;
  let firstOwnAt: StepsDone['firstOwnAt'];
  let lastOwn: Coupon | undefined = o.coupon;
  const ok = (what: string, r: { response: Response; error?: unknown }) => {
    if (!r.response.ok) throw new SolidusError('STEP', `${what} (/api/orders/${number}/line_items)`, r.response.status, r.error);
  };
  for (const step of o.steps) {
    const words = stepWords(step, show);
    let coupon: Coupon | undefined;
    if ('add' in step) {
      for (const [sku, quantity] of Object.entries(step.add)) {
        ok(words, await client.POST('/orders/{order_number}/line_items', { params: { path: { order_number: number } }, body: { line_item: { variant_id: o.variants.get(sku)!, quantity } } }));
      }
    } else if ('remove' in step) {
      const id = lineOf(order, step.remove, words);
      ok(words, await client.DELETE('/orders/{order_number}/line_items/{id}', { params: { path: { order_number: number, id: String(id) } } }));
    } else if ('quantity' in step) {
      for (const [sku, quantity] of Object.entries(step.quantity)) {
        const id = lineOf(order, sku, words);
        ok(words, await client.PATCH('/orders/{order_number}/line_items/{id}', { params: { path: { order_number: number, id: String(id) } }, body: { line_item: { quantity } } }));
      }
    } else {
      // At the delivery or payment step: the checkout goes on there first (it never goes back).
      if (step.at !== 'cart') await o.goTo(order, step.at);
      coupon = await o.apply(step.code);
      if (own(step.code)) {
        firstOwn ??= coupon;
        lastOwn = coupon;
      }
    }
    order = await o.read();
    if (coupon && coupon === firstOwn && !firstOwnAt) firstOwnAt = { at: order.state ?? '', totals: readOrder(order).totals };
    out.push({ step: words, state: order.state ?? '', totals: readOrder(order).totals, ...(coupon ? { coupon } : {}), sees: sees(order, coupon, o.currency, show, 'code' in step ? step.code : undefined) });
  }
  const accepted = o.campaignCode ? !!lastOwn && (lastOwn.success || lastOwn.statusCode === ALREADY_APPLIED) : undefined;
  return { steps: out, order, firstOwn, firstOwnAt, accepted };
}

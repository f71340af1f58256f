/**
 * Checkout health, on staging through the API as a guest customer: a cart with one promoted item
 * reaches the payment step with a sample address; the expected shipping methods and rates are
 * offered; a payment method is available. Never completes the order (no money moves, no usage
 * counted) and empties it afterwards.
 */
import type { Audit, AuditContext, AuditFinding } from '../src/audits/types.ts';
import { readOptions } from '../src/audits/options.ts';
import { formatMoney } from '../src/text/money.ts';
import { listWords } from '../src/text/words.ts';
import { promotedSkus, readVariant, storeFor } from '../src/audits/store.ts';
import { DRYRUN_DOMAIN, OrderLedger, SAMPLE_ADDRESS, type Address } from '../src/dryrun/flow.ts';
import type { Order } from '../src/solidus/client.ts';

export const OPTIONS = {
  /** The SKU put in the cart; default: the first promoted SKU that is in stock on staging. */
  sku: { type: 'optionalString' },
  /** Shipping methods that must be offered, with their expected cost, e.g. { Ground: 7.95, Express: 19.95 }. Default: any one. */
  shipping: { type: 'numberMap', default: {} },
  /** Payment methods that must be offered, by name. Default: any one. */
  payment_methods: { type: 'stringList', default: [] },
  /** Fields of the sample address to change (name, address1, city, zipcode, phone, state_name, country_iso). */
  address: { type: 'stringMap', default: {} },
} as const;

const ADDRESS_KEYS = Object.keys(SAMPLE_ADDRESS);

interface Rate {
  name: string;
  cost: number;
}

/** Compares offered shipping rates and payment methods with the expected ones. Pure. */
export function checkOffer(input: { rates: Rate[]; payments: string[]; shipping: Record<string, number>; paymentMethods: string[]; currency: string }): AuditFinding[] {
  const out: AuditFinding[] = [];
  const money = (n: number) => formatMoney(n, input.currency);
  const offered = input.rates.map((r) => `${r.name} ${money(r.cost)}`);
  if (!input.rates.length) {
    out.push({
      key: 'no-shipping', title: 'Checkout offers no shipping method for the sample address',
      expected: Object.keys(input.shipping).length ? listWords(Object.entries(input.shipping).map(([n, c]) => `${n} ${money(c)}`)) : 'at least one shipping method',
      actual: 'no shipping rates at the delivery step',
      cause: 'Without a shipping rate the customer cannot get past delivery: no order can be placed.',
      action: 'Check the shipping methods, zones and shipping categories in the store admin.', impact: 'revenue',
    });
  }
  for (const [name, cost] of Object.entries(input.shipping)) {
    const rate = input.rates.find((r) => r.name.toLowerCase() === name.toLowerCase());
    if (!rate && input.rates.length) {
      out.push({
        key: `shipping:${name}:missing`, title: `Checkout does not offer ${name} shipping`,
        expected: `${name} ${money(cost)}`, actual: `offered: ${listWords(offered)}`,
        cause: `Customers who expect ${name} shipping cannot choose it.`,
        action: `Check the ${name} shipping method (zones, categories, availability) in the store admin, or correct the site file.`, impact: 'function',
      });
    } else if (rate && Math.abs(rate.cost - cost) >= 0.005) {
      out.push({
        key: `shipping:${name}:rate`, title: `${name} shipping costs ${money(rate.cost)}, not ${money(cost)}`,
        expected: `${name} ${money(cost)}`, actual: `${name} ${money(rate.cost)}`,
        cause: 'The shipping rate differs from what the client advertises.',
        action: `Correct the ${name} rate in the store admin, or the expected rate in the site file.`, impact: 'revenue',
      });
    }
  }
  if (!input.payments.length) {
    out.push({
      key: 'no-payment', title: 'Checkout offers no payment method',
      expected: input.paymentMethods.length ? listWords(input.paymentMethods) : 'at least one payment method',
      actual: 'no payment method at the payment step',
      cause: 'Customers reach the payment step and cannot pay.',
      action: 'Check that a payment method is active, available to customers and attached to the store.', impact: 'revenue',
    });
  }
  for (const name of input.paymentMethods) {
    if (input.payments.length && !input.payments.some((p) => p.toLowerCase() === name.toLowerCase())) {
      out.push({
        key: `payment:${name}:missing`, title: `Checkout does not offer the ${name} payment method`,
        expected: name, actual: `offered: ${listWords(input.payments)}`,
        cause: `Customers cannot pay with ${name}.`,
        action: `Check that ${name} is active, available to customers and attached to the store.`, impact: 'revenue',
      });
    }
  }
  return out;
}

/** The words of a Solidus error answer: `error` and the field messages. */
function answerWords(status: number, body: unknown): string {
  const b = (body ?? {}) as { error?: unknown; errors?: Record<string, unknown> | unknown[] };
  const parts: string[] = [];
  if (typeof b.error === 'string') parts.push(b.error);
  if (b.errors && typeof b.errors === 'object') {
    for (const [k, v] of Object.entries(b.errors)) parts.push(`${Array.isArray(b.errors) ? '' : `${k} `}${Array.isArray(v) ? v.join(', ') : String(v)}`.trim());
  }
  return `HTTP ${status}${parts.length ? `: ${parts.join('; ')}` : ''}`;
}

async function firstSellable(ctx: AuditContext, skus: string[]): Promise<{ sku: string; id: number } | undefined> {
  const store = storeFor(ctx, 'staging');
  for (const sku of skus) {
    const v = await readVariant(ctx, store, sku);
    if (v?.id && (v.in_stock !== false || v.track_inventory === false || v.is_backorderable) && Number(v.price) > 0) return { sku, id: v.id };
  }
  return undefined;
}

type Step = 'cart' | 'address' | 'delivery' | 'payment';

const audit: Audit = {
  id: 'checkout-health',
  title: 'A guest can check out',
  failureTitle: 'A guest cannot check out as planned',
  recommended: 'error',
  shouldRun: () => true,
  async run(ctx) {
    const opts = readOptions('checkout-health', ctx.options, OPTIONS);
    for (const key of Object.keys(opts.address)) {
      if (!ADDRESS_KEYS.includes(key)) throw new Error(`audits.rules.checkout-health option \`address.${key}\` is not an address field — use ${ADDRESS_KEYS.join(', ')}`);
    }
    const address: Address = { ...SAMPLE_ADDRESS, ...opts.address };
    const addressWords = `${address.address1}, ${address.city}, ${address.state_name} ${address.zipcode}, ${address.country_iso}`;
    const candidates = opts.sku ? [opts.sku] : [...promotedSkus(ctx.site).keys()];
    const item = await firstSellable(ctx, candidates);
    if (!item) {
      return {
        summary: 'Not checked: no promoted SKU is in stock on staging to put in the cart.',
        findings: [{
          key: 'no-item', notChecked: true,
          title: 'Checkout could not be tried: no item to put in the cart',
          expected: `one of ${listWords(candidates)} in stock on staging`, actual: 'none is sold on staging with stock and a price',
          cause: 'The audit needs one item a customer can buy.', action: 'Set `sku:` in audits.rules.checkout-health to an in-stock SKU of the staging store.',
        }],
      };
    }

    const guest = ctx.stagingGuest;
    const ledger = new OrderLedger();
    const email = `checkout-health@${DRYRUN_DOMAIN}`;
    let reached: Step = 'cart';
    const stuck = (step: Step, res: { response: Response; error?: unknown }, why: string): AuditFinding => ({
      key: `stuck:${step}`,
      title: `A guest cannot get past the ${step} step`,
      expected: 'a guest reaches the payment step with a sample address',
      actual: `stopped at ${step}: ${answerWords(res.response.status, res.error)}`,
      cause: why,
      action: `Try the checkout on staging with ${item.sku} and ${addressWords}; the store's log has the detail.`,
      impact: 'revenue',
    });

    const created = await ctx.limit(() => guest.POST('/orders', { body: { order: { email } }, signal: ctx.signal }));
    const number = created.data?.number;
    if (!number) return { summary: 'A guest cannot create a cart.', findings: [stuck('cart', created, 'The store refused to create a cart for a guest.')] };
    ledger.add(number, guest);
    try {
      const added = await ctx.limit(() => guest.POST('/orders/{order_number}/line_items', {
        params: { path: { order_number: number } }, body: { line_item: { variant_id: item.id, quantity: 1 } }, signal: ctx.signal,
      }));
      if (!added.response.ok) return { summary: `A guest cannot add ${item.sku} to a cart.`, findings: [stuck('cart', added, `The store refused to add ${item.sku} to the cart.`)] };
      const toAddress = await ctx.limit(() => guest.PUT('/checkouts/{checkout_id}/next', { params: { path: { checkout_id: number } }, signal: ctx.signal }));
      if (!toAddress.response.ok) return { summary: 'A guest cannot start checkout.', findings: [stuck('cart', toAddress, 'The store refused to move the cart to checkout.')] };
      reached = 'address';
      const toDelivery = await ctx.limit(() => guest.PATCH('/checkouts/{id}', {
        params: { path: { id: number } },
        body: { order: { email, bill_address_attributes: address, ship_address_attributes: address } },
        signal: ctx.signal,
      }));
      const atDelivery = toDelivery.data as Order | undefined;
      if (!toDelivery.response.ok || !atDelivery || atDelivery.state !== 'delivery') {
        return { summary: `A guest cannot get past the address step with ${addressWords}.`, findings: [stuck('address', toDelivery, `The store did not accept the sample address ${addressWords}.`)] };
      }
      reached = 'delivery';
      const rates: Rate[] = (atDelivery.shipments ?? []).flatMap((s) => (s.shipping_rates ?? []).map((r) => ({ name: r.name ?? '?', cost: Number(r.cost) })));
      const currency = atDelivery.currency ?? ctx.site.currency;
      const findings: AuditFinding[] = [];
      let payments: string[] = [];
      if (rates.length) {
        const toPayment = await ctx.limit(() => guest.PUT('/checkouts/{checkout_id}/next', { params: { path: { checkout_id: number } }, signal: ctx.signal }));
        const atPayment = toPayment.data as Order | undefined;
        if (!toPayment.response.ok || !atPayment || atPayment.state !== 'payment') {
          findings.push(stuck('delivery', toPayment, 'The store did not move the order from delivery to payment with the selected shipping rate.'));
        } else {
          reached = 'payment';
          payments = (atPayment.payment_methods ?? []).map((p) => p.name ?? '?');
        }
      }
      findings.push(
        ...checkOffer({ rates, payments, shipping: opts.shipping, paymentMethods: reached === 'payment' ? opts.payment_methods : [], currency })
          .filter((f) => reached === 'payment' || !f.key.startsWith('no-payment')),
      );
      const summary = findings.length
        ? `A guest with ${item.sku} reached the ${reached} step: ${listWords(findings.map((f) => f.title.charAt(0).toLowerCase() + f.title.slice(1)))}.`
        : `A guest with ${item.sku} reached the payment step with ${addressWords}; shipping offered: ${listWords(rates.map((r) => `${r.name} ${formatMoney(r.cost, currency)}`))}; payment: ${listWords(payments)}.`;
      return { summary, findings };
    } finally {
      await ledger.emptyAll();
    }
  },
};

export default audit;

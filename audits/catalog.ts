/**
 * Catalog: every product in a campaign's carts exists, is available by the time the campaign
 * starts, has a price in the store currency, can be discounted, and has enough stock for the
 * expected demand. A sold-out or non-promotionable item in a promoted cart is called out: the first
 * cannot be bought, the second makes Solidus refuse every promotion on the whole order.
 *
 * Reads the store customers buy from (production when the site names one), GET only.
 */
import type { Campaign } from '../src/config/types.ts';
import type { Audit, AuditContext, AuditFinding } from '../src/audits/types.ts';
import { readOptions } from '../src/audits/options.ts';
import { showCode } from '../src/safety/redact.ts';
import { count, listWords, plural } from '../src/text/words.ts';
import { promotedSkus, readVariant, STORE_OPTION, storeFor, StoreAnswerError, type StoreRef } from '../src/audits/store.ts';
import type { Variant } from '../src/solidus/queries.ts';
import { formatLocal, localToInstant } from '../src/text/time.ts';

export const OPTIONS = {
  ...STORE_OPTION,
  /** Fewest units on hand for each promoted SKU. */
  min_on_hand: { type: 'number', default: 20, min: 0, integer: true },
  /** Per-SKU demand that overrides min_on_hand, e.g. { JKT-001: 500 }. */
  min_on_hand_by_sku: { type: 'numberMap', default: {} },
} as const;

/** What the check needs about one SKU, as read from the store. */
export interface SkuFacts {
  sku: string;
  variant?: Variant;
  /** The product's fields (available_on, promotionable when the store shows it). */
  product?: Record<string, unknown>;
  campaigns: Campaign[];
  carts: string[];
  /** Units the site needs on hand (min_on_hand, the per-SKU override, or the largest cart quantity). */
  required: number;
  /** When the earliest campaign that names it starts (or now for campaigns without a window). */
  neededFrom: Date;
}

/** The problems with one promoted SKU. Pure. Keys: `<sku>:missing|unavailable|no-price|sold-out|low-stock|not-promotionable|backorder`. */
export function checkSku(f: SkuFacts, timeZone: string, store: string): AuditFinding[] {
  const where = whereWords(f);
  const single = f.campaigns.length === 1 ? { campaign: f.campaigns[0].name, code: showCode(f.campaigns[0]) } : {};
  const oneCart = single.campaign && f.carts.length === 1 ? { cart: f.carts[0] } : {};
  const base = { ...single, ...oneCart };
  const v = f.variant;
  const name = v?.name ? `${v.name} (${f.sku})` : f.sku;
  const problem = (what: string, title: string, expected: string, actual: string, cause: string, action: string): AuditFinding =>
    ({ ...base, key: `${f.sku}:${what}`, title, expected, actual, cause, action, impact: 'revenue' });
  if (!v) {
    return [problem(
      'missing', `${f.sku} is not in the store`,
      `a product with SKU ${f.sku} in ${store}`, `${store} has no variant with SKU ${f.sku}`,
      `It is in ${where}; customers cannot find or buy it.`,
      `Check the SKU with the client: correct it in the site file, or create the product in ${store}.`,
    )];
  }
  const out: AuditFinding[] = [];
  const availableOn = typeof f.product?.available_on === 'string' ? new Date(f.product.available_on) : undefined;
  const discontinueOn = typeof f.product?.discontinue_on === 'string' ? new Date(f.product.discontinue_on) : undefined;
  const discontinued = !!discontinueOn && discontinueOn.getTime() <= f.neededFrom.getTime();
  if (f.product && (!availableOn || availableOn.getTime() > f.neededFrom.getTime() || discontinued)) {
    out.push(problem(
      'unavailable', `${name} is not available for sale when the campaign starts`,
      `on sale from ${formatLocal(f.neededFrom, timeZone)}`,
      !availableOn ? 'no "available on" date: not for sale' : discontinued ? `discontinued ${formatLocal(discontinueOn, timeZone)}` : `available from ${formatLocal(availableOn, timeZone)}`,
      `It is in ${where}; customers cannot see or buy it until it is available.`,
      `Set the product's "Available on" date (and clear "Discontinue on") in the ${store} admin.`,
    ));
  }
  const price = v.price === null || v.price === undefined ? NaN : Number(v.price);
  if (!(price > 0)) {
    out.push(problem(
      'no-price', `${name} has no price in the store currency`,
      'a price above zero in the store currency', v.price == null ? 'no price' : `price ${v.price}`,
      `Solidus cannot sell a variant without a price in the order's currency; it is in ${where}.`,
      `Give ${f.sku} a price in the store currency in the ${store} admin.`,
    ));
  }
  if (f.product && f.product.promotionable === false) {
    out.push(problem(
      'not-promotionable', `${name} cannot be discounted (not promotionable), yet it is in a promoted cart`,
      'every item in a promoted cart can be discounted', `${f.sku} is marked not promotionable in ${store}`,
      `Solidus makes the whole order ineligible for every promotion when it holds a non-promotionable item, so ${where} give no discount at all.`,
      `Take ${f.sku} out of the campaign (and its ads), or mark the product promotionable in the ${store} admin if that was a mistake.`,
    ));
  }
  const tracked = v.track_inventory !== false;
  const onHand = v.total_on_hand ?? 0;
  const needed = `at least ${count(f.required)} on hand`;
  if (tracked) {
    const soldOut = v.in_stock === false || onHand <= 0;
    if (soldOut && !v.is_backorderable) {
      out.push(problem(
        'sold-out', `${name} is sold out, yet it is in a promoted cart`,
        needed, `${count(Math.max(onHand, 0))} on hand, not backorderable`,
        `Customers who follow the campaign to ${f.sku} cannot add it to their cart; it is in ${where}.`,
        `Restock ${f.sku} before the campaign, or take it out of the campaign's emails and ads.`,
      ));
    } else if (onHand < f.required && !v.is_backorderable) {
      out.push(problem(
        'low-stock', `${name} has only ${count(onHand)} on hand, fewer than the ${count(f.required)} needed`,
        needed, `${count(onHand)} on hand, not backorderable`,
        `It is in ${where}; it will sell out early in the campaign.`,
        `Restock ${f.sku} to at least ${count(f.required)}, or agree with the client a smaller demand (audits.rules.catalog min_on_hand_by_sku).`,
      ));
    } else if (onHand < f.required) {
      out.push({
        ...base, key: `${f.sku}:backorder`, kind: 'info',
        title: `${name} has ${count(Math.max(onHand, 0))} on hand and will be sold on backorder`,
        expected: needed, actual: `${count(Math.max(onHand, 0))} on hand, backorderable`,
        cause: 'Customers can still order it; it ships when it is restocked.',
        action: 'Make sure the client knows orders will wait for stock.',
      });
    }
  }
  return out;
}

function whereWords(f: SkuFacts): string {
  const campaigns = f.campaigns.map((c) => `${c.name} (${showCode(c)})`);
  return f.campaigns.length === 1 ? `the ${listWords([...new Set(f.carts)])} cart${new Set(f.carts).size === 1 ? '' : 's'} of ${campaigns[0]}` : `carts of ${listWords(campaigns)}`;
}

/** "JKT-003 sold out" for a finding keyed `JKT-003:sold-out`. */
function shortWords(f: AuditFinding): string {
  const [sku, what] = f.key.split(':');
  return what ? `${sku} ${what.replace(/-/g, ' ')}` : f.title;
}

async function readProduct(ctx: AuditContext, store: StoreRef, slug: string): Promise<Record<string, unknown> | undefined> {
  const res = await ctx.limit(() => store.client.GET('/products/{id}', { params: { path: { id: slug } }, signal: ctx.signal }));
  if (res.response.status === 404) return undefined;
  if (!res.response.ok) throw new StoreAnswerError(store, `GET /api/products/${slug}`, res.response.status);
  return res.data as Record<string, unknown>;
}

async function storeCurrency(ctx: AuditContext, store: StoreRef): Promise<string | undefined> {
  const res = await ctx.limit(() => store.client.GET('/stores', { signal: ctx.signal }));
  if (!res.response.ok) return undefined;
  const stores = (res.data?.stores ?? []) as { default?: boolean; default_currency?: string | null }[];
  return (stores.find((s) => s.default) ?? stores[0])?.default_currency ?? undefined;
}

const audit: Audit = {
  id: 'catalog',
  title: 'Promoted products can be bought',
  failureTitle: 'A promoted product cannot be bought as planned',
  recommended: 'error',
  shouldRun: (site) => site.campaigns.some((c) => c.carts.length > 0),
  notApplicable: 'No campaign has carts.',
  async run(ctx) {
    const opts = readOptions('catalog', ctx.options, OPTIONS);
    const store = storeFor(ctx, opts.store);
    const tz = ctx.site.holiday.timezone;
    const skus = promotedSkus(ctx.site);
    const [currency, facts] = await Promise.all([
      storeCurrency(ctx, store),
      Promise.all(
        [...skus].map(async ([sku, use]): Promise<SkuFacts> => {
          const variant = await readVariant(ctx, store, sku);
          const product = variant?.slug ? await readProduct(ctx, store, variant.slug) : undefined;
          const starts = use.campaigns.map((c) => (c.window ? localToInstant(c.window[0], tz) : ctx.now));
          const neededFrom = new Date(Math.max(ctx.now.getTime(), Math.min(...starts.map((d) => d.getTime()))));
          const required = Math.max(opts.min_on_hand_by_sku[sku] ?? opts.min_on_hand, use.maxQuantity);
          return { sku, variant, product, campaigns: use.campaigns, carts: use.carts, required, neededFrom };
        }),
      ),
    ]);
    const findings: AuditFinding[] = facts.flatMap((f) => checkSku(f, tz, store.name));
    if (currency && currency.toUpperCase() !== ctx.site.currency.toUpperCase()) {
      findings.push({
        key: 'currency',
        title: `The store sells in ${currency}, not in ${ctx.site.currency} as the site file says`,
        expected: `prices in ${ctx.site.currency}`, actual: `${store.name}'s default currency is ${currency}`,
        cause: 'Prices, discounts and thresholds ("orders over $85") are read in the store currency; the plan was written in another one.',
        action: 'Correct `currency:` in the site file, or the store\'s default currency, after checking with the client.',
        impact: 'revenue',
      });
    }
    const shown = facts.filter((f) => f.product && 'promotionable' in f.product).length;
    const problems = findings.filter((f) => f.kind !== 'info');
    const bad = [...new Set(problems.map((f) => f.key.split(':')[0]).filter((k) => skus.has(k)))];
    const tail = shown === facts.length ? '' : ' The store\'s API does not show whether products are promotionable, so that was not checked.';
    const summary = problems.length
      ? `${plural(bad.length, 'promoted SKU')} of ${skus.size} cannot be sold as planned in ${store.name}: ${listWords(problems.map(shortWords))}.${tail}`
      : `${plural(skus.size, 'promoted SKU')} in ${store.name}: all exist, are on sale, priced${currency ? ` in ${currency}` : ''} and have at least ${count(opts.min_on_hand)} on hand.${tail}`;
    return { summary, findings };
  },
};

export default audit;

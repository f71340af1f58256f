/**
 * Dry-runs of what nobody planned: every promotion live during the holiday on staging that the site
 * file does not name (unplannedPromotions, live.ts) becomes a campaign the API dry-run engine runs
 * like a planned one, at its first live minute of the holiday (through the store's signed clock), on
 * carts built from its own rules, expecting what its own actions say. Pure: the store's shelf (what
 * is on sale, by SKU and taxon) is read by the caller (src/pipeline/api.ts) and given here.
 *
 * The carts, from the rules (legacy promotions: every rule must hold):
 * - one cart per product or taxon rule (a product it names, by SKU; a promotionable product of a
 *   taxon it names, by permalink), with what the other rules need, or an ordinary cart when there are
 *   none;
 * - for each item-total threshold, a cart just under it and one just over it (whole dollars, as the
 *   threshold search tries them);
 * - the first of those plus a product Solidus never discounts (a gift card): Solidus then leaves the
 *   whole order out of every promotion (Spree::Promotion#blacklisted?), so it expects nothing.
 * Its code (the first one the inventory lists) goes on every cart; where the rules do not hold, the
 * store must refuse it.
 *
 * What each cart should get comes from the actions and their calculators, read at face value in the
 * store's currency (percent or amount off each item it may discount, an amount or percent off the
 * order, free shipping; nothing where the rules do not hold). Where another automatic promotion of
 * the store could give the same kind of discount on a cart the rules do not allow, that part is not
 * asserted; on a cart they allow, it is (Solidus keeps one promotion per item, shipment or order, so a
 * competitor shows as a difference). Extra items that fill a cart to a total are chosen among
 * products no other automatic promotion names. A rule a guest cart can never meet (a signed-in
 * customer, an order number) or that the harness does not know leaves the promotion not dry-run,
 * with the reason.
 */
import type { Campaign, Site } from '../config/types.ts';
import type { CartExpectation } from '../findings/types.ts';
import type { InventoryAction, InventoryPromotion, InventoryRule } from '../solidus/inventory.ts';
import { cartOfTotal } from '../dryrun/boundary.ts';
import type { VariantInfo } from '../dryrun/catalog.ts';
import { momentOf, type PlannedMoment } from '../dryrun/moments.ts';
import { cents, formatMoney } from '../text/money.ts';
import { listWords } from '../text/words.ts';
import { campaignCode, firstLiveMinute, holidaySpan, liveAt, unplannedCampaigns } from './live.ts';
import { shortType, target } from './checks.ts';

/** What the store sells, as carts are built from it. */
export interface Shelf {
  /** In-stock, priced variants of promotionable products (Catalog.purchasable). */
  items: readonly VariantInfo[];
  /** In-stock, priced variants of products Solidus never discounts (Catalog.notPromotionable). */
  notPromotionable: readonly VariantInfo[];
  /** Taxon id -> permalink. */
  permalinks: ReadonlyMap<number, string>;
}

/** An unplanned promotion as the dry-run takes it. */
export interface UnplannedRun {
  promotion: InventoryPromotion;
  /** The campaign the engine runs: the promotion's name (unique in the run), its first code, carts from its rules. */
  campaign: Campaign;
  /** Its first live minute of the holiday, the moment its carts run at. */
  moment?: PlannedMoment;
  /** Why it is not dry-run (then `campaign.carts` is empty). */
  skip?: string;
  /** What its settings say that a finding about it should mention (a calculator in another currency, …). */
  notes: string[];
}

/** The moment label of an unplanned promotion's cases: its first live minute of the holiday. */
export const LIVE_LABEL = 'live';

/** The expectation vocabulary's amounts ("$16.50 off"): whole dollars without cents. */
const off = (n: number) => `$${Number.isInteger(cents(n)) ? cents(n) : cents(n).toFixed(2)} off`;

/** Rules a guest cart can never meet, with why. */
const GUEST_NEVER: Record<string, string> = {
  NthOrder: 'an order number of a signed-in customer',
  UserLoggedIn: 'a signed-in customer',
  User: 'one of the customers it names',
  UserRole: 'a signed-in customer with a role',
  FirstRepeatPurchaseSince: 'a signed-in customer\'s earlier order',
  OneUsePerUser: 'a signed-in customer',
};
/** Rules every dry-run cart meets: a guest's first order (the run's address has no orders), the one store. */
const ALWAYS = new Set(['FirstOrder', 'Store']);

/** A line of a cart, with what the rules read of it. */
interface Line {
  item: VariantInfo;
  quantity: number;
  promotionable: boolean;
}

const amountOf = (lines: readonly Line[]) => cents(lines.reduce((n, l) => n + l.item.price * l.quantity, 0));

/** The product's SKU as rules name it (the master's), for a variant. */
const productSkuOf = (v: VariantInfo) => v.productSku ?? v.sku;

/** Whether a variant's product is in a taxon (or one of its descendants), by permalink. */
function inTaxons(v: VariantInfo, permalinks: readonly string[], shelf: Shelf): boolean {
  return (v.taxonIds ?? []).some((id) => {
    const own = shelf.permalinks.get(id);
    return !!own && permalinks.some((p) => own === p || own.startsWith(`${p}/`));
  });
}

const skusOf = (rule: InventoryRule) => (rule.settings.products ?? []).map((p) => p.sku ?? p.name);
const permalinksOf = (rule: InventoryRule) => (rule.settings.taxons ?? []).map((t) => t.permalink ?? t.name);
const policyOf = (rule: InventoryRule) => rule.settings.match_policy ?? 'any';

/** Whether a rule lets its promotion discount this line (Spree::PromotionRule#actionable?). */
function ruleActionable(rule: InventoryRule, line: Line, shelf: Shelf): boolean {
  const type = shortType(rule.type);
  let found: boolean;
  if (type === 'Product') found = skusOf(rule).includes(productSkuOf(line.item));
  else if (type === 'Taxon') found = inTaxons(line.item, permalinksOf(rule), shelf);
  else return true;
  return policyOf(rule) === 'none' ? !found : found;
}

/** Solidus discounts a line only when its product is promotionable and every rule allows it (line_item_actionable?). */
const actionable = (p: InventoryPromotion, line: Line, shelf: Shelf) => line.promotionable && p.rules.every((r) => ruleActionable(r, line, shelf));

/**
 * Whether the promotion's rules hold for a guest cart, as Solidus decides (Spree::Promotion#eligible?
 * with every rule, blacklisted? for a product that is never discounted); undefined for a rule the
 * harness does not know. Amounts are read in the store's currency.
 */
function eligible(p: InventoryPromotion, lines: readonly Line[], shelf: Shelf, currency: string): boolean | undefined {
  if (lines.some((l) => !l.promotionable)) return false;
  const total = amountOf(lines);
  let unknown = false;
  for (const rule of p.rules) {
    const type = shortType(rule.type);
    const s = rule.settings;
    if (ALWAYS.has(type)) continue;
    if (GUEST_NEVER[type]) return false;
    if (type === 'ItemTotal') {
      if (typeof s.currency === 'string' && s.currency !== currency) return false;
      const amount = Number(s.amount);
      if (!(s.operator === 'gte' ? total >= amount : total > amount)) return false;
    } else if (type === 'Product' || type === 'Taxon') {
      const wanted = type === 'Product' ? skusOf(rule) : permalinksOf(rule);
      if (type === 'Product' && !wanted.length) continue;
      const has = (w: string) => lines.some((l) => (type === 'Product' ? productSkuOf(l.item) === w : inTaxons(l.item, [w], shelf)));
      const policy = policyOf(rule);
      const ok = policy === 'all' ? wanted.every(has) : policy === 'none' ? !wanted.some(has) : wanted.some(has);
      if (!ok) return false;
    } else if (type === 'MinimumQuantity') {
      const n = lines.filter((l) => actionable(p, l, shelf)).reduce((q, l) => q + l.quantity, 0);
      if (n < Number(s.minimum_quantity ?? 1)) return false;
    } else {
      unknown = true;
    }
  }
  return unknown ? undefined : true;
}

type Target = NonNullable<ReturnType<typeof target>>;

/** The legacy actions whose effect on a cart the harness computes (effectOf). */
const COMPUTED = new Set(['CreateItemAdjustments', 'CreateAdjustment', 'FreeShipping']);
/** What an action discounts (checks.ts target), for the actions the harness computes. */
const targetOf = (action: InventoryAction) => (COMPUTED.has(shortType(action.type)) ? target(action) : undefined);

/** What one action gives on a cart its rules allow, in the expectation vocabulary; undefined when the harness cannot tell. */
function effectOf(p: InventoryPromotion, action: InventoryAction, lines: readonly Line[], shelf: Shelf): { target: Target; text?: string; amount?: number } | undefined {
  const target = targetOf(action);
  const cs = action.calculator?.settings ?? {};
  const type = action.calculator ? shortType(action.calculator.type) : undefined;
  const mine = lines.filter((l) => actionable(p, l, shelf));
  // What each calculator the harness computes takes off, by target and calculator.
  const amounts: Partial<Record<string, () => number>> = {
    'items PercentOnLineItem': () => mine.reduce((n, l) => n + Math.min(l.item.price * l.quantity, (l.item.price * l.quantity * Number(cs.percent)) / 100), 0),
    'items FlatRate': () => mine.reduce((n, l) => n + Math.min(l.item.price * l.quantity, Number(cs.amount)), 0),
    'items DistributedAmount': () => Math.min(Number(cs.amount), amountOf(mine)),
    'order FlatRate': () => Math.min(Number(cs.amount), amountOf(lines)),
  };
  if (target === 'shipment') return { target };
  if (target === 'order' && type === 'FlatPercentItemTotal') return { target, text: `${Number(cs.flat_percent)}% off` };
  const amount = target && amounts[`${target} ${type}`]?.();
  if (!target || amount === undefined) return undefined;
  // A percent off every item of the cart is said as the percent.
  const percent = type === 'PercentOnLineItem' && mine.length === lines.length;
  return { target, amount, text: percent ? `${Number(cs.percent)}% off` : off(amount) };
}

/** "PercentOnLineItem on CreateItemAdjustments": an action or calculator the harness does not compute. */
const actionName = (a: InventoryAction) => `${shortType(a.type)}${a.calculator ? ` with ${shortType(a.calculator.type)}` : ''}`;

export interface UnplannedInput {
  site: Pick<Site, 'holiday' | 'campaigns' | 'allCampaigns' | 'currency'>;
  /** Staging's promotions (its inventory). */
  promotions: readonly InventoryPromotion[];
  shelf: Shelf;
  /** The store's currency (the inventory's store.currency). */
  currency: string;
  /**
   * When a promotion runs, given its first live minute of the holiday: that moment (the default),
   * another one (no clock: now; --at), or why it cannot run.
   */
  when?: (p: InventoryPromotion, first: PlannedMoment) => PlannedMoment | { skip: string };
}

/** Every unplanned promotion of staging, each as a campaign to dry-run or with why it is not. Pure. */
export function unplannedRuns(input: UnplannedInput): UnplannedRun[] {
  const { site } = input;
  const span = holidaySpan(site);
  const tz = site.holiday.timezone;
  return unplannedCampaigns(input.promotions, site).map(({ promotion, campaign: { name } }) => {
    const first = firstLiveMinute(promotion, span)!;
    const planned: PlannedMoment = { ...momentOf(first, LIVE_LABEL, tz), instant: first, role: 'full', primary: true };
    const when = input.when?.(promotion, planned) ?? planned;
    if ('skip' in when) return { promotion, campaign: { name, code: campaignCode(promotion), secret: true, carts: [] }, skip: when.skip, notes: notesOf(promotion, input.currency) };
    const others = input.promotions.filter((o) => o !== promotion && o.apply_automatically && o.actions.length && liveAt(o, when.instant));
    return { ...planOne(promotion, name, others, input), moment: when };
  });
}

function planOne(p: InventoryPromotion, name: string, others: readonly InventoryPromotion[], input: UnplannedInput): Omit<UnplannedRun, 'moment'> {
  const { shelf, currency } = input;
  const code = campaignCode(p);
  const campaign: Campaign = { name, code, secret: true, carts: [] };
  const notes = notesOf(p, currency);
  const skip = (why: string) => ({ promotion: p, campaign, skip: why, notes });

  if (!p.actions.length) return skip(`it has no actions, so it gives nothing${code ? ' (Solidus refuses its code)' : ''}: there is nothing to expect from it`);
  if (!p.apply_automatically && !code) return skip('it has no code to enter and is not automatic');
  const never = p.rules.map((r) => GUEST_NEVER[shortType(r.type)]).find(Boolean);
  if (never) return skip(`its rules need ${never}, and the dry-run shops as a guest`);
  const known = new Set(['ItemTotal', 'Product', 'Taxon', 'MinimumQuantity', ...ALWAYS]);
  const strange = p.rules.find((r) => !known.has(shortType(r.type)));
  if (strange) return skip(`its rule ${shortType(strange.type)} is not one the harness can build carts for`);

  // Items no other automatic promotion names, for filling carts; and never what this one excludes.
  const excluded = (v: VariantInfo) => p.rules.some((r) => policyOf(r) === 'none' && (shortType(r.type) === 'Product' || shortType(r.type) === 'Taxon') && !ruleActionable(r, { item: v, quantity: 1, promotionable: true }, shelf));
  const namedByOthers = (v: VariantInfo) => others.some((o) => o.rules.some((r) => policyOf(r) !== 'none' && (shortType(r.type) === 'Product' ? skusOf(r).includes(productSkuOf(v)) : shortType(r.type) === 'Taxon' && inTaxons(v, permalinksOf(r), shelf))));
  const items = [...shelf.items].sort((a, b) => a.sku.localeCompare(b.sku));
  const fillers = items.filter((v) => !excluded(v) && !namedByOthers(v));
  const line = (item: VariantInfo, quantity = 1): Line => ({ item, quantity, promotionable: true });

  // What each product or taxon rule needs; the other rules' picks come along.
  const picks: { rule: InventoryRule; lines: Line[] }[] = [];
  for (const rule of p.rules.filter((r) => policyOf(r) !== 'none')) {
    const type = shortType(rule.type);
    if (type === 'Product') {
      const wanted = skusOf(rule);
      const found = wanted.map((sku) => items.find((v) => productSkuOf(v) === sku) ?? shelf.notPromotionable.find((v) => productSkuOf(v) === sku));
      const lines = (policyOf(rule) === 'all' ? found : [found.find(Boolean)]).filter((v): v is VariantInfo => !!v)
        .map((v) => ({ item: v, quantity: 1, promotionable: !shelf.notPromotionable.includes(v) }));
      if (!lines.length) return skip(`none of the products its rule names (${listWords(wanted)}) is on sale on staging`);
      picks.push({ rule, lines });
    } else if (type === 'Taxon') {
      const wanted = permalinksOf(rule);
      const per = policyOf(rule) === 'all' ? wanted.map((w) => [w]) : [wanted];
      const lines: Line[] = [];
      for (const group of per) {
        const v = items.find((x) => !excluded(x) && !namedByOthers(x) && inTaxons(x, group, shelf)) ?? items.find((x) => !excluded(x) && inTaxons(x, group, shelf));
        if (!v) return skip(`no promotionable product of ${listWords(group)} is on sale on staging`);
        lines.push(line(v));
      }
      picks.push({ rule, lines });
    }
  }
  const minimum = Number(p.rules.find((r) => shortType(r.type) === 'MinimumQuantity')?.settings.minimum_quantity ?? 1);
  const merge = (...groups: Line[][]): Line[] => {
    const out = new Map<string, Line>();
    for (const l of groups.flat()) {
      const had = out.get(l.item.sku);
      out.set(l.item.sku, had ? { ...had, quantity: Math.max(had.quantity, l.quantity) } : { ...l });
    }
    const lines = [...out.values()];
    if (lines[0] && minimum > 1) lines[0] = { ...lines[0], quantity: Math.max(lines[0].quantity, minimum) };
    return lines;
  };
  const everyRule = merge(...picks.map((x) => x.lines));
  const base = everyRule.length ? everyRule : fillers[0] ? merge([line(fillers[0])]) : [];
  if (!base.length) return skip('no promotionable product is on sale on staging to build a cart with');

  // Carts: one per product or taxon rule (its pick first, then what the others need), thresholds either side.
  const candidates: { name: string; lines: Line[] }[] = [];
  const thresholds = p.rules.filter((r) => shortType(r.type) === 'ItemTotal').map((r) => ({ amount: Number(r.settings.amount), strict: r.settings.operator !== 'gte' }));
  // The smallest whole-dollar total each threshold allows, and the smallest every one does.
  const allows = (t: (typeof thresholds)[number]) => (t.strict ? Math.floor(t.amount) + 1 : Math.ceil(t.amount));
  const over = Math.max(...thresholds.map(allows));
  // A cart of exactly `dollars`: these lines and fillers (unbounded coin change, within stock).
  const topUp = (lines: Line[], dollars: number): Line[] | undefined => {
    const rest = cents(dollars - amountOf(lines));
    if (rest === 0) return lines;
    if (rest < 0) return undefined;
    const fill = cartOfTotal(rest, fillers);
    if (!fill) return undefined;
    const out = lines.map((l) => ({ ...l }));
    for (const [sku, n] of Object.entries(fill)) {
      const had = out.find((l) => l.item.sku === sku);
      if (had) had.quantity += n;
      else out.push(line(fillers.find((v) => v.sku === sku)!, n));
    }
    return out.every((l) => !l.item.onHand || l.quantity <= l.item.onHand) ? out : undefined;
  };
  const words = (n: number) => formatMoney(n, currency).replace(/\.00$/, '');
  if (thresholds.length) {
    // For each threshold, the largest whole-dollar total it refuses.
    for (const t of thresholds) {
      const under = t.strict ? Math.floor(t.amount) : Math.ceil(t.amount) - 1;
      const lines = topUp(base, under) ?? topUp([], under);
      if (lines) candidates.push({ name: `${words(amountOf(lines))} (just under ${words(t.amount)})`, lines });
    }
    const lines = topUp(base, over) ?? base;
    const t = thresholds.find((x) => allows(x) === over)!;
    candidates.push({ name: `${words(amountOf(lines))} (${t.strict ? 'over' : 'at least'} ${words(t.amount)})`, lines });
  }
  for (const { lines } of picks) {
    const own = merge(lines, ...picks.map((x) => x.lines));
    const full = thresholds.length ? (topUp(own, over) ?? own) : own;
    candidates.push({ name: cartWords(full), lines: full });
  }
  if (!candidates.length) candidates.push({ name: cartWords(base), lines: base });
  // The first cart the rules allow, with a product Solidus never discounts.
  const gift = [...shelf.notPromotionable].sort((a, b) => a.price - b.price)[0];
  const allowed = candidates.find((c) => eligible(p, c.lines, shelf, currency));
  if (gift && allowed && !allowed.lines.some((l) => !l.promotionable)) {
    const lines = [...allowed.lines, { item: gift, quantity: 1, promotionable: false }];
    candidates.push({ name: `${allowed.name.replace(/ \(.*\)$/, '')} + ${gift.name} (not promotionable)`, lines });
  }

  const seen = new Set<string>();
  const unknownActions = p.actions.filter((a) => !targetOf(a) || (targetOf(a) !== 'shipment' && !effectOf(p, a, base, shelf)));
  for (const c of candidates) {
    const key = c.lines.map((l) => `${l.item.sku}×${l.quantity}`).sort().join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    const expect = expectationOf(p, !!code, c.lines, others, shelf, currency);
    if (!expect) continue;
    campaign.carts.push({ name: c.name, items: Object.fromEntries(c.lines.map((l) => [l.item.sku, l.quantity])), expect });
  }
  if (unknownActions.length) notes.push(`The harness does not compute ${listWords(unknownActions.map(actionName))}: what ${unknownActions.length === 1 ? 'it gives is' : 'they give is'} not checked.`);
  if (!campaign.carts.length) return skip(unknownActions.length ? `the harness does not compute what ${listWords(unknownActions.map(actionName))} gives` : 'no cart could be built from its rules');
  return { promotion: p, campaign, notes };
}

/** "Wool Throw Blanket + Classic Oxford Shirt ×2" */
function cartWords(lines: readonly Line[]): string {
  return lines.map((l) => `${l.item.name}${l.quantity > 1 ? ` ×${l.quantity}` : ''}`).join(' + ');
}

/**
 * What a cart should get from the promotion: its actions' discounts where its rules hold, nothing
 * (and the code refused) where they do not. Undefined when nothing about the cart can be asserted.
 */
function expectationOf(
  p: InventoryPromotion, hasCode: boolean, lines: readonly Line[], others: readonly InventoryPromotion[], shelf: Shelf, currency: string,
): CartExpectation | undefined {
  const holds = eligible(p, lines, shelf, currency);
  if (holds === undefined) return undefined;
  const expect: CartExpectation = {};
  if (holds) {
    const effects = p.actions.map((a) => effectOf(p, a, lines, shelf)).filter((e) => e !== undefined);
    if (effects.some((e) => e.target === 'shipment')) expect.shipping = 'free';
    // Two actions on the same target add up: said as the amount together.
    for (const t of ['items', 'order'] as const) {
      const on = effects.filter((e) => e.target === t);
      if (on.length) expect[t] = on.length === 1 ? on[0].text! : off(on.reduce((n, e) => n + (e.amount ?? 0), 0));
    }
    if (hasCode) expect.code = 'accepted';
    // Nothing computable and no code to check: nothing to assert.
    return hasCode || expect.items || expect.order || expect.shipping ? expect : undefined;
  }
  // Rules not met: nothing from it; a part another automatic promotion may give this cart is left out.
  const blacklisted = lines.some((l) => !l.promotionable);
  const touched = new Set<Target>();
  if (!blacklisted) {
    for (const o of others) {
      if (eligible(o, lines, shelf, currency) === false) continue;
      for (const a of o.actions) {
        const t = targetOf(a);
        if (t && (t !== 'items' || lines.some((l) => actionable(o, l, shelf)))) touched.add(t);
      }
    }
  }
  const mine = new Set(p.actions.map(targetOf));
  if (mine.has('items') && !touched.has('items')) expect.items = 'none';
  if (mine.has('order') && !touched.has('order')) expect.order = 'none';
  if (mine.has('shipment') && !touched.has('shipment')) expect.shipping = 'paid';
  if (hasCode) expect.code = 'rejected';
  return Object.keys(expect).length ? expect : undefined;
}

/** What the settings say that explains what the dry-run may find: amounts in another currency. */
function notesOf(p: InventoryPromotion, currency: string): string[] {
  return [
    ...p.rules.filter((r) => shortType(r.type) === 'ItemTotal' && typeof r.settings.currency === 'string' && r.settings.currency !== currency)
      .map((r) => `Its item-total rule is in ${String(r.settings.currency)}, not the store's ${currency}: Solidus never finds a ${currency} order eligible.`),
    ...p.actions.filter((a) => a.calculator?.currency && a.calculator.currency !== currency).map(({ calculator: c }) =>
      `Its ${shortType(c!.type)} calculator is in ${c!.currency}, not the store's ${currency}: Solidus gives its amount only to orders in ${c!.currency}, so ${currency} orders get nothing off.`),
  ];
}

/**
 * Turns browser cases into findings: selectors the storefront does not have, cases that could not
 * finish, failures the API did not see, and every disagreement between what Solidus computes (the
 * API dry-run) and what the customer sees (the browser).
 */
import type { Campaign, Cart, Site } from '../config/types.ts';
import type { AdjustmentView, CaseResult, Finding } from '../findings/types.ts';
import { describeExpectation } from '../dryrun/expect.ts';
import { paidShipping, sumAmounts } from '../dryrun/order-view.ts';
import { cents, formatMoney } from '../text/money.ts';
import type { NotFoundError } from '../../scenarios/pages/locate.ts';
import { caseKey } from './paths.ts';
import { checkReading, labelKey, totalsOf } from './summary.ts';
import { listWords, plural } from '../text/words.ts';

/** What the scenario could not find: the thing in words, the page path, the site-file key and its selector. */
export type NotFound = Pick<NotFoundError, 'what' | 'path' | 'key' | 'selector'>;

/** A browser case as the scenario writes it: a CaseResult plus what only the harness needs. */
export interface BrowserCaseFile extends CaseResult {
  browser?: {
    notFound?: NotFound;
    /**
     * Requests to the store that the guard aborted, `METHOD /path` (there should never be any):
     * placing the order, paying, or another write a dry-run does not need.
     */
    blocked?: string[];
    /** Requests to other hosts that the guard aborted, `METHOD origin/path` (the storefront's own). */
    otherOrigins?: string[];
    /**
     * The cart this case made (its order number, read from the storefront's pages as soon as the
     * first item was in it) and whether it was emptied at the end of the case.
     */
    cart?: { number: string; emptied: boolean };
    /** Why the browser did not try this cart at all (src/browser/unsupported.ts): steps, a returning customer, a signed-in user. */
    unsupported?: string;
    /**
     * What the last reading of the page could not say: which of `adjustments` (indexes) it did not
     * place on the items, the order or shipping, and whether it showed a shipping row.
     */
    reading?: { unplaced: number[]; hasShipping: boolean };
  };
}

/** Each promotion's discount on the items and the order (negative), by promotion name; shipping is the shipping the customer pays. */
function byPromotion(adjustments: AdjustmentView[] | undefined): Map<string, { name: string; amount: number }> {
  const out = new Map<string, { name: string; amount: number }>();
  for (const a of adjustments ?? []) {
    if (!a.eligible || a.on === 'shipment') continue;
    const key = a.promotion.trim().toLowerCase();
    const had = out.get(key);
    out.set(key, { name: had?.name ?? a.promotion, amount: cents((had?.amount ?? 0) + a.amount) });
  }
  return out;
}

/**
 * The page's rows it did not place (`unplaced`, indexes into `adjustments`), placed where the API's
 * eligible adjustments of the same label sit (an unnamed row: the API's promotion of the same
 * amount); a label the API books in several places is split as the API splits it. `still` are the
 * indexes (into the new list) of the rows the API could not place either.
 */
export function placeByApi(
  adjustments: readonly AdjustmentView[],
  unplaced: readonly number[],
  api: readonly AdjustmentView[] | undefined,
): { adjustments: AdjustmentView[]; still: number[] } {
  const groups = new Map<string, AdjustmentView[]>();
  for (const a of api ?? []) {
    if (!a.eligible || !a.amount) continue;
    const key = labelKey(a.label);
    groups.set(key, [...(groups.get(key) ?? []), a]);
  }
  const out: AdjustmentView[] = [];
  const still: number[] = [];
  adjustments.forEach((a, i) => {
    if (!unplaced.includes(i)) return void out.push(a);
    const same = groups.get(labelKey(a.label)) ?? [...groups.values()].find((g) => Math.abs(sumAmounts(g) - a.amount) < 0.005);
    const places = new Map<AdjustmentView['on'], number>();
    for (const x of same ?? []) places.set(x.on, cents((places.get(x.on) ?? 0) + x.amount));
    if (same && places.size === 1) return void out.push({ ...a, promotion: same[0].promotion, on: [...places.keys()][0] });
    if (same && places.size > 1 && Math.abs(sumAmounts(same) - a.amount) < 0.005) {
      for (const [on, amount] of places) out.push({ ...a, promotion: same[0].promotion, amount, on });
      return;
    }
    still.push(out.length);
    out.push(a);
  });
  return { adjustments: out, still };
}

/**
 * A browser case whose page did not say where some discounts sit, with those placed by the API's
 * adjustments of the same label (placeByApi) and judged again against the cart's expectation: the
 * place comes from the page or the API, never from the expectation. Other cases are returned as they are.
 */
export function placedCase(c: BrowserCaseFile, api: CaseResult | undefined, campaign: Campaign, cart: Cart): BrowserCaseFile {
  const reading = c.browser?.reading;
  if (!reading?.unplaced.length || !api?.adjustments || c.outcome === 'not-checked' || !c.totals || !c.adjustments) return c;
  const placed = placeByApi(c.adjustments, reading.unplaced, api.adjustments);
  const { itemTotal, shipTotal, taxTotal, total } = c.totals;
  const { totals, adjustments } = totalsOf(placed.adjustments, { itemTotal, shipTotal, taxTotal, total });
  const again = { totals, adjustments, unplaced: placed.still, hasShipping: reading.hasShipping, campaignDiscount: 0, missing: [] };
  const checks = checkReading(cart.expect, again, cart.items, campaign.code ? !!c.coupon?.success : undefined, c.stepReached ?? 'confirm');
  return { ...c, totals, adjustments, outcome: checks.every((x) => x.ok) ? 'pass' : 'fail', browser: { ...c.browser, reading: { ...reading, unplaced: placed.still } } };
}

export interface FindingContext {
  site: Site;
  campaign: Campaign;
  cart: Cart;
  /** The code as it may be shown (masked when secret), or "automatic". */
  code: string;
  /** Relative path of the trace of the case, when it failed (outside the run folder). */
  trace?: string;
}

/** What every finding about one case carries: its campaign, code and cart. */
const about = (ctx: FindingContext) => ({ campaign: ctx.campaign.name, code: ctx.code, cart: ctx.cart.name });
/** The case's screenshots and, when it failed, its trace. */
const shots = (c: CaseResult, ctx: FindingContext) => ({ screenshots: c.screenshots ?? [], ...(ctx.trace ? { trace: ctx.trace } : {}) });

/** The finding a browser case needs on its own (not about the API), or undefined. */
export function browserFinding(c: BrowserCaseFile, api: CaseResult | undefined, ctx: FindingContext): Finding | undefined {
  const { campaign, cart, code } = ctx;
  const who = campaign.code ? code : campaign.name;
  const base = {
    id: c.id,
    source: 'browser' as const,
    ...about(ctx),
    expected: describeExpectation(cart.expect),
    evidence: { ...shots(c, ctx), ...(c.coupon?.message ? { message: c.coupon.message } : {}) },
  };
  const notChecked = { ...base, level: 'warn' as const, notChecked: true, impact: 'function' as const };
  const nf = c.browser?.notFound;
  if (nf) {
    return {
      ...notChecked,
      title: `The browser could not find ${nf.what} on ${nf.path}`,
      actual: `Not checked in the browser: could not find ${nf.what} on ${nf.path}`,
      cause: `The site file's storefront.${nf.key} (${nf.selector}) matches nothing on ${nf.path} of ${ctx.site.staging.url}: the storefront differs from what the site file says, or the page did not show what a customer would see (see the screenshot).`,
      action: `Open ${nf.path} on the staging storefront, find ${nf.what} and set storefront.${nf.key} in ${ctx.site.site}.yml to a role=, label=, text= or css= selector that matches it; then run the audit again. The campaign itself was not judged.`,
      evidence: { ...base.evidence, detail: `storefront.${nf.key}: ${nf.selector}` },
    };
  }
  const unsupported = c.browser?.unsupported;
  if (unsupported) {
    return {
      ...notChecked,
      title: `${who} is not checked in the browser on the ${cart.name} cart`,
      actual: 'Not checked in the browser',
      cause: `Not tried in the browser: ${unsupported}.`,
      action: `The API dry-run's result for the ${cart.name} cart stands (see its pane). If what the storefront shows matters for this cart, try it once by hand on the staging storefront before the launch.`,
    };
  }
  if (c.outcome === 'not-checked') {
    return {
      ...notChecked,
      title: `${who} could not be checked in the browser on the ${cart.name} cart`,
      actual: 'Not checked in the browser',
      cause: c.error ?? 'The browser scenario did not finish.',
      action: 'Look at the screenshot and the trace (engineers), check the storefront is up, then run the audit again.',
      evidence: { ...base.evidence, ...(c.error ? { detail: c.error } : {}) },
    };
  }
  // A failure the API also saw is the API finding's; the browser pane shows it beside it.
  if (c.outcome === 'fail' && !(api && api.outcome === 'fail')) {
    return {
      ...base,
      level: 'error',
      impact: 'revenue',
      title: `${who} does not give what was planned on the ${cart.name} cart in the browser`,
      actual: c.summary,
      cause: api
        ? 'The API dry-run of this cart did not fail; what the customer sees in the storefront differs from it (see the disagreement below).'
        : 'What the customer sees in the storefront differs from the plan (see the screenshots).',
      action: `Compare the promotion's rules and the storefront with the plan for ${campaign.name}, then run this audit again.`,
    };
  }
  return undefined;
}

/** A finding when the API and the browser disagree about one cart, or undefined when they agree. */
export function disagreement(api: CaseResult | undefined, browser: CaseResult, ctx: FindingContext): Finding | undefined {
  if (!api || api.outcome === 'not-checked' || browser.outcome === 'not-checked') return undefined;
  const { campaign, cart, code, site } = ctx;
  const fmt = (n: number) => formatMoney(n, site.currency);
  const diffs: string[] = [];
  if (campaign.code && api.coupon && browser.coupon && api.coupon.success !== browser.coupon.success) {
    const words = (ok: boolean) => (ok ? 'accepts the code' : 'refuses the code');
    diffs.push(`the API ${words(api.coupon.success)}, the storefront ${words(browser.coupon.success)}`);
  }
  if (api.totals && browser.totals) {
    const a = api.totals;
    const b = browser.totals;
    // What the customer pays first, then the shipping they pay, then each promotion's discount by its
    // label, wherever it is booked: a discount on the order instead of the items is no disagreement.
    if (Math.abs(a.total - b.total) > 0.01) diffs.push(`the API's total is ${fmt(a.total)}, the storefront shows ${fmt(b.total)}`);
    const apiShip = paidShipping(a);
    const pageShip = paidShipping(b);
    if (Math.abs(apiShip - pageShip) > 0.01) {
      const words = (n: number) => (n <= 0 ? 'free shipping' : `${fmt(n)} shipping`);
      diffs.push(`the API says ${words(apiShip)}, the storefront shows ${words(pageShip)}`);
    }
    const apiOwn = byPromotion(api.adjustments);
    const pageOwn = byPromotion(browser.adjustments);
    for (const key of new Set([...apiOwn.keys(), ...pageOwn.keys()])) {
      const x = apiOwn.get(key);
      const y = pageOwn.get(key);
      if (Math.abs((x?.amount ?? 0) - (y?.amount ?? 0)) > 0.01) {
        diffs.push(`${(x ?? y)!.name} takes ${fmt(-(x?.amount ?? 0))} off through the API, the storefront shows ${fmt(-(y?.amount ?? 0))} off`);
      }
    }
  }
  // Judged differently on the same total and promotions: only where the page places a discount
  // differently from the API; said with the differences above when there are any.
  if (api.outcome !== browser.outcome && diffs.length) {
    diffs.push(`the API dry-run ${api.outcome === 'pass' ? 'works' : 'fails'}, the browser ${browser.outcome === 'pass' ? 'works' : 'fails'}`);
  }
  if (!diffs.length) return undefined;
  const outcomesDiffer = api.outcome !== browser.outcome;
  return {
    id: `browser-vs-api:${caseKey(campaign.name, cart.name)}`,
    source: 'browser',
    level: outcomesDiffer ? 'error' : 'warn',
    impact: outcomesDiffer ? 'revenue' : 'function',
    title: `The storefront and the API disagree on the ${cart.name} cart (${campaign.code ? code : campaign.name})`,
    ...about(ctx),
    expected: 'The storefront shows the customer what Solidus computes for the order (API and browser agree)',
    actual: diffs.join('; '),
    cause:
      `Through the API: ${api.summary} In the browser: ${browser.summary} ` +
      `The two went through checkout the same way (same items, code and address; the default shipping method); ` +
      'a difference comes from the storefront (a customisation, a cached page, a different shipping choice) or from the order changing between the two runs.',
    action:
      'Open the two panes of this cart side by side: if the storefront is wrong, customers see (and may be charged) something other than what was planned; ' +
      'fix the storefront or the promotion, then run the audit again.',
    evidence: { ...shots(browser, ctx), detail: `API case ${api.id}, browser case ${browser.id}` },
  };
}

/**
 * Requests to the store that the safety guard stopped during one case (placing the order, paying,
 * or any other change a dry-run does not make): an error, since the scenario or a script on the
 * page tried it. None of them reached the store.
 */
export function guardFinding(c: BrowserCaseFile, ctx: FindingContext): Finding | undefined {
  const blocked = c.browser?.blocked ?? [];
  if (!blocked.length) return undefined;
  return {
    id: `browser-guard:${caseKey(ctx.campaign.name, ctx.cart.name)}`,
    source: 'harness',
    level: 'error',
    impact: 'function',
    title: `The safety guard stopped ${plural(blocked.length, 'request')} to the store on the ${ctx.cart.name} cart`,
    ...about(ctx),
    expected: 'The browser dry-run sends the store only what a customer sends up to the payment step: never placing the order, paying, or any other change',
    actual: `Stopped before they left the browser: ${blocked.join(', ')}`,
    cause: 'The scenario, or a script on the storefront\'s pages, sent them (for example a click on Place Order, or a form the dry-run does not fill in). Nothing reached the store: no order was placed and nothing was paid.',
    action: 'Tell the holiday-ready engineers, with the trace: the scenario must stop at the last step before the order is placed.',
    evidence: shots(c, ctx),
  };
}

/**
 * Requests to other hosts (fonts, CDNs, analytics) that the guard kept in the browser over a whole
 * run, as one information: the pages were checked without them. Hosts the site lists under
 * `storefront.allowed_origins` are read from and never appear here.
 */
export function otherOriginsFinding(site: Site, cases: readonly BrowserCaseFile[]): Finding | undefined {
  const requests = [...new Set(cases.flatMap((c) => c.browser?.otherOrigins ?? []))];
  if (!requests.length) return undefined;
  const originOf = (r: string) => {
    try {
      return new URL(r.slice(r.indexOf(' ') + 1)).origin;
    } catch {
      return r;
    }
  };
  const origins = [...new Set(requests.map(originOf))].sort();
  return {
    id: `browser-other-origins:${site.site}`,
    source: 'harness',
    level: 'info',
    title: `The storefront's pages also contact ${plural(origins.length, 'other host')}: the browser dry-run left ${origins.length === 1 ? 'it' : 'them'} out`,
    expected: 'The browser sees the pages as customers do',
    actual: `The safety guard kept ${plural(requests.length, 'request')} to ${listWords(origins)} in the browser, e.g. ${listWords(requests.slice(0, 3))}`,
    cause: 'The browser talks only to the store and, to load files only, to the hosts listed under storefront.allowed_origins. Files from other hosts were missing from the pages it checked, and what the pages send elsewhere (analytics, for example) was never sent.',
    action: `If one of these hosts serves the store's own scripts, styles or fonts, add it to sites/${site.site}.yml as \`storefront: { allowed_origins: [${origins.join(', ')}] }\` and run the audit again: the browser only ever reads from listed hosts. Analytics and advertising hosts can stay out.`,
  };
}

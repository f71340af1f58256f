/**
 * Speed, on staging: the median of several loads of the key pages (home, a promoted product, the
 * cart with that product in it, the first checkout step) in a real Chromium, measured with the
 * browser's own performance APIs (Navigation Timing for time to first byte, Largest Contentful
 * Paint, Layout Instability for layout shift, Resource Timing for transfer size); and the API's p95
 * latency under a small, bounded probe. Each against the site's budgets.
 *
 * The cart it fills is emptied again: with the cart's remove buttons (the site's
 * `storefront.remove_button`, the one the browser dry-run's remove steps click), then by its order number
 * through the admin API, as the browser dry-run empties its carts (src/browser/order-number.ts),
 * whenever a page said the number. Runs alone, after the other
 * audits, so their requests do not slow the pages down. Its browser goes through the one safety
 * guard with the browser dry-run's policy (`speedRoute`): resources on other hosts are not loaded
 * (the audit says how many), and when the staging URL is the production store the browser only
 * reads: the cart is not filled, and the cart and checkout pages are not measured.
 */
import type { Browser, Locator, Page } from 'playwright';
import pLimit from 'p-limit';
import type { Audit, AuditContext, AuditFinding } from '../src/audits/types.ts';
import { AuditOptionError, readOptions, type Options } from '../src/audits/options.ts';
import { locate, SELECTOR, SELECTOR_WORDS } from '../src/browser/locate.ts';
import { orderNumberOn } from '../src/browser/order-number.ts';
import { capitalize, count, listWords, plural } from '../src/text/words.ts';
import { promotedSkus, readVariant, storeFor } from '../src/audits/store.ts';
import type { Site } from '../src/config/types.ts';
import { refusedWords, routeGuard, storefrontPolicyFor, type GuardRule, type StorefrontSite } from '../src/safety/guard.ts';

const PAGES = ['home', 'product', 'cart', 'checkout'] as const;
type PageName = (typeof PAGES)[number];

export const OPTIONS = {
  /** Budget: median time to first byte of each page, in ms. */
  ttfb_ms: { type: 'number', default: 800, min: 1 },
  /** Budget: median Largest Contentful Paint, in ms. */
  lcp_ms: { type: 'number', default: 2500, min: 1 },
  /** Budget: median Cumulative Layout Shift (unitless). */
  cls: { type: 'number', default: 0.1, min: 0 },
  /** Budget: median bytes transferred per page load (document and its resources), in KB. */
  transfer_kb: { type: 'number', default: 1500, min: 1 },
  /** Budget: p95 latency of the API probe, in ms. */
  api_p95_ms: { type: 'number', default: 1000, min: 1 },
  /** Loads of each page; the median counts. */
  runs: { type: 'number', default: 3, min: 1, max: 9, integer: true },
  /** Requests of the API probe (GET /api/products); 0 skips it. */
  api_requests: { type: 'number', default: 20, min: 0, max: 100, integer: true },
  /** Requests of the probe in flight at once (never more than the run's own limit). */
  api_concurrency: { type: 'number', default: 4, min: 1, max: 8, integer: true },
  /** Which pages to load. */
  pages: { type: 'stringList', default: PAGES },
  /** The product page's SKU; default: the first promoted SKU. */
  sku: { type: 'optionalString' },
  /** The first checkout step a shopper with a cart reaches (the cart page is storefront.cart_path). */
  checkout_path: { type: 'string', default: '/checkout' },
  /**
   * Only to override the site's own `storefront.remove_button` (its preset's remove button, or the
   * site file's), which the audit uses to empty the cart afterwards when this is not set. Kept for
   * site files written before the audit read the storefront's; leave it out.
   */
  remove_button: { type: 'optionalString' },
  /** Longest a single page load may take, in ms. */
  page_timeout_ms: { type: 'number', default: 30000, min: 1000, max: 120000 },
} as const;

/** One page load, as the browser measured it. */
export interface PageSample {
  ttfb: number;
  lcp: number;
  cls: number;
  /** Bytes. */
  transfer: number;
  status: number;
}

type Budgets = Pick<Options<typeof OPTIONS>, 'ttfb_ms' | 'lcp_ms' | 'cls' | 'transfer_kb' | 'api_p95_ms'>;

/** The median of numbers (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return values.length ? (s[Math.floor((s.length - 1) / 2)] + s[Math.ceil((s.length - 1) / 2)]) / 2 : NaN;
}

/** The p-th percentile by nearest rank (p95 of 20 values is the 19th smallest). */
export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

const label = (page: PageName) => `${capitalize(page)} page`;

const METRICS = {
  ttfb: {
    words: 'time to first byte', budget: (b: Budgets) => b.ttfb_ms, show: (v: number) => `${count(Math.round(v))} ms`,
    cause: 'The server takes this long before the browser gets the first byte of the page; under holiday traffic it gets worse.',
    action: 'Check the store server for this page: slow database queries, missing caching, too few app servers.',
  },
  lcp: {
    words: 'largest contentful paint', budget: (b: Budgets) => b.lcp_ms, show: (v: number) => `${count(Math.round(v))} ms`,
    cause: 'The main content appears this late; past 2.5 seconds shoppers start to leave.',
    action: 'Look at the largest image or block of the page: compress and size images, remove render-blocking CSS and scripts.',
  },
  cls: {
    words: 'layout shift', budget: (b: Budgets) => b.cls, show: (v: number) => v.toFixed(2),
    cause: 'Content jumps while the page loads, so shoppers click the wrong thing.',
    action: 'Reserve space for images, banners and late-loading content (width/height, min-height).',
  },
  transfer: {
    words: 'transfer size', budget: (b: Budgets) => b.transfer_kb * 1024, show: (v: number) => `${count(Math.round(v / 1024))} KB`,
    cause: 'The page downloads this much; on a phone connection it is slow and costs data.',
    action: 'Compress images, drop unused scripts and fonts, cache static files.',
  },
} as const;

/** Medians of each page's samples against the budgets. Pure. Keys: `<page>:<metric>`, `<page>:error`, `api:p95`. */
export function checkBudgets(
  samples: Partial<Record<PageName, PageSample[]>>,
  api: number[] | undefined,
  budgets: Budgets,
  urls: Partial<Record<PageName, string>>,
): { findings: AuditFinding[]; medians: Partial<Record<PageName, Omit<PageSample, 'status'>>>; apiP95?: number } {
  const findings: AuditFinding[] = [];
  const medians: Partial<Record<PageName, Omit<PageSample, 'status'>>> = {};
  for (const page of PAGES) {
    const list = samples[page];
    if (!list?.length) continue;
    const failed = list.filter((s) => s.status >= 400);
    if (failed.length) {
      findings.push({
        key: `${page}:error`, title: `${label(page)} answered HTTP ${failed[0].status}`,
        expected: 'the page loads (HTTP 200)', actual: `HTTP ${failed[0].status} on ${failed.length} of ${list.length} loads of ${urls[page]}`,
        cause: 'Customers see an error page instead of the store.', action: `Open ${urls[page]} and check the store's error log.`,
        impact: 'revenue',
      });
      continue;
    }
    const m = { ttfb: median(list.map((s) => s.ttfb)), lcp: median(list.map((s) => s.lcp)), cls: median(list.map((s) => s.cls)), transfer: median(list.map((s) => s.transfer)) };
    medians[page] = m;
    for (const [metric, spec] of Object.entries(METRICS) as [keyof typeof METRICS, (typeof METRICS)[keyof typeof METRICS]][]) {
      const value = m[metric];
      const budget = spec.budget(budgets);
      if (!(value > budget)) continue;
      findings.push({
        key: `${page}:${metric}`,
        title: `${label(page)}: ${spec.words} ${spec.show(value)}, over the ${spec.show(budget)} budget`,
        expected: `${spec.words} at most ${spec.show(budget)} (median of ${plural(list.length, 'load')})`,
        actual: `${spec.show(value)} at ${urls[page]} (loads: ${list.map((s) => spec.show(s[metric])).join(', ')})`,
        cause: spec.cause,
        action: spec.action,
        impact: 'revenue',
      });
    }
  }
  let apiP95: number | undefined;
  if (api?.length) {
    apiP95 = percentile(api, 95);
    if (apiP95 > budgets.api_p95_ms) {
      findings.push({
        key: 'api:p95',
        title: `The store API's p95 latency is ${count(Math.round(apiP95))} ms, over the ${count(budgets.api_p95_ms)} ms budget`,
        expected: `95% of API requests answered within ${count(budgets.api_p95_ms)} ms`,
        actual: `p95 ${count(Math.round(apiP95))} ms, median ${count(Math.round(median(api)))} ms over ${plural(api.length, 'request')}`,
        cause: 'The API is already slow under a light load; holiday traffic will make it slower (carts, coupons and checkout all use it).',
        action: 'Check server capacity and slow queries before the holiday; consider scaling up for the campaign.',
        impact: 'revenue',
      });
    }
  }
  return { findings, medians, apiP95 };
}

/**
 * Reads the browser's own measurements of the page just loaded. Plain JavaScript in a string: the
 * TypeScript loader would add helpers to a function body that do not exist in the page.
 */
const MEASURE = `(async () => {
  const nav = performance.getEntriesByType('navigation')[0];
  const observe = (type, each) => new Promise((resolve) => {
    try {
      const po = new PerformanceObserver((list) => list.getEntries().forEach(each));
      po.observe({ type, buffered: true });
      // Buffered entries arrive in a task after observe(); give them two frames.
      requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => { po.disconnect(); resolve(); }, 50)));
    } catch (e) {
      resolve();
    }
  });
  let lcp = 0;
  let cls = 0;
  await Promise.all([
    observe('largest-contentful-paint', (e) => { lcp = Math.max(lcp, e.startTime); }),
    observe('layout-shift', (e) => { if (!e.hadRecentInput) cls += e.value; }),
  ]);
  const resources = performance.getEntriesByType('resource');
  const transfer = (nav ? nav.transferSize || 0 : 0) + resources.reduce((n, r) => n + (r.transferSize || 0), 0);
  return { ttfb: nav ? nav.responseStart - nav.startTime : NaN, lcp, cls, transfer };
})()`;

async function load(page: Page, url: string, timeout: number): Promise<PageSample> {
  const response = await page.goto(url, { waitUntil: 'load', timeout });
  return { ...((await page.evaluate(MEASURE)) as Omit<PageSample, 'status'>), status: response?.status() ?? 0 };
}

/** A request the safety guard refused (and aborted) while the pages were measured. */
export interface Refused {
  rule: GuardRule;
  method: string;
  url: string;
}

/**
 * The route over every request of the audit's browser context: the one guard, with the policy of
 * the browser dry-run for this site (`storefrontPolicyFor`). Each refusal is aborted and pushed to
 * `refused`.
 */
export function speedRoute(site: StorefrontSite, refused: Refused[]) {
  return routeGuard(storefrontPolicyFor(site), (d, method, url) => {
    refused.push({ rule: d.rule, method: method.toUpperCase(), url });
  });
}

const isRead = (r: Refused) => r.method === 'GET' || r.method === 'HEAD';

/** `METHOD origin/path` of a refused request: never its query. */
const shown = (r: Refused) => refusedWords(r.method, r.url);

/**
 * What the guard refused while measuring, in words. Pure. Reads of other hosts (not in
 * storefront.allowed_origins) were not made, so the pages were measured without them: an info
 * finding `other-origins` and a sentence for the summary. Other refusals (writes the pages or their
 * scripts tried) only get a sentence; add to cart and emptying the cart are reported on their own.
 */
export function checkRefused(refused: readonly Refused[], siteId: string): { findings: AuditFinding[]; summary: string[] } {
  const findings: AuditFinding[] = [];
  const summary: string[] = [];
  const reads = refused.filter((r) => r.rule === 'foreign-origin' && isRead(r));
  if (reads.length) {
    const origins = [...new Set(reads.map((r) => new URL(r.url).origin))].sort();
    const were = reads.length === 1 ? 'was' : 'were';
    summary.push(`${plural(reads.length, 'request')} to other hosts ${were} not made (${origins.join(', ')}); list them under storefront.allowed_origins to measure them`);
    findings.push({
      key: 'other-origins', kind: 'info',
      title: `${plural(reads.length, 'request')} to ${plural(origins.length, 'other host')} ${were} not made, so the pages were measured without them`,
      expected: 'every image, script and font the pages load is measured',
      actual: `the safety guard refused ${plural(reads.length, 'read')} of ${listWords(origins)}, e.g. ${listWords([...new Set(reads.map(shown))].slice(0, 3))}`,
      cause: 'The audit\'s browser reads only from the store and from the origins listed under storefront.allowed_origins; these pages also load from other hosts, whose time and bytes are missing from the numbers.',
      action: `If they are the store's own CDN or font host, add them to ${siteId}.yml: \`storefront: { allowed_origins: [${origins.join(', ')}] }\`, and run the audit again. The browser only reads from listed origins; it never writes to them.`,
    });
  }
  const others = refused.filter((r) => !(r.rule === 'foreign-origin' && isRead(r)));
  if (others.length) {
    const examples = [...new Set(others.map((r) => `${shown(r)} (${r.rule})`))].slice(0, 3);
    summary.push(`the safety guard refused ${plural(others.length, 'other request')} and did not send ${others.length === 1 ? 'it' : 'them'}: ${examples.join(', ')}`);
  }
  return { findings, summary };
}

/** What the visitors met, over all the runs: each journey adds to it. */
interface Tally {
  samples: Partial<Record<PageName, PageSample[]>>;
  /** Every request the guard refused (and aborted). */
  refused: Refused[];
  /** Runs whose cart did not hold the product when cart and checkout were measured. */
  unfilled: number;
  /** Why, the first time the button was there but adding to the cart was refused. */
  fillRefused?: string;
  /** Carts that were not emptied again. */
  leftFull: number;
  /** Why, the first time removing the line was refused. */
  emptyRefused?: string;
  /** Emptied carts whose page showed a line (storefront.cart_line) but no remove button matching the selector. */
  removeMissed: number;
}

/**
 * Clicks a button that writes to the cart and lets the page it leads to load (click() waits for the
 * navigation it starts to commit). The first write the guard refused meanwhile is taken out of
 * `refused` (the cart's own writes are reported on their own) and returned in words.
 */
async function clickWrite(button: Locator, refused: Refused[]): Promise<string | undefined> {
  const from = refused.length;
  await button.click();
  await button.page().waitForLoadState('load');
  const i = refused.findIndex((x, j) => j >= from && !isRead(x));
  if (i < 0) return undefined;
  const [r] = refused.splice(i, 1);
  return `${shown(r)} (${r.rule})`;
}

/**
 * The selector the visitors empty their cart with, and where it is set: the site's storefront
 * remove button (its preset's, or the site file's `storefront.remove_button`), unless the audit's
 * own `remove_button` option overrides it. Pure.
 */
export function removeButtonOf(site: Pick<Site, 'site' | 'storefront'>, option: string | undefined): { selector: string; key: string; fix: string } {
  if (option !== undefined) {
    return {
      selector: option, key: 'audits.rules.speed option `remove_button`',
      fix: `Remove the \`remove_button:\` option from audits.rules.speed in ${site.site}.yml, so the audit uses \`storefront.remove_button\` (${site.storefront.removeButton}) as the browser dry-run does, and set that to the cart's remove button if it is not`,
    };
  }
  return { selector: site.storefront.removeButton, key: 'storefront.remove_button', fix: `Set \`storefront.remove_button\` in ${site.site}.yml to the cart's remove button` };
}

/**
 * One visitor: home, product, add to cart, cart, checkout; then the cart is emptied (the remove
 * buttons, then by its number through the admin API). Every request
 * goes through the guard (`speedRoute`); on a store that may only be read the caller leaves cart
 * and checkout out of `pages`, so nothing is added to a cart.
 */
async function journey(
  browser: Browser, ctx: AuditContext, pages: readonly PageName[], urls: Record<PageName, string>,
  o: { addToCart: string; cartLine: string; remove: string; timeout: number }, t: Tally,
): Promise<void> {
  // A service worker's requests would not go through the route: blocked.
  const context = await browser.newContext({ serviceWorkers: 'block' });
  let filled = false;
  let number: string | undefined;
  try {
    await context.route('**/*', speedRoute(ctx.site, t.refused));
    const page = await context.newPage();
    page.setDefaultTimeout(o.timeout);
    const measure = async (name: PageName) => {
      const sample = await load(page, urls[name], o.timeout);
      if (pages.includes(name)) (t.samples[name] ??= []).push(sample);
      return sample;
    };
    if (pages.includes('home')) await measure('home');
    const wantCart = pages.includes('cart') || pages.includes('checkout');
    if (pages.includes('product') || wantCart) {
      const product = await measure('product');
      if (wantCart && product.status < 400) {
        const button = locate(page, o.addToCart).first();
        if (await button.isVisible({ timeout: 2000 }).catch(() => false)) {
          const fillRefused = await clickWrite(button, t.refused);
          t.fillRefused ??= fillRefused;
          filled = !fillRefused;
          if (filled) number = await orderNumberOn(page).catch(() => undefined);
        }
      }
    }
    if (!filled) t.unfilled++;
    if (ctx.signal.aborted) throw new Error('the audit ran out of time');
    if (pages.includes('cart')) {
      await measure('cart');
      if (filled) number ??= await orderNumberOn(page).catch(() => undefined);
    }
    if (pages.includes('checkout')) await measure('checkout');
    if (filled) {
      // The cart page's remove buttons, as a customer would; then by its number, whatever they did
      // (a storefront whose buttons the selector misses looks empty to them).
      const emptied = await emptyCart(page, urls.cart, o, t.refused);
      const done = (number !== undefined && (await emptyByNumber(ctx, number))) || emptied === true;
      if (!done) t.leftFull++;
      if (!done && typeof emptied === 'string') t.emptyRefused ??= emptied;
      if (done && emptied === 'missed') t.removeMissed++;
    }
  } finally {
    await context.close().catch(() => undefined);
  }
}

/** Empties the visitor's cart by its number with the admin API (staging's key, from Node); whether the store did. */
async function emptyByNumber(ctx: AuditContext, number: string): Promise<boolean> {
  try {
    const res = await ctx.limit(() => ctx.staging.PUT('/orders/{order_number}/empty', { params: { path: { order_number: number } }, signal: ctx.signal }));
    return res.response.ok;
  } catch {
    return false;
  }
}

/**
 * true when the cart is empty; false when it could not be emptied; the refused request when the
 * guard refused removing a line; 'missed' when the page shows a cart line but no remove button.
 */
async function emptyCart(page: Page, cartUrl: string, o: { cartLine: string; remove: string; timeout: number }, refused: Refused[]): Promise<boolean | string> {
  try {
    await page.goto(cartUrl, { waitUntil: 'load', timeout: o.timeout });
    for (let i = 0; i < 10; i++) {
      const button = locate(page, o.remove).first();
      if (!(await button.isVisible({ timeout: 1000 }).catch(() => false))) {
        const lines = i === 0 ? await locate(page, o.cartLine).count().catch(() => 0) : 0;
        return lines > 0 ? 'missed' : true;
      }
      const no = await clickWrite(button, refused);
      if (no) return no;
    }
    return false;
  } catch {
    return false;
  }
}

/** GET /api/products on staging, `total` times, at most `concurrency` at once; each request timed on its own. */
async function probeApi(ctx: AuditContext, total: number, concurrency: number): Promise<number[]> {
  // The probe's own bound inside the run's limiter (a different limiter, so no nesting of one limit).
  const probe = pLimit(Math.max(1, Math.min(concurrency, ctx.limit.concurrency)));
  const one = () =>
    ctx.limit(async () => {
      const started = performance.now();
      const res = await ctx.staging.GET('/products', { params: { query: { per_page: 10 } }, signal: ctx.signal });
      const ms = performance.now() - started;
      if (!res.response.ok) throw new Error(`GET /api/products answered ${res.response.status} during the latency probe`);
      return ms;
    });
  return Promise.all(Array.from({ length: total }, () => probe(one)));
}

const audit: Audit = {
  id: 'speed',
  title: 'Key pages and the API are fast enough',
  failureTitle: 'A key page or the API is slower than its budget',
  recommended: 'warn',
  shouldRun: () => true,
  runsAlone: true,
  timeoutMs: 240_000,
  async run(ctx) {
    const opts = readOptions('speed', ctx.options, OPTIONS);
    const unknown = opts.pages.filter((p) => !(PAGES as readonly string[]).includes(p));
    if (unknown.length) throw new Error(`audits.rules.speed option \`pages\` has ${listWords(unknown)}, which the audit does not know — use ${PAGES.join(', ')}`);
    // The same selector syntax as the site file's storefront selectors, through the same parser.
    if (opts.remove_button !== undefined && !SELECTOR.test(opts.remove_button)) throw new AuditOptionError('speed', 'remove_button', `${SELECTOR_WORDS}, like ${ctx.site.storefront.removeButton} — got ${JSON.stringify(opts.remove_button)}`);
    const remove = removeButtonOf(ctx.site, opts.remove_button);
    const pages = opts.pages as PageName[];
    const base = ctx.site.staging.url.replace(/\/+$/, '');
    const sku = opts.sku ?? [...promotedSkus(ctx.site).keys()][0] ?? '';
    let productPath = ctx.site.storefront.productPath.replace('{sku}', encodeURIComponent(sku));
    if (productPath.includes('{slug}') && pages.some((p) => p !== 'home')) {
      const variant = await readVariant(ctx, storeFor(ctx, 'staging'), sku);
      if (!variant?.slug) throw new Error(`the staging store has no product with SKU ${sku} to load as the product page — set \`sku:\` in audits.rules.speed`);
      productPath = productPath.replace('{slug}', encodeURIComponent(variant.slug));
    }
    const urls: Record<PageName, string> = {
      home: `${base}/`,
      product: `${base}${productPath}`,
      cart: `${base}${ctx.site.storefront.cartPath}`,
      checkout: `${base}${opts.checkout_path}`,
    };
    // A staging URL that is the production store is only read: no cart, so no cart or checkout page.
    const readOnly = storefrontPolicyFor(ctx.site).kind === 'production';
    const cartPages: PageName[] = pages.filter((p) => p === 'cart' || p === 'checkout');
    const measured = readOnly ? pages.filter((p) => !cartPages.includes(p)) : pages;

    const tally: Tally = { samples: {}, refused: [], unfilled: 0, leftFull: 0, removeMissed: 0 };
    if (measured.length) {
      const browser = await ctx.browser();
      const { addToCart, cartLine } = ctx.site.storefront;
      for (let run = 0; run < opts.runs; run++) {
        if (ctx.signal.aborted) throw new Error('the audit ran out of time');
        await journey(browser, ctx, measured, urls, { addToCart, cartLine, remove: remove.selector, timeout: opts.page_timeout_ms }, tally);
      }
    }
    const { samples, refused, unfilled, fillRefused, leftFull, emptyRefused, removeMissed } = tally;
    const api = opts.api_requests > 0 ? await probeApi(ctx, opts.api_requests, opts.api_concurrency) : undefined;
    const { findings, medians, apiP95 } = checkBudgets(samples, api, opts, urls);
    // What else the guard refused (the cart's own refused writes are told below).
    const guard = checkRefused(refused, ctx.site.site);
    findings.push(...guard.findings);

    if (leftFull) {
      findings.push({
        key: 'cart-left-full', kind: 'info',
        title: `${plural(leftFull, 'cart')} filled for the measurements could not be emptied`,
        expected: 'the measured cart is emptied afterwards', actual: `${plural(leftFull, 'guest cart')} still hold${leftFull === 1 ? 's' : ''} ${sku} on staging`,
        cause: emptyRefused
          ? `The safety guard refused removing the line (${emptyRefused}): the cart's remove button sends a request the dry-run does not make.`
          : `The cart page had no button matching ${remove.selector} (${remove.key}).`,
        action: `${remove.fix}; abandoned guest carts on staging are otherwise harmless.`,
      });
    }
    if (removeMissed) {
      // Emptied by its number all the same; but the selector is the one the browser dry-run's remove steps click.
      findings.push({
        key: 'remove-button-missed', kind: 'info',
        title: `The cart page showed the line but no remove button matching ${remove.selector}`,
        expected: `the cart's remove button (${remove.key}) on ${urls.cart} with ${sku} in the cart`,
        actual: `a cart line (storefront.cart_line) but nothing matching ${remove.selector}, in ${plural(removeMissed, 'run')}; ` +
          'the cart was emptied by its number through the admin API instead',
        cause: remove.key === 'storefront.remove_button'
          ? 'The selector does not match this storefront\'s remove button; a `remove:` step of the browser dry-run clicks the same one and would not find it either.'
          : 'The speed audit\'s own `remove_button` option does not match this storefront\'s remove button.',
        action: `${remove.fix}.`,
      });
    }
    const pageWords = (Object.entries(medians) as [PageName, Omit<PageSample, 'status'>][]).map(
      ([page, m]) => `${page} TTFB ${METRICS.ttfb.show(m.ttfb)}, LCP ${METRICS.lcp.show(m.lcp)}, CLS ${METRICS.cls.show(m.cls)}, ${METRICS.transfer.show(m.transfer)}`,
    );
    const parts: string[] = [];
    if (pageWords.length) parts.push(`Median of ${plural(opts.runs, 'load')}: ${pageWords.join('; ')}`);
    if (apiP95 !== undefined) parts.push(`API p95 ${count(Math.round(apiP95))} ms over ${plural(api!.length, 'request')} (${Math.min(opts.api_concurrency, ctx.limit.concurrency)} at a time)`);
    if (readOnly && cartPages.length) {
      parts.push(`the ${listWords(cartPages)} ${cartPages.length === 1 ? 'page was' : 'pages were'} not measured: ${ctx.site.staging.url} is the production store, where the browser only reads (filling a cart would be a write)`);
    } else if (unfilled && cartPages.length) {
      const why = fillRefused ? `the safety guard refused adding to the cart: ${fillRefused}` : `no add-to-cart button matching ${ctx.site.storefront.addToCart}`;
      parts.push(`the cart was measured empty in ${plural(unfilled, 'run')} (${why})`);
    }
    parts.push(...guard.summary);
    const problems = findings.filter((f) => f.kind !== 'info');
    const head = problems.length ? `${plural(problems.length, 'budget')} exceeded. ` : '';
    return { summary: `${head}${parts.join('. ') || 'Nothing was measured'}.`, findings };
  },
};

export default audit;

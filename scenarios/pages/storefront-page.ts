/**
 * Base of the storefront page objects: where the site file's selectors are turned into locators,
 * and where "not there" becomes a NotFoundError naming the thing, the page and the site-file key.
 * Page objects only find, read and act; what a reading means is decided in scenarios/support/.
 */
import { errors, expect, type Locator, type Page, type Request } from '@playwright/test';
import type { Storefront } from '../../src/config/types.ts';
import { cssOf, locate } from '../../src/browser/locate.ts';
import type { SummaryRow } from '../../src/browser/summary.ts';
import { NotFoundError, pathOf } from './locate.ts';
import { SELECTOR_KEYS, type SelectorKey } from '../../src/browser/presets.ts';

/** A message as the page shows it; `role` and `className` let the scenario tell success from error. */
export interface PageMessage {
  text: string;
  role: string | null;
  className: string;
}

/** Set in the page when it starts leaving (beforeunload), so that a reload by its own script is waited for. */
const LEAVING = '__holidayReadyLeaving';

export interface PageOptions {
  /** How long to wait for something to appear before calling it missing. */
  findTimeoutMs: number;
}

export class StorefrontPage {
  constructor(
    readonly page: Page,
    readonly storefront: Storefront,
    readonly options: PageOptions,
  ) {}

  /** The locator for a site-file selector (not waited for). */
  locator(key: SelectorKey): Locator {
    return locate(this.page, this.storefront[key]);
  }

  /** Waits until the selector shows something (in the page, or inside `within`); a NotFoundError when it never does. */
  async find(key: SelectorKey, what: string, within: Page | Locator = this.page): Promise<Locator> {
    const loc = locate(within, this.storefront[key]).first();
    try {
      await loc.waitFor({ state: 'visible', timeout: this.options.findTimeoutMs });
    } catch (error) {
      if (error instanceof errors.TimeoutError) throw new NotFoundError(what, pathOf(this.page), SELECTOR_KEYS[key], this.storefront[key]);
      throw error;
    }
    return loc;
  }

  /** Finds the button (or link) of a site-file selector and submits with it (submit()). */
  async press(key: SelectorKey, what: string): Promise<{ reloaded: boolean }> {
    return this.submit(await this.find(key, what), what);
  }

  /**
   * `pick`, an expression of `all` (what a `css=` selector finds), evaluated in the page: null when
   * the selector is not `css=` or finds nothing, for the caller to ask the locator. The page looks up
   * a `css=` selector itself (document.querySelectorAll): handing an element over from Playwright's
   * isolated world to the page's costs about 45 ms on every new page. Other engines, CSS only
   * Playwright understands (`:has-text()`, `>>`) and elements in a shadow root go through the locator.
   */
  private async inPage<R>(key: SelectorKey, pick: string): Promise<{ value: R } | null> {
    const css = cssOf(this.storefront[key]);
    if (!css) return null;
    // An expression, not a function: `pick` is spliced in as source, as page.evaluate(fn) would send it.
    return this.page.evaluate<{ value: R } | null>(`(() => {
      let all;
      try { all = document.querySelectorAll(${JSON.stringify(css)}); } catch { return null; }
      return all.length ? { value: ${pick} } : null;
    })()`);
  }

  /**
   * Runs `read` on the first (or last) element the selector finds (inPage, else the locator); call
   * find() first. `read` runs in the page: no named helper functions inside (see summary()).
   */
  async readElement<R>(key: SelectorKey, read: (el: Element) => R, which: 'first' | 'last' = 'first'): Promise<R> {
    const found = await this.inPage<R>(key, `(${read.toString()})(all[${which === 'last' ? 'all.length - 1' : '0'}])`);
    if (found) return found.value;
    const loc = which === 'last' ? this.locator(key).last() : this.locator(key).first();
    return loc.evaluate(read);
  }

  /** The rows of the order summary (readSummaryRows), waiting for it. */
  async summary(): Promise<SummaryRow[]> {
    await this.find('totals', 'the order summary');
    return this.readSummaryRows();
  }

  /** The order summary's rows when the page shows one now (no waiting), else undefined. */
  async summaryIfShown(): Promise<SummaryRow[] | undefined> {
    if (!(await this.locator('totals').first().isVisible())) return undefined;
    return this.readSummaryRows();
  }

  /**
   * The rows of the order summary, as real storefronts lay them out: table rows (the label in the
   * first cell that has text, the amount in the last cell that holds money: Solidus's cart tables
   * end rows with an empty cell), dt/dd pairs (also wrapped in divs), and a "Total: $63.60" line
   * outside them. Rows without money (headers, line items' descriptions) are left out. The first
   * element the selector finds is read (a list, css=a, b, names where each page has it). A
   * storefront's own hint about a row (data-kind) and the group it sits in are passed on.
   */
  private async readSummaryRows(): Promise<SummaryRow[]> {
    // No named helper functions inside: the callback runs in the page, where tools that rename or wrap
    // functions (esbuild's keepNames under tsx) would leave references the page does not have.
    return this.readElement('totals', (root) => {
      const rows: { label: string; amount: string; kind?: string; group?: string }[] = [];
      const money = /\d[\d.,]*|^free$/i;
      for (const tr of Array.from(root.querySelectorAll('tr'))) {
        const texts = (Array.from(tr.querySelectorAll('th, td')) as HTMLElement[]).map((c) => c.innerText.replace(/\s+/g, ' ').trim());
        const label = texts.find(Boolean) ?? '';
        const amount = [...texts].reverse().find((t) => money.test(t)) ?? '';
        if (texts.length < 2 || !label || !amount || label === amount) continue;
        const kind = tr.getAttribute('data-kind') ?? undefined;
        // The group the page puts the row in: the nearest element around it (inside the summary)
        // with a data-hook or an id, e.g. the classic storefront's line-item, shipment and order adjustments.
        let group: string | undefined;
        for (let el = tr.parentElement; el && el !== root && !group; el = el.parentElement) group = el.getAttribute('data-hook') || el.id || undefined;
        rows.push({ label, amount, ...(kind ? { kind } : {}), ...(group ? { group } : {}) });
      }
      if (rows.length) return rows;
      for (const dt of Array.from(root.querySelectorAll('dt')) as HTMLElement[]) {
        const dd = dt.nextElementSibling as HTMLElement | null;
        if (dd?.tagName !== 'DD') continue;
        const amount = dd.innerText.replace(/\s+/g, ' ').trim();
        if (money.test(amount)) rows.push({ label: dt.innerText.replace(/\s+/g, ' ').trim(), amount });
      }
      if (rows.length && !rows.some((r) => /^(order )?total\b/i.test(r.label))) {
        // A total written as a line of its own ("Total: $63.60"), as the starter's cart footer does.
        for (const el of Array.from(root.querySelectorAll('p, div, span')) as HTMLElement[]) {
          const m = /^((?:order )?total)\s*:?\s*(\S.*)$/i.exec(el.innerText.replace(/\s+/g, ' ').trim());
          if (m && money.test(m[2]) && !el.querySelector('dt, tr')) {
            rows.push({ label: m[1], amount: m[2] });
            break;
          }
        }
      }
      return rows;
    });
  }

  /**
   * Types a code into a coupon field (the cart's; with `step`, the one that checkout step shows,
   * storefront.checkout_coupon_field) and applies it; returns once the store's answer is on the
   * page, with the HTTP status of the request that applied it. The answer is a new page (a form
   * post), a new message in place, or the same page reloaded by the storefront's own script once
   * the store answered (the classic storefront's payment step), which is waited for.
   */
  async applyCode(code: string, step?: string): Promise<{ status?: number }> {
    const of = step ? ` of the ${step} step` : '';
    const buttonWords = `the apply button${of}`;
    // Looked for together (one wait instead of two); the field's absence is the one reported first.
    const keys = step ? (['checkoutCouponField', 'checkoutApplyButton'] as const) : (['couponField', 'applyButton'] as const);
    const looking = [this.find(keys[0], `the coupon field${of}`), this.find(keys[1], buttonWords), this.texts('message')] as const;
    for (const p of looking) p.catch(() => undefined); // rejections are seen when awaited, in order
    const field = await looking[0];
    const button = await looking[1];
    const before = await looking[2];
    const main = this.page.mainFrame();
    // A page the script reloads: its request may be seen before the new page is there, and the
    // page itself knows it is leaving (beforeunload) before it changes anything after the reload call.
    let reloading = false;
    const onRequest = (r: Request) => {
      if (r.isNavigationRequest() && r.frame() === main) reloading = true;
    };
    const reloaded = this.page.waitForEvent('framenavigated', { predicate: (f) => f === main, timeout: this.options.findTimeoutMs * 3 });
    reloaded.catch(() => undefined);
    await field.fill(code);
    await this.page.evaluate((flag) => addEventListener('beforeunload', () => ((window as unknown as Record<string, boolean>)[flag] = true)), LEAVING);
    this.page.on('request', onRequest);
    try {
      const sent = await this.submit(button, buttonWords, { status: true });
      if (!sent.reloaded) {
        // Updated in place: the answer is there once the messages change, or the page reloads.
        const answered = async () => {
          if (reloading) return true;
          try {
            const changed = JSON.stringify(await this.texts('message')) !== JSON.stringify(before);
            if (changed) reloading = await this.page.evaluate((flag) => (window as unknown as Record<string, boolean>)[flag] === true, LEAVING);
            return changed;
          } catch {
            reloading = true; // the page went away while it was read
            return true;
          }
        };
        await expect.poll(answered, { message: 'a new message, or the page reloaded, after applying the code' }).toBe(true);
        if (reloading) {
          await reloaded;
          await this.page.waitForLoadState('domcontentloaded');
        }
      }
      return sent.status !== undefined ? { status: sent.status } : {};
    } finally {
      this.page.off('request', onRequest);
    }
  }

  /** The store's latest message (the last one shown), waiting for one. */
  async message(): Promise<PageMessage> {
    await this.find('message', 'the message');
    return this.lastMessage();
  }

  /** The store's latest message if the page shows one now (no waiting): a page reloaded after a code may show none. */
  async messageIfShown(): Promise<PageMessage | undefined> {
    const shown = this.locator('message').filter({ visible: true });
    if (!(await shown.count())) return undefined;
    const m = await this.lastMessage();
    return m.text ? m : undefined;
  }

  private lastMessage(): Promise<PageMessage> {
    return this.readElement(
      'message',
      (el) => ({
        text: (el as HTMLElement).innerText.trim(),
        role: el.getAttribute('role'),
        className: el.getAttribute('class') ?? '',
      }),
      'last',
    );
  }

  /** The text of everything the selector finds now (none: []), looked up like readElement's. */
  async texts(key: SelectorKey): Promise<string[]> {
    const found = await this.inPage<string[]>(key, 'Array.from(all, (el) => el.innerText)');
    return found ? found.value : this.locator(key).allInnerTexts();
  }

  /**
   * Clicks something that submits a form (or otherwise sends the page's state to the store) and
   * waits until the store has answered: for a form post, until the next page is there, so that
   * nothing of the old page is read by mistake. Says whether a new page was loaded (false for
   * storefronts that update the page in place) and, with `{ status: true }`, the HTTP status of the
   * store's answer (one more call to the browser, so only when it is used).
   */
  async submit(button: Locator, what = 'the button', o: { status?: boolean } = {}): Promise<{ reloaded: boolean; status?: number }> {
    const main = this.page.mainFrame();
    const navigated = this.page.waitForEvent('framenavigated', { predicate: (f) => f === main });
    const sent = this.page.waitForRequest((r) => r.method() !== 'GET' && ['document', 'fetch', 'xhr'].includes(r.resourceType()), {
      timeout: this.options.findTimeoutMs * 3,
    });
    // Whichever is not needed must not become an unhandled rejection when the page closes.
    navigated.catch(() => undefined);
    sent.catch(() => undefined);
    await button.click();
    const request = await sent.catch((error: unknown) => {
      if (error instanceof errors.TimeoutError) throw new Error(`clicking ${what} on ${pathOf(this.page)} sent nothing to the store`);
      throw error;
    });
    const reloaded = request.isNavigationRequest();
    // A form post is answered (often with a redirect) before the next page commits: wait for the page.
    if (reloaded) {
      await navigated;
      await this.page.waitForLoadState('domcontentloaded');
    }
    if (!o.status) return { reloaded };
    const status = (await request.response())?.status();
    return { reloaded, ...(status !== undefined ? { status } : {}) };
  }
}

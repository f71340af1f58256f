/**
 * One campaign × cart in the browser, as a customer does it: each product through its product page,
 * the code in the cart's coupon form, the store's message and the totals as shown, then checkout up
 * to the last step before the order is placed. Writes the case file and its screenshots whatever
 * happens; the caller turns the checks into soft assertions.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { Campaign, Cart } from '../../src/config/types.ts';
import type { Check } from '../../src/dryrun/expect.ts';
import { DRYRUN_DOMAIN, SAMPLE_ADDRESS } from '../../src/dryrun/flow.ts';
import { newCase, type CaseMoment, type CaseStep } from '../../src/findings/types.ts';
import { stepWords } from '../../src/dryrun/steps.ts';
import { formatMoney } from '../../src/text/money.ts';
import { redactDeep, showCode } from '../../src/safety/redact.ts';
import type { BrowserCaseFile } from '../../src/browser/compare.ts';
import { BROWSER_DIR, browserCaseId, caseSlug, relativeToRun } from '../../src/browser/paths.ts';
import { checkReading, describeBrowserCase, readSummary, type SummaryReading } from '../../src/browser/summary.ts';
import { test, type CaseFixtures } from '../fixtures.ts';
import type { StorefrontCatalog } from './catalog.ts';
import { locate } from '../../src/browser/locate.ts';
import { orderNumberOn } from '../../src/browser/order-number.ts';
import { browserCannot } from '../../src/browser/unsupported.ts';
import { NotFoundError, StepError, pathOf } from '../pages/locate.ts';
import type { CheckoutAddress } from '../pages/checkout-page.ts';
import type { PageMessage } from '../pages/storefront-page.ts';

/** Checkout steps tried before giving up on reaching the last one (Solidus has three before confirm). */
const MAX_STEPS = 8;

/** The fixtures a case runs with (scenarios/fixtures.ts), `otherOrigins` and `emptyCart` optional. */
export type CaseInput = Pick<CaseFixtures, 'site' | 'storefront' | 'runDir' | 'runId' | 'mask' | 'blockedRequests'>
  & Partial<Pick<CaseFixtures, 'otherOrigins' | 'emptyCart'>> & {
    page: Page;
    campaign: Campaign;
    cart: Cart;
    catalog: StorefrontCatalog;
    /** testInfo.repeatEachIndex: repeats of one case keep their own files. */
    repeat?: number;
    /** The moment the store answers this case at (its signed clock; fixtures.ts `storeClock`). */
    moment?: CaseMoment;
  };

export interface CaseOutput {
  result: BrowserCaseFile;
  checks: Check[];
  /** Absolute path of the case file. */
  file: string;
  /** Why the case could not finish (already in result.error, masked); rethrow it to fail the test. */
  error?: unknown;
}

/** Success unless the page marks the message as an error (role=alert, or an error-looking class). */
export function isSuccessMessage(m: PageMessage): boolean {
  if (m.role === 'alert' || /\b(error|alert|danger|warning|invalid)\b/i.test(m.className)) return false;
  if (m.role === 'status' || /\b(success|notice|info)\b/i.test(m.className)) return true;
  return !/\b(not|invalid|expired|cannot|can't|doesn't|does not|error)\b/i.test(m.text);
}

export function browserAddress(runId: string): CheckoutAddress {
  return {
    // Under the reserved domain, so leftovers are swept like the API dry-run's.
    email: `dryrun+browser-${runId.replace(/[^A-Za-z0-9-]/g, '-')}@${DRYRUN_DOMAIN}`,
    name: SAMPLE_ADDRESS.name,
    street: SAMPLE_ADDRESS.address1,
    city: SAMPLE_ADDRESS.city,
    state: 'New York',
    zip: SAMPLE_ADDRESS.zipcode,
    phone: SAMPLE_ADDRESS.phone,
  };
}

export async function runCampaignCase(i: CaseInput): Promise<CaseOutput> {
  const started = performance.now();
  const { page, site, campaign, cart, storefront, mask } = i;
  const shown = showCode(campaign);
  const slug = caseSlug(campaign.name, cart.name) + (i.repeat ? `-repeat${i.repeat}` : '');
  const folder = path.join(i.runDir, BROWSER_DIR, slug);
  const file = path.join(i.runDir, BROWSER_DIR, `${slug}.json`);
  fs.mkdirSync(folder, { recursive: true });
  const screenshots: string[] = [];
  const shoot = async (name: string) => {
    const target = path.join(folder, `${name.replace(/[^a-z0-9-]/gi, '-')}.jpg`);
    // A secret code could still be in the field when a case stops half-way: paint the field over.
    const mask = campaign.secret ? [locate(page, storefront.cart.storefront.couponField), locate(page, storefront.cart.storefront.checkoutCouponField)] : [];
    // JPEG: with two full-page PNGs a case took 0.2-0.3 s longer here (5-7%, measured back to back
    // on two cores); at quality 80 the prices and messages read as clearly.
    await page.screenshot({ path: target, type: 'jpeg', quality: 80, fullPage: true, animations: 'disabled', mask });
    screenshots.push(relativeToRun(i.runDir, target));
  };
  const ctx = { campaign: campaign.name };
  let message: PageMessage | undefined;
  let accepted: boolean | undefined;
  let couponStatus: number | undefined;
  let inCart: SummaryReading | undefined;
  let final: SummaryReading | undefined;
  let step = 'cart';
  /** Where the campaign's code went in at its last entry: the cart, or a checkout step (a cart's step `code: …, at:`). */
  let codeAt = 'cart';
  /** The cart this case made, known from the first page after adding to cart. */
  let cartNumber: string | undefined;
  /** The last summary that named its promotion rows (a confirm step may show them unnamed). */
  let named: SummaryReading | undefined;
  let checks: Check[] = [];
  let result: BrowserCaseFile = { ...newCase('browser', browserCaseId(campaign.name, cart.name), campaign, shown, cart), ...(i.moment ? { moment: i.moment } : {}) };
  let error: unknown;
  // A cart the browser does not try (steps, a returning customer, a signed-in user): said, and nothing sent to the store.
  /** A code a step enters, as words show it: masked like its campaign's when that campaign is secret. */
  const showStep = (code: string) => {
    const of = (site.allCampaigns ?? site.campaigns).find((c) => c.code?.toLowerCase() === code.toLowerCase());
    return of ? showCode(of) : code;
  };
  const steps = cart.steps ?? [];
  /** The cart's items after the steps (an add adds to them). */
  const items: Record<string, number> = { ...cart.items };
  const done: CaseStep[] = [];
  const fmt = (x: number) => formatMoney(x, site.currency);
  /** What a step's page shows: the items after the steps so far, and the totals as read. */
  const shows = (t: SummaryReading['totals']) =>
    `${Object.entries(items).map(([sku, q]) => `${sku} ×${q}`).join(', ')}; items ${fmt(t.itemTotal)}, ${t.promoTotal ? `${fmt(-t.promoTotal)} off` : 'no discount'}, total ${fmt(t.total)}.`;
  /** Adds a SKU through its product page, as a customer does. */
  const addProduct = async (sku: string, quantity: number) => {
    const target = await i.catalog.target(sku);
    await storefront.product.open(target.path, `the product page for ${sku}`);
    if (target.option) await storefront.product.chooseVariant(target.option);
    if (quantity !== 1) await storefront.product.setQuantity(quantity);
    await storefront.product.press('addToCart', 'the add-to-cart button');
  };
  /** The campaign's code is judged by its last entry, as the API does. */
  const judge = (said: PageMessage | undefined, status: number | undefined, success: boolean, at: string) => {
    message = said;
    couponStatus = status;
    accepted = success;
    codeAt = at;
  };
  const cannot = browserCannot(cart, showStep, storefront.checkout.storefront.checkoutCouponSteps);
  if (cannot) {
    result = { ...result, outcome: 'not-checked', summary: `Not checked in the browser: ${cannot}.`, browser: { unsupported: cannot }, durationMs: Math.round(performance.now() - started) };
    fs.writeFileSync(file, JSON.stringify(redactDeep(result, mask), null, 2) + '\n');
    return { result, checks, file };
  }
  try {
    for (const [sku, quantity] of Object.entries(cart.items)) {
      await test.step(`add ${sku} ×${quantity} on its product page`, async () => {
        await addProduct(sku, quantity);
        cartNumber ??= await orderNumberOn(page);
      });
    }
    await test.step('open the cart', () => storefront.cart.open());
    // A first step that enters the campaign's own code says where it goes in: the cart is built without it (as the API does).
    const own = (code: string) => !!campaign.code && code.toLowerCase() === campaign.code.toLowerCase();
    const first = steps[0];
    const deferred = !!first && 'code' in first && own(first.code);
    if (campaign.code && !deferred) {
      await test.step(`apply code ${shown}`, async () => {
        couponStatus = (await storefront.cart.applyCode(campaign.code!)).status;
        message = await storefront.cart.message();
        accepted = isSuccessMessage(message);
      });
    }
    await test.step('read the cart as the customer sees it', async () => {
      cartNumber ??= await orderNumberOn(page);
      inCart = readSummary(await storefront.cart.summary(), ctx);
      named = inCart;
      await shoot('cart');
    });
    // The cart's steps (src/browser/unsupported.ts says which the browser does), each followed by
    // the cart as it shows then; a code at a checkout step waits for that step (browserCannot
    // refused carts that go back to the cart after one).
    const atCheckout = steps.findIndex((s) => 'code' in s && s.at !== 'cart');
    const inCartSteps = atCheckout < 0 ? steps : steps.slice(0, atCheckout);
    const checkoutSteps = (atCheckout < 0 ? [] : steps.slice(atCheckout)) as Extract<(typeof steps)[number], { at: string }>[];
    for (const [n, s] of inCartSteps.entries()) {
      const words = stepWords(s, showStep);
      await test.step(words, async () => {
        let coupon: CaseStep['coupon'];
        if ('add' in s) {
          for (const [sku, quantity] of Object.entries(s.add)) {
            await addProduct(sku, quantity);
            items[sku] = (items[sku] ?? 0) + quantity;
          }
          await storefront.cart.open();
        } else if ('remove' in s) {
          const target = await i.catalog.target(s.remove);
          await storefront.cart.open();
          await storefront.cart.removeLine({ sku: s.remove, ...target });
          delete items[s.remove];
        } else if ('quantity' in s) {
          await storefront.cart.open();
          for (const [sku, quantity] of Object.entries(s.quantity)) {
            const target = await i.catalog.target(sku);
            await storefront.cart.setLineQuantity({ sku, ...target }, quantity);
            if (quantity > 0) items[sku] = quantity;
            else delete items[sku];
          }
        } else if ('code' in s) {
          const status = (await storefront.cart.applyCode(s.code)).status;
          const said = await storefront.cart.message();
          coupon = { httpStatus: status ?? 0, message: said.text, success: isSuccessMessage(said) };
          if (own(s.code)) judge(said, status, coupon.success, 'cart');
        }
        const reading = readSummary(await storefront.cart.summary(), ctx);
        if (coupon && own((s as { code: string }).code)) inCart = reading;
        named = reading;
        const answer = coupon ? `${showStep((s as { code: string }).code)} ${coupon.success ? 'accepted' : 'refused'}: “${coupon.message ?? ''}”. ` : '';
        done.push({ step: words, state: 'cart', totals: reading.totals, ...(coupon ? { coupon } : {}), sees: `${answer}In the cart: ${shows(reading.totals)}` });
        await shoot(`step-${n + 1}`);
      });
    }
    await test.step('check out to the last step before placing the order', async () => {
      const address = browserAddress(i.runId);
      /** Sends the step with `what`; the page must move on, else why not: the store's own message, or that the page stayed as it was. */
      const moves = async (what: string, send: () => Promise<unknown>) => {
        const before = pathOf(page);
        await send();
        if (pathOf(page) !== before) return;
        const said = await storefront.checkout.errorMessage();
        throw new StepError(step, said ? `the store says “${said}” after ${what}` : `the page stayed as it was after ${what}, without a message`);
      };
      await storefront.cart.press('checkoutButton', 'the checkout button');
      let last = false;
      for (let n = 0; n < MAX_STEPS && !last; n++) {
        const now = await storefront.checkout.step();
        step = now.name;
        last = now.last;
        if (last) break;
        if (now.guest) {
          // Log in or check out as a guest: the guest form's e-mail, the only form of the page sent.
          await moves('the guest checkout form', () => storefront.checkout.continueAsGuest(address.email));
          continue;
        }
        cartNumber ??= await orderNumberOn(page);
        // What the summary shows here, with the promotions' names (the payment step's, last).
        const here = await storefront.checkout.summaryIfShown();
        if (here?.length) named = readSummary(here, ctx);
        // A cart's steps that enter a code at this step, in the coupon field it shows, each followed by what the page shows then;
        // before the step's own choices, which a page reloaded after the code would not keep.
        while (checkoutSteps[0]?.at === step) {
          const s = checkoutSteps.shift()!;
          const n = steps.length - checkoutSteps.length;
          const words = stepWords(s, showStep);
          await test.step(words, async () => {
            const status = (await storefront.checkout.applyCode(s.code, storefront.checkout.stepName())).status;
            const said = await storefront.checkout.messageIfShown();
            // A page reloaded after the code shows no message: the store's answer is the request's status.
            const success = said ? isSuccessMessage(said) : status !== undefined && status >= 200 && status < 400;
            const coupon: CaseStep['coupon'] = { httpStatus: status ?? 0, ...(said ? { message: said.text } : {}), success };
            const reading = readSummary(await storefront.checkout.summary(), ctx);
            named = reading;
            if (own(s.code)) {
              judge(said, status, success, step);
              inCart = reading;
            }
            const answer = `${showStep(s.code)} ${success ? 'accepted' : 'refused'}${said ? `: “${said.text}”` : ''}. `;
            done.push({ step: words, state: step, totals: reading.totals, coupon, sees: `${answer}At the ${step} step: ${shows(reading.totals)}` });
            await shoot(`step-${n}`);
          });
        }
        await storefront.checkout.fillAddress(address);
        await storefront.checkout.chooseOffered();
        const next = now.next ?? (await storefront.checkout.find('continueButton', 'the Save and Continue button'));
        const cannot = await storefront.checkout.unsendable(next);
        if (cannot) throw new StepError(step, cannot);
        await moves('the Save and Continue button', () => storefront.checkout.submit(next, 'the Save and Continue button'));
      }
      if (!last) throw new StepError(step, `no Place Order button after ${MAX_STEPS} steps`);
      if (checkoutSteps.length) throw new StepError(step, `the checkout went past the ${checkoutSteps[0].at} step without showing it, so ${stepWords(checkoutSteps[0], showStep)} could not be done`);
      // The confirm step's own summary; where it has none, the last step's that had one.
      const rows = await storefront.checkout.summaryIfShown();
      final = rows?.length ? readSummary(rows, ctx, named) : named;
      if (!final) throw new NotFoundError('the order summary', pathOf(page), 'totals', storefront.checkout.storefront.totals);
      await shoot(step);
    });
    const missing = final!.missing;
    if (missing.length) throw new Error(`the order summary at the ${step} step shows no ${missing.join(' and no ')} row`);
    checks = checkReading(cart.expect, final!, items, campaign.code ? accepted : undefined, step);
    result = {
      ...result,
      outcome: checks.every((c) => c.ok) ? 'pass' : 'fail',
      summary: describeBrowserCase({ coded: !!campaign.code, message: message?.text, accepted, cart: inCart, final, step, currency: site.currency, codeAt }),
      totals: final!.totals,
      adjustments: final!.adjustments,
      // What the page did not say: the audit places those rows by the API's adjustments (src/browser/compare.ts placedCase).
      browser: { ...result.browser, reading: { unplaced: final!.unplaced, hasShipping: final!.hasShipping } },
    };
  } catch (e) {
    error = e;
    await shoot(e instanceof NotFoundError ? 'not-found' : 'error').catch(() => undefined);
    const reason = mask(e instanceof NotFoundError ? `could not find ${e.what} on ${e.path}` : firstLine(e));
    result = {
      ...result,
      outcome: 'not-checked',
      summary: `Not checked in the browser: ${reason}.`,
      error: reason,
      ...(e instanceof NotFoundError ? { browser: { notFound: { what: e.what, path: e.path, key: e.key, selector: e.selector } } } : {}),
    };
  } finally {
    // What the case got to, checked or not; a case that could not finish has the code's answer once the store gave one.
    if (result.outcome === 'not-checked' ? message : campaign.code) result.coupon = { httpStatus: couponStatus ?? 0, message: message?.text, success: !!accepted };
    if (inCart) result.cartTotals = inCart.totals;
    if (done.length) result.steps = done;
    result.stepReached = step;
    // Never a cart left behind: the cart this case made is emptied now, whatever happened.
    if (cartNumber) {
      const emptied = i.emptyCart ? await i.emptyCart(cartNumber).catch(() => false) : false;
      result.browser = { ...result.browser, cart: { number: cartNumber, emptied } };
    }
    result.screenshots = screenshots;
    result.durationMs = Math.round(performance.now() - started);
    if (i.blockedRequests.length) result.browser = { ...result.browser, blocked: [...i.blockedRequests] };
    if (i.otherOrigins?.length) result.browser = { ...result.browser, otherOrigins: [...new Set(i.otherOrigins)] };
    fs.writeFileSync(file, JSON.stringify(redactDeep(result, mask), null, 2) + '\n');
  }
  return { result, checks, file, ...(error !== undefined ? { error } : {}) };
}

function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  // Playwright's messages carry a call log below the first line, which may quote what was typed.
  return text.split('\n')[0].replace(/\s+/g, ' ').trim();
}

/**
 * Site-file selectors to Playwright locators. A selector is one of
 *   role=button[name="Apply Code"]   an ARIA role and its accessible name (Playwright's role engine)
 *   label=Coupon code                a form field by its label (label="…" for an exact match)
 *   text=Order summary               visible text (Playwright's text engine)
 *   css=[data-hook="order-summary"]  a CSS selector
 */
import type { Locator, Page } from '@playwright/test';

export function locate(scope: Page | Locator, selector: string): Locator {
  const m = /^(role|label|text|css)=(.+)$/s.exec(selector.trim());
  if (!m) throw new Error(`not a storefront selector (role=, label=, text= or css=): ${selector}`);
  const [, engine, body] = m;
  if (engine === 'label') {
    const quoted = /^"(.*)"$/s.exec(body) ?? /^'(.*)'$/s.exec(body);
    return quoted ? scope.getByLabel(quoted[1], { exact: true }) : scope.getByLabel(body);
  }
  // role=, text= and css= are Playwright's own selector engines.
  return scope.locator(`${engine}=${body}`);
}

/** Something a site-file selector (or a storefront convention) should find on a page but does not. */
export class NotFoundError extends Error {
  readonly code = 'not-found';
  constructor(
    /** In words: "the coupon field". */
    readonly what: string,
    /** Path of the page it was looked for on: "/cart". */
    readonly path: string,
    /** The site-file key under storefront:, e.g. "coupon_field". */
    readonly key: string,
    readonly selector: string,
  ) {
    super(`could not find ${what} on ${path} (storefront.${key}: ${selector})`);
    this.name = 'NotFoundError';
  }
}

export function pathOf(page: Page): string {
  try {
    return new URL(page.url()).pathname;
  } catch {
    return page.url();
  }
}

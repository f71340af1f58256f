/**
 * Site-file selectors to Playwright locators: the one parser, for the browser dry-run's page
 * objects (scenarios/pages/), the speed audit, and the site-file check. A selector is one of
 *   role=button[name="Apply Code"]   an ARIA role and its accessible name (Playwright's role engine)
 *   label=Coupon code                a form field by its label (label="…" for an exact match)
 *   text=Order summary               visible text (Playwright's text engine)
 *   css=[data-hook="order-summary"]  a CSS selector
 */
import type { Locator, Page } from 'playwright';

/** The selector syntax the site file and the audits' options accept. */
export const SELECTOR = /^(role|label|text|css)=(.+)$/s;

/** Words for an error about a value that is not a selector. */
export const SELECTOR_WORDS = 'must start with role=, label=, text= or css=';

/** The CSS of a `css=` selector (which a page can look up itself), else undefined. */
export function cssOf(selector: string): string | undefined {
  const m = SELECTOR.exec(selector.trim());
  return m?.[1] === 'css' ? m[2] : undefined;
}

export function locate(scope: Page | Locator, selector: string): Locator {
  const m = SELECTOR.exec(selector.trim());
  if (!m) throw new Error(`not a storefront selector (role=, label=, text= or css=): ${selector}`);
  const [, engine, body] = m;
  if (engine === 'label') {
    const quoted = /^"(.*)"$/s.exec(body) ?? /^'(.*)'$/s.exec(body);
    return quoted ? scope.getByLabel(quoted[1], { exact: true }) : scope.getByLabel(body);
  }
  // role=, text= and css= are Playwright's own selector engines.
  return scope.locator(`${engine}=${body}`);
}

/**
 * The number of the order a storefront page is about, read from the page: how every browser
 * knows the cart it made (the dry-run's cases, the speed audit's visitor), so that the cart can be
 * emptied by number through the admin API whatever the storefront's own remove buttons are.
 */
import type { Page } from 'playwright';

/**
 * Where storefronts write it: a data-order-number attribute, a form or link to /orders/<number>/…
 * (Solidus's coupon form), or the classic storefront's `Spree.current_order_id`. Undefined when the
 * page does not say.
 */
export function orderNumberOn(page: Pick<Page, 'evaluate'>): Promise<string | undefined> {
  return page.evaluate(() => {
    const attr = document.querySelector('[data-order-number]')?.getAttribute('data-order-number');
    if (attr) return attr;
    for (const el of Array.from(document.querySelectorAll('form[action], a[href]'))) {
      const m = /\/orders\/([A-Z][A-Z0-9]{5,})(?:\/|$)/.exec(el.getAttribute('action') ?? el.getAttribute('href') ?? '');
      if (m) return m[1];
    }
    return /current_order_id\s*=\s*"([A-Z][A-Z0-9]{5,})"/.exec(document.documentElement.innerHTML)?.[1];
  });
}

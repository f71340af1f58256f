/** The cart page: the coupon form, the store's message, the order summary, the way to checkout. */
import { expect, type Locator } from '@playwright/test';
import { SELECTOR_KEYS } from '../../src/browser/presets.ts';
import { StorefrontPage } from './storefront-page.ts';
import { NotFoundError, pathOf } from './locate.ts';

/** Which cart line is a SKU's: its product page's path, the SKU and the variant's option as the catalog gives them. */
export interface LineTarget {
  sku: string;
  path: string;
  option?: string;
}

const escaped = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class CartPage extends StorefrontPage {
  /** Opens the cart, unless adding to cart already landed there (as Solidus storefronts do). */
  async open(): Promise<void> {
    if (pathOf(this.page) === new URL(this.storefront.cartPath, 'http://x').pathname) return;
    await this.page.goto(this.storefront.cartPath, { waitUntil: 'domcontentloaded' });
  }

  /**
   * The cart line of a SKU: among the lines (storefront.cart_line) those linking to its product
   * page; of several (variants of one product), the one that shows the SKU, else its option's words.
   */
  async line(t: LineTarget): Promise<Locator> {
    await this.find('cartLine', 'a cart line');
    const lines = this.locator('cartLine').filter({ has: this.page.locator(`a[href$="${t.path.replace(/"/g, '\\"')}"]`) });
    const count = await lines.count();
    if (count === 1) return lines.first();
    if (count > 1) {
      const bySku = lines.filter({ hasText: new RegExp(`(^|[^\\w-])${escaped(t.sku)}([^\\w-]|$)`) });
      if ((await bySku.count()) === 1) return bySku.first();
      if (t.option) {
        const byOption = lines.filter({ hasText: new RegExp(`(^|\\W)${escaped(t.option)}(\\W|$)`) });
        if ((await byOption.count()) === 1) return byOption.first();
      }
    }
    throw new NotFoundError(`the cart line of ${t.sku}`, pathOf(this.page), SELECTOR_KEYS.cartLine, this.storefront.cartLine);
  }

  /** Removes a SKU's line with its remove button; returns once the store's answer is on the page. */
  async removeLine(t: LineTarget): Promise<void> {
    const line = await this.line(t);
    const button = await this.find('removeButton', `the remove button of ${t.sku}`, line);
    const { reloaded } = await this.submit(button, `the remove button of ${t.sku}`);
    if (!reloaded) await expect(line, 'the line gone after removing it').toHaveCount(0);
  }

  /** Types a SKU's new quantity into its line and sends the cart with the update button. */
  async setLineQuantity(t: LineTarget, quantity: number): Promise<void> {
    const line = await this.line(t);
    const field = await this.find('lineQuantityField', `the quantity field of ${t.sku}`, line);
    await field.fill(String(quantity));
    await this.press('updateButton', 'the update button');
  }
}

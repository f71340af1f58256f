/** The cart page: the coupon form, the store's message, the order summary, the way to checkout. */
import { expect } from '@playwright/test';
import { StorefrontPage } from './storefront-page.ts';
import { pathOf } from './locate.ts';

/** A message as the page shows it; `role` and `className` let the scenario tell success from error. */
export interface PageMessage {
  text: string;
  role: string | null;
  className: string;
}

export class CartPage extends StorefrontPage {
  /** Opens the cart, unless adding to cart already landed there (as Solidus storefronts do). */
  async open(): Promise<void> {
    if (pathOf(this.page) === new URL(this.storefront.cartPath, 'http://x').pathname) return;
    await this.page.goto(this.storefront.cartPath, { waitUntil: 'domcontentloaded' });
  }

  /**
   * Types the code into the coupon field and applies it; returns once the store's answer is on the
   * page, with the HTTP status of the request that applied it.
   */
  async applyCode(code: string): Promise<{ status?: number }> {
    // Looked for together (one wait instead of two); the field's absence is the one reported first.
    const looking = [this.find('couponField', 'the coupon field'), this.find('applyButton', 'the apply button'), this.texts('message')] as const;
    for (const p of looking) p.catch(() => undefined); // rejections are seen when awaited, in order
    const field = await looking[0];
    const button = await looking[1];
    const before = await looking[2];
    await field.fill(code);
    const { reloaded, status } = await this.submit(button, 'the apply button', { status: true });
    if (!reloaded) {
      // Updated in place: the answer is there once the messages change.
      await expect.poll(() => this.texts('message'), { message: 'a new message after applying the code' }).not.toEqual(before);
    }
    return status !== undefined ? { status } : {};
  }

  /** The store's latest message (the last one shown). */
  async message(): Promise<PageMessage> {
    await this.find('message', 'the message');
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

  async checkout(): Promise<void> {
    const button = await this.find('checkoutButton', 'the checkout button');
    await this.submit(button, 'the checkout button');
  }
}

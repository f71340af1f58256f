/**
 * Checkout, step by step, up to the last step before the order is placed. The place-order button is
 * only looked for (to know that step is reached), never clicked; the no-order-completion fixture
 * blocks the request even if something did.
 */
import type { Locator } from '@playwright/test';
import { StorefrontPage } from './storefront-page.ts';
import { NotFoundError, pathOf } from './locate.ts';

export interface CheckoutAddress {
  email: string;
  name: string;
  street: string;
  city: string;
  /** As the state select shows it ("New York"); typed as is into a text field. */
  state: string;
  zip: string;
  phone: string;
}

/** Address-form fields by their labels, in the words Solidus storefronts use. */
const ADDRESS_LABELS: [keyof CheckoutAddress, RegExp][] = [
  ['email', /^e-?mail/i],
  ['name', /^(full )?name$/i],
  ['street', /^(street( address)?|address( line)?( 1)?)$/i],
  ['city', /^(city|town)$/i],
  ['state', /^(state|province|region)$/i],
  ['zip', /^(zip( code)?|postal code|postcode)$/i],
  ['phone', /^(phone|telephone)( number)?$/i],
];

export class CheckoutPage extends StorefrontPage {
  /**
   * The step shown: 'last' when the place-order button is there, else the step's name from the
   * path and the Save and Continue button that leaves it (already seen, for continue()).
   */
  async step(): Promise<{ last: boolean; name: string; next?: Locator }> {
    const place = this.locator('placeOrderButton');
    const next = this.locator('continueButton');
    try {
      await place.or(next).first().waitFor({ state: 'visible', timeout: this.options.findTimeoutMs });
    } catch {
      throw new NotFoundError('the Save and Continue or Place Order button', pathOf(this.page), 'continue_button', this.storefront.continueButton);
    }
    const name = pathOf(this.page).split('/').filter(Boolean).pop() ?? 'checkout';
    const last = await place.first().isVisible();
    return last ? { last, name } : { last, name, next: next.first() };
  }

  /**
   * Fills the address fields the page has, when it asks for an address (it has an input labelled
   * as the email: by a label, aria-label or aria-labelledby); a storefront without one of the other
   * fields simply does not get it. Says whether it asked.
   */
  async fillAddress(address: CheckoutAddress): Promise<boolean> {
    // Whether the page asks, which fields it has and which are selects: one look on every step
    // rather than two per field.
    const { found, asks } = await this.page.evaluate((labels) => {
      const out: Record<string, string> = {};
      for (const label of Array.from(document.querySelectorAll('label'))) {
        const control = label.control;
        if (!control || !['INPUT', 'SELECT', 'TEXTAREA'].includes(control.tagName)) continue;
        const text = label.innerText.replace(/\s+/g, ' ').replace(/\s*\*$/, '').trim();
        for (const [key, source, flags] of labels) {
          if (!(key in out) && new RegExp(source, flags).test(text)) out[key] = control.tagName.toLowerCase();
        }
      }
      const email = new RegExp(labels[0][1], labels[0][2]);
      const asks =
        out.email === 'input' ||
        Array.from(document.querySelectorAll('input')).some((input) => {
          const by = (input.getAttribute('aria-labelledby') ?? '').split(/\s+/).filter(Boolean);
          const text = input.getAttribute('aria-label') ?? by.map((id) => document.getElementById(id)?.innerText ?? '').join(' ');
          return email.test(text.replace(/\s+/g, ' ').trim());
        });
      return { found: out, asks };
    }, ADDRESS_LABELS.map(([key, re]) => [key, re.source, re.flags] as [string, string, string]));
    if (!asks) return false;
    for (const [key, label] of ADDRESS_LABELS) {
      const tag = found[key];
      if (!tag) continue;
      // Only form fields: a checkout section is often labelled by its step title ("Address").
      const field: Locator = this.page.getByLabel(label).and(this.page.locator(tag)).first();
      if (tag === 'select') await field.selectOption({ label: address[key] });
      else await field.fill(address[key]);
    }
    return true;
  }

  /** Saves the step and waits for the next page (`button`: the one step() saw, else it is looked for). */
  async continue(button?: Locator): Promise<void> {
    await this.submit(button ?? (await this.find('continueButton', 'the Save and Continue button')), 'the Save and Continue button');
  }

  /** The store's error message on the page, if it shows one (role=alert or an error-looking class). */
  async errorMessage(): Promise<string | undefined> {
    const alerts = this.locator('message').filter({ visible: true });
    for (const el of await alerts.all()) {
      const bad = await el.evaluate((e) => e.getAttribute('role') === 'alert' || /error|alert|danger/i.test(e.className));
      if (bad) return (await el.innerText()).trim();
    }
    return undefined;
  }
}

/**
 * Checkout, step by step, up to the last step before the order is placed. The place-order button is
 * only looked for (to know that step is reached), never clicked; the no-order-completion fixture
 * blocks the request even if something did.
 */
import type { Locator } from '@playwright/test';
import { StorefrontPage } from './storefront-page.ts';
import { NotFoundError, StepError, pathOf } from './locate.ts';

/** The state's code, for a select whose options carry it as their value. */
const SAMPLE_STATE_CODE = 'NY';

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

/**
 * Address-form fields, by what storefronts mark them with: the autocomplete token (Solidus's
 * storefronts set them: "billing address-level2") first, else the label, read without its case, a
 * trailing colon or a required-field asterisk ("City:", "Customer email", "Zip *").
 */
const ADDRESS_FIELDS: [keyof CheckoutAddress | 'country', RegExp, RegExp][] = [
  ['email', /(^|\s)email$/, /\be-?mail\b/i],
  ['name', /(^|\s)(name|given-name)$/, /^(full )?name$/i],
  ['street', /(^|\s)(address-line1|street-address)$/, /^(street( address)?|address( line)?( 1)?)$/i],
  ['city', /(^|\s)address-level2$/, /^(city|town)$/i],
  ['state', /(^|\s)address-level1$/, /^(state|province|region|county)( name)?$/i],
  ['zip', /(^|\s)postal-code$/, /^(zip( code)?|postal code|postcode)$/i],
  ['phone', /(^|\s)tel$/, /^(phone|telephone)( number)?$/i],
  ['country', /(^|\s)country(-name)?$/, /^country$/i],
];

/** The checkbox that sends the billing address as the shipping address too. */
const USE_BILLING = /use (the )?billing address|same as (the )?billing|ship to (the )?billing/i;

/** The country the sample address is in, as country selects name it. */
const COUNTRY_NAMES = ['United States', 'United States of America', 'USA', 'US'];

/** A field of the page's form, as fillAddress found it: marked in the page so it can be found again. */
interface FoundField {
  mark: string;
  key: string;
  tag: 'input' | 'select' | 'textarea';
}

/** Where the attribute fillAddress marks fields with. */
const MARK = 'data-holiday-ready-field';

export class CheckoutPage extends StorefrontPage {
  /**
   * The step shown: 'last' when the place-order button is there, 'guest' on a log-in-or-guest page
   * (the guest form's e-mail field is there), else the step's name from the path and the Save and
   * Continue button that leaves it (already seen, to submit).
   */
  async step(): Promise<{ last: boolean; guest?: boolean; name: string; next?: Locator }> {
    const place = this.locator('placeOrderButton');
    const next = this.locator('continueButton');
    const guest = this.locator('guestEmailField');
    try {
      await place.or(next).or(guest).first().waitFor({ state: 'visible', timeout: this.options.findTimeoutMs });
    } catch {
      throw new NotFoundError('the Save and Continue or Place Order button (or a guest checkout form)', pathOf(this.page), 'continue_button', this.storefront.continueButton);
    }
    const name = this.stepName();
    if (await place.first().isVisible()) return { last: true, name };
    if (await guest.first().isVisible()) return { last: false, guest: true, name };
    return { last: false, name, next: next.first() };
  }

  /** The step's name, from the page's path ("address" for /checkout/address). */
  stepName(): string {
    return pathOf(this.page).split('/').filter(Boolean).pop() ?? 'checkout';
  }

  /**
   * The log-in-or-guest page: types the e-mail into the guest form (never the login form) and
   * sends that form, the only one of the page the browser sends.
   */
  async continueAsGuest(email: string): Promise<void> {
    const field = await this.find('guestEmailField', 'the guest checkout e-mail field');
    await field.fill(email);
    await this.press('guestContinueButton', 'the guest checkout button');
  }

  /**
   * Fills the address form the page shows, when it asks for an address (it has an e-mail, street
   * or city field): ticks "use billing address" when there is such a box, then fills every visible
   * field it recognises (billing, and shipping when the page still shows it), selecting the
   * country and state in selects. Fields a storefront does not have are skipped. Says whether the
   * page asked.
   */
  async fillAddress(address: CheckoutAddress): Promise<boolean> {
    const useBilling = this.page.getByRole('checkbox', { name: USE_BILLING });
    if ((await useBilling.count()) && (await useBilling.first().isVisible()) && !(await useBilling.first().isChecked())) {
      await useBilling.first().check();
    }
    // One look at the page for every field rather than one per field; the callback runs in the
    // page (no named helpers inside, see StorefrontPage.summary()).
    const fields = await this.page.evaluate(
      ({ rules, mark }) => {
        const found: { mark: string; key: string; tag: string }[] = [];
        let n = 0;
        const controls = Array.from(document.querySelectorAll('input, select, textarea')) as (HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement)[];
        for (const el of controls) {
          const type = (el.getAttribute('type') ?? '').toLowerCase();
          if (['hidden', 'submit', 'button', 'checkbox', 'radio', 'password', 'image', 'reset', 'file'].includes(type) || el.disabled) continue;
          const box = el.getBoundingClientRect();
          if (!box.width || !box.height || getComputedStyle(el).visibility === 'hidden') continue;
          const auto = (el.getAttribute('autocomplete') ?? '').toLowerCase().trim();
          const byIds = (el.getAttribute('aria-labelledby') ?? '').split(/\s+/).filter(Boolean).map((id) => document.getElementById(id)?.innerText ?? '');
          const labelText = [...Array.from(el.labels ?? []).map((l) => l.innerText), el.getAttribute('aria-label') ?? '', ...byIds]
            .map((t) => t.replace(/\s+/g, ' ').replace(/[\s*:]+$/, '').trim().toLowerCase())
            .filter(Boolean);
          const rule = rules.find(([, a]) => auto && new RegExp(a).test(auto)) ?? rules.find(([, , l, f]) => labelText.some((t) => new RegExp(l, f).test(t)));
          if (!rule) continue;
          const id = `f${n++}`;
          el.setAttribute(mark, id);
          found.push({ mark: id, key: rule[0], tag: el.tagName.toLowerCase() });
        }
        return found;
      },
      { rules: ADDRESS_FIELDS.map(([key, auto, label]) => [key, auto.source, label.source, label.flags] as [string, string, string, string]), mark: MARK },
    ) as FoundField[];
    if (!fields.some((f) => ['email', 'street', 'city'].includes(f.key))) return false;
    // The country first: changing it reloads the state choices.
    const order = [...fields].sort((a, b) => Number(b.key === 'country') - Number(a.key === 'country'));
    for (const f of order) {
      const field = this.page.locator(`[${MARK}="${f.mark}"]`);
      const value = f.key === 'country' ? COUNTRY_NAMES[0] : address[f.key as keyof CheckoutAddress];
      if (f.tag === 'select') {
        // The option is looked for in the page first: selectOption would wait for one that never comes.
        const wanted = f.key === 'country' ? COUNTRY_NAMES : [value, SAMPLE_STATE_CODE];
        const option = await field.evaluate((el, names) => {
          const select = el as HTMLSelectElement;
          const norm = (t: string) => t.replace(/\s+/g, ' ').trim().toLowerCase();
          const current = select.selectedOptions[0];
          const hit = (o: HTMLOptionElement) => names.some((n) => norm(o.text) === norm(n) || norm(o.value) === norm(n));
          if (current && hit(current)) return { value: current.value, already: true };
          const found = Array.from(select.options).find(hit);
          return found ? { value: found.value, already: false } : undefined;
        }, wanted);
        if (!option) throw new StepError(this.stepName(), `its ${f.key} choice has no ${wanted.map((w) => `"${w}"`).join(' or ')}`);
        if (!option.already) await field.selectOption({ value: option.value });
      } else if (f.key !== 'country') {
        await field.fill(value);
      }
    }
    return true;
  }

  /**
   * Delivery and payment choices: in every group of radio buttons the page shows with none chosen
   * (a shipping rate, a payment method), the first one, as a customer who takes what is offered.
   * Storefronts preselect them; this is for those that do not.
   */
  async chooseOffered(): Promise<void> {
    const groups = await this.page.evaluate(() => {
      const names = new Set<string>();
      for (const r of Array.from(document.querySelectorAll('input[type="radio"]')) as HTMLInputElement[]) {
        if (!r.name || r.disabled || !r.getBoundingClientRect().width) continue;
        const group = Array.from(document.getElementsByName(r.name)) as HTMLInputElement[];
        if (!group.some((g) => g.checked)) names.add(r.name);
      }
      return [...names];
    });
    for (const name of groups) await this.page.locator(`input[type="radio"][name="${name.replace(/"/g, '\\"')}"]:visible`).first().check();
  }

  /**
   * Why the step's form cannot be sent, before the click: fields the browser itself would refuse
   * to send (required and empty, or invalid), by their labels. Undefined when it can be sent.
   */
  async unsendable(button: Locator): Promise<string | undefined> {
    const bad = await button.evaluate((b) => {
      const form = (b as HTMLButtonElement).form ?? b.closest('form');
      if (!form || form.noValidate || form.checkValidity()) return [];
      return (Array.from(form.elements) as HTMLInputElement[])
        .filter((el) => typeof el.checkValidity === 'function' && !el.checkValidity())
        .map((el) => {
          const label = Array.from(el.labels ?? []).map((l) => l.innerText.replace(/\s+/g, ' ').trim()).find(Boolean);
          return `${label || el.getAttribute('aria-label') || el.name || el.id || el.tagName.toLowerCase()} (${el.validationMessage || 'invalid'})`;
        });
    });
    return bad.length ? `the form cannot be sent: ${bad.join('; ')}` : undefined;
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

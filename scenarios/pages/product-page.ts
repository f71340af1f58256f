/** A product page: pick the variant, set the quantity, add to cart. */
import { StorefrontPage } from './storefront-page.ts';
import { NotFoundError, pathOf } from './locate.ts';

export class ProductPage extends StorefrontPage {
  /** Opens a product page; a page the store does not have (404) is a NotFoundError about product_path. */
  async open(path: string, what: string): Promise<void> {
    const response = await this.page.goto(path, { waitUntil: 'domcontentloaded' });
    if (response && response.status() >= 400) {
      throw new NotFoundError(what, pathOf(this.page), 'product_path', this.storefront.productPath);
    }
  }

  /** Chooses a variant by the text its option shows ("M", "Red / M"), in a select or among radio buttons. */
  async chooseVariant(option: string): Promise<void> {
    const field = await this.find('variantField', `the size or option choice "${option}"`);
    const tag = await this.readElement('variantField', (el) => el.tagName.toLowerCase());
    if (tag === 'select') {
      await field.selectOption({ label: option });
      return;
    }
    const radio = this.page.getByRole('radio', { name: option, exact: true });
    if (await radio.isVisible()) {
      await radio.check();
      return;
    }
    // A radio drawn as its label (the starter storefront's: a zero-size input inside a styled label,
    // cart_line_items/product_selection/_option_type) is chosen by clicking the label, as a customer does.
    await this.page.locator('label', { has: radio }).first().click();
    if (!(await radio.isChecked())) throw new Error(`clicking the label of the option "${option}" did not choose it`);
  }

  async setQuantity(quantity: number): Promise<void> {
    const field = await this.find('quantityField', 'the quantity field');
    await field.fill(String(quantity));
  }
}

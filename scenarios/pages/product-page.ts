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
    if (tag === 'select') await field.selectOption({ label: option });
    else await this.page.getByRole('radio', { name: option, exact: true }).check();
  }

  async setQuantity(quantity: number): Promise<void> {
    const field = await this.find('quantityField', 'the quantity field');
    await field.fill(String(quantity));
  }

  async addToCart(): Promise<void> {
    const button = await this.find('addToCart', 'the add-to-cart button');
    await this.submit(button, 'the add-to-cart button');
  }
}

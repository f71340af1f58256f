/**
 * Carts the browser dry-run does not try, and why in words: it builds a cart on the product pages,
 * enters codes on the cart page and checks out as a new guest under the reserved domain. Of a
 * cart's steps (`steps:`) it does those a customer does with the pages the storefront's selectors
 * name: add items (product pages), remove a line or change its quantity and enter a code in the
 * cart (cart page). A code at the delivery or payment step, a returning customer and a signed-in
 * test user (`customer:`) are tried through the API only; the browser reports such a cart "not
 * checked in the browser" with the reason, instead of judging a different cart from the one planned.
 */
import type { Cart, CartStep } from '../config/types.ts';
import { stepWords } from '../dryrun/steps.ts';

/**
 * Whether the browser dry-run does this step: an item added on its product page, a line removed or
 * its quantity changed on the cart page (storefront.cart_line, remove_button, line_quantity_field,
 * update_button), or a code entered in the cart.
 */
export const browserDoes = (step: CartStep): boolean => !('code' in step) || step.at === 'cart';

/** Why the browser does not try this cart, or undefined when it does. `show` masks secret codes in the words. */
export function browserCannot(cart: Pick<Cart, 'steps' | 'customer'>, show: (code: string) => string = (c) => c): string | undefined {
  const why: string[] = [];
  const customer = cart.customer;
  if (customer?.kind === 'returning') {
    why.push(`checks out as a new guest under the reserved domain, so that its carts can be found and emptied; the returning customer's e-mail (${customer.email}) is tried through the API only`);
  } else if (customer?.kind === 'user') {
    why.push(`does not sign in as the registered test user (the site file gives the user's API key in ${customer.keyEnv}, not a password for the storefront); the user's cart is tried through the API only`);
  }
  const cannot = (cart.steps ?? []).filter((s) => !browserDoes(s));
  if (cannot.length) {
    why.push(
      `does not do ${cannot.length === 1 ? 'the step' : 'the steps'} ${cannot.map((s) => stepWords(s, show)).join(', ')}: it enters codes in the cart only ` +
      '(the storefront selectors name no coupon field at the delivery or payment step), so this cart is tried through the API only',
    );
  }
  return why.length ? `the browser dry-run ${why.join('; and ')}` : undefined;
}

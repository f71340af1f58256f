/**
 * Carts the browser dry-run does not try, and why in words: it builds a cart on the product pages,
 * enters the campaign's code on the cart page and checks out as a new guest under the reserved
 * domain. A cart's steps (`steps:`), a returning customer and a signed-in test user (`customer:`) are
 * tried through the API only; the browser reports such a cart "not checked in the browser" with the
 * reason, instead of judging a different cart from the one planned.
 */
import type { Cart } from '../config/types.ts';
import { stepWords } from '../dryrun/steps.ts';

/** Why the browser does not try this cart, or undefined when it does. `show` masks secret codes in the words. */
export function browserCannot(cart: Pick<Cart, 'steps' | 'customer'>, show: (code: string) => string = (c) => c): string | undefined {
  const why: string[] = [];
  const customer = cart.customer;
  if (customer?.kind === 'returning') {
    why.push(`checks out as a new guest under the reserved domain, so that its carts can be found and emptied; the returning customer's e-mail (${customer.email}) is tried through the API only`);
  } else if (customer?.kind === 'user') {
    why.push(`does not sign in as the registered test user (the site file gives the user's API key in ${customer.keyEnv}, not a password for the storefront); the user's cart is tried through the API only`);
  }
  if (cart.steps?.length) {
    why.push(`does not do a cart's steps yet (${cart.steps.map((s) => stepWords(s, show)).join(', then ')}): it builds the cart on the product pages and enters the code on the cart page only, so the steps are tried through the API only`);
  }
  return why.length ? `the browser dry-run ${why.join('; and ')}` : undefined;
}

/**
 * Carts the browser dry-run does not try, and why in words: it builds a cart on the product pages,
 * enters codes on the cart page and checks out as a new guest under the reserved domain. Of a
 * cart's steps (`steps:`) it does those a customer does with the pages the storefront's selectors
 * name: add items (product pages), remove a line or change its quantity and enter a code in the
 * cart (cart page), and enter a code at a checkout step where the storefront shows a coupon field
 * (storefront.checkout_coupon_steps: the payment step on Solidus's classic and starter storefronts).
 * A code at a step without one, a cart step after a checkout step (a customer would go back to the
 * cart), a returning customer and a signed-in test user (`customer:`) are tried through the API
 * only; the browser reports such a cart "not checked in the browser" with the reason, instead of
 * judging a different cart from the one planned.
 */
import type { Cart, CartStep } from '../config/types.ts';
import { stepWords } from '../dryrun/steps.ts';
import type { CheckoutCouponStep } from './presets.ts';

/** Where a step happens, in the checkout's order: the cart, then delivery, then payment. */
const PLACES = ['cart', 'delivery', 'payment'] as const;
const placeOf = (step: CartStep) => PLACES.indexOf('code' in step ? step.at : 'cart');

/**
 * Whether the browser dry-run does this step: an item added on its product page, a line removed or
 * its quantity changed on the cart page (storefront.cart_line, remove_button, line_quantity_field,
 * update_button), a code entered in the cart, or at a checkout step listed in `couponSteps`
 * (storefront.checkout_coupon_steps).
 */
export const browserDoes = (step: CartStep, couponSteps: readonly CheckoutCouponStep[] = []): boolean =>
  !('code' in step) || step.at === 'cart' || couponSteps.includes(step.at);

/**
 * Why the browser does not try this cart, or undefined when it does. `show` masks secret codes in
 * the words; `couponSteps` are the checkout steps where the storefront shows a coupon field.
 */
export function browserCannot(
  cart: Pick<Cart, 'steps' | 'customer'>,
  show: (code: string) => string = (c) => c,
  couponSteps: readonly CheckoutCouponStep[] = [],
): string | undefined {
  const why: string[] = [];
  const customer = cart.customer;
  if (customer?.kind === 'returning') {
    why.push(`checks out as a new guest under the reserved domain, so that its carts can be found and emptied; the returning customer's e-mail (${customer.email}) is tried through the API only`);
  } else if (customer?.kind === 'user') {
    why.push(`does not sign in as the registered test user (the site file gives the user's API key in ${customer.keyEnv}, not a password for the storefront); the user's cart is tried through the API only`);
  }
  const steps = cart.steps ?? [];
  const cannot = steps.filter((s) => !browserDoes(s, couponSteps));
  if (cannot.length) {
    const where = [...new Set(cannot.map((s) => ('code' in s ? s.at : 'cart')))];
    why.push(
      `does not do ${cannot.length === 1 ? 'the step' : 'the steps'} ${cannot.map((s) => stepWords(s, show)).join(', ')}: ` +
      `the storefront's ${where.join(' and ')} ${where.length === 1 ? 'step has' : 'steps have'} no coupon field, so this cart is tried through the API only`,
    );
  } else {
    // Checkout goes forward: a step of the cart (or an earlier checkout step) after a checkout step would need going back.
    const back = steps.findIndex((s, i) => i > 0 && placeOf(s) < Math.max(...steps.slice(0, i).map(placeOf)));
    if (back > 0) {
      const before = steps.slice(0, back).reduce((a, s) => (placeOf(s) > placeOf(a) ? s : a));
      why.push(
        `does not go back from the ${PLACES[placeOf(before)]} step for the step ${stepWords(steps[back], show)}: ` +
        'it does the steps on the pages in the order a customer meets them (cart, delivery, payment), so this cart is tried through the API only',
      );
    }
  }
  return why.length ? `the browser dry-run ${why.join('; and ')}` : undefined;
}

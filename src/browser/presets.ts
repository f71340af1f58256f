/**
 * Storefront presets: the selectors of the storefronts Solidus stores are built on, so that a site
 * file names its storefront (`storefront.preset`) and writes only what its store changed
 * (per-key overrides on top). Without a preset the run detects it from the store's pages
 * (src/browser/detect.ts). Selectors are parsed by src/browser/locate.ts, which also says how they
 * match (a role's name by its start, labels with or without a trailing colon, any case).
 *
 * - `sandbox`: this repository's own sandbox storefront (sandbox/app/views/store).
 * - `solidus_frontend`: Solidus's classic storefront engine, the solidus_frontend gem (4.x), which
 *   older stores run (the sandbox's classic store, `sandbox/bin/serve classic`, runs 4.6).
 * - `starter`: the solidus_starter_frontend templates (v4.6) that newer stores are generated from.
 *   Written from their public templates: "Add To Cart — $60.00" buttons, "Customer email" and
 *   "City:" labels, the log-in-or-guest page (`#checkout_form_registration`), an order summary
 *   that names promotions on the cart and payment steps but shows an unnamed "Promotion" row and
 *   shipping net of its discount at the confirm step.
 */

export const PRESET_NAMES = ['sandbox', 'solidus_frontend', 'starter'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/** The checkout steps a storefront may offer a coupon field at (a cart step `code: …, at:`). */
export const CHECKOUT_COUPON_STEPS = ['delivery', 'payment'] as const;
export type CheckoutCouponStep = (typeof CHECKOUT_COUPON_STEPS)[number];

/** Everything a preset sets: the storefront's two paths and its selectors (camelCase, as Site.storefront has them). */
export interface StorefrontPreset {
  productPath: string;
  cartPath: string;
  addToCart: string;
  variantField: string;
  quantityField: string;
  couponField: string;
  applyButton: string;
  /** The checkout steps that show a coupon field (checkoutCouponField); a code at any other step is tried through the API only. */
  checkoutCouponSteps: readonly CheckoutCouponStep[];
  /** The coupon field at those checkout steps. */
  checkoutCouponField: string;
  /** Its apply button. */
  checkoutApplyButton: string;
  /** One line of the cart page (a row per item); the three below are looked for inside it. */
  cartLine: string;
  /** A cart line's quantity field. */
  lineQuantityField: string;
  /** A cart line's remove button (or link). */
  removeButton: string;
  /** The button that sends the cart's quantities to the store. */
  updateButton: string;
  message: string;
  totals: string;
  checkoutButton: string;
  continueButton: string;
  placeOrderButton: string;
  guestEmailField: string;
  guestContinueButton: string;
}

/** The log-in-or-guest form of solidus_auth_devise's classic views and the starter storefront, and of any storefront that copies them. */
const GUEST = {
  guestEmailField: 'css=#checkout_form_registration input[type="email"]',
  guestContinueButton: 'css=#checkout_form_registration [type="submit"], #checkout_form_registration button:not([type="button"])',
};

/** What the three storefronts share: Solidus's own words for its buttons. */
const SOLIDUS_WORDS = {
  productPath: '/products/{slug}',
  cartPath: '/cart',
  addToCart: 'role=button[name="Add To Cart"]',
  applyButton: 'role=button[name="Apply Code"]',
  checkoutApplyButton: 'role=button[name="Apply Code"]',
  message: 'css=.flash',
  checkoutButton: 'role=button[name="Checkout"]',
  continueButton: 'role=button[name="Save and Continue"]',
  placeOrderButton: 'role=button[name="Place Order"]',
  ...GUEST,
};

export const PRESETS: Readonly<Record<PresetName, Readonly<StorefrontPreset>>> = Object.freeze({
  sandbox: Object.freeze({
    ...SOLIDUS_WORDS,
    variantField: 'css=[name="variant_id"]',
    quantityField: 'label=Quantity',
    couponField: 'label=Coupon code',
    // The checkout has no coupon field (sandbox/app/views/store/checkouts): codes go in in the cart only.
    checkoutCouponSteps: [] as const,
    checkoutCouponField: 'label=Coupon code',
    // A row per item (tr.line-item with data-sku), a number field labelled "Quantity", a "Remove" button, "Update cart".
    cartLine: 'css=tr.line-item',
    lineQuantityField: 'label=Quantity',
    removeButton: 'role=button[name="Remove"]',
    updateButton: 'role=button[name="Update cart"]',
    totals: 'css=[data-hook="order-summary"]',
  }),
  solidus_frontend: Object.freeze({
    ...SOLIDUS_WORDS,
    // Radio buttons labelled "Size: M $120.00"; the master's id is a hidden field.
    variantField: 'css=#product-variants',
    quantityField: 'css=input[name="quantity"]',
    // A field with a placeholder and no label, on the cart page.
    couponField: 'css=#coupon_code input[name="coupon_code"]',
    // The payment step's order summary (spree/checkout/_summary, _coupon_code): a field labelled
    // "Coupon Code" whose Apply Code button sends the code to the API (checkout/coupon-code.js),
    // then reloads the page, or writes Solidus's refusal into #coupon_status (an "alert").
    checkoutCouponSteps: ['payment'] as const,
    checkoutCouponField: 'label=Coupon code',
    // spree/orders/_line_item: a row per item, a number field without a label, a delete icon link
    // (its script sets the quantity to 0 and sends the cart form), and the form's "Update" button.
    cartLine: 'css=tr.line-item',
    lineQuantityField: 'css=input.line_item_quantity',
    removeButton: 'css=a.delete',
    updateButton: 'css=#update-button',
    // The cart's table, the checkout's summary box, and the confirm step's order details.
    totals: 'css=#cart-detail, [data-hook="order_summary"], [data-hook="order_details"]',
    // The flash, and where the payment step's coupon field writes Solidus's refusal.
    message: 'css=.flash, #coupon_status',
  }),
  // Checked against the templates of solidus_starter_frontend v4.6 (templates/app/views/…, words from
  // solidus_core's en.yml), by test/unit/starter-preset.test.ts on pages written from them
  // (test/fixtures/starter/). Its paths, add-to-cart ("Add To Cart — $60.00", shared/_call_to_action),
  // "Apply Code", "Checkout", "Save and Continue", "Place Order", .flash (solidus_core's flash_messages
  // in layouts/storefront) and the guest form (checkout_guest_sessions/_form) are SOLIDUS_WORDS' and GUEST's.
  starter: Object.freeze({
    ...SOLIDUS_WORDS,
    // cart_line_items/_form: div.variant-container, one radio group per option type ("Size"), each
    // radio (a zero-size input, product_selection/_option_type) inside a label with its value ("M").
    variantField: 'css=.variant-container',
    // cart_line_items/_product_submit: number_field_tag "quantity".
    quantityField: 'css=input[name="quantity"]',
    // orders/_coupon_code, on the cart page and in the payment step's summary: text_field_tag 'coupon_code'.
    couponField: 'css=input[name="coupon_code"]',
    // The cart's coupon form again, in the payment step's summary (checkouts/_checkout_summary).
    checkoutCouponSteps: ['payment'] as const,
    checkoutCouponField: 'css=input[name="coupon_code"]',
    // carts/_cart_item: an <article class="cart-item"> per line item (there is no .line-item on the cart page).
    cartLine: 'css=article.cart-item',
    // carts/_cart_item: item_form.number_field :quantity, the line's only number field (div.cart-item__quantity).
    lineQuantityField: 'css=input[type="number"]',
    // carts/_cart_item_remove: order_form.submit('Remove'), an <input type="submit" value="Remove">, rendered
    // twice per line (small screens, md:hidden; wider, hidden md:flex): a role only finds the one shown.
    removeButton: 'role=button[name="Remove"]',
    // carts/_cart_secondary_actions: <button id="update-button"> with t("spree.update"), "Update".
    updateButton: 'role=button[name="Update"]',
    // carts/_cart_footer's footer.cart-footer ("Subtotal (3 items):", promotions, "Total: $88.00"),
    // checkouts/_checkout_summary's section#checkout-summary (address, delivery and payment steps), and
    // the confirm step's dl#line-items (orders/_line_items: one unnamed "Promotion" row).
    totals: 'css=.cart-footer, #checkout-summary, #line-items',
  }),
});

/** Storefront keys that hold selectors. */
const SELECTOR_NAMES = [
  'addToCart', 'variantField', 'quantityField', 'couponField', 'applyButton', 'checkoutCouponField', 'checkoutApplyButton',
  'cartLine', 'lineQuantityField', 'removeButton', 'updateButton', 'message', 'totals',
  'checkoutButton', 'continueButton', 'placeOrderButton', 'guestEmailField', 'guestContinueButton',
] as const satisfies readonly (keyof StorefrontPreset)[];
export type SelectorKey = (typeof SELECTOR_NAMES)[number];

/** A storefront key's name in the site file: snake_case (src/config/validate.ts camel-cases them back). */
export const siteKey = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Storefront keys that hold selectors, with their site-file names. */
export const SELECTOR_KEYS = Object.fromEntries(SELECTOR_NAMES.map((k) => [k, siteKey(k)])) as Record<SelectorKey, string>;

/** A storefront whose preset is still to be detected: the sandbox's values stand in until then. */
export interface StorefrontSetting extends StorefrontPreset {
  /** undefined: detected from the store's pages when the browser dry-run starts. */
  preset?: PresetName;
  overrides: Partial<StorefrontPreset>;
  allowedOrigins: readonly string[];
}

/**
 * A site's storefront: `preset`'s values with the site file's own on top. `preset` is the one the
 * site names, or the one found from the store's pages (`detected: true`).
 */
export function withPreset(s: StorefrontSetting, preset: PresetName, detected: boolean): StorefrontSetting & { preset: PresetName; detected: boolean } {
  return { ...PRESETS[preset], ...s.overrides, preset, detected, overrides: s.overrides, allowedOrigins: s.allowedOrigins };
}

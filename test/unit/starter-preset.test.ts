/**
 * The `starter` storefront preset (src/browser/presets.ts) against the solidus_starter_frontend
 * templates (branch v4.6): every selector of the preset, through the one parser (locate.ts) and the
 * page objects the browser dry-run uses, in Debian's Chromium with the run's own launch setting, on
 * pages written by hand from those templates (test/fixtures/starter/*.html: each names the template
 * files, the ref and the sample values it renders). A selector that does not match the starter's
 * markup fails here, without a starter store.
 *
 * Run: node --import tsx --test test/unit/starter-preset.test.ts
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright';
import { CHROMIUM_LAUNCH } from '../../src/browser/chromium.ts';
import { locate } from '../../src/browser/locate.ts';
import { PRESETS } from '../../src/browser/presets.ts';
import { presetOfPage } from '../../src/browser/detect.ts';
import type { Storefront } from '../../src/config/types.ts';
import { CartPage } from '../../scenarios/pages/cart-page.ts';
import { CheckoutPage } from '../../scenarios/pages/checkout-page.ts';
import { ProductPage } from '../../scenarios/pages/product-page.ts';

const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures', 'starter');
const starter = PRESETS.starter;
const storefront: Storefront = { ...starter, preset: 'starter', overrides: {}, allowedOrigins: [] };

let browser: Browser;
before(async () => {
  browser = await chromium.launch(CHROMIUM_LAUNCH);
});
after(async () => {
  await browser?.close();
});

/** A page showing a fixture, as wide as the dry-run's browser (Playwright's default 1280 × 720) unless told. */
async function open(fixture: string, viewport = { width: 1280, height: 720 }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  // Nothing leaves the page: the fixtures load no resources, and any request is refused.
  await page.route('**/*', (route) => route.abort());
  await page.setContent(fs.readFileSync(path.join(FIXTURES, fixture), 'utf8'));
  return page;
}

/** The one element a selector finds that a customer sees (the dry-run takes the first), with what identifies it. */
async function shown(scope: Page | ReturnType<Page['locator']>, selector: string) {
  const all = locate(scope, selector);
  const visible = [];
  for (const el of await all.all()) if (await el.isVisible()) visible.push(el);
  assert.ok(visible.length >= 1, `${selector} shows something`);
  const first = all.first();
  assert.ok(await first.isVisible(), `the first element ${selector} finds is the one shown`);
  return first.evaluate((el) => ({ tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute('name'), text: (el as HTMLElement).innerText.trim(), value: (el as HTMLInputElement).value ?? null }));
}

describe('the starter preset on the starter\'s own markup (solidus_starter_frontend v4.6)', () => {
  test('product page: the size choice, the quantity field and the "Add To Cart — $60.00" button', async () => {
    const page = await open('product.html');
    try {
      assert.equal(presetOfPage(await page.content()), 'starter', 'detected as the starter from its form to /cart_line_items');
      const variants = await shown(page, starter.variantField);
      assert.equal(variants.tag, 'div');
      // Within it, each size is a radio labelled by its value, as the product page object chooses it.
      const m = locate(page, starter.variantField).getByRole('radio', { name: 'M', exact: true });
      assert.equal(await m.count(), 1);
      assert.equal(await m.getAttribute('name'), 'size');
      // The radio itself has no size (peer absolute opacity-0 h-0 w-0): the page object chooses it by its label.
      assert.equal(await m.isVisible(), false);
      await new ProductPage(page, storefront, { findTimeoutMs: 2000 }).chooseVariant('M');
      assert.equal(await m.isChecked(), true, 'size M chosen');
      assert.equal(await locate(page, starter.variantField).getByRole('radio', { name: 'S', exact: true }).isChecked(), false);
      assert.deepEqual(await shown(page, starter.quantityField), { tag: 'input', id: 'quantity', name: 'quantity', text: '', value: '1' });
      const add = await shown(page, starter.addToCart);
      assert.deepEqual([add.tag, add.id, add.text], ['button', 'add-to-cart-button', 'Add To Cart — $60.00']);
    } finally {
      await page.close();
    }
  });

  test('cart page: a line per item (article.cart-item), its number field, its remove button, the update button', async () => {
    const page = await open('cart.html');
    try {
      const cart = new CartPage(page, storefront, { findTimeoutMs: 2000 });
      assert.equal(await locate(page, starter.cartLine).count(), 2, 'one cart line per line item');
      // The dry-run's own way to the line of a SKU: the line that links to its product page.
      const fleece = await cart.line({ sku: 'FLC-002-M', path: '/products/summit-fleece', option: 'M' });
      const beanie = await cart.line({ sku: 'HAT-001', path: '/products/wool-beanie' });
      assert.deepEqual(await shown(fleece, starter.lineQuantityField), { tag: 'input', id: 'order_line_items_attributes_0_quantity', name: 'order[line_items_attributes][0][quantity]', text: '', value: '1' });
      assert.equal((await shown(beanie, starter.lineQuantityField)).value, '2');
      // Two remove buttons per line (small screens and wider ones): the one shown is the one found.
      const remove = await shown(fleece, starter.removeButton);
      assert.deepEqual([remove.tag, remove.id, remove.name, remove.value], ['input', 'delete_line_item_1', 'commit', 'Remove']);
      assert.equal((await shown(beanie, starter.removeButton)).id, 'delete_line_item_2');
      const update = await shown(page, starter.updateButton);
      assert.deepEqual([update.tag, update.id, update.text], ['button', 'update-button', 'Update']);
      assert.equal(await locate(page, starter.updateButton).count(), 1, '"Update" names no other button of the page');
    } finally {
      await page.close();
    }
  });

  test('cart page on a phone: the remove button of small screens is the one found', async () => {
    const page = await open('cart.html', { width: 390, height: 844 });
    try {
      const line = await new CartPage(page, storefront, { findTimeoutMs: 2000 }).line({ sku: 'FLC-002-M', path: '/products/summit-fleece' });
      const remove = locate(line, starter.removeButton).first();
      assert.ok(await remove.isVisible());
      assert.equal(await remove.evaluate((el) => el.parentElement!.className.includes('md:hidden')), true);
    } finally {
      await page.close();
    }
  });

  test('cart page: the coupon field, "Apply Code", the message, the totals in the cart footer, "Checkout"', async () => {
    const page = await open('cart.html');
    try {
      const cart = new CartPage(page, storefront, { findTimeoutMs: 2000 });
      assert.deepEqual(await shown(page, starter.couponField), { tag: 'input', id: 'order_coupon_code', name: 'coupon_code', text: '', value: '' });
      const apply = await shown(page, starter.applyButton);
      assert.deepEqual([apply.tag, apply.id, apply.text], ['button', 'commit', 'Apply Code']);
      assert.equal((await shown(page, starter.message)).text, 'The coupon code was successfully applied to your order.');
      const checkout = await shown(page, starter.checkoutButton);
      assert.deepEqual([checkout.tag, checkout.id, checkout.name], ['button', 'checkout-link', 'checkout']);
      assert.deepEqual(await cart.summary(), [
        { label: 'Subtotal (3 items):', amount: '$100.00' },
        { label: 'Promotion: Promotion (Outerwear 20% off)', amount: '-$12.00' },
        { label: 'Total', amount: '$88.00' },
      ]);
    } finally {
      await page.close();
    }
  });

  test('payment step: the order summary box (with its coupon form) and "Save and Continue"', async () => {
    const page = await open('checkout-payment.html');
    try {
      const checkout = new CheckoutPage(page, storefront, { findTimeoutMs: 2000 });
      assert.equal((await shown(page, starter.totals)).id, 'checkout-summary');
      assert.deepEqual(await checkout.summary(), [
        { label: 'Item Total:', amount: '$100.00' },
        { label: 'Promotion (Outerwear 20% off)', amount: '-$12.00' },
        { label: 'Shipping total:', amount: '$7.95' },
        { label: 'Order Total:', amount: '$95.95' },
      ]);
      const next = await shown(page, starter.continueButton);
      assert.deepEqual([next.tag, next.name, next.text], ['button', 'commit', 'Save and Continue']);
      assert.equal((await shown(page, starter.couponField)).id, 'order_coupon_code');
      assert.equal((await shown(page, starter.applyButton)).text, 'Apply Code');
      assert.equal(await locate(page, starter.placeOrderButton).count(), 0);
    } finally {
      await page.close();
    }
  });

  test('confirm step: the line items list with its unnamed "Promotion" row, and "Place Order" (only looked for)', async () => {
    const page = await open('confirm.html');
    try {
      const checkout = new CheckoutPage(page, storefront, { findTimeoutMs: 2000 });
      assert.equal((await shown(page, starter.totals)).id, 'line-items');
      assert.deepEqual(await checkout.summary(), [
        { label: 'Subtotal', amount: '$100.00' },
        { label: 'Promotion', amount: '-$12.00' },
        { label: 'Shipping — Ground', amount: '$7.95' },
        { label: 'Order Total', amount: '$95.95' },
      ]);
      const place = await shown(page, starter.placeOrderButton);
      assert.deepEqual([place.tag, place.name, place.text], ['button', 'commit', 'Place Order']);
      assert.equal(await locate(page, starter.continueButton).count(), 0);
    } finally {
      await page.close();
    }
  });

  test('log-in-or-guest page: the guest form\'s e-mail field and "Continue", never the log-in form\'s', async () => {
    const page = await open('guest.html');
    try {
      assert.deepEqual(await shown(page, starter.guestEmailField), { tag: 'input', id: 'order_email', name: 'order[email]', text: '', value: '' });
      assert.equal(await locate(page, starter.guestEmailField).count(), 1);
      const go = await shown(page, starter.guestContinueButton);
      assert.deepEqual([go.tag, go.name, go.text], ['button', 'commit', 'Continue']);
      assert.equal(await locate(page, starter.guestContinueButton).count(), 1, 'not the log-in button');
    } finally {
      await page.close();
    }
  });

  test('the paths are the starter\'s routes: /products/{slug} and /cart', () => {
    // templates/config/routes/storefront.rb: resources :products, only: [:index, :show]; resource :cart, only: [:show, :update].
    assert.equal(starter.productPath, '/products/{slug}');
    assert.equal(starter.cartPath, '/cart');
  });
});

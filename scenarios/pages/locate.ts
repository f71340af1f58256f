/**
 * What the page objects say when a site-file selector finds nothing. Selectors are parsed by the
 * one parser, src/browser/locate.ts (shared with the speed audit).
 */
import type { Page } from '@playwright/test';

/** Something a site-file selector (or a storefront convention) should find on a page but does not. */
export class NotFoundError extends Error {
  readonly code = 'not-found';
  constructor(
    /** In words: "the coupon field". */
    readonly what: string,
    /** Path of the page it was looked for on: "/cart". */
    readonly path: string,
    /** The site-file key under storefront:, e.g. "coupon_field". */
    readonly key: string,
    readonly selector: string,
  ) {
    super(`could not find ${what} on ${path} (storefront.${key}: ${selector})`);
    this.name = 'NotFoundError';
  }
}

export function pathOf(page: Page): string {
  try {
    return new URL(page.url()).pathname;
  } catch {
    return page.url();
  }
}

/**
 * A checkout step the storefront would not leave, or that the browser could not complete: which
 * step, and why in words (what the form still lacks, the store's own message, what was looked for).
 */
export class StepError extends Error {
  readonly code = 'checkout-step';
  constructor(
    readonly step: string,
    readonly why: string,
  ) {
    super(`could not complete the ${step} step: ${why}`);
    this.name = 'StepError';
  }
}

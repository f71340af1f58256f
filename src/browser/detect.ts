/**
 * Which storefront a store runs, from its pages, for a site file that names no `storefront.preset`.
 * Read before the browser dry-run starts: the home page and, when it does not tell, the first
 * product page it links to, each one GET through the safety guard (the site's browser policy).
 *
 * How it decides (the first that matches, on the home page, then on the product page):
 *   - solidus_frontend: the add-to-cart form posts to /orders/populate, or the page loads the
 *     engine's assets (spree/frontend/all…)
 *   - starter: the add-to-cart form posts to /cart_line_items, or the page loads the starter's
 *     assets (solidus_starter_frontend…)
 *   - sandbox: the add-to-cart form posts to /cart/line_items, or the page has the sandbox's
 *     order summary hook (data-hook="order-summary")
 * Nothing matched: undefined (the run then uses the sandbox's selectors and says it could not tell).
 */
import path from 'node:path';
import type { Site } from '../config/types.ts';
import type { Finding } from '../findings/types.ts';
import { isAllowed, storefrontPolicyFor, type StorefrontSite } from '../safety/guard.ts';
import { plural } from '../text/words.ts';
import { siteKey, withPreset, type PresetName } from './presets.ts';

const SIGNS: [PresetName, RegExp][] = [
  ['solidus_frontend', /action="[^"]*\/orders\/populate"|\/assets\/spree\/frontend\/all[-.]/],
  ['starter', /action="[^"]*\/cart_line_items"|\/assets\/solidus_starter_frontend[-.]/],
  ['sandbox', /action="[^"]*\/cart\/line_items"|data-hook="order-summary"/],
];

/** The preset a page's HTML shows, or undefined. */
export function presetOfPage(html: string): PresetName | undefined {
  return SIGNS.find(([, sign]) => sign.test(html))?.[0];
}

export interface Detection {
  preset?: PresetName;
  /** The paths read, in order (for the report: "detected from /products/alpine-down-jacket"). */
  pages: string[];
  /** Why nothing could be read, when a page did not answer. */
  problem?: string;
}

/** Reads the store's home page (and one product page) and says which preset they show. */
export async function detectPreset(
  site: StorefrontSite & { staging: { url: string } },
  o: { fetch?: typeof fetch; timeoutMs?: number } = {},
): Promise<Detection> {
  const get = o.fetch ?? fetch;
  const policy = storefrontPolicyFor(site);
  const pages: string[] = [];
  const read = async (path: string): Promise<string | undefined> => {
    const url = new URL(path, site.staging.url);
    if (!isAllowed(policy, 'GET', url).allowed) return undefined;
    pages.push(url.pathname);
    const res = await get(url, { redirect: 'follow', signal: AbortSignal.timeout(o.timeoutMs ?? 15_000) });
    return res.ok ? res.text() : undefined;
  };
  try {
    const home = await read('/');
    if (home === undefined) return { pages, problem: `the home page of ${site.staging.url} did not answer` };
    const found = presetOfPage(home);
    if (found) return { preset: found, pages };
    const product = /href="((?:https?:\/\/[^"/]+)?\/products\/[^"?#]+)"/.exec(home)?.[1];
    if (!product) return { pages };
    const page = await read(product);
    return { ...(page ? { preset: presetOfPage(page) } : {}), pages };
  } catch (error) {
    return { pages, problem: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The site with its storefront's preset settled: the one its file names, else the one its pages
 * show (src/browser/detect.ts), else the sandbox's; and the information that says which one ran.
 */
export async function resolveStorefront(site: Site, o: { fetch?: typeof fetch } = {}): Promise<{ site: Site; finding: Finding }> {
  const named = site.storefront.preset;
  const found = named ? undefined : await detectPreset(site, o);
  const preset = named ?? found?.preset ?? 'sandbox';
  const resolved = { ...site, storefront: withPreset(site.storefront, preset, !named) };
  const own = Object.keys(site.storefront.overrides).length;
  const overrides = own ? `, with ${plural(own, 'selector')} of the site file's own on top (${Object.keys(site.storefront.overrides).map((k) => `storefront.${siteKey(k)}`).join(', ')})` : '';
  const how = named
    ? `named in ${path.basename(site.file)} (storefront.preset)`
    : found?.preset
      ? `detected from the store's pages (${found.pages.join(', ')})`
      : `the default: the store's pages (${found?.pages.join(', ') || 'none read'}) did not show which storefront it runs${found?.problem ? `: ${found.problem}` : ''}`;
  const finding: Finding = {
    id: `browser-storefront:${site.site}`,
    source: 'harness',
    level: named || found?.preset ? 'info' : 'warn',
    title: `The browser dry-run used the ${preset} storefront preset`,
    expected: 'The browser finds its way around the storefront the store runs',
    actual: `Preset ${preset}, ${how}${overrides}`,
    cause: named || found?.preset
      ? `Each preset holds the selectors of one storefront Solidus stores are built on (scenarios/README.md, "Storefront presets").`
      : 'The home page and the product page it links to have none of the marks of the sandbox, classic (solidus_frontend) or starter storefront.',
    action: named || found?.preset
      ? 'Nothing, unless the store runs another storefront: then set storefront.preset in the site file.'
      : `Set storefront.preset in sites/${site.site}.yml (sandbox, solidus_frontend or starter) and the selectors the store changed.`,
  };
  return { site: resolved, finding };
}

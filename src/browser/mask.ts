/**
 * Masking for everything the browser dry-run prints or writes: step titles, progress lines, error
 * messages, results. Secret coupon codes become BL•••••••••50 (recognisable to a person, useless to a
 * customer); API keys and the clock secret disappear entirely. Codes are matched case-insensitively, as Solidus matches them.
 */
import type { Site } from '../config/types.ts';
import { maskCode } from '../run/run.ts';

export type Mask = (text: string) => string;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The secrets of a site: codes it marks secret and the values of its API key variables. */
export function maskerFor(sites: readonly Site[], env: NodeJS.ProcessEnv): Mask {
  const pairs: [RegExp, string][] = [];
  for (const site of sites) {
    for (const name of [site.staging.apiKeyEnv, site.production?.apiKeyEnv]) {
      const key = name ? env[name] : undefined;
      // Short values would mask ordinary words; no real API key is that short.
      if (key && key.length >= 8) pairs.push([new RegExp(escape(key), 'g'), '[api key]']);
    }
    const clock = site.staging.clockSecretEnv ? env[site.staging.clockSecretEnv] : undefined;
    if (clock && clock.length >= 8) pairs.push([new RegExp(escape(clock), 'g'), '[clock secret]']);
    for (const c of site.campaigns) {
      if (!c.secret || !c.code || c.code.length < 3) continue;
      pairs.push([new RegExp(escape(c.code), 'gi'), maskCode(c.code)]);
      const encoded = encodeURIComponent(c.code);
      if (encoded !== c.code) pairs.push([new RegExp(escape(encoded), 'gi'), maskCode(c.code)]);
    }
  }
  // Longest first, so a key that contains a code is masked as a key.
  pairs.sort((a, b) => b[0].source.length - a[0].source.length);
  return (text: string) => pairs.reduce((out, [re, to]) => out.replace(re, to), text);
}

/** Masks every string inside a JSON-like value. */
export function maskDeep<T>(value: T, mask: Mask): T {
  if (typeof value === 'string') return mask(value) as T;
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, mask)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDeep(v, mask)])) as T;
  }
  return value;
}

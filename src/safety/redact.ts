/**
 * Secrets (API keys, codes a site marks `secret: true`) never leave the run in clear: everything the
 * run hands over (results.json, and so every file rendered from it, the summary on stdout), every
 * progress line, the browser dry-run's files and the Slack message go through `redactor` first.
 * This is the last line; the first is not to put a secret in a string at all (codes are shown
 * masked with `showCode`, keys only travel in headers). The one place that masks: one output form,
 * `BL•••••••••50`, except the request log's paths (`…/coupon_codes/***`, `as: '***'`).
 */
import type { Campaign, Site } from '../config/types.ts';

export type Redact = (text: string) => string;

/** BLACKFRIDAY50 -> BL•••••••••50: enough for a person to recognise, useless to a customer. */
export function maskSecret(secret: string): string {
  if (secret.length <= 4) return '•'.repeat(secret.length);
  return secret.slice(0, 2) + '•'.repeat(secret.length - 4) + secret.slice(-2);
}

/** The code as people may see it: BLACKFRIDAY50, BL•••••••••50 when the campaign is secret, or "automatic". */
export function showCode(campaign: Pick<Campaign, 'code' | 'secret'>): string {
  if (!campaign.code) return 'automatic';
  return campaign.secret ? maskSecret(campaign.code) : campaign.code;
}

/**
 * Whether a code of the store (read from its promotion inventory) may be shown in clear: only when a
 * campaign of the site file names it (in any case) without `secret: true`. Every other code of the
 * store is the store's secret: the site file is where a code becomes public.
 */
const publicCampaign = (site: Pick<Site, 'campaigns' | 'allCampaigns'>, value: string) =>
  (site.allCampaigns ?? site.campaigns).find((c) => !c.secret && c.code?.toLowerCase() === value.toLowerCase());

/** A code of the store as people may see it: as the site file spells it when public, else masked (`sp••••10`). */
export function showStoreCode(site: Pick<Site, 'campaigns' | 'allCampaigns'>, value: string): string {
  const campaign = publicCampaign(site, value);
  return campaign ? showCode(campaign) : maskSecret(value);
}

/**
 * The secrets of a site: the values of its API key variables (the stores', and signed-in test users'), the codes it marks secret, and the
 * store's codes (`storeCodes`, from its promotion inventory) that the site file does not make public.
 */
export function secretsOf(site: Site, env: NodeJS.ProcessEnv, storeCodes: Iterable<string> = []): string[] {
  // Signed-in test users' own API keys (a cart's `customer: { user_key_env }`) are keys like the store's.
  const userKeys = (site.allCampaigns ?? site.campaigns).flatMap((c) => c.carts.map((cart) => (cart.customer?.kind === 'user' ? cart.customer.keyEnv : undefined)));
  const keys = [site.staging.apiKeyEnv, site.production?.apiKeyEnv, site.staging.clockSecretEnv, ...userKeys].map((k) => (k ? env[k] : undefined));
  const codes = (site.allCampaigns ?? site.campaigns).filter((c) => c.secret && c.code).map((c) => c.code!);
  const store = [...storeCodes].filter((code) => !publicCampaign(site, code));
  return [...new Set([...keys, ...codes, ...store])].filter((s): s is string => !!s && s.length >= 3);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The forms a secret can take in text: as is, URL-encoded (path, query, form) — matched in any case. */
function formsOf(secret: string): string[] {
  const forms = new Set([
    secret,
    encodeURIComponent(secret),
    encodeURI(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
  ]);
  return [...forms].filter(Boolean).sort((a, b) => b.length - a.length);
}

/**
 * A function that masks every given secret in a text (as `maskSecret` shows it, or as `as` when
 * given). Secrets of 8 characters or more are masked wherever they appear; shorter ones only as a
 * whole word, so a 3-letter code does not eat words. Secrets shorter than 3 characters are ignored.
 * Longest first, so a key that contains a code is masked as a key.
 */
export function redactor(secrets: readonly (string | undefined | null)[], opts: { as?: string } = {}): Redact {
  const list = [...new Set(secrets.filter((s): s is string => !!s && s.length >= 3))].sort((a, b) => b.length - a.length);
  if (!list.length) return (text) => text;
  const rules = list.map((secret) => {
    const alternatives = formsOf(secret).map(escape).join('|');
    const pattern = secret.length >= 8 ? `(?:${alternatives})` : `(?<![A-Za-z0-9])(?:${alternatives})(?![A-Za-z0-9])`;
    return { re: new RegExp(pattern, 'gi'), mask: opts.as ?? maskSecret(secret) };
  });
  return (text: string) => rules.reduce((out, r) => out.replace(r.re, r.mask), text);
}

/** A deep copy of a JSON-like value with every string (keys included) passed through `redact`. */
export function redactDeep<T>(value: T, redact: Redact): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redact(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      return Object.fromEntries(Object.entries(v).map(([k, child]) => [redact(k), walk(child)]));
    }
    return v;
  };
  return walk(value) as T;
}

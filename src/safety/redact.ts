/**
 * Secrets (API keys, codes a site marks `secret: true`) never leave the run in clear: everything the
 * run hands over (results.json, and so every file rendered from it, the summary on stdout) and every
 * progress line goes through `redactor` first. This is the last line; the first is not to put a
 * secret in a string at all (codes are shown masked, keys only travel in headers).
 */

/** BLACKFRIDAY50 -> BL•••••••••50: enough for a person to recognise, useless to a customer. */
export function maskSecret(secret: string): string {
  if (secret.length <= 4) return '•'.repeat(secret.length);
  return secret.slice(0, 2) + '•'.repeat(secret.length - 4) + secret.slice(-2);
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
 * A function that masks every given secret in a text. Secrets of 8 characters or more are masked
 * wherever they appear; shorter ones only as a whole word, so a 3-letter code does not eat words.
 * Secrets shorter than 3 characters are ignored.
 */
export function redactor(secrets: readonly (string | undefined | null)[]): (text: string) => string {
  const list = [...new Set(secrets.filter((s): s is string => !!s && s.length >= 3))].sort((a, b) => b.length - a.length);
  if (!list.length) return (text) => text;
  const rules = list.map((secret) => {
    const alternatives = formsOf(secret).map(escape).join('|');
    const pattern = secret.length >= 8 ? `(?:${alternatives})` : `(?<![A-Za-z0-9])(?:${alternatives})(?![A-Za-z0-9])`;
    return { re: new RegExp(pattern, 'gi'), mask: maskSecret(secret) };
  });
  return (text: string) => rules.reduce((out, r) => out.replace(r.re, r.mask), text);
}

/** A deep copy of a JSON-like value with every string (keys included) passed through `redact`. */
export function redactDeep<T>(value: T, redact: (text: string) => string): T {
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

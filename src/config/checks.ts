/**
 * The checks a JSON Schema cannot express, written by hand: real dates and times, time zones,
 * currencies, web addresses and origins (FORMATS, by the `format` a schema node names), and the
 * rules across keys (CROSS_CHECKS): the site id is the file name, windows end after they start, no
 * duplicate names, codes or origins, expectations that fit their campaign, the key variable is set.
 * Each runs only on values the schema already found sound.
 */
import path from 'node:path';
import type { SiteErrorCode } from './errors.ts';
import { AUDIT_ID, MOMENT_LABELS, type SiteFile } from './schema.ts';
import { closest } from './suggest.ts';
import { daysInMonth, isTimeZone, withSeconds } from '../text/time.ts';
import { parseSelector, SELECTOR } from '../browser/locate.ts';
import type { Customer } from './types.ts';

/** What is wrong with a value. Without a message, the schema's own (`patternErrorMessage`) is used. */
export interface Problem {
  code?: SiteErrorCode;
  message?: string;
  /** The message must not show the value, nor its line: it may hold a secret. */
  hide?: boolean;
}

export interface Format {
  /** A problem with a string of this format (also called on strings that do not match the schema's pattern). */
  check?(s: string, example: string): Problem | undefined;
  /** Appended to the schema's message when the string does not match the pattern: how to fix it. */
  hint?(s: string, example: string): string;
}

export const quote = (s: string) => JSON.stringify(s);
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Why y-m-d is not a real date, or undefined. */
function impossible(y: number, m: number, d: number): string | undefined {
  if (m < 1 || m > 12) return `there is no month ${m} (use 01 to 12)`;
  const days = daysInMonth(y, m);
  return d < 1 || d > days ? `${MONTHS[m - 1]} ${y} has ${days} days` : undefined;
}

/** Time zone abbreviations people write, and the IANA zone they usually mean. */
const ZONE_ABBREVIATIONS: Record<string, string> = {
  EST: 'America/New_York', EDT: 'America/New_York', ET: 'America/New_York',
  CST: 'America/Chicago', CDT: 'America/Chicago', CT: 'America/Chicago',
  MST: 'America/Denver', MDT: 'America/Denver', MT: 'America/Denver',
  PST: 'America/Los_Angeles', PDT: 'America/Los_Angeles', PT: 'America/Los_Angeles',
  GMT: 'Europe/London', BST: 'Europe/London', CET: 'Europe/Paris',
};

const parseUrl = (s: string) => (URL.canParse(s) ? new URL(s) : undefined);

export const FORMATS: Record<string, Format> = {
  /** A storefront selector, parsed as the browser will parse it (src/browser/locate.ts). */
  selector: {
    check(s) {
      // Not a selector at all: the schema's own words say what one starts with.
      if (!SELECTOR.test(s.trim())) return undefined;
      const parsed = parseSelector(s);
      return 'error' in parsed ? { message: `is not a selector the browser can use: it ${parsed.error} — got the text ${quote(s)}` } : undefined;
    },
  },
  date: {
    check(s) {
      const m = s.match(/^(\d{4})-(\d{2})-(\d{2})$/);
      const problem = m && impossible(+m[1], +m[2], +m[3]);
      return problem ? { code: 'impossible-date', message: `is not a real date: ${problem} — got ${quote(s)}` } : undefined;
    },
  },
  'local-date-time': {
    check(s) {
      const m = s.match(/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/);
      if (!m) return undefined;
      const [, y, mo, d, h, mi, sec] = m;
      const problem = impossible(+y, +mo, +d) ?? (+h > 23 ? `there is no hour ${+h} (use 00 to 23)` : +mi > 59 || +(sec ?? 0) > 59 ? 'minutes and seconds go from 00 to 59' : undefined);
      return problem ? { code: 'impossible-date', message: `is not a real date and time: ${problem} — got ${quote(s)}` } : undefined;
    },
    hint(s, example) {
      if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return `; add a time: ${s}T${example.slice(11)}`;
      if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/.test(s)) return `; put a T between date and time: ${s.replace(' ', 'T')}`;
      if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/.test(s)) return '; leave out the time zone offset — times are local to holiday.timezone';
      return '';
    },
  },
  moment: {
    hint(s) {
      const guess = closest(s, MOMENT_LABELS);
      return guess ? `; did you mean \`${guess}\`?` : '';
    },
  },
  'time-zone': {
    check(tz) {
      const meant = ZONE_ABBREVIATIONS[tz.toUpperCase()];
      if (meant) return { code: 'unknown-timezone', message: `is an abbreviation, which ignores daylight saving time — write the IANA time zone instead, e.g. ${meant}` };
      if ((tz === 'UTC' || tz.includes('/')) && isTimeZone(tz)) return undefined;
      const guess = closest(tz, Intl.supportedValuesOf('timeZone'));
      const fix = guess ? `did you mean ${guess}?` : 'write an IANA time zone like America/New_York';
      return { code: 'unknown-timezone', message: `is not a time zone — ${fix} (got ${quote(tz)})` };
    },
  },
  currency: {
    check: (c) => (Intl.supportedValuesOf('currency').includes(c) ? undefined : {}),
  },
  'web-url': {
    check(s) {
      const u = parseUrl(s);
      if (u?.username || u?.password) {
        return { message: 'must not contain a user name or password (the part before @) — remove it; the API key comes from the variable named in api_key_env', hide: true };
      }
      return u && (u.protocol === 'http:' || u.protocol === 'https:') ? undefined : {};
    },
  },
  /** One origin: http or https, a host (and port), nothing else. */
  origin: {
    check(s, example) {
      const got = ` — got ${quote(s)}`;
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s) && !/^https?:\/\//i.test(s)) return { message: `must start with http:// or https://, like ${example}${got}` };
      if (!/^https?:\/\//i.test(s)) return { message: `must be an origin with its scheme, like ${example}${got}; write https://${s.replace(/^(?:https?:)?\/*/i, '')}` };
      if (s.includes('*')) return { message: `must be one origin, without wildcards — list each host the pages load from, like ${example}${got}` };
      const u = parseUrl(s);
      if (!u || !u.hostname || /\s/.test(s)) return {};
      if (u.username || u.password) return { message: `must not contain a user name or password (the part before @) — write only the scheme and host, like ${example}`, hide: true };
      if (u.pathname !== '/' || u.search || u.hash || /[?#]/.test(s)) return { message: `must be an origin only, without a path, query or #fragment${got}; write ${u.origin}` };
      return undefined;
    },
  },
  /** "N% off" (N from 1 to 100), "$N off" (N above 0) or "none", maybe "at least …" or (code:) "… items", "… the order". */
  discount: {
    hint: (s) => (/^\d+(\.\d+)?$/.test(s) ? `; write ${s}% off or $${s} off` : /^\d+(\.\d+)?%$/.test(s) ? `; write ${s} off` : ''),
    check: (s) => amountProblem(s.replace(/^at least /, '').replace(/ (items|the order)$/, '')),
  },
  /** What the customer pays: "$60", "at most $60". */
  total: {
    hint: (s) => (/^\d+(\.\d{1,2})?$/.test(s) ? `; write $${s}` : ''),
  },
  /** "Outerwear 20% off": a taxon name and a discount. */
  'taxon-discount': {
    hint: (s) => (/^\S.*\s\d+(\.\d+)?%$/.test(s) ? `; write ${s} off` : ''),
    check: (s) => amountProblem(s.replace(/^.*?\s(?=(at least )?(none|\S+ off)$)/, '').replace(/^at least /, '')),
  },
};

/** A percentage above 100, or a discount of 0: the schema's own message says what it must be. */
function amountProblem(s: string): Problem | undefined {
  const m = s.match(/^(?:(\d+(?:\.\d+)?)% off|\$(\d+(?:\.\d+)?) off)$/);
  const n = m ? Number(m[1] ?? m[2]) : 1;
  return n === 0 || (m?.[1] !== undefined && n > 100) ? {} : undefined;
}

/** What the checks depend on besides the file (loadSite takes each as optional: LoadOptions). */
export interface CheckOptions {
  /** Where environment variables are looked up (loadSite's default: process.env). */
  env: NodeJS.ProcessEnv;
  /** Whether the variable named by staging.api_key_env must be set (loadSite's default: true). */
  requireKey: boolean;
  /** Known audit ids; when given, an unknown id under audits.rules is an error (with a "did you mean"). */
  auditIds?: readonly string[];
}

/** Where cross checks report: a key path, and the key path of the node to point at when it differs. */
export interface CrossContext extends CheckOptions {
  file: string;
  /** True when the schema found nothing wrong at or under this key path. */
  ok: (keyPath: string) => boolean;
  /** The line a key path's value starts on. */
  line: (keyPath: string) => number;
  report: (code: SiteErrorCode, keyPath: string, message: string, o?: { at?: string; key?: boolean; hide?: boolean }) => void;
}

function sameStore(a: string, b: string): boolean {
  const [x, y] = [parseUrl(a), parseUrl(b)];
  return !!x && !!y && x.host === y.host && x.pathname.replace(/\/+$/, '') === y.pathname.replace(/\/+$/, '');
}

/** Who a customer is, in a few words: "returning customer jo@example.com", "user ACME_MEMBER_API_KEY". */
export const customerWords = (c: Customer | undefined) =>
  !c || c.kind === 'guest' ? 'guest' : c.kind === 'returning' ? `returning customer ${c.email}` : `registered user (${c.keyEnv})`;

/** The name a cart gets when the file gives none: its items, and who fills it when not a guest. */
export const cartLabel = (items: Record<string, number>, customer?: Customer) =>
  Object.entries(items).map(([sku, qty]) => `${sku} ×${qty}`).join(', ') + (customer && customer.kind !== 'guest' ? `, ${customerWords(customer)}` : '');

/** `customer:` as written: guest, { returning } or { user_key_env } (the loader's, and a cart's default name's). */
export function writtenCustomer(c: unknown): Customer {
  const o = (c && typeof c === 'object' ? c : {}) as { returning?: string; user_key_env?: string };
  return o.returning ? { kind: 'returning', email: o.returning.trim() } : o.user_key_env ? { kind: 'user', keyEnv: o.user_key_env.trim() } : { kind: 'guest' };
}

const STEP_ACTIONS = ['add', 'remove', 'quantity', 'code'] as const;

/** A cart's customer and steps: one kind of customer, one action a step, `at` only with a code, its variable set. */
function cartFlowChecks(cart: SiteFile['campaigns'][number]['carts'][number], cp: string, ctx: CrossContext): void {
  const { ok, report } = ctx;
  const customer: unknown = cart.customer;
  if (customer && typeof customer === 'object' && ok(`${cp}.customer`)) {
    const c = customer as { returning?: string; user_key_env?: string };
    if (c.returning !== undefined && c.user_key_env !== undefined) {
      report('bad-value', `${cp}.customer.user_key_env`, 'is given with returning — a cart has one customer: a returning customer ({ returning: e-mail }) or a registered user ({ user_key_env: NAME }); make two carts to try both', { key: true });
    } else if (c.user_key_env !== undefined && ctx.requireKey && !ctx.env[c.user_key_env]?.trim()) {
      report('missing-env', `${cp}.customer.user_key_env`, `names the environment variable ${c.user_key_env}, which is not set — set it to the test user's own API key (export ${c.user_key_env}=…) and run again`);
    }
  }
  if (!Array.isArray(cart.steps)) return;
  cart.steps.forEach((step, k) => {
    const sp = `${cp}.steps[${k}]`;
    if (!step || typeof step !== 'object' || !ok(sp)) return;
    const actions = STEP_ACTIONS.filter((a) => step[a] !== undefined);
    if (actions.length > 1) {
      report('bad-value', `${sp}.${actions[1]}`, `is in the same step as ${actions[0]} — one thing per step: write \`- ${actions[1]}: …\` as a step of its own`, { key: true });
    } else if (!actions.length) {
      report('missing-key', sp, 'says only where (at:), not what — add `code: CODE`, e.g. `- { code: BLACKFRIDAY50, at: payment }`', { at: `${sp}.at`, key: true });
    } else if (step.at !== undefined && actions[0] !== 'code') {
      report('bad-value', `${sp}.at`, `goes with code only (the checkout step a code is entered at) — ${actions[0]} happens in the cart; remove at:`, { key: true });
    }
  });
}

/**
 * `raw` is the file as written, sound only where ctx.ok says so: every part read here is checked
 * with ok first (or for being there at all).
 */
export function crossChecks(raw: SiteFile, ctx: CrossContext): void {
  const { ok, report } = ctx;
  if (ok('site')) {
    const expected = path.basename(ctx.file).split('.')[0];
    if (raw.site !== expected) {
      report('bad-value', 'site', `must be the file name without .yml, ${quote(expected)} (reports go to reports/<site>/) — got ${quote(raw.site)}; rename the file or change the value`);
    }
  }
  if (raw.production && ok('staging.url') && ok('production.url') && sameStore(raw.staging.url, raw.production.url)) {
    report('bad-value', 'staging.url', 'is the same store as production.url — dry-runs write carts to staging, so it must be a separate store; point staging.url at the staging store');
  }
  const keyEnv = raw.staging?.api_key_env;
  if (ctx.requireKey && ok('staging.api_key_env') && !ctx.env[keyEnv]?.trim()) {
    report('missing-env', 'staging.api_key_env', `names the environment variable ${keyEnv}, which is not set — set it to the staging store's admin API key (export ${keyEnv}=…) and run again`);
  }
  if (raw.production?.clock_secret_env !== undefined) {
    report('bad-value', 'production.clock_secret_env', 'is for the staging store only — the harness never sends the clock to production; remove it here (and never set a clock secret on the production store)', { key: true });
  }
  if (Array.isArray(raw.dry_run?.moments)) {
    const seen = new Set<string>();
    raw.dry_run.moments.forEach((m, i) => {
      if (!ok(`dry_run.moments[${i}]`)) return;
      if (seen.has(m)) report('bad-value', `dry_run.moments[${i}]`, `lists ${quote(m)} twice — write each moment once`);
      seen.add(m);
    });
  }
  if (ok('holiday.offices_closed')) {
    const [a, b] = raw.holiday.offices_closed as [string, string];
    if (b < a) report('bad-window', 'holiday.offices_closed[1]', `ends before it starts (${b} is before ${a}) — write the first day closed, then the last: [${b}, ${a}]`);
  }
  const rules: unknown = raw.audits?.rules;
  if (ctx.auditIds && rules && typeof rules === 'object' && !Array.isArray(rules)) {
    for (const id of Object.keys(rules)) {
      if (!new RegExp(AUDIT_ID).test(id) || ctx.auditIds.includes(id)) continue;
      const guess = closest(id, ctx.auditIds);
      report('unknown-key', `audits.rules.${id}`, `is not a known audit — ${guess ? `did you mean \`${guess}\`?` : `known audits: ${ctx.auditIds.join(', ')}`}`, { key: true });
    }
  }
  if (Array.isArray(raw.storefront?.allowed_origins)) {
    const seen = new Map<string, number>();
    raw.storefront.allowed_origins.forEach((s, i) => {
      const p = `storefront.allowed_origins[${i}]`;
      if (!ok(p)) return;
      const origin = new URL(s).origin;
      const first = seen.get(origin);
      if (first === undefined) seen.set(origin, i);
      else report('bad-value', p, `is ${origin} again, already listed as storefront.allowed_origins[${first}] — remove one`);
    });
  }
  if (Array.isArray(raw.campaigns)) campaignChecks(raw.campaigns, ctx);
}

function campaignChecks(campaigns: SiteFile['campaigns'], ctx: CrossContext): void {
  const { ok, line, report } = ctx;
  const names = new Map<string, number>();
  const codes = new Map<string, { line: number; name: string; secret: boolean }>();
  campaigns.forEach((c, i) => {
    const p = `campaigns[${i}]`;
    if (!c || typeof c !== 'object') return;
    const secret = c.secret === true;
    if (ok(`${p}.name`)) {
      const first = names.get(c.name.trim().toLowerCase());
      if (first) report('duplicate-name', `${p}.name`, `is the same as the campaign on line ${first} — give each campaign its own name (the promotion's name in the store admin)`);
      else names.set(c.name.trim().toLowerCase(), line(`${p}.name`));
    }
    const automatic = ok(`${p}.code`) && c.code === 'automatic';
    if (ok(`${p}.code`) && !automatic) {
      const k = c.code.toLowerCase(); // Solidus matches codes case-insensitively
      const first = codes.get(k);
      if (first) {
        const hide = secret || first.secret;
        report('duplicate-code', `${p}.code`, `${hide ? 'is' : `${c.code} is`} also the code of campaign ${quote(first.name)} on line ${first.line} — each campaign needs its own code; put both sets of carts under one campaign`, { hide });
      } else codes.set(k, { line: line(`${p}.code`), name: ok(`${p}.name`) ? c.name.trim() : '?', secret });
    }
    if (c.window && ok(`${p}.window`)) {
      const [start, end] = c.window as [string, string];
      if (withSeconds(end) <= withSeconds(start)) report('bad-window', `${p}.window[1]`, `ends before it starts (${end} is not after ${start}) — write [start, end], and check the end date`);
    }
    if (!Array.isArray(c.carts)) return;
    const cartNames = new Map<string, number>();
    c.carts.forEach((cart, j) => {
      const cp = `${p}.carts[${j}]`;
      if (!cart || typeof cart !== 'object') return;
      const named = cart.name !== undefined;
      if (named ? ok(`${cp}.name`) : ok(`${cp}.items`)) {
        const name = named ? cart.name!.trim() : cartLabel(cart.items, writtenCustomer(cart.customer));
        const first = cartNames.get(name.toLowerCase());
        const at = named ? `${cp}.name` : `${cp}.items`;
        if (first) report('duplicate-name', `${cp}.name`, `${quote(name)} is also the name of the cart on line ${first} — give each cart of a campaign its own name`, { at });
        else cartNames.set(name.toLowerCase(), line(at));
      }
      cartFlowChecks(cart, cp, ctx);
      const expect = cart.expect;
      if (!ok(`${cp}.expect`)) return;
      // Per-item discounts are about the cart's own SKUs.
      if (expect.items && typeof expect.items === 'object' && ok(`${cp}.items`)) {
        for (const sku of Object.keys(expect.items)) {
          if (!(sku in cart.items)) {
            const guess = closest(sku, Object.keys(cart.items));
            report('bad-expectation', `${cp}.expect.items.${sku}`, `is not in this cart's items (${Object.keys(cart.items).join(', ')}) — ${guess ? `did you mean \`${guess}\`?` : 'add it to items: or remove it here'}`, { key: true });
          }
        }
      }
      if (!expect.code) return;
      const discounts = [...(typeof expect.items === 'object' ? Object.values(expect.items) : [expect.items]), expect.order];
      if (automatic) {
        report('bad-expectation', `${cp}.expect.code`, 'is set, but this campaign is automatic (it has no code to accept or reject, nor a share of its own) — remove it; use discount: for what the customer gets');
      } else if (expect.code === 'rejected' && discounts.some((d) => d && d.trim() !== 'none')) {
        report('bad-expectation', `${cp}.expect.code`, 'is rejected, but items or order expects a discount — a rejected code gives none; write `none` or remove them');
      }
    });
  });
}

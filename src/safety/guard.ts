/**
 * The safety guard: the one policy every request to a store goes through, whether it leaves through
 * the API client (its `guard` hook) or a browser (a Playwright route, see `routeGuard`).
 *
 * - production: read-only. GET and nothing else, unless the site opts into carts (`allowCarts`),
 *   and even then never past the cart and never a code with a usage limit.
 * - staging: reads, plus only the writes a dry-run needs (create a cart, add items, enter or remove
 *   a code, address and delivery, empty the cart), and checkout steps only up to payment.
 * - any target: never a payment, never completion, never another host, never a method override.
 *
 * The request is normalised before it is judged (percent-decoding until stable, case, dot segments,
 * doubled and trailing slashes, `.json` suffixes, `;params`), so an encoded or re-cased path means
 * what the store's router will make of it, or something stricter. When in doubt it refuses.
 *
 * This module imports nothing else of ours: the client, the run, the audits and the browser
 * scenarios import it.
 */

/** What a target is for. Production is read-only by default. */
export type TargetKind = 'staging' | 'production';

/** Stable names of the rules; tests and the README table refer to them. */
export type GuardRule =
  | 'foreign-origin'
  | 'bad-url'
  | 'method'
  | 'method-override'
  | 'read-only'
  | 'never'
  | 'not-needed'
  | 'beyond-payment'
  | 'checkout-state'
  | 'payment-attributes'
  | 'usage-limited-code'
  | 'bad-body'
  | 'stopping';

export interface GuardPolicy {
  kind: TargetKind;
  /** The store's origin (or any URL on it). Requests to any other origin are refused. */
  origin?: string;
  /**
   * Production only: allow throwaway carts (create, add items, empty) for storefront checks.
   * Never checkout, never payment. Off by default.
   */
  allowCarts?: boolean;
  /**
   * Production with `allowCarts`: codes known to have no usage limit (checked by the caller with
   * GET /api/promotions/{code}); every other code is refused. Compared case-insensitively.
   */
  codesWithoutUsageLimit?: Iterable<string>;
  /** True once the run is stopping (end of run, Ctrl-C): only cleanup passes. */
  stopping?: () => boolean;
}

/** What the guard decided about one request. */
export type Decision = { allowed: true } | { allowed: false; rule: GuardRule; reason: string };

/** A request the guard refused. The engine turns it into a "not checked" case, never a crash. */
export class GuardError extends Error {
  constructor(
    readonly rule: GuardRule,
    readonly method: string,
    /** Path and query of the refused request (the run redacts secrets from anything it reports). */
    readonly path: string,
    readonly kind: TargetKind,
    reason: string,
  ) {
    super(`the safety guard refused ${method} ${path} on the ${kind} store: ${reason}`);
    this.name = 'GuardError';
  }
}

/** Segments that are never a route word of any call the harness makes, on any target. */
const NEVER = new Set([
  'payments', 'payment', 'authorize', 'capture', 'purchase', 'void', 'credit', 'refunds', 'refund',
  'complete', 'advance', 'cancel', 'ship', 'store_credits', 'store_credit_events', 'credit_cards',
  'return_authorizations', 'customer_returns', 'reimbursements',
]);

/** Storefront path segments that mean the checkout is past the payment step. */
const STOREFRONT_NEVER = new Set([...NEVER, 'confirm', 'place_order', 'place-order', 'checkout_payment']);

/** Request headers that ask a server to treat the request as another method. */
const OVERRIDE_HEADERS = ['x-http-method-override', 'x-http-method', 'x-method-override'];

/** Body keys that carry payment data or jump the checkout to a state. */
const PAYMENT_KEYS = new Set([
  'payments_attributes', 'payment_source', 'payments', 'existing_card', 'wallet_payment_source_id',
  'use_store_credits', 'payment_method_id', 'source_attributes',
]);

const CHECKOUT_STATES_BEFORE_PAYMENT = new Set(['cart', 'address', 'delivery']);

type Segments = string[];
type Normalised = { ok: true; segments: Segments; query: [string, string][] } | { ok: false; reason: string };

/**
 * Lower-case path segments as a router would see them, decoded until stable. Refuses what cannot be
 * decoded or still hides encodings, control characters and backslashes.
 */
export function normalisePath(url: URL): Normalised {
  let path = url.pathname;
  for (let round = 0; ; round++) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return { ok: false, reason: 'the path has a broken %-encoding' };
    }
    if (decoded === path) break;
    if (round === 4) return { ok: false, reason: 'the path is encoded again and again' };
    path = decoded;
  }
  if (/[\u0000-\u001f\u007f\\]/.test(path)) return { ok: false, reason: 'the path holds control characters or a backslash' };
  const segments: Segments = [];
  for (const raw of path.toLowerCase().split('/')) {
    // `;params`, format suffixes and padding do not change which route a Rails router picks.
    const s = raw.split(';')[0].trim().replace(/\.[a-z0-9]+$/, '');
    if (s === '' || s === '.') continue;
    if (s === '..') {
      segments.pop();
      continue;
    }
    segments.push(s);
  }
  const query: [string, string][] = [];
  for (const [k, v] of url.searchParams) {
    let key = k;
    for (let i = 0; i < 4; i++) {
      try {
        const d = decodeURIComponent(key);
        if (d === key) break;
        key = d;
      } catch {
        return { ok: false, reason: 'the query has a broken %-encoding' };
      }
    }
    query.push([key.toLowerCase(), v]);
  }
  return { ok: true, segments, query };
}

/** A query or body key, flattened: `order[payments_attributes][0][amount]` -> its words. */
const keyWords = (key: string) => key.split(/[[\]]+/).filter(Boolean);

export interface RequestFacts {
  /** Request headers (only the method-override ones are looked at). */
  headers?: Headers | Record<string, string | undefined>;
  /** The request body as text, when it has one. */
  body?: string | null;
  /** Its Content-Type. */
  contentType?: string | null;
}

/**
 * The stateless policy: may this request go to a store of this kind? Browser routes use it as is;
 * the API client's guard (`createGuard`) adds what needs memory (checkout states, stopping).
 */
export function isAllowed(policy: GuardPolicy | TargetKind, method: string, url: string | URL, facts: RequestFacts = {}): Decision {
  const p: GuardPolicy = typeof policy === 'string' ? { kind: policy } : policy;
  const refuse = (rule: GuardRule, reason: string): Decision => ({ allowed: false, rule, reason });
  const m = method.toUpperCase();

  let u: URL;
  try {
    u = new URL(url, p.origin);
  } catch {
    return refuse('bad-url', 'not a URL');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return refuse('bad-url', `${u.protocol} is not http or https`);
  if (p.origin) {
    const store = new URL(p.origin).origin;
    if (u.origin !== store) return refuse('foreign-origin', `${u.origin} is not the store (${store})`);
  }
  if (u.username || u.password) return refuse('bad-url', 'credentials in the URL');

  const headerOf = (name: string) => {
    const h = facts.headers;
    if (!h) return undefined;
    if (h instanceof Headers) return h.get(name) ?? undefined;
    const hit = Object.entries(h).find(([k]) => k.toLowerCase() === name);
    return hit?.[1];
  };
  if (OVERRIDE_HEADERS.some((h) => headerOf(h) !== undefined)) return refuse('method-override', 'method-override headers are never sent');

  const n = normalisePath(u);
  if (!n.ok) return refuse('bad-url', n.reason);
  if (n.query.some(([k]) => keyWords(k).includes('_method'))) return refuse('method-override', '_method is never sent');

  if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(m)) {
    return refuse('method', `${m} is not a method the harness uses`);
  }
  if (p.stopping?.() && !isCleanup(m, n.segments)) {
    return refuse('stopping', 'the run is stopping: only reads and emptying its own orders are allowed');
  }

  const api = n.segments[0] === 'api';
  const route = api ? n.segments.slice(1) : n.segments;
  // Route words sit at even positions (resource, then id, then sub-resource or action, ...); ids
  // and codes at odd ones, so a coupon code called CREDIT is not mistaken for a route.
  const words = api ? route.filter((_, i) => i % 2 === 0) : route;
  const never = [...(api ? NEVER : STOREFRONT_NEVER)].find((w) => words.includes(w));
  if (never && !(m === 'GET' && !api)) {
    // Storefront pages are only looked at (GET /checkout/payment shows the real price); API routes
    // with these words are refused for any method.
    return refuse(api ? 'never' : 'beyond-payment', `${never} is never called on any store`);
  }

  const body = bodyFacts(facts);
  if (body && 'error' in body) return refuse('bad-body', body.error);
  if (body?.keys.has('_method') && api) return refuse('method-override', '_method is never sent');

  if (m === 'GET') {
    return { allowed: true };
  }
  // Checkout routes: never jump to a state, never carry payment data.
  const checkout = api ? route[0] === 'checkouts' : route[0] === 'checkout' || route[0] === 'checkouts';
  if (checkout && (n.query.some(([k]) => keyWords(k).includes('state')) || body?.stateKey)) {
    return refuse('checkout-state', 'a checkout is never moved to a state directly');
  }
  const payKey = [...(body?.keys ?? []), ...n.query.flatMap(([k]) => keyWords(k))].find((k) => PAYMENT_KEYS.has(k));
  if (payKey) return refuse('payment-attributes', `${payKey} is payment data`);

  if (p.kind === 'production') {
    if (!p.allowCarts) return refuse('read-only', 'production is read-only (GET only)');
    if (!api) return refuse('read-only', 'production carts go through the API only');
    const cart = cartWrite(m, route);
    if (!cart) return refuse('read-only', 'on production only a cart may be made, nothing past it');
    if (cart === 'code') {
      const code = body?.couponCode?.toLowerCase();
      const safe = new Set([...(p.codesWithoutUsageLimit ?? [])].map((c) => c.toLowerCase()));
      if (!code || !safe.has(code)) return refuse('usage-limited-code', 'on production only codes known to have no usage limit are entered');
    }
    return { allowed: true };
  }

  if (!api) return { allowed: true }; // staging storefront: everything up to the payment step
  if (!cartWrite(m, route) && !checkoutStep(m, route)) return refuse('not-needed', `${m} /${n.segments.join('/')} is not a call the dry-run makes`);
  return { allowed: true };
}

/** The writes a cart needs: 'code' for entering a coupon code. */
function cartWrite(m: string, r: Segments): 'cart' | 'code' | undefined {
  if (r[0] !== 'orders') return undefined;
  if (r.length === 1 && m === 'POST') return 'cart';
  if (r.length === 3 && r[2] === 'empty' && m === 'PUT') return 'cart';
  if (r[2] === 'line_items' && ((r.length === 3 && m === 'POST') || (r.length === 4 && ['PUT', 'PATCH', 'DELETE'].includes(m)))) return 'cart';
  if (r[2] === 'coupon_codes' && r.length === 3 && m === 'POST') return 'code';
  if (r[2] === 'coupon_codes' && r.length === 4 && m === 'DELETE') return 'cart';
  return undefined;
}

/** PUT /checkouts/{n}/next and PUT|PATCH /checkouts/{n}: one step of the checkout. */
function checkoutStep(m: string, r: Segments): string | undefined {
  if (r[0] !== 'checkouts' || r.length < 2) return undefined;
  if (r.length === 3 && r[2] === 'next' && m === 'PUT') return r[1];
  if (r.length === 2 && (m === 'PUT' || m === 'PATCH')) return r[1];
  return undefined;
}

/** What may still be sent once the run is stopping: reads, and emptying an order. */
function isCleanup(m: string, segments: Segments): boolean {
  if (m === 'GET') return true;
  const r = segments[0] === 'api' ? segments.slice(1) : segments;
  return r[0] === 'orders' && m === 'PUT' && r.length === 3 && r[2] === 'empty';
}

interface BodyFacts {
  keys: Set<string>;
  stateKey: boolean;
  couponCode?: string;
}

/** Keys of a JSON or form body (every level), whether it sets `state`, and the coupon code it enters. */
function bodyFacts(facts: RequestFacts): BodyFacts | { error: string } | undefined {
  const text = facts.body;
  if (text === undefined || text === null || text === '') return undefined;
  const type = (facts.contentType ?? '').toLowerCase();
  const keys = new Set<string>();
  if (type.includes('json') || (!type && /^\s*[{[]/.test(text))) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return { error: 'the body is not valid JSON' };
    }
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        for (const [k, child] of Object.entries(v)) {
          keys.add(k.toLowerCase());
          walk(child);
        }
      }
    };
    walk(value);
    const o = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
    const order = (o.order && typeof o.order === 'object' ? o.order : {}) as Record<string, unknown>;
    return { keys, stateKey: 'state' in o || 'state' in order, couponCode: typeof o.coupon_code === 'string' ? o.coupon_code : undefined };
  }
  if (type.includes('x-www-form-urlencoded') || (!type && /^[\w%[\]]+=/.test(text))) {
    const form = new URLSearchParams(text);
    let state = false;
    let couponCode: string | undefined;
    for (const [k, v] of form) {
      const words = keyWords(k.toLowerCase());
      words.forEach((w) => keys.add(w));
      if (words.at(-1) === 'state' && words.length <= 2) state = true;
      if (words.at(-1) === 'coupon_code') couponCode = v;
    }
    return { keys, stateKey: state, couponCode };
  }
  if (type.includes('multipart/')) {
    for (const m of text.matchAll(/name="([^"]+)"/g)) keyWords(m[1].toLowerCase()).forEach((w) => keys.add(w));
    return { keys, stateKey: [...text.matchAll(/name="([^"]+)"/g)].some((m) => /(^|\[)state\]?$/.test(m[1].toLowerCase())) };
  }
  return { error: `a ${type || 'non-JSON'} body is never sent` };
}

/** A guard for the API client: a function the client calls on every attempt, plus what it observes. */
export interface RequestGuard {
  (request: Request): Promise<void>;
  /** Sees every response, to learn each order's checkout state. */
  observe(request: Request, response: Response): Promise<void>;
  readonly policy: GuardPolicy;
}

/**
 * The API guard: `isAllowed` plus memory of each order's checkout state, so that `next` and checkout
 * updates stop at the payment step. An order whose state it has not seen (or lost, because an
 * answer never came) is not advanced. Throws GuardError.
 */
export function createGuard(policy: GuardPolicy): RequestGuard {
  /** Order number (lower-case) -> last checkout state seen, or 'unknown' while a step is in flight. */
  const states = new Map<string, string>();

  const guard = async (request: Request) => {
    const body = request.body ? await request.clone().text() : null;
    const decision = isAllowed(policy, request.method, request.url, {
      headers: request.headers,
      body,
      contentType: request.headers.get('content-type'),
    });
    const where = () => {
      const u = new URL(request.url);
      return u.pathname + u.search;
    };
    if (!decision.allowed) throw new GuardError(decision.rule, request.method.toUpperCase(), where(), policy.kind, decision.reason);
    const n = normalisePath(new URL(request.url));
    if (!n.ok || n.segments[0] !== 'api') return;
    const number = checkoutStep(request.method.toUpperCase(), n.segments.slice(1));
    if (number === undefined) return;
    const state = states.get(number);
    if (!state || !CHECKOUT_STATES_BEFORE_PAYMENT.has(state)) {
      throw new GuardError('beyond-payment', request.method.toUpperCase(), where(), policy.kind,
        state && state !== 'unknown'
          ? `the order is at the ${state} step: the dry-run stops at payment`
          : 'the order\'s checkout step is not known (its last answer never came), so it is not advanced');
    }
    states.set(number, 'unknown'); // until the answer says where it went
  };

  const observe = async (request: Request, response: Response) => {
    const n = normalisePath(new URL(request.url));
    const r = n.ok && n.segments[0] === 'api' ? n.segments.slice(1) : [];
    if (!response.ok || (r[0] !== 'orders' && r[0] !== 'checkouts')) {
      // Not awaited: a cancelled copy of a body settles only once the original is read.
      void response.body?.cancel().catch(() => undefined);
      return;
    }
    try {
      const body = (await response.json()) as { number?: string; state?: string };
      if (typeof body?.number === 'string' && typeof body.state === 'string') states.set(body.number.toLowerCase(), body.state);
    } catch {
      // A cut or non-JSON answer teaches nothing; a step in flight stays 'unknown'.
    }
  };

  return Object.assign(guard, { observe, policy });
}

/** The guard for a target kind: `guardFor('production', { origin })` for a read-only client. */
export function guardFor(kind: TargetKind, opts: Omit<GuardPolicy, 'kind'> = {}): RequestGuard {
  return createGuard({ ...opts, kind });
}

/** The smallest part of a Playwright Route the browser guard needs (no import of Playwright here). */
export interface RouteLike {
  request(): { method(): string; url(): string; headers(): Record<string, string>; postData(): string | null };
  continue(): Promise<void>;
  abort(errorCode?: string): Promise<void>;
}

/**
 * A Playwright route handler: `await page.route('**\/*', routeGuard({ kind, origin }, onRefused))`.
 * Refused requests are aborted ('blockedbyclient') and reported to `onRefused`.
 */
export function routeGuard(policy: GuardPolicy, onRefused?: (d: Extract<Decision, { allowed: false }>, method: string, url: string) => void) {
  return async (route: RouteLike) => {
    const req = route.request();
    const headers = req.headers();
    const decision = isAllowed(policy, req.method(), req.url(), { headers, body: req.postData(), contentType: headers['content-type'] });
    if (decision.allowed) return route.continue();
    onRefused?.(decision, req.method(), req.url());
    return route.abort('blockedbyclient');
  };
}

/**
 * The policy a site's staging target gets: staging, unless its store is the production store
 * (same origin), in which case it is read-only like production.
 */
export function stagingKind(stagingUrl: string, productionUrl?: string): TargetKind {
  if (!productionUrl) return 'staging';
  try {
    return new URL(stagingUrl).origin === new URL(productionUrl).origin ? 'production' : 'staging';
  } catch {
    return 'production';
  }
}

/**
 * The safety guard: the one policy every request to a store goes through, whether it leaves through
 * the API client (its `guard` hook) or a browser (a Playwright route, see `routeGuard`). The policy
 * rule by rule, and how a request is normalised before it is judged: src/safety/README.md ("The
 * policy"). When in doubt it refuses.
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
  /**
   * Who sends the requests: the API client (default) or a browser on the storefront (see
   * `storefrontPolicy`). The browser may also HEAD, may not take API checkout steps (a route has no
   * memory of the order's step) and on production may not write at all, whatever `allowCarts` says.
   */
  surface?: 'api' | 'browser';
  /**
   * Browser only: other origins (a CDN, a font host) whose GETs and HEADs may load. Every other
   * origin is aborted, and no request but GET and HEAD ever goes to these.
   */
  allowedOrigins?: Iterable<string>;
}

/** The policy of a browser on the storefront: `context.route('**\/*', routeGuard(storefrontPolicy(kind, origin), onRefused))`. */
export function storefrontPolicy(kind: TargetKind, origin: string, opts: { allowedOrigins?: Iterable<string> } = {}): GuardPolicy {
  return { kind, origin, surface: 'browser', ...(opts.allowedOrigins ? { allowedOrigins: [...opts.allowedOrigins] } : {}) };
}

/** What `storefrontPolicyFor` reads of a site (a structural type: this module imports nothing of ours). */
export interface StorefrontSite {
  staging: { kind: TargetKind; url: string };
  production?: { url: string };
  storefront?: { allowedOrigins?: Iterable<string> };
}

/**
 * The browser policy of a site's staging storefront, for every browser that visits it (the browser
 * dry-run's fixture and the speed audit): read-only when that store is the production store.
 */
export function storefrontPolicyFor(site: StorefrontSite): GuardPolicy {
  const kind = site.staging.kind === 'staging' ? stagingKind(site.staging.url, site.production?.url) : 'production';
  return storefrontPolicy(kind, site.staging.url, { allowedOrigins: site.storefront?.allowedOrigins ?? [] });
}

/** What the guard decided about one request. */
export type Decision = { allowed: true } | { allowed: false; rule: GuardRule; reason: string };

/** A request the guard refused. The engine turns it into a "not checked" case, never a crash. */
export class GuardError extends Error {
  readonly code = 'guard-refused';
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

/** Storefront path segments that name placing the order or moving money: refused writes say so. */
const STOREFRONT_NEVER = new Set([...NEVER, 'confirm', 'place_order', 'place-order', 'checkout_payment']);

/**
 * All the guest form of a log-in-or-guest page (the starter storefront's `POST /checkout_guest_session`)
 * may carry: the guest's e-mail (and Rails's form plumbing). The login form beside it (`POST /login`,
 * a password) is never sent.
 */
const GUEST_SESSION_KEYS = new Set(['order', 'email', 'authenticity_token', 'utf8', 'commit', 'button']);

/**
 * All the payment step may carry: the choice of payment method (and Rails's form plumbing). Card
 * data, sources, amounts, wallets and store credit are payment data.
 */
const PAYMENT_STEP_KEYS = new Set([
  'order', 'payments_attributes', 'payment_method_id', '_method', 'authenticity_token', 'utf8', 'commit', 'button', 'state_lock_version',
]);

/** Methods a form's `_method` (or an override header) may claim, as Rack spells them. */
const CLAIMABLE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Request headers that ask a server to treat the request as another method. */
const OVERRIDE_HEADERS = ['x-http-method-override', 'x-http-method', 'x-method-override'];

/** Body keys that carry payment data or jump the checkout to a state. */
const PAYMENT_KEYS = new Set([
  'payments_attributes', 'payment_source', 'payments', 'existing_card', 'wallet_payment_source_id',
  'use_store_credits', 'payment_method_id', 'source_attributes',
]);

const CHECKOUT_STATES_BEFORE_PAYMENT = new Set(['cart', 'address', 'delivery']);

type Segments = string[];
type Parsed = { ok: true; segments: Segments; query: [string, string][] };
type Normalised = Parsed | { ok: false; reason: string };

/**
 * Lower-case path segments as a router would see them, decoded until stable. Refuses what cannot be
 * decoded or still hides encodings, control characters and backslashes.
 */
export function normalisePath(url: URL): Normalised {
  const decoded = decodeFully(url.pathname, 5);
  if (!decoded) return { ok: false, reason: 'the path has a broken %-encoding' };
  if (!decoded.stable) return { ok: false, reason: 'the path is encoded again and again' };
  const path = decoded.text;
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (/[\u0000-\u001f\u007f\\]/.test(path)) return { ok: false, reason: 'the path holds control characters or a backslash' };
  const segments: Segments = [];
  for (const raw of path.toLowerCase().split('/')) {
    // `;params`, format suffixes and padding do not change which route a Rails router picks.
    const s = raw.split(';')[0].trim().replace(/\.[a-z0-9]+$/, '');
    if (s === '..') segments.pop();
    else if (s !== '' && s !== '.') segments.push(s);
  }
  const query: [string, string][] = [];
  for (const [k, v] of url.searchParams) {
    const key = decodeKey(k);
    if (key === undefined) return { ok: false, reason: 'the query has a broken %-encoding' };
    query.push([key, v]);
  }
  return { ok: true, segments, query };
}

/** A query or body key, flattened: `order[payments_attributes][0][amount]` -> its words. */
const keyWords = (key: string) => key.split(/[[\]]+/).filter(Boolean);

const refuse = (rule: GuardRule, reason: string): Decision => ({ allowed: false, rule, reason });

/** Whether the query or the body asks to move a checkout to a state. */
const movesState = (n: Parsed, body: BodyFacts | undefined) => n.query.some(([k]) => keyWords(k).includes('state')) || !!body?.stateKey;

/** Every key word of the body and the query. */
const paramWords = (n: Parsed, body: BodyFacts | undefined) => [...(body?.keys ?? []), ...n.query.flatMap(([k]) => keyWords(k))];

export interface RequestFacts {
  /** Request headers (only the method-override ones are looked at). */
  headers?: Headers | Record<string, string | undefined>;
  /** The request body as text, when it has one, and its Content-Type. */
  body?: string | null;
  contentType?: string | null;
}

/**
 * The stateless policy: may this request go to a store of this kind? Browser routes use it as is
 * (`routeGuard` with `storefrontPolicy`); the API client's guard (`createGuard`) adds what needs
 * memory (checkout states, stopping).
 */
export function isAllowed(policy: GuardPolicy | TargetKind, method: string, url: string | URL, facts: RequestFacts = {}): Decision {
  const p: GuardPolicy = typeof policy === 'string' ? { kind: policy } : policy;
  const browser = p.surface === 'browser';
  const m = method.toUpperCase();
  const read = m === 'GET' || (browser && m === 'HEAD');

  if (!URL.canParse(String(url), p.origin)) return refuse('bad-url', 'not a URL');
  const u = new URL(url, p.origin);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return refuse('bad-url', `${u.protocol} is not http or https`);
  let foreign = false;
  if (p.origin) {
    const store = new URL(p.origin).origin;
    if (u.origin !== store) {
      // A browser may load from origins the site lists (a CDN), and only load.
      const listed = browser && [...(p.allowedOrigins ?? [])].some((o) => originOf(o) === u.origin);
      if (!listed) return refuse('foreign-origin', `${u.origin} is not the store (${store})`);
      if (!read) return refuse('foreign-origin', `${u.origin} is listed for loading only, never for a ${m}`);
      foreign = true;
    }
  }
  if (u.username || u.password) return refuse('bad-url', 'credentials in the URL');

  const overrides = OVERRIDE_HEADERS.map((h) => headerOf(facts.headers, h)).filter((v): v is string => v !== undefined);
  const n = normalisePath(u);
  if (!n.ok) return refuse('bad-url', n.reason);
  if (n.query.some(([k]) => keyWords(k).includes('_method'))) return refuse('method-override', '_method is never sent in a query');
  if (foreign) return overrides.length ? refuse('method-override', 'method-override headers are never sent') : { allowed: true };

  if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE', ...(browser ? ['HEAD'] : [])].includes(m)) {
    return refuse('method', `${m} is not a method the harness uses`);
  }
  if (p.stopping?.() && !isCleanup(m, n.segments)) {
    return refuse('stopping', 'the run is stopping: only reads and emptying its own orders are allowed');
  }

  const api = n.segments[0] === 'api';
  if (!api) return storefrontDecision(p, m, n, facts, overrides);

  // The API: overrides are never sent, whoever sends the request.
  if (overrides.length) return refuse('method-override', 'method-override headers are never sent');
  const route = n.segments.slice(1);
  // Route words sit at even positions (resource, then id, then sub-resource or action, ...); ids
  // and codes at odd ones, so a coupon code called CREDIT is not mistaken for a route.
  const words = route.filter((_, i) => i % 2 === 0);
  const never = [...NEVER].find((w) => words.includes(w));
  if (never) return refuse('never', `${never} is never called on any store`);

  const body = bodyFacts(facts);
  if (body && 'error' in body) return refuse('bad-body', body.error);
  if (body?.keys.has('_method')) return refuse('method-override', '_method is never sent');

  if (read) return { allowed: true };
  // Checkout routes: never jump to a state, never carry payment data.
  if (route[0] === 'checkouts' && movesState(n, body)) return refuse('checkout-state', 'a checkout is never moved to a state directly');
  const payKey = paramWords(n, body).find((k) => PAYMENT_KEYS.has(k));
  if (payKey) return refuse('payment-attributes', `${payKey} is payment data`);

  if (p.kind === 'production') {
    if (browser) return refuse('read-only', 'production is read-only: a browser only looks (GET and HEAD)');
    if (!p.allowCarts) return refuse('read-only', 'production is read-only (GET only)');
    const cart = cartWrite(m, route);
    if (!cart) return refuse('read-only', 'on production only a cart may be made, nothing past it');
    if (cart === 'code') {
      const code = body?.couponCode?.toLowerCase();
      const safe = new Set([...(p.codesWithoutUsageLimit ?? [])].map((c) => c.toLowerCase()));
      if (!code || !safe.has(code)) return refuse('usage-limited-code', 'on production only codes known to have no usage limit are entered');
    }
    return { allowed: true };
  }

  if (browser && checkoutStep(m, route)) {
    return refuse('beyond-payment', 'a browser takes checkout steps through the storefront\'s forms: an API step could be the one that places the order');
  }
  if (!cartWrite(m, route) && !checkoutStep(m, route)) return refuse('not-needed', `${m} /${n.segments.join('/')} is not a call the dry-run makes`);
  return { allowed: true };
}

/** The origin of a listed origin or URL; '' when it is not one. */
const originOf = (o: string) => (URL.canParse(o) ? new URL(o).origin : '');

function headerOf(h: RequestFacts['headers'], name: string): string | undefined {
  if (!h) return undefined;
  if (h instanceof Headers) return h.get(name) ?? undefined;
  return Object.entries(h).find(([k]) => k.toLowerCase() === name)?.[1];
}

/**
 * A storefront (non-API) request, from a browser or anything else: pages and assets are read; on
 * staging only the forms a dry-run submits, up to the payment step; on production nothing else.
 * A form's `_method` or an override header is judged as the method the store will see.
 */
function storefrontDecision(p: GuardPolicy, m: string, n: Parsed, facts: RequestFacts, overrides: string[]): Decision {
  const body = bodyFacts(facts);
  if (body && 'error' in body) return refuse('bad-body', body.error);
  if (body?.nestedMethod) return refuse('method-override', 'a _method inside another key (or one that cannot be read) is never sent');

  // The method the store will see (Rack::MethodOverride, or stricter).
  const claimed = [...overrides, ...(body?.methods ?? [])].map((c) => c.toUpperCase());
  let real = m;
  if (claimed.length) {
    const claim = claimed[0];
    if (claimed.some((c) => c !== claim)) return refuse('method-override', `the request claims several methods (${[...new Set(claimed)].join(', ')})`);
    if (!CLAIMABLE.has(claim)) return refuse('method-override', `"${claim}" is not a method a form claims`);
    if (m !== 'POST' && claim !== m) return refuse('method-override', `a ${m} never claims to be a ${claim}`);
    real = claim;
  }
  if (real === 'GET' || real === 'HEAD') return { allowed: true }; // pages and assets, any path

  const r = n.segments;
  const where = `${real} /${r.join('/')}`;
  if (p.kind === 'production') return refuse('read-only', `production is read-only: ${where} is not sent`);
  const form = storefrontWrite(real, r);
  if (!form) {
    const never = r.find((w) => STOREFRONT_NEVER.has(w));
    return never
      ? refuse('beyond-payment', `${where} goes past the payment step (${never}): the order is never placed`)
      : refuse('not-needed', `${where} is not a form the dry-run submits`);
  }
  if (movesState(n, body)) return refuse('checkout-state', 'a checkout is never moved to a state directly');
  const words = paramWords(n, body);
  if (form === 'guest') {
    const extra = words.find((w) => !GUEST_SESSION_KEYS.has(w));
    if (extra) return refuse('not-needed', `${extra}: the guest checkout form only gives the guest's e-mail`);
  } else if (form === 'payment') {
    const extra = words.find((w) => !PAYMENT_STEP_KEYS.has(w) && !/^\d+$/.test(w));
    if (extra) return refuse('payment-attributes', `${extra}: the payment step only chooses a payment method`);
  } else {
    const payKey = words.find((k) => PAYMENT_KEYS.has(k));
    if (payKey) return refuse('payment-attributes', `${payKey} is payment data`);
  }
  return { allowed: true };
}

/**
 * A route as `METHODS path` (`PUT|PATCH orders/{any}/line_items`, written with `*` for any one segment
 * and `a|b` for either word).
 */
function route(spec: string): (m: string, r: Segments) => boolean {
  const [methods, path] = spec.split(' ');
  const allowed = methods.split('|');
  const parts = path.split('/').map((p) => (p === '*' ? undefined : p.split('|')));
  return (m, r) => allowed.includes(m) && r.length === parts.length && parts.every((p, i) => !p || p.includes(r[i]));
}

/** A table of routes by kind, as a function: the first kind a request is (undefined for none). */
function routeKinds<K extends string>(table: Record<K, string[]>): (m: string, r: Segments) => K | undefined {
  const kinds = Object.entries<string[]>(table).map(([kind, specs]) => [kind as K, specs.map(route)] as const);
  return (m, r) => kinds.find(([, routes]) => routes.some((matches) => matches(m, r)))?.[0];
}

const EMPTY_ORDER = route('PUT orders/*/empty');

/** The API writes a cart needs: 'code' for entering a coupon code. */
const cartWrite = routeKinds({
  code: ['POST orders/*/coupon_codes'],
  cart: ['POST orders', 'PUT orders/*/empty', 'POST orders/*/line_items', 'PUT|PATCH|DELETE orders/*/line_items/*', 'DELETE orders/*/coupon_codes/*'],
});

/**
 * The storefront forms a dry-run submits, by the method the store sees: 'cart' for the cart and
 * codes (in the sandbox's and Solidus starter storefronts' spellings), 'guest' for a log-in-or-guest
 * page's guest form, 'step' for address and delivery, 'payment' for the payment step. Nothing else;
 * never confirm or complete.
 */
const storefrontWrite = routeKinds({
  cart: [
    'POST|PUT|PATCH cart', // PATCH /cart: quantities, then "Checkout"
    'POST|PUT|PATCH|DELETE cart/empty',
    'POST cart/line_items', 'PUT|PATCH|DELETE cart/line_items/*', 'POST cart/coupon_codes', 'DELETE cart/coupon_codes/*',
    // Add to cart elsewhere, and codes on the order.
    'POST cart_line_items', 'PUT|PATCH|DELETE cart_line_items/*', 'POST order_contents', 'POST orders/populate',
    'POST coupon_codes', 'POST orders/*/coupon_codes',
  ],
  guest: ['POST checkout_guest_session'],
  // Checkout steps: /checkout/:step (the sandbox) and /checkout/update/:step (the starter storefront).
  step: ['POST|PUT|PATCH checkout|checkouts/registration|address|delivery', 'POST|PUT|PATCH checkout|checkouts/update/registration|address|delivery'],
  payment: ['POST|PUT|PATCH checkout|checkouts/payment', 'POST|PUT|PATCH checkout|checkouts/update/payment'],
});

/** PUT /checkouts/{n}/next and PUT|PATCH /checkouts/{n}: one step of the checkout (of order r[1]). */
const checkoutStep = routeKinds({ step: ['PUT checkouts/*/next', 'PUT|PATCH checkouts/*'] });

/** What may still be sent once the run is stopping: reads, and emptying an order. */
const isCleanup = (m: string, segments: Segments) => m === 'GET' || EMPTY_ORDER(m, segments[0] === 'api' ? segments.slice(1) : segments);

interface BodyFacts {
  /** Every key word, lower-case, decoded until stable. */
  keys: Set<string>;
  stateKey: boolean;
  couponCode?: string;
  /** Values of top-level `_method` fields: the method a form claims. */
  methods: string[];
  /** `_method` below the top level (`order[_method]`): never legitimate. */
  nestedMethod: boolean;
}

/**
 * Percent-decoded until stable, at most `rounds` times (`stable` is false when it was still
 * changing); undefined when an encoding is broken.
 */
function decodeFully(text: string, rounds: number): { text: string; stable: boolean } | undefined {
  let t = text;
  for (let i = 0; i < rounds; i++) {
    let d: string;
    try {
      d = decodeURIComponent(t);
    } catch {
      return undefined;
    }
    if (d === t) return { text: t, stable: true };
    t = d;
  }
  return { text: t, stable: false };
}

/** A key decoded until stable (a double-encoded `%255Fmethod` is still `_method`); undefined if broken. */
const decodeKey = (key: string) => decodeFully(key, 4)?.text.toLowerCase();

/** Keys of a JSON or form body (every level), whether it sets `state`, the coupon code it enters, `_method`s. */
function bodyFacts(facts: RequestFacts): BodyFacts | { error: string } | undefined {
  const text = facts.body;
  if (text === undefined || text === null || text === '') return undefined;
  const type = (facts.contentType ?? '').toLowerCase();
  const body: BodyFacts = { keys: new Set(), stateKey: false, methods: [], nestedMethod: false };
  if (type.includes('json') || (!type && /^\s*[{[]/.test(text))) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return { error: 'the body is not valid JSON' };
    }
    const walk = (v: unknown, depth: number) => {
      if (Array.isArray(v)) v.forEach((x) => walk(x, depth + 1));
      else if (v && typeof v === 'object') {
        for (const [k, child] of Object.entries(v)) {
          const key = decodeKey(k) ?? k.toLowerCase();
          body.keys.add(key);
          if (key === '_method') {
            if (depth === 0 && typeof child === 'string') body.methods.push(child);
            else body.nestedMethod = true;
          }
          walk(child, depth + 1);
        }
      }
    };
    walk(value, 0);
    const o = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
    const order = (o.order && typeof o.order === 'object' ? o.order : {}) as Record<string, unknown>;
    return { ...body, stateKey: 'state' in o || 'state' in order, couponCode: typeof o.coupon_code === 'string' ? o.coupon_code : undefined };
  }
  const form = type.includes('x-www-form-urlencoded') || (!type && /^[\w%[\]]+=/.test(text));
  if (!form && !type.includes('multipart/')) return { error: `a ${type || 'non-JSON'} body is never sent` };
  // One field of a form (urlencoded or multipart); a value is undefined where it could not be read.
  for (const [name, value] of form ? new URLSearchParams(text) : multipartFields(text)) {
    const key = decodeKey(name);
    if (key === undefined) return { error: 'a form key has a broken %-encoding' };
    const words = keyWords(key);
    words.forEach((w) => body.keys.add(w));
    if (key === '_method' && value !== undefined) body.methods.push(value);
    else if (words.includes('_method')) body.nestedMethod = true;
    if (words.at(-1) === 'state' && words.length <= 2) body.stateKey = true;
    if (form && words.at(-1) === 'coupon_code') body.couponCode = value;
  }
  return body;
}

/**
 * The fields of a multipart body: each part (its headers with name="…", a blank line, its value),
 * then every other name="…" (an odd layout) without a value: still a key, and a `_method` whose
 * value could not be read is treated as an override that cannot be judged.
 */
function multipartFields(text: string): [string, string | undefined][] {
  const parts = [...text.matchAll(/name="([^"]+)"[^\r\n]*(?:\r?\n[^\r\n]+)*\r?\n\r?\n([^\r\n]*)/g)];
  const starts = new Set(parts.map((p) => p.index));
  const others = [...text.matchAll(/name="([^"]+)"/g)].filter((n) => !starts.has(n.index));
  return [...parts.map((p): [string, string] => [p[1], p[2]]), ...others.map((n): [string, undefined] => [n[1], undefined])];
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
    const u = new URL(request.url);
    const m = request.method.toUpperCase();
    const refused = (rule: GuardRule, reason: string) => new GuardError(rule, m, u.pathname + u.search, policy.kind, reason);
    if (!decision.allowed) throw refused(decision.rule, decision.reason);
    const n = normalisePath(u);
    if (!n.ok || n.segments[0] !== 'api' || !checkoutStep(m, n.segments.slice(1))) return;
    const number = n.segments[2]; // api/checkouts/{number}
    const state = states.get(number);
    if (!state || !CHECKOUT_STATES_BEFORE_PAYMENT.has(state)) {
      throw refused('beyond-payment',
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
 * A Playwright route handler: `await context.route('**\/*', routeGuard(storefrontPolicyFor(site), onRefused))`
 * (scenarios/fixtures.ts, audits/speed.ts). Every request is judged by `isAllowed`; refused ones are
 * aborted ('blockedbyclient', the page sees a network error) and reported to `onRefused`.
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
 * A refused request in words, as findings show it: `METHOD /path` on the store (`storeUrl`),
 * `METHOD origin/path` anywhere else; never its query.
 */
export function refusedWords(method: string, url: string, storeUrl?: string): string {
  const u = new URL(url);
  const own = !!storeUrl && u.origin === new URL(storeUrl).origin;
  return `${method.toUpperCase()} ${own ? u.pathname : u.origin + u.pathname}`;
}

/**
 * The policy a site's staging target gets: staging, unless its store is the production store
 * (same origin), in which case it is read-only like production.
 */
export function stagingKind(stagingUrl: string, productionUrl?: string): TargetKind {
  if (!productionUrl) return 'staging';
  const [staging, production] = [originOf(stagingUrl), originOf(productionUrl)];
  return staging && production && staging !== production ? 'staging' : 'production';
}

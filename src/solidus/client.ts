/**
 * The one Solidus API client: openapi-fetch over the generated types, with cross-cutting concerns
 * as middleware (API key, guest order token, timeouts, retries with backoff, a request log that
 * never holds a secret). This module is the only importer of generated/.
 */
import { timeoutSignal } from '../safety/timeout.ts';
import createClient, { type Middleware } from 'openapi-fetch';
import { clockSigner } from './clock.ts';
import type { paths, components } from '../../generated/solidus-api.ts';

export type { paths, components };
export type Schemas = components['schemas'];
export type Order = Schemas['order-big'];
export type Adjustment = Schemas['adjustment'];
export type CouponResult = Schemas['coupon-code-handler'];

/** One request as the log keeps it: no headers, no bodies, secrets masked in the path. */
export interface RequestLogEntry {
  method: string;
  path: string;
  /** HTTP status; 'refused' when the safety guard stopped it before it left. */
  status: number | 'error' | 'timeout' | 'refused';
  ms: number;
  attempt: number;
  error?: string;
}

export interface SolidusClientOptions {
  /** Storefront base URL; the API is under `${baseUrl}/api`. */
  baseUrl: string;
  /** Admin API key, sent as `Authorization: Bearer`. Omit for guest requests. */
  apiKey?: string;
  /** Per-attempt timeout. */
  timeoutMs?: number;
  /** Extra attempts after the first for retryable failures. */
  retries?: number;
  /** Base backoff; doubled each attempt, with jitter. Retry-After wins when the store sends it. */
  backoffMs?: number;
  /** Longest Retry-After honoured before giving up on waiting. */
  maxRetryAfterMs?: number;
  /** Strings to mask in logged paths (secret codes). The API key never reaches the log. */
  secrets?: string[];
  /** Tests pass their own fetch. */
  fetch?: typeof globalThis.fetch;
  /** Receives every attempt. */
  onLog?: (entry: RequestLogEntry) => void;
  /**
   * Called before every attempt leaves (retries included); throwing refuses it. The safety guard
   * (src/safety/guard.ts) hooks in here; its `observe`, when present, sees every answer.
   */
  guard?: RequestGuard;
  /**
   * The moment every request is answered at, by the store's signed clock (src/solidus/clock.ts),
   * signed afresh on every attempt. Only with a staging guard: refused (throws) otherwise.
   */
  clock?: { at: string; secret: string };
}

/** The shape of the safety guard as the client calls it. */
export type RequestGuard = ((request: Request) => void | Promise<void>) & {
  observe?: (request: Request, response: Response) => void | Promise<void>;
  /** The guard's policy: what kind of store it guards (src/safety/guard.ts). */
  policy?: { kind: 'staging' | 'production' };
};

/** The store answered with an HTTP error the caller did not expect. */
export class SolidusError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${method} ${path} answered ${status}${describeBody(body)}`);
    this.name = 'SolidusError';
  }
}

/** The store could not be reached at all (connection refused, DNS, timeouts on every attempt). */
export class StoreUnreachableError extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
    /** The store was reached but did not answer in time (slow, not gone). */
    readonly timedOut = false,
  ) {
    super(`cannot reach the store at ${url}: ${reason}`);
    this.name = 'StoreUnreachableError';
  }
}

function describeBody(body: unknown): string {
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    const msg = b.error ?? b.exception ?? b.message;
    if (typeof msg === 'string') return `: ${msg}`;
  }
  return '';
}

const ORDER_PATH = /\/api\/(?:orders|checkouts)\/([A-Za-z0-9]+)(?:\/|$|\?)/;
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export type SolidusClient = ReturnType<typeof createSolidusClient>;

export function createSolidusClient(opts: SolidusClientOptions) {
  const apiBase = opts.baseUrl.replace(/\/+$/, '') + '/api';
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const retries = opts.retries ?? 2;
  const backoffMs = opts.backoffMs ?? 250;
  const maxRetryAfterMs = opts.maxRetryAfterMs ?? 10_000;
  const secrets = (opts.secrets ?? []).filter(Boolean);
  const log: RequestLogEntry[] = [];
  /** Guest order tokens by order number, learned from POST /orders responses. */
  const orderTokens = new Map<string, string>();

  // Every attempt, first or retry, leaves through this fetch: the guard sees each one, and the
  // number in flight is known (a run that stops waits for them before emptying its orders).
  const rawFetch = opts.fetch ?? globalThis.fetch;
  // The clock goes to a staging store only, and only to its origin (clockSigner refuses the rest).
  const sign = opts.clock ? clockSigner({ kind: opts.guard?.policy?.kind, origin: opts.baseUrl, ...opts.clock }) : undefined;
  const refusals = new WeakSet<object>();
  let inFlight = 0;
  let idleWaiters: (() => void)[] = [];
  const guardedFetch = async (input: Request, init?: RequestInit): Promise<Response> => {
    if (opts.guard) {
      try {
        await opts.guard(input);
      } catch (error) {
        if (error && typeof error === 'object') refusals.add(error);
        throw error;
      }
    }
    if (sign) for (const [name, value] of Object.entries(sign(input.url) ?? {})) input.headers.set(name, value);
    inFlight++;
    try {
      const response = await rawFetch(input, init);
      if (opts.guard?.observe) await opts.guard.observe(input, response.clone());
      return response;
    } finally {
      if (--inFlight === 0) {
        const waiters = idleWaiters;
        idleWaiters = [];
        waiters.forEach((w) => w());
      }
    }
  };
  const isRefusal = (error: unknown) => !!error && typeof error === 'object' && refusals.has(error);

  const client = createClient<paths>({ baseUrl: apiBase, fetch: guardedFetch as typeof globalThis.fetch });

  const mask = (path: string) => {
    let out = path;
    for (const s of secrets) out = out.split(s).join('***').split(encodeURIComponent(s)).join('***');
    return out;
  };
  const record = (entry: RequestLogEntry) => {
    log.push(entry);
    opts.onLog?.(entry);
  };

  const auth: Middleware = {
    onRequest({ request }) {
      const number = ORDER_PATH.exec(new URL(request.url).pathname + '/')?.[1];
      const token = number ? orderTokens.get(number) : undefined;
      if (token) {
        // A guest order is driven by its token alone, like a customer's browser.
        request.headers.set('X-Spree-Order-Token', token);
      } else if (opts.apiKey) {
        request.headers.set('Authorization', `Bearer ${opts.apiKey}`);
      }
      return request;
    },
    async onResponse({ request, response }) {
      if (request.method === 'POST' && /\/api\/orders\/?$/.test(new URL(request.url).pathname) && response.ok) {
        const body = (await response.clone().json().catch(() => null)) as { number?: string; token?: string } | null;
        if (body?.number && body.token) orderTokens.set(body.number, body.token);
      }
      return response;
    },
  };

  /** Timeouts, retries and the log, around every attempt. */
  const pending = new Map<string, { request: Request; started: number; recovered?: ReadResult }>();
  const transport: Middleware = {
    onRequest({ request, id }) {
      pending.set(id, { request: request.clone(), started: performance.now() });
      return withTimeout(request, timeoutMs);
    },
    async onResponse({ request, response, id, options }) {
      const state = pending.get(id)!;
      const path = mask(pathOf(request.url));
      if (state.recovered) {
        // A retry in onError got this answer (openapi-fetch hands it to onResponse too): it is
        // logged and read already.
        pending.delete(id);
        const read = state.recovered;
        if (read.bad) throw new SolidusError(request.method, path, read.status, { error: `the store's answer was ${read.bad}` });
        return response;
      }
      const repeatable = safeToRepeat(request.method, request.url);
      let current = await readBody(response);
      record({ method: request.method, path, status: current.status, ms: ms(state.started), attempt: 1, ...(current.bad && { error: current.bad }) });
      for (let attempt = 2; attempt <= retries + 1 && retryable(repeatable, current); attempt++) {
        const wait = retryAfter(current.response) ?? backoff(backoffMs, attempt);
        if (wait > maxRetryAfterMs) break;
        await current.response.body?.cancel().catch(() => undefined);
        await sleep(wait);
        const started = performance.now();
        try {
          current = await readBody(await options.fetch(withTimeout(state.request.clone(), timeoutMs)));
          record({ method: request.method, path, status: current.status, ms: ms(started), attempt, ...(current.bad && { error: current.bad }) });
        } catch (error) {
          if (isRefusal(error)) {
            record({ method: request.method, path, status: 'refused', ms: 0, attempt, error: mask(messageOf(error)) });
            pending.delete(id);
            throw error;
          }
          record({ method: request.method, path, status: kindOf(error), ms: ms(started), attempt, error: messageOf(error) });
          if (!retryableError(repeatable, error) || attempt === retries + 1) {
            pending.delete(id);
            throw unreachable(opts.baseUrl, error);
          }
        }
      }
      pending.delete(id);
      if (current.bad) {
        // A cut or non-JSON answer to a request that worked: a typed error, never a parse crash.
        throw new SolidusError(request.method, path, current.status, { error: `the store's answer was ${current.bad}` });
      }
      return current.response;
    },
    async onError({ request, error, id, options }) {
      const state = pending.get(id);
      const path = mask(pathOf(request.url));
      if (isRefusal(error)) {
        // The guard refused it before it left: never retried, never "unreachable".
        record({ method: request.method, path, status: 'refused', ms: 0, attempt: 1, error: mask(messageOf(error)) });
        pending.delete(id);
        return error as Error;
      }
      if (!isNetworkError(error)) {
        // A bug (in a test's fetch, say), not the network: passed on as it is, never retried.
        record({ method: request.method, path, status: 'error', ms: state ? ms(state.started) : 0, attempt: 1, error: mask(messageOf(error)) });
        pending.delete(id);
        return error instanceof Error ? error : new Error(String(error));
      }
      const repeatable = safeToRepeat(request.method, request.url);
      record({ method: request.method, path, status: kindOf(error), ms: state ? ms(state.started) : 0, attempt: 1, error: messageOf(error) });
      let last: unknown = error;
      /** An answer a retry got that may itself be worth another try (a 503 after a reset). */
      let answer: ReadResult | undefined;
      for (let attempt = 2; state && attempt <= retries + 1; attempt++) {
        if (answer ? !retryable(repeatable, answer) : !retryableError(repeatable, last)) break;
        const wait = (answer && retryAfter(answer.response)) ?? backoff(backoffMs, attempt);
        if (wait > maxRetryAfterMs) break;
        await answer?.response.body?.cancel().catch(() => undefined);
        await sleep(wait);
        const started = performance.now();
        try {
          answer = await readBody(await options.fetch(withTimeout(state.request.clone(), timeoutMs)));
          record({ method: request.method, path, status: answer.status, ms: ms(started), attempt, ...(answer.bad && { error: answer.bad }) });
        } catch (e) {
          if (isRefusal(e)) {
            record({ method: request.method, path, status: 'refused', ms: 0, attempt, error: mask(messageOf(e)) });
            pending.delete(id);
            return e as Error;
          }
          answer = undefined;
          last = e;
          record({ method: request.method, path, status: kindOf(e), ms: ms(started), attempt, error: messageOf(e) });
        }
      }
      if (answer && state) {
        // openapi-fetch passes this answer to onResponse next, which checks its body.
        state.recovered = answer;
        return answer.response;
      }
      pending.delete(id);
      return unreachable(opts.baseUrl, last);
    },
  };

  client.use(auth, transport);

  return Object.assign(client, {
    /** Every attempt so far (safe to write to disk: no headers, no keys, secret codes masked). */
    requestLog: log,
    orderToken: (number: string) => orderTokens.get(number),
    forgetOrder: (number: string) => orderTokens.delete(number),
    baseUrl: opts.baseUrl,
    /** Resolves when no request of this client is in flight. */
    idle: (): Promise<void> => (inFlight === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve))),
  });
}

function withTimeout(request: Request, timeoutMs: number): Request {
  return new Request(request, { signal: timeoutSignal(timeoutMs, request.signal) });
}

function pathOf(url: string): string {
  const u = new URL(url);
  return u.pathname + u.search;
}

function ms(started: number): number {
  return Math.round(performance.now() - started);
}

/**
 * Whether sending the request again cannot do the work twice. GET, PUT and DELETE are, except the
 * checkout steps: `PUT /checkouts/{n}/next` and `PATCH|PUT /checkouts/{n}` move the order one step
 * each time (and Solidus's checkout state machine does not run in a transaction), so a second one
 * could take the order past the step the dry-run stops at.
 */
export function safeToRepeat(method: string, url: string): boolean {
  if (!IDEMPOTENT.has(method)) return false;
  let path: string;
  try {
    path = new URL(url).pathname.toLowerCase();
  } catch {
    return false;
  }
  return !/\/api\/checkouts\//.test(path);
}

/**
 * 429 and 503 mean the store did not process the request: safe to send again whatever the method.
 * Other 5xx may have done the work, so only repeatable requests are sent again (a repeated POST could
 * leave a second order or add an item twice). An answer cut short or not JSON is read again only
 * for repeatable requests, for the same reason.
 */
function retryable(repeatable: boolean, r: ReadResult): boolean {
  if (r.status === 429 || r.status === 503) return true;
  if (r.bad) return repeatable;
  return r.status >= 500 && repeatable;
}

function retryableError(repeatable: boolean, error: unknown): boolean {
  const code = causeCode(error);
  if (code === 'ECONNREFUSED') return true; // nothing reached the store
  return repeatable;
}

interface ReadResult {
  response: Response;
  status: number;
  /** Why the body of a 2xx answer is unusable: cut short, or not JSON. */
  bad?: string;
}

/**
 * Reads a 2xx answer's body to the end so that a cut or non-JSON body is noticed here, where it can
 * be retried, rather than as a parse error in the caller. Other answers pass through untouched.
 */
async function readBody(response: Response): Promise<ReadResult> {
  const status = response.status;
  if (!response.ok || status === 204 || !response.body) return { response, status };
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    return { response: new Response(null, { status: 502 }), status, bad: `cut short (${messageOf(error)})` };
  }
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  headers.delete('content-encoding');
  const rebuilt = new Response(text, { status, statusText: response.statusText, headers });
  if (text.trim() === '') return { response: rebuilt, status };
  try {
    JSON.parse(text);
  } catch {
    const type = response.headers.get('content-type') ?? 'no content type';
    return { response: rebuilt, status, bad: /json/i.test(type) ? 'cut short or not valid JSON' : `not JSON (${type.split(';')[0]})` };
  }
  return { response: rebuilt, status };
}

/** What fetch throws when the network fails: undici's TypeError (with a cause), timeouts and aborts. */
function isNetworkError(error: unknown): boolean {
  const name = (error as { name?: string })?.name;
  return error instanceof TypeError || name === 'TimeoutError' || name === 'AbortError' || !!causeCode(error);
}

function causeCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: string } })?.cause;
  return cause?.code ?? (error as { code?: string })?.code;
}

function kindOf(error: unknown): 'timeout' | 'error' {
  const name = (error as { name?: string })?.name;
  return name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'error';
}

function messageOf(error: unknown): string {
  const code = causeCode(error);
  if (typeof code !== 'string') return error instanceof Error ? error.message : String(error);
  const msg = error instanceof Error ? error.message : String(error);
  return code ? `${code} (${msg})` : msg;
}

function unreachable(url: string, error: unknown): StoreUnreachableError {
  const timedOut = kindOf(error) === 'timeout';
  return new StoreUnreachableError(url, timedOut ? 'timed out' : messageOf(error), timedOut);
}

function retryAfter(response: Response): number | undefined {
  const value = response.headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function backoff(base: number, attempt: number): number {
  const exp = base * 2 ** (attempt - 2);
  return exp / 2 + Math.random() * (exp / 2);
}

function sleep(msDelay: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, msDelay));
}

/**
 * The one Solidus API client: openapi-fetch over the generated types. Every request leaves through
 * one fetch of ours that passes the safety guard, times out, retries with backoff and keeps a
 * request log that never holds a secret; the API key and the guest order token are middleware.
 * The companion extension's endpoints (`holidayReady`, typed from its own OpenAPI document) go
 * through the same fetch and middleware. With inventory.ts, the only importer of generated/.
 */
import { timeoutSignal } from '../safety/timeout.ts';
import { redactor } from '../safety/redact.ts';
import type { RequestGuard } from '../safety/guard.ts';
import createClient, { type Middleware } from 'openapi-fetch';
import { setTimeout as sleep } from 'node:timers/promises';
import { clockSigner } from './clock.ts';
import type { paths, components } from '../../generated/solidus-api.ts';
import type { paths as HolidayReadyPaths } from '../../generated/holiday-ready-inventory.ts';

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
   * (src/safety/guard.ts) hooks in here; its `observe` sees every answer.
   */
  guard?: RequestGuard;
  /**
   * The moment every request is answered at, by the store's signed clock (src/solidus/clock.ts),
   * signed afresh on every attempt. Only with a staging guard: refused (throws) otherwise.
   */
  clock?: { at: string; secret: string };
}

/** The store answered with an HTTP error the caller did not expect. */
export class SolidusError extends Error {
  readonly code = 'store-error';
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
  readonly code = 'store-unreachable';
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
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const msg = b.error ?? b.exception ?? b.message;
  return typeof msg === 'string' ? `: ${msg}` : '';
}

const ORDER_PATH = /\/api\/(?:orders|checkouts)\/([A-Za-z0-9]+)(?:\/|$|\?)/;
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export type SolidusClient = ReturnType<typeof createSolidusClient>;

export function createSolidusClient(opts: SolidusClientOptions) {
  const { timeoutMs = 15_000, retries = 2, backoffMs = 250, maxRetryAfterMs = 10_000 } = opts;
  const rawFetch = opts.fetch ?? globalThis.fetch;
  const log: RequestLogEntry[] = [];
  /** Guest order tokens by order number, learned from POST /orders responses. */
  const orderTokens = new Map<string, string>();
  let inFlight = 0;
  let idleWaiters: (() => void)[] = [];
  // The clock goes to a staging store only, and only to its origin (clockSigner refuses the rest).
  const sign = opts.clock ? clockSigner({ kind: opts.guard?.policy.kind, origin: opts.baseUrl, ...opts.clock }) : undefined;

  // Paths keep their shape in the log: …/coupon_codes/***.
  const mask = redactor(opts.secrets ?? [], { as: '***' });

  /** One attempt on the wire, counted while in flight (a run that stops waits for them); the guard sees its answer. */
  const send = async (request: Request): Promise<Response> => {
    inFlight++;
    try {
      const response = await rawFetch(request);
      if (opts.guard) await opts.guard.observe(request, response.clone());
      return response;
    } finally {
      if (--inFlight === 0) {
        const waiters = idleWaiters;
        idleWaiters = [];
        waiters.forEach((w) => w());
      }
    }
  };

  /**
   * The client's fetch: every attempt, first or retry, passes the guard, has its own timeout and
   * is logged; retryable failures are sent again after a backoff (or the store's Retry-After). What
   * comes back is a usable answer, a SolidusError (an unusable body), a StoreUnreachableError, the
   * guard's refusal, or (a bug, not the network) the error as fetch threw it.
   */
  const storeFetch = async (request: Request): Promise<Response> => {
    const { method } = request;
    const url = new URL(request.url);
    const path = mask(url.pathname + url.search);
    const repeatable = safeToRepeat(method, request.url);
    const record = (attempt: number, started: number, status: RequestLogEntry['status'], error?: string) => {
      const entry: RequestLogEntry = { method, path, status, ms: Math.round(performance.now() - started), attempt, ...(error && { error: mask(error) }) };
      log.push(entry);
      opts.onLog?.(entry);
    };
    for (let attempt = 1; ; attempt++) {
      const started = performance.now();
      const once = new Request(request.clone(), { signal: timeoutSignal(timeoutMs, request.signal) });
      try {
        await opts.guard?.(once);
      } catch (error) {
        // Refused before it left: never retried, never "unreachable".
        record(attempt, performance.now(), 'refused', messageOf(error));
        throw error;
      }
      // Signed afresh on every attempt: a retry after a backoff is still within the signature's validity.
      if (sign) for (const [name, value] of Object.entries(sign(once.url) ?? {})) once.headers.set(name, value);
      let answer: ReadResult;
      try {
        answer = await readBody(await send(once));
      } catch (error) {
        record(attempt, started, timedOut(error) ? 'timeout' : 'error', messageOf(error));
        if (!isNetworkError(error)) throw error;
        const wait = backoff(backoffMs, attempt + 1);
        // A refused connection reached nothing: safe to send again whatever the method.
        const again = repeatable || causeCode(error) === 'ECONNREFUSED';
        if (attempt > retries || !again || wait > maxRetryAfterMs) {
          throw new StoreUnreachableError(opts.baseUrl, timedOut(error) ? 'timed out' : messageOf(error), timedOut(error));
        }
        await sleep(wait);
        continue;
      }
      record(attempt, started, answer.status, answer.bad);
      const wait = retryAfter(answer.response) ?? backoff(backoffMs, attempt + 1);
      if (attempt > retries || !retryable(repeatable, answer) || wait > maxRetryAfterMs) {
        // A cut or non-JSON answer to a request that worked: a typed error, never a parse crash.
        if (answer.bad) throw new SolidusError(method, path, answer.status, { error: `the store's answer was ${answer.bad}` });
        return answer.response;
      }
      await answer.response.body?.cancel().catch(() => undefined);
      await sleep(wait);
    }
  };

  const middleware: Middleware = {
    onRequest({ request }) {
      const number = ORDER_PATH.exec(new URL(request.url).pathname + '/')?.[1];
      const token = number ? orderTokens.get(number) : undefined;
      // A guest order is driven by its token alone, like a customer's browser.
      if (token) request.headers.set('X-Spree-Order-Token', token);
      else if (opts.apiKey) request.headers.set('Authorization', `Bearer ${opts.apiKey}`);
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
  const clientOptions = { baseUrl: opts.baseUrl.replace(/\/+$/, '') + '/api', fetch: storeFetch as typeof globalThis.fetch };
  const client = createClient<paths>(clientOptions);
  // The extension's routes sit beside Solidus's API (extension/config/routes.rb).
  const holidayReady = createClient<HolidayReadyPaths>(clientOptions);
  for (const c of [client, holidayReady]) c.use(middleware);

  return Object.assign(client, {
    /** The solidus_holiday_ready extension's endpoints (extension/openapi/), through the same fetch, guard, log and key. */
    holidayReady,
    /** Every attempt so far (safe to write to disk: no headers, no keys, secret codes masked). */
    requestLog: log,
    orderToken: (number: string) => orderTokens.get(number),
    forgetOrder: (number: string) => orderTokens.delete(number),
    baseUrl: opts.baseUrl,
    /** Resolves when no request of this client is in flight. */
    idle: (): Promise<void> => (inFlight === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve))),
  });
}

/**
 * Whether sending the request again cannot do the work twice. GET, PUT and DELETE are, except the
 * checkout steps: `PUT /checkouts/{n}/next` and `PATCH|PUT /checkouts/{n}` move the order one step
 * each time (and Solidus's checkout state machine does not run in a transaction), so a second one
 * could take the order past the step the dry-run stops at.
 */
export function safeToRepeat(method: string, url: string): boolean {
  return IDEMPOTENT.has(method) && URL.canParse(url) && !/\/api\/checkouts\//.test(new URL(url).pathname.toLowerCase());
}

/**
 * 429 and 503 mean the store did not process the request: safe to send again whatever the method.
 * Other 5xx may have done the work, so only repeatable requests are sent again (a repeated POST could
 * leave a second order or add an item twice). An answer cut short or not JSON is read again only
 * for repeatable requests, for the same reason.
 */
function retryable(repeatable: boolean, r: ReadResult): boolean {
  return r.status === 429 || r.status === 503 || (repeatable && (!!r.bad || r.status >= 500));
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
  try {
    if (text.trim() !== '') JSON.parse(text);
  } catch {
    const type = response.headers.get('content-type') ?? 'no content type';
    return { response: rebuilt, status, bad: /json/i.test(type) ? 'cut short or not valid JSON' : `not JSON (${type.split(';')[0]})` };
  }
  return { response: rebuilt, status };
}

const timedOut = (error: unknown) => ['TimeoutError', 'AbortError'].includes((error as { name?: string })?.name ?? '');

/** What fetch throws when the network fails: undici's TypeError (with a cause), timeouts and aborts. */
const isNetworkError = (error: unknown) => error instanceof TypeError || timedOut(error) || !!causeCode(error);

/** A system error's code (ECONNREFUSED, UND_ERR_SOCKET), never one of our errors' kebab-case codes. */
function causeCode(error: unknown): string | undefined {
  const code = (error as { cause?: { code?: unknown } })?.cause?.code ?? (error as { code?: unknown })?.code;
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(code) ? code : undefined;
}

function messageOf(error: unknown): string {
  const msg = error instanceof Error ? error.message : String(error);
  const code = causeCode(error);
  return code ? `${code} (${msg})` : msg;
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

/**
 * The one Solidus API client: openapi-fetch over the generated types, with cross-cutting concerns
 * as middleware (API key, guest order token, timeouts, retries with backoff, a request log that
 * never holds a secret). This module is the only importer of generated/.
 */
import createClient, { type Middleware } from 'openapi-fetch';
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
  status: number | 'error' | 'timeout';
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
  /** Called before each request leaves; the safety guard hooks in here. */
  guard?: (request: Request) => void;
}

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
  constructor(readonly url: string, readonly reason: string) {
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

  const client = createClient<paths>({ baseUrl: apiBase, fetch: opts.fetch ?? globalThis.fetch });

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
      opts.guard?.(request);
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
  const pending = new Map<string, { request: Request; started: number }>();
  const transport: Middleware = {
    onRequest({ request, id }) {
      pending.set(id, { request: request.clone(), started: performance.now() });
      return withTimeout(request, timeoutMs);
    },
    async onResponse({ request, response, id, options }) {
      const state = pending.get(id)!;
      const path = mask(pathOf(request.url));
      record({ method: request.method, path, status: response.status, ms: ms(state.started), attempt: 1 });
      let current = response;
      for (let attempt = 2; attempt <= retries + 1 && retryableStatus(request.method, current.status); attempt++) {
        const wait = retryAfter(current) ?? backoff(backoffMs, attempt);
        if (wait > maxRetryAfterMs) break;
        await current.body?.cancel().catch(() => undefined);
        await sleep(wait);
        const started = performance.now();
        try {
          current = await options.fetch(withTimeout(state.request.clone(), timeoutMs));
          record({ method: request.method, path, status: current.status, ms: ms(started), attempt });
        } catch (error) {
          record({ method: request.method, path, status: kindOf(error), ms: ms(started), attempt, error: messageOf(error) });
          if (!retryableError(request.method, error) || attempt === retries + 1) {
            pending.delete(id);
            throw unreachable(opts.baseUrl, error);
          }
        }
      }
      pending.delete(id);
      return current;
    },
    async onError({ request, error, id, options }) {
      const state = pending.get(id);
      const path = mask(pathOf(request.url));
      record({ method: request.method, path, status: kindOf(error), ms: state ? ms(state.started) : 0, attempt: 1, error: messageOf(error) });
      let last = error;
      for (let attempt = 2; state && attempt <= retries + 1 && retryableError(request.method, last); attempt++) {
        await sleep(backoff(backoffMs, attempt));
        const started = performance.now();
        try {
          const response = await options.fetch(withTimeout(state.request.clone(), timeoutMs));
          record({ method: request.method, path, status: response.status, ms: ms(started), attempt });
          pending.delete(id);
          return response;
        } catch (e) {
          last = e;
          record({ method: request.method, path, status: kindOf(e), ms: ms(started), attempt, error: messageOf(e) });
        }
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
  });
}

function withTimeout(request: Request, timeoutMs: number): Request {
  const signal = AbortSignal.any([request.signal, AbortSignal.timeout(timeoutMs)]);
  return new Request(request, { signal });
}

function pathOf(url: string): string {
  const u = new URL(url);
  return u.pathname + u.search;
}

function ms(started: number): number {
  return Math.round(performance.now() - started);
}

/**
 * 429 and 503 mean the store did not process the request: safe to send again whatever the method.
 * Other 5xx may have done the work, so only idempotent requests are repeated (a repeated POST could
 * leave a second order or add an item twice).
 */
function retryableStatus(method: string, status: number): boolean {
  if (status === 429 || status === 503) return true;
  return status >= 500 && IDEMPOTENT.has(method);
}

function retryableError(method: string, error: unknown): boolean {
  const code = causeCode(error);
  if (code === 'ECONNREFUSED') return true; // nothing reached the store
  return IDEMPOTENT.has(method);
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
  const msg = error instanceof Error ? error.message : String(error);
  return code ? `${code} (${msg})` : msg;
}

function unreachable(url: string, error: unknown): StoreUnreachableError {
  return new StoreUnreachableError(url, kindOf(error) === 'timeout' ? 'timed out' : messageOf(error));
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

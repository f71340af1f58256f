/**
 * A fault-injecting HTTP proxy on loopback, for tests: put it between the harness and the sandbox
 * store and it adds latency, 5xx answers, 429 with Retry-After, connection resets, bodies cut short
 * and bodies that are not JSON (or, by rule, a body of the test's choosing), by rule or at random
 * with a seed. Every fault is bounded (a count
 * per rule or in total; latency capped), and every request is logged, so a test can tell what the
 * harness sent (e.g. "no POST reached the store") and how often it tried.
 *
 *   const proxy = await startFaultProxy({ target: 'http://127.0.0.1:3000', rules: [
 *     { method: 'POST', path: /\/api\/orders$/, fault: 'rate-limit', retryAfter: 1 },
 *     { method: 'GET', path: /\/api\/variants/, fault: 'reset' },
 *   ] });
 *   // site url: proxy.url
 *   await proxy.close();
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type FaultKind = 'latency' | 'status' | 'rate-limit' | 'reset' | 'truncate' | 'non-json' | 'replace';

export interface FaultRule {
  /** HTTP method to match (any when absent). */
  method?: string;
  /** Path (with query) to match (any when absent). */
  path?: RegExp;
  fault: FaultKind;
  /**
   * 'before': the store never sees the request. 'after': the store does the work, then its answer
   * is lost or damaged. Default: 'before' for status, rate-limit and reset; 'after' for truncate
   * and non-json; latency is added before forwarding.
   */
  when?: 'before' | 'after';
  /** For 'status' (default 500) and 'non-json' (default: the store's own status). */
  status?: number;
  /** For 'rate-limit': the Retry-After header, in seconds (default 1). */
  retryAfter?: number;
  /** For 'latency' (default 500), capped by the proxy's maxLatencyMs. */
  latencyMs?: number;
  /** For 'truncate': 'clean' ends the body early with a matching Content-Length (a valid but cut
   * answer); 'abort' promises the full length and drops the connection halfway. Default 'clean'. */
  cut?: 'clean' | 'abort';
  /** For 'replace': the JSON body sent instead of the store's (after it did the work). */
  body?: unknown;
  /** Let this many matching requests through first. */
  skip?: number;
  /** Then apply to this many (default 1; Infinity for every one). */
  times?: number;
}

export interface RandomFaults {
  seed: number;
  /** Chance that a request gets a fault, 0..1. */
  rate: number;
  /** At most this many faults in all. */
  max: number;
  /** Which faults to draw from (default: all but latency-only). */
  kinds?: FaultKind[];
  /** Only requests matching these. */
  method?: string;
  path?: RegExp;
}

export interface FaultProxyOptions {
  /** The store, e.g. http://127.0.0.1:3000. */
  target: string;
  rules?: FaultRule[];
  random?: RandomFaults;
  /** Cap on any injected latency (default 5000 ms). */
  maxLatencyMs?: number;
}

export interface ProxyLogEntry {
  method: string;
  /** Path and query as received. */
  path: string;
  /** The fault injected, e.g. 'reset/before', 'status 500/after'. */
  fault?: string;
  /** Status the client was sent, or 'reset'. */
  status: number | 'reset';
  /** Status the store answered, when the request reached it. */
  upstream?: number;
  /** When the request arrived (Date.now()). */
  at: number;
  ms: number;
}

export interface FaultProxy {
  url: string;
  port: number;
  log: ProxyLogEntry[];
  /** How many faults were injected so far. */
  readonly injected: number;
  /** Replace the rules (counts start again). */
  setRules(rules: FaultRule[]): void;
  /** Resolves when no request is being handled (those forwarded after a client went away included). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** Small, fast, seedable PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host', 'proxy-connection', 'upgrade']);

export async function startFaultProxy(opts: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(opts.target);
  const maxLatency = opts.maxLatencyMs ?? 5000;
  const log: ProxyLogEntry[] = [];
  let rules = (opts.rules ?? []).map((r) => ({ rule: r, seen: 0, applied: 0 }));
  const random = opts.random;
  const draw = random ? prng(random.seed) : undefined;
  let injected = 0;
  let active = 0;
  let waiters: (() => void)[] = [];
  const done = () => {
    if (--active === 0) {
      const w = waiters;
      waiters = [];
      w.forEach((f) => f());
    }
  };

  const pick = (method: string, path: string): FaultRule | undefined => {
    for (const r of rules) {
      if (r.rule.method && r.rule.method.toUpperCase() !== method) continue;
      if (r.rule.path && !r.rule.path.test(path)) continue;
      r.seen++;
      if (r.seen <= (r.rule.skip ?? 0)) continue;
      if (r.applied >= (r.rule.times ?? 1)) continue;
      r.applied++;
      return r.rule;
    }
    if (random && draw && injected < random.max) {
      if (random.method && random.method.toUpperCase() !== method) return undefined;
      if (random.path && !random.path.test(path)) return undefined;
      const roll = draw();
      const which = draw();
      if (roll >= random.rate) return undefined;
      const kinds = random.kinds ?? (['status', 'rate-limit', 'reset', 'truncate', 'non-json', 'latency'] as FaultKind[]);
      const fault = kinds[Math.floor(which * kinds.length)];
      const when = draw() < 0.5 ? 'before' : 'after';
      return { fault, when: fault === 'rate-limit' ? 'before' : when, latencyMs: 300, retryAfter: 1 };
    }
    return undefined;
  };

  const server = http.createServer((req, res) => {
    active++;
    const started = performance.now();
    const at = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const path = req.url ?? '/';
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void handle(Buffer.concat(chunks)).catch(() => undefined).finally(done));

    const entry = (e: Omit<ProxyLogEntry, 'method' | 'path' | 'ms' | 'at'>) => log.push({ method, path, at, ms: Math.round(performance.now() - started), ...e });
    const reset = (fault: string, upstream?: number) => {
      entry({ fault, status: 'reset', ...(upstream !== undefined && { upstream }) });
      req.socket.destroy();
    };

    async function handle(body: Buffer) {
      const rule = pick(method, path);
      const kind = rule?.fault;
      const when = rule?.when ?? (kind === 'truncate' || kind === 'non-json' || kind === 'replace' ? 'after' : 'before');
      const label = rule ? `${kind}${kind === 'status' ? ` ${rule.status ?? 500}` : ''}/${kind === 'latency' ? 'before' : when}` : undefined;
      if (rule && kind !== 'latency') injected++;

      if (kind === 'latency') {
        injected++;
        await sleep(Math.min(rule!.latencyMs ?? 500, maxLatency));
      }
      if (rule && when === 'before') {
        if (kind === 'reset') return reset(label!);
        if (kind === 'status' || kind === 'rate-limit') {
          const status = kind === 'rate-limit' ? 429 : (rule.status ?? 500);
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          if (kind === 'rate-limit') headers['retry-after'] = String(rule.retryAfter ?? 1);
          res.writeHead(status, headers).end(JSON.stringify({ error: `injected ${status}` }));
          return entry({ fault: label, status });
        }
        if (kind === 'non-json') {
          const status = rule.status ?? 502;
          res.writeHead(status, { 'content-type': 'text/html' }).end('<html><body><h1>502 Bad Gateway</h1></body></html>');
          return entry({ fault: label, status });
        }
      }

      const upstream = await forward(body).catch(() => undefined);
      if (!upstream) return reset(`${label ?? 'upstream'}: the store did not answer`);
      const { status, headers, payload } = upstream;
      if (rule && when === 'after' && kind !== 'latency') {
        if (kind === 'reset') return reset(label!, status);
        if (kind === 'status') {
          res.writeHead(rule.status ?? 500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'injected' }));
          return entry({ fault: label, status: rule.status ?? 500, upstream: status });
        }
        if (kind === 'rate-limit') {
          res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(rule.retryAfter ?? 1) }).end('{}');
          return entry({ fault: label, status: 429, upstream: status });
        }
        if (kind === 'replace') {
          const s = rule.status ?? status;
          res.writeHead(s, { 'content-type': 'application/json' }).end(JSON.stringify(rule.body ?? {}));
          return entry({ fault: label, status: s, upstream: status });
        }
        if (kind === 'non-json') {
          const s = rule.status ?? status;
          res.writeHead(s, { 'content-type': 'text/html' }).end('<html><body>Service temporarily unavailable</body></html>');
          return entry({ fault: label, status: s, upstream: status });
        }
        if (kind === 'truncate') {
          const half = payload.subarray(0, Math.max(1, Math.floor(payload.length / 2)));
          if ((rule.cut ?? 'clean') === 'clean') {
            res.writeHead(status, { ...headers, 'content-length': String(half.length) }).end(half);
            return entry({ fault: `${label} clean`, status, upstream: status });
          }
          res.writeHead(status, { ...headers, 'content-length': String(payload.length) });
          res.write(half, () => setTimeout(() => req.socket.destroy(), 10));
          return entry({ fault: `${label} abort`, status, upstream: status });
        }
      }
      res.writeHead(status, { ...headers, 'content-length': String(payload.length) }).end(payload);
      entry({ ...(label && { fault: label }), status, upstream: status });
    }

    function forward(body: Buffer): Promise<{ status: number; headers: Record<string, string | string[]>; payload: Buffer }> {
      return new Promise((resolve, reject) => {
        const headers: Record<string, string | string[]> = {};
        for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !HOP.has(k)) headers[k] = v;
        headers.host = target.host;
        if (body.length) headers['content-length'] = String(body.length);
        const up = http.request(
          { hostname: target.hostname, port: target.port || 80, method, path, headers, timeout: 60_000 },
          (ures) => {
            const parts: Buffer[] = [];
            ures.on('data', (c: Buffer) => parts.push(c));
            ures.on('end', () => {
              const out: Record<string, string | string[]> = {};
              for (const [k, v] of Object.entries(ures.headers)) if (v !== undefined && !HOP.has(k)) out[k] = v;
              resolve({ status: ures.statusCode ?? 502, headers: out, payload: Buffer.concat(parts) });
            });
            ures.on('error', reject);
          },
        );
        up.on('error', reject);
        up.on('timeout', () => up.destroy(new Error('upstream timeout')));
        up.end(body);
      });
    }
  });
  server.keepAliveTimeout = 5000;

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    log,
    get injected() {
      return injected;
    },
    setRules(next) {
      rules = next.map((r) => ({ rule: r, seen: 0, applied: 0 }));
    },
    idle: () => (active === 0 ? Promise.resolve() : new Promise<void>((r) => waiters.push(r))),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSolidusClient, SolidusError, StoreUnreachableError } from '../../src/solidus/client.ts';

setFlagsFromString('--expose-gc');

type Handler = (req: Request, n: number) => Response | Promise<Response>;

/** A fetch that answers from a script and remembers what it was sent. */
function fakeFetch(handler: Handler) {
  const seen: { method: string; url: string; headers: Record<string, string>; body: string }[] = [];
  const fetch = async (input: Request | string | URL, init?: RequestInit) => {
    const req = input instanceof Request ? input : new Request(input, init);
    seen.push({ method: req.method, url: req.url, headers: Object.fromEntries(req.headers), body: await req.clone().text() });
    return handler(req, seen.length);
  };
  return { fetch: fetch as typeof globalThis.fetch, seen };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

test('the API key goes in an Authorization header and never into the request log', async () => {
  const { fetch, seen } = fakeFetch(() => json({ products: [] }));
  const client = createSolidusClient({ baseUrl: 'http://store.test', apiKey: 'sekret-key-123', fetch });
  await client.GET('/products');
  assert.equal(seen[0].headers.authorization, 'Bearer sekret-key-123');
  assert.equal(JSON.stringify(client.requestLog).includes('sekret-key-123'), false);
  assert.deepEqual(client.requestLog.map((e) => [e.method, e.path, e.status]), [['GET', '/api/products', 200]]);
});

test('a guest order is driven by its token, learned from the order the store created', async () => {
  const { fetch, seen } = fakeFetch((req) =>
    req.method === 'POST' ? json({ number: 'R123', token: 'tok-abc' }, 201) : json({ number: 'R123' }));
  const client = createSolidusClient({ baseUrl: 'http://store.test', apiKey: 'k', fetch });
  await client.POST('/orders', { body: { order: { email: 'a@holiday-ready.invalid' } } });
  await client.GET('/orders/{number}', { params: { path: { number: 'R123' } } });
  assert.equal(seen[1].headers['x-spree-order-token'], 'tok-abc');
  assert.equal(seen[1].headers.authorization, undefined, 'the guest flow does not borrow the admin key');
});

test('a 503 with Retry-After is retried after the time the store asked for', async () => {
  const { fetch, seen } = fakeFetch((_req, n) => (n === 1 ? json({}, 503, { 'retry-after': '0' }) : json({ products: [] })));
  const client = createSolidusClient({ baseUrl: 'http://store.test', fetch, backoffMs: 1 });
  const res = await client.GET('/products');
  assert.equal(res.response.status, 200);
  assert.equal(seen.length, 2);
  assert.deepEqual(client.requestLog.map((e) => [e.status, e.attempt]), [[503, 1], [200, 2]]);
});

test('a 429 on a POST is retried, since the store did not process it', async () => {
  const { fetch, seen } = fakeFetch((_req, n) => (n === 1 ? json({}, 429, { 'retry-after': '0' }) : json({ number: 'R1', token: 't' }, 201)));
  const client = createSolidusClient({ baseUrl: 'http://store.test', fetch, backoffMs: 1 });
  const res = await client.POST('/orders', { body: { order: { email: 'a@b.c' } } });
  assert.equal(res.response.status, 201);
  assert.equal(seen.length, 2);
  assert.equal(seen[1].body, seen[0].body, 'the same body is sent again');
});

test('a 500 on a POST is not repeated: it may have created an order', async () => {
  const { fetch, seen } = fakeFetch(() => json({ error: 'boom' }, 500));
  const client = createSolidusClient({ baseUrl: 'http://store.test', fetch, backoffMs: 1 });
  const res = await client.POST('/orders', { body: { order: { email: 'a@b.c' } } });
  assert.equal(res.response.status, 500);
  assert.equal(seen.length, 1);
});

test('a 500 on a GET is retried with backoff up to the limit', async () => {
  const { fetch, seen } = fakeFetch(() => json({ error: 'boom' }, 500));
  const client = createSolidusClient({ baseUrl: 'http://store.test', fetch, retries: 2, backoffMs: 1 });
  const res = await client.GET('/products');
  assert.equal(res.response.status, 500);
  assert.equal(seen.length, 3);
});

test('a Retry-After longer than the limit is not waited for', async () => {
  const { fetch, seen } = fakeFetch(() => json({}, 503, { 'retry-after': '3600' }));
  const client = createSolidusClient({ baseUrl: 'http://store.test', fetch, maxRetryAfterMs: 1000 });
  const res = await client.GET('/products');
  assert.equal(res.response.status, 503);
  assert.equal(seen.length, 1);
});

test('a refused connection becomes StoreUnreachableError after the retries', async () => {
  const { fetch, seen } = fakeFetch(() => {
    throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
  });
  const client = createSolidusClient({ baseUrl: 'http://store.test', fetch, retries: 2, backoffMs: 1 });
  await assert.rejects(client.GET('/products'), (e: unknown) => e instanceof StoreUnreachableError && e.code === 'store-unreachable' && /ECONNREFUSED/.test(e.message));
  assert.equal(seen.length, 3);
});

test('an HTML page where JSON was expected is a typed error: read again for a GET, never for a POST', async () => {
  const html = () => new Response('<html>maintenance</html>', { status: 200, headers: { 'content-type': 'text/html' } });
  const { fetch, seen } = fakeFetch((_req, n) => (n === 1 ? html() : json({ products: [] })));
  const client = createSolidusClient({ baseUrl: 'http://store.test', fetch, backoffMs: 1 });
  assert.equal((await client.GET('/products')).response.status, 200);
  const post = fakeFetch(html);
  const poster = createSolidusClient({ baseUrl: 'http://store.test', fetch: post.fetch, backoffMs: 1 });
  await assert.rejects(poster.POST('/orders', { body: { order: { email: 'a@b.c' } } }), (e: unknown) =>
    e instanceof SolidusError && e.code === 'store-error' && /POST \/api\/orders answered 200: the store's answer was not JSON \(text\/html\)/.test(e.message));
  assert.deepEqual([seen.length, post.seen.length], [2, 1]);
});

test('a request that outlives its timeout is abandoned and reported as a timeout', async () => {
  const fetch = ((input: Request) =>
    new Promise((_resolve, reject) => input.signal.addEventListener('abort', () => reject(input.signal.reason)))) as typeof globalThis.fetch;
  const client = createSolidusClient({ baseUrl: 'http://store.test', fetch, timeoutMs: 20, retries: 1, backoffMs: 1 });
  // AbortSignal.timeout's timer does not hold the event loop open; a real socket would.
  const keepAlive = setInterval(() => undefined, 1000);
  await assert.rejects(client.GET('/products'), /timed out/).finally(() => clearInterval(keepAlive));
  assert.deepEqual(client.requestLog.map((e) => e.status), ['timeout', 'timeout']);
});

test('the timeout still fires when the garbage collector runs while the request waits', async () => {
  // Node 20's AbortSignal.any() holds its sources weakly, and AbortSignal.timeout()'s timer holds
  // its signal weakly too: a collection during the wait used to take the timeout away, and the
  // request waited for the store however long it took (nodejs/node#57736). Seen in CI as a lookup
  // with 4 s of injected latency answering 200 through a 2.5 s timeout; with a collection every
  // 10 ms, every request hung. A real fetch to a loopback server that never answers.
  const gc = runInNewContext('gc') as () => void;
  const server = http.createServer(() => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const collect = setInterval(gc, 10);
  try {
    for (let i = 0; i < 3; i++) {
      const client = createSolidusClient({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 300, retries: 0 });
      const hung = new Promise((_resolve, reject) => setTimeout(() => reject(new Error('still waiting after 3 s: the timeout never fired')), 3000).unref());
      await assert.rejects(Promise.race([client.GET('/products'), hung]), /timed out/);
      assert.deepEqual(client.requestLog.map((e) => e.status), ['timeout']);
    }
  } finally {
    clearInterval(collect);
    server.closeAllConnections();
    server.close();
  }
});

test('secret codes are masked in the logged paths', async () => {
  const { fetch } = fakeFetch(() => json({ success: 'ok', successful: true }));
  const client = createSolidusClient({ baseUrl: 'http://store.test', fetch, secrets: ['VIPONLY'] });
  await client.DELETE('/orders/{order_number}/coupon_codes/{id}', { params: { path: { order_number: 'R1', id: 'VIPONLY' } } });
  assert.equal(client.requestLog[0].path, '/api/orders/R1/coupon_codes/***');
});

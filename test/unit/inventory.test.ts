import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSolidusClient, SolidusError } from '../../src/solidus/client.ts';
import { readInventory, type InventoryPage, type InventoryPromotion } from '../../src/solidus/inventory.ts';
import { guardFor, GuardError } from '../../src/safety/guard.ts';

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

function promotion(id: number): InventoryPromotion {
  return {
    id,
    name: `Promotion ${id}`,
    description: null,
    apply_automatically: false,
    advertise: false,
    path: null,
    codes: { count: 1, values: [{ value: `code${id}`, uses: 0 }], truncated: false },
    starts_at: '2026-11-27T00:00:00-05:00',
    expires_at: null,
    time_zone: 'America/New_York',
    usage_limit: null,
    per_code_usage_limit: null,
    uses: 0,
    match_policy: 'all',
    category: null,
    rules: [{ type: 'Spree::Promotion::Rules::ItemTotal', settings: { amount: '85.0', operator: 'gte', currency: 'USD' } }],
    actions: [{ type: 'Spree::Promotion::Actions::FreeShipping', settings: {}, calculator: null }],
    created_at: null,
    updated_at: null,
  };
}

/**
 * A store with the extension: pages its promotions by id as the extension does, and remembers what
 * it was asked. `ids` may change between requests (a promotion created or deleted while reading).
 */
function fakeStore(initial: number[], answer?: (url: URL, n: number) => Response | undefined) {
  const store = { ids: [...initial], seen: [] as { url: URL; authorization: string | null }[] };
  const fetch = async (input: Request | string | URL, init?: RequestInit) => {
    const req = input instanceof Request ? input : new Request(input, init);
    const url = new URL(req.url);
    store.seen.push({ url, authorization: req.headers.get('authorization') });
    const scripted = answer?.(url, store.seen.length);
    if (scripted) return scripted;
    const page = Number(url.searchParams.get('page') ?? 1);
    const perPage = Number(url.searchParams.get('per_page') ?? 100);
    const ids = [...store.ids].sort((a, b) => a - b);
    const body: InventoryPage = {
      schema_version: 1,
      extension_version: '0.1.0',
      engine: 'legacy',
      store: { name: 'Acme Outfitters', code: 'acme', url: '127.0.0.1:3000', currency: 'USD', time_zone: 'America/New_York' },
      promotions: ids.slice((page - 1) * perPage, page * perPage).map(promotion),
      pagination: {
        page, per_page: perPage, total_count: ids.length, total_pages: Math.ceil(ids.length / perPage),
        snapshot: `${ids.length}-${ids.reduce((a, b) => a + b, 0)}`,
      },
    };
    return json(body);
  };
  return { store, client: createSolidusClient({ baseUrl: 'http://store.test', apiKey: 'admin-key', fetch: fetch as typeof globalThis.fetch, backoffMs: 1 }) };
}

const pagesAsked = (seen: { url: URL }[]) => seen.map(({ url }) => `${url.pathname}?${url.searchParams}`);

test('reads every page in order and returns one document with the store and every promotion', async () => {
  const { store, client } = fakeStore([1, 2, 3, 4, 5]);
  const result = await readInventory(client, { perPage: 2 });
  assert.equal(result.status, 'read');
  assert.ok(result.status === 'read');
  assert.deepEqual(result.inventory.promotions.map((p) => p.id), [1, 2, 3, 4, 5]);
  assert.equal(result.inventory.engine, 'legacy');
  assert.deepEqual(result.inventory.store, { name: 'Acme Outfitters', code: 'acme', url: '127.0.0.1:3000', currency: 'USD', time_zone: 'America/New_York' });
  assert.equal(result.inventory.pages, 3);
  assert.equal('pagination' in result.inventory, false);
  assert.deepEqual(pagesAsked(store.seen), [
    '/api/holiday_ready/inventory?page=1&per_page=2',
    '/api/holiday_ready/inventory?page=2&per_page=2',
    '/api/holiday_ready/inventory?page=3&per_page=2',
  ]);
});

test('sends the admin key as a Bearer token, like the Solidus API, and logs the pages without it', async () => {
  const { store, client } = fakeStore([1]);
  await readInventory(client);
  assert.deepEqual(store.seen.map((s) => s.authorization), ['Bearer admin-key']);
  assert.deepEqual(client.requestLog.map((e) => [e.method, e.path, e.status]), [['GET', '/api/holiday_ready/inventory?page=1&per_page=100', 200]]);
  assert.equal(JSON.stringify(client.requestLog).includes('admin-key'), false);
});

test('asks once for a store without promotions', async () => {
  const { store, client } = fakeStore([]);
  const result = await readInventory(client);
  assert.ok(result.status === 'read');
  assert.deepEqual(result.inventory.promotions, []);
  assert.equal(store.seen.length, 1);
});

test('reads again from page 1 when a promotion is deleted between pages, and finds every promotion once', async () => {
  const { store, client } = fakeStore([1, 2, 3, 4, 5], (_url, n) => {
    if (n === 2) store.ids = [2, 3, 4, 5]; // deleted after page 1 was read: page 2 would skip promotion 3
    return undefined;
  });
  const result = await readInventory(client, { perPage: 2 });
  assert.ok(result.status === 'read');
  assert.deepEqual(result.inventory.promotions.map((p) => p.id), [2, 3, 4, 5]);
  assert.deepEqual(pagesAsked(store.seen).map((p) => p.replace(/.*\?/, '')), [
    'page=1&per_page=2', 'page=2&per_page=2',
    'page=1&per_page=2', 'page=2&per_page=2',
  ]);
});

test('reads again when one promotion is deleted and another created between pages: the count alone would not tell', async () => {
  const { store, client } = fakeStore([1, 2, 3, 4, 5], (_url, n) => {
    if (n === 2) store.ids = [2, 3, 4, 5, 6]; // same count; page 2 would now start at 4 and skip 3
    return undefined;
  });
  const result = await readInventory(client, { perPage: 2 });
  assert.ok(result.status === 'read');
  assert.deepEqual(result.inventory.promotions.map((p) => p.id), [2, 3, 4, 5, 6]);
  assert.equal(store.seen.length, 5);
});

test('gives up with a SolidusError when the promotions keep changing while they are read', async () => {
  let next = 10;
  const churning = fakeStore([1, 2, 3, 4, 5], (_url, n) => {
    // Every second request, the oldest promotion goes and a new one comes.
    if (n % 2 === 0) churning.store.ids = [...churning.store.ids.slice(1), next++];
    return undefined;
  });
  await assert.rejects(readInventory(churning.client, { perPage: 2 }), (error: unknown) => {
    assert.ok(error instanceof SolidusError);
    assert.match(error.message, /promotions changed while they were read .*also when read again/);
    return true;
  });
});

test('says the store does not have the extension when the endpoint is not there (404)', async () => {
  const { client } = fakeStore([1], () => new Response('<html>Not Found</html>', { status: 404, headers: { 'content-type': 'text/html' } }));
  const result = await readInventory(client);
  assert.equal(result.status, 'no-extension');
  assert.ok(result.status === 'no-extension');
  assert.match(result.message, /does not have the holiday-ready extension/);
});

test('says which engine the extension cannot read yet (501)', async () => {
  const { client } = fakeStore([1], () => json({ error: 'the inventory cannot read the solidus_promotions promotion engine yet', engine: 'solidus_promotions' }, 501));
  assert.deepEqual(await readInventory(client), {
    status: 'unsupported-engine',
    engine: 'solidus_promotions',
    message: 'the inventory cannot read the solidus_promotions promotion engine yet',
  });
});

test('throws a SolidusError with the status and the store\'s words for a refused key (401, 403)', async () => {
  for (const [status, error] of [[401, 'The API key is not valid.'], [403, "The promotion inventory is for admins only: this API key's user is not an admin."]] as const) {
    const { client } = fakeStore([1], () => json({ error }, status));
    await assert.rejects(readInventory(client), (e: unknown) => {
      assert.ok(e instanceof SolidusError);
      assert.equal(e.status, status);
      assert.equal(e.message, `GET /api/holiday_ready/inventory?page=1&per_page=100 answered ${status}: ${error}`);
      return true;
    });
  }
});

test('refuses a document of another schema version instead of misreading it', async () => {
  const { client } = fakeStore([1], () => json({ schema_version: 2, extension_version: '9.0.0' }));
  await assert.rejects(readInventory(client), /writes inventory schema 2; this harness reads schema 1/);
});

test('retries a page the store could not answer (503) with the client\'s own retrying fetch', async () => {
  const { store, client } = fakeStore([1, 2, 3], (url, n) => (url.searchParams.get('page') === '2' && n === 2 ? json({}, 503, { 'retry-after': '0' }) : undefined));
  const result = await readInventory(client, { perPage: 2 });
  assert.ok(result.status === 'read');
  assert.deepEqual(result.inventory.promotions.map((p) => p.id), [1, 2, 3]);
  assert.deepEqual(client.requestLog.map((e) => [e.status, e.attempt]), [[200, 1], [503, 1], [200, 2]]);
  assert.equal(store.seen.length, 3);
});

test('goes through the safety guard: a production client may read the inventory, a foreign origin is refused', async () => {
  const fetch = (async () => json({
    schema_version: 1, extension_version: '0.1.0', engine: 'legacy',
    store: { name: 'Acme', code: 'acme', url: 'x', currency: 'USD', time_zone: 'UTC' },
    promotions: [], pagination: { page: 1, per_page: 100, total_count: 0, total_pages: 0, snapshot: '0-0' },
  })) as typeof globalThis.fetch;
  const production = createSolidusClient({ baseUrl: 'http://store.test', apiKey: 'k', fetch, guard: guardFor('production', { origin: 'http://store.test' }) });
  assert.equal((await readInventory(production)).status, 'read');
  const elsewhere = createSolidusClient({ baseUrl: 'http://store.test', apiKey: 'k', fetch, guard: guardFor('production', { origin: 'http://other.test' }) });
  await assert.rejects(readInventory(elsewhere), GuardError);
});

/**
 * Contract tests of the extension's promotion inventory (extension/openapi/inventory.oas.yml): the
 * sandbox stores' real answers validated against the document the harness's types are generated
 * from, cross-checked with Solidus's own API, and read by readInventory through the guarded client.
 * Reads only (the one POST, PUT and DELETE are to a route that does not exist, on staging).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inventorySpec } from '../../src/solidus/openapi/build.ts';
import { createSolidusClient } from '../../src/solidus/client.ts';
import { readInventory, type InventoryPage, type InventoryPromotion } from '../../src/solidus/inventory.ts';
import { guardFor } from '../../src/safety/guard.ts';
import { ResponseValidator } from '../support/openapi-validator.ts';
import { sandbox } from '../support/sandbox.ts';

const documented = new ResponseValidator(inventorySpec(), 'inventory');
const PATH = '/holiday_ready/inventory';
const staging = sandbox('staging');

async function call(store: { url: string }, query = '', headers: Record<string, string> = {}, method = 'GET') {
  const res = await fetch(`${store.url}/api${PATH}${query}`, { method, headers: { Accept: 'application/json', ...headers } });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON (a 404 page): kept as text
  }
  return { status: res.status, headers: res.headers, body };
}

const admin = (store: { apiKey: string }) => ({ Authorization: `Bearer ${store.apiKey}` });

/** Every promotion of a store, read page by page with raw requests, each page validated against the document. */
async function allPromotions(store: { url: string; apiKey: string }, perPage: number): Promise<{ pages: InventoryPage[]; promotions: InventoryPromotion[] }> {
  const pages: InventoryPage[] = [];
  for (let page = 1; ; page++) {
    const res = await call(store, `?page=${page}&per_page=${perPage}`, admin(store));
    assert.equal(res.status, 200, `page ${page}`);
    assert.deepEqual(documented.validate(PATH, 'get', 200, res.body), [], `page ${page}`);
    pages.push(res.body as InventoryPage);
    if (page >= pages[0].pagination.total_pages) break;
  }
  return { pages, promotions: pages.flatMap((p) => p.promotions) };
}

const named = (promotions: InventoryPromotion[], name: string) => {
  const promotion = promotions.find((p) => p.name === name);
  assert.ok(promotion, `no promotion named ${name} in the inventory`);
  return promotion;
};

test('GET /holiday_ready/inventory without a key is a 401 with the documented error, and a Bearer challenge', async () => {
  const res = await call(staging);
  assert.equal(res.status, 401);
  assert.equal(res.headers.get('www-authenticate'), 'Bearer');
  assert.deepEqual(documented.validate(PATH, 'get', 401, res.body), []);
});

test('a key no user has is a 401 with the documented error', async () => {
  const unknown = await call(staging, '', { Authorization: 'Bearer not-a-key-of-this-store' });
  assert.equal(unknown.status, 401);
  assert.deepEqual(documented.validate(PATH, 'get', 401, unknown.body), []);
});

test('the admin key gets a page matching the document, never cached, with the store it describes', async () => {
  const res = await call(staging, '', admin(staging));
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  assert.deepEqual(documented.validate(PATH, 'get', 200, res.body), []);
  const page = res.body as InventoryPage;
  assert.equal(page.schema_version, 1);
  assert.equal(page.engine, 'legacy');
  assert.deepEqual(page.store, { name: 'Acme Outfitters', code: 'acme', url: '127.0.0.1:3000', currency: 'USD', time_zone: 'America/New_York' });
  assert.deepEqual({ page: page.pagination.page, per_page: page.pagination.per_page }, { page: 1, per_page: 100 });
  assert.ok(page.pagination.total_count >= 4);
});

test('describes the acme campaigns as they are built: exclusivity rule, thresholds with operator and currency, taxon, calculators', async () => {
  const { promotions } = await allPromotions(staging, 100);

  const blackFriday = named(promotions, 'Black Friday 50% off');
  assert.equal(blackFriday.apply_automatically, false);
  assert.deepEqual([blackFriday.codes.count, blackFriday.codes.truncated], [1, false]);
  assert.deepEqual(blackFriday.codes.values.map((c) => c.value), ['blackfriday50']);
  assert.equal(blackFriday.codes.values[0].uses, blackFriday.uses, 'its one code has all its uses');
  assert.match(blackFriday.starts_at ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[-+]\d\d:\d\d$/);
  assert.equal(blackFriday.time_zone, 'America/New_York');
  assert.equal(blackFriday.match_policy, 'all');
  assert.deepEqual(blackFriday.rules, [{ type: 'Spree::Promotion::Rules::SiteExclusive', settings: {} }]);
  assert.deepEqual(blackFriday.actions, [{
    type: 'Spree::Promotion::Actions::CreateItemAdjustments',
    settings: {},
    calculator: { type: 'Spree::Calculator::PercentOnLineItem', settings: { percent: '50.0' }, currency: null },
  }]);

  const freeShipping = named(promotions, 'Free Shipping on All Orders over $85');
  assert.equal(freeShipping.apply_automatically, true);
  assert.deepEqual(freeShipping.codes, { count: 0, values: [], truncated: false });
  assert.deepEqual(freeShipping.rules, [{ type: 'Spree::Promotion::Rules::ItemTotal', settings: { amount: '85.0', currency: 'USD', operator: 'gte' } }]);
  assert.deepEqual(freeShipping.actions, [{ type: 'Spree::Promotion::Actions::FreeShipping', settings: {}, calculator: null }]);

  const outerwear = named(promotions, 'Outerwear 20% off');
  assert.deepEqual(outerwear.rules, [{
    type: 'Spree::Promotion::Rules::Taxon',
    settings: { match_policy: 'any', taxons: [{ permalink: 'categories/outerwear', name: 'Outerwear' }] },
  }]);

  const take10 = named(promotions, '$10 off orders over $100');
  assert.deepEqual(take10.rules.map((r) => r.settings), [{ amount: '100.0', currency: 'USD', operator: 'gt' }]);
  assert.deepEqual(take10.actions.map((a) => a.calculator), [{ type: 'Spree::Calculator::FlatRate', settings: { amount: '10.0', currency: 'USD' }, currency: 'USD' }]);
});

test("agrees with Solidus's own API on every coded promotion's name, window and limits", async () => {
  const { promotions } = await allPromotions(staging, 100);
  const coded = promotions.filter((p) => p.codes.count > 0);
  assert.ok(coded.length >= 3);
  for (const promotion of coded) {
    const code = promotion.codes.values[0].value;
    const res = await fetch(`${staging.url}/api/promotions/${encodeURIComponent(code)}`, { headers: admin(staging) });
    assert.equal(res.status, 200, code);
    const solidus = (await res.json()) as { id: number; name: string; starts_at: string | null; expires_at: string | null; usage_limit: number | null };
    const instant = (t: string | null) => (t === null ? null : Date.parse(t));
    assert.deepEqual(
      [promotion.id, promotion.name, instant(promotion.starts_at), instant(promotion.expires_at), promotion.usage_limit],
      [solidus.id, solidus.name, instant(solidus.starts_at), instant(solidus.expires_at), solidus.usage_limit],
      code,
    );
  }
});

test('pages one promotion at a time in id order, every page with the same totals and snapshot; past the last page, none', async () => {
  const whole = await allPromotions(staging, 100);
  const single = await allPromotions(staging, 1);
  assert.deepEqual(single.promotions.map((p) => p.id), whole.promotions.map((p) => p.id));
  assert.deepEqual(whole.promotions.map((p) => p.id), [...whole.promotions.map((p) => p.id)].sort((a, b) => a - b));
  const total = whole.pages[0].pagination.total_count;
  assert.equal(single.pages.length, total);
  for (const [i, page] of single.pages.entries()) {
    assert.deepEqual(page.pagination, { page: i + 1, per_page: 1, total_count: total, total_pages: total, snapshot: whole.pages[0].pagination.snapshot });
  }
  const past = await call(staging, `?page=${total + 1}&per_page=1`, admin(staging));
  assert.equal(past.status, 200);
  assert.deepEqual((past.body as InventoryPage).promotions, []);
  assert.equal((past.body as InventoryPage).pagination.total_count, total);
});

test('a page or page size out of range is a 400 with the documented error', async () => {
  for (const query of ['?page=0', '?page=x', '?per_page=0', '?per_page=501']) {
    const res = await call(staging, query, admin(staging));
    assert.equal(res.status, 400, query);
    assert.deepEqual(documented.validate(PATH, 'get', 400, res.body), [], query);
  }
});

test('only GET is routed: POST, PUT and DELETE find nothing, even with the admin key', async () => {
  for (const method of ['POST', 'PUT', 'DELETE']) {
    const res = await call(staging, '', admin(staging), method);
    assert.equal(res.status, 404, method);
  }
});

test('readInventory reads the staging store through the guarded client, all pages into one document', async () => {
  const client = createSolidusClient({ baseUrl: staging.url, apiKey: staging.apiKey, guard: guardFor('staging', { origin: staging.url }) });
  const result = await readInventory(client, { perPage: 2 });
  assert.equal(result.status, 'read');
  assert.ok(result.status === 'read');
  const { promotions } = await allPromotions(staging, 100);
  assert.deepEqual(result.inventory.promotions, promotions);
  assert.equal(result.inventory.engine, 'legacy');
  assert.equal(result.inventory.store.time_zone, 'America/New_York');
  assert.ok(client.requestLog.every((e) => e.method === 'GET' && e.path.startsWith('/api/holiday_ready/inventory?') && e.status === 200));
});

test("readInventory reads the production store through production's read-only guard", async () => {
  const production = sandbox('production');
  const client = createSolidusClient({ baseUrl: production.url, apiKey: production.apiKey, guard: guardFor('production', { origin: production.url }) });
  const result = await readInventory(client);
  assert.ok(result.status === 'read', result.status);
  assert.equal(result.inventory.store.url, '127.0.0.1:3001');
  for (const name of ['Free Shipping on All Orders over $85', 'Black Friday 50% off', 'Outerwear 20% off', '$10 off orders over $100']) {
    named(result.inventory.promotions, name);
  }
});

test('a store that answers 404 for the endpoint reads as one without the extension', async () => {
  // Solidus mounted nowhere under this prefix: the store's router answers 404, as a store without the extension does.
  const base = `${staging.url}/no-solidus-here`;
  const client = createSolidusClient({ baseUrl: base, apiKey: staging.apiKey, guard: guardFor('staging', { origin: staging.url }) });
  const result = await readInventory(client);
  assert.equal(result.status, 'no-extension');
});

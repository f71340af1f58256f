/**
 * The promotion inventory's cost, on a private sandbox store (test/support/sandbox-instance.ts) given
 * 1,000 more promotions, made in one SQL statement batch as copies of the seeded ones (their rules,
 * actions and calculators; a code each for the coded ones; windows spread over November and December):
 *
 * 1. Reading the whole inventory (readInventory, 100 a page) and analysing it (the configuration
 *    checks, the staging/production differences against itself, the unplanned list and results.json's
 *    section): target under 5 s together.
 * 2. The extension's endpoint per page, at per_page 100 and 500 (ms per page, median of every page).
 */
import type { Site } from '../src/config/types.ts';
import { createSolidusClient, type SolidusClient } from '../src/solidus/client.ts';
import { readInventory, type Inventory } from '../src/solidus/inventory.ts';
import { guardFor } from '../src/safety/guard.ts';
import { showStoreCode } from '../src/safety/redact.ts';
import { CONFIGURATION_CHECKS, storeDifferences, unplanned, type CheckContext } from '../src/inventory/checks.ts';
import { inventorySection } from '../src/inventory/section.ts';
import { startInstance } from '../test/support/sandbox-instance.ts';
import { acme, median, onStore, round, type Measurement } from './stats.ts';

const ROUNDS = Number(process.env.HOLIDAY_READY_BENCH_ROUNDS) || 3;
const PROMOTIONS = 1000;

/** 1,000 copies of the seeded promotions (template = id 1 to 4 in turn), with their rules, actions, calculators and a code. */
const SEED = `
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${PROMOTIONS})
INSERT INTO spree_promotions (name, description, starts_at, expires_at, apply_automatically, usage_limit, created_at, updated_at)
SELECT 'Bench ' || i, 'bench template ' || (i % 4 + 1),
       datetime('2026-11-01 05:00:00', '+' || (i % 40) || ' days'),
       CASE WHEN i % 7 = 0 THEN NULL ELSE datetime('2026-11-01 05:00:00', '+' || (i % 40 + 1 + i % 9) || ' days') END,
       (i % 4 = 0), CASE WHEN i % 5 = 0 THEN 100 + i ELSE NULL END, datetime('now'), datetime('now')
FROM n;
INSERT INTO spree_promotion_rules (promotion_id, type, preferences, created_at, updated_at)
SELECT p.id, r.type, r.preferences, datetime('now'), datetime('now')
FROM spree_promotions p JOIN spree_promotion_rules r ON r.promotion_id = CAST(substr(p.description, 16) AS INTEGER)
WHERE p.name LIKE 'Bench %';
INSERT INTO spree_promotion_actions (promotion_id, position, type, preferences, created_at, updated_at)
SELECT p.id, a.position, a.type, a.preferences, datetime('now'), datetime('now')
FROM spree_promotions p JOIN spree_promotion_actions a ON a.promotion_id = CAST(substr(p.description, 16) AS INTEGER)
WHERE p.name LIKE 'Bench %';
INSERT INTO spree_calculators (type, calculable_type, calculable_id, preferences, created_at, updated_at)
SELECT c.type, c.calculable_type, a.id, c.preferences, datetime('now'), datetime('now')
FROM spree_promotion_actions a
JOIN spree_promotions p ON p.id = a.promotion_id
JOIN spree_promotion_actions t ON t.promotion_id = CAST(substr(p.description, 16) AS INTEGER) AND t.type = a.type
JOIN spree_calculators c ON c.calculable_type = 'Spree::PromotionAction' AND c.calculable_id = t.id
WHERE p.name LIKE 'Bench %';
INSERT INTO spree_promotion_codes (promotion_id, value, created_at, updated_at)
SELECT id, 'bench' || id, datetime('now'), datetime('now') FROM spree_promotions WHERE name LIKE 'Bench %' AND apply_automatically = 0;
SELECT COUNT(*) FROM spree_promotions;`;

/** The analysis the audit and the pipeline make of one read: checks, differences, unplanned, section. */
function analyse(site: Site, inventory: Inventory): number {
  const ctx: CheckContext = { site, store: 'production', show: (c) => showStoreCode(site, c), owners: { schedule: true, usageLimits: true } };
  const found = [
    ...CONFIGURATION_CHECKS.flatMap((check) => check(inventory, ctx)),
    ...storeDifferences(inventory, inventory, ctx),
    ...unplanned(inventory, ctx),
  ];
  const reads = { production: { status: 'read' as const, inventory }, staging: { status: 'read' as const, inventory } };
  inventorySection(site, reads, new Date(), found.map((f) => ({ id: `audit:promotion-inventory:${f.key}`, source: 'audit', level: 'warn', title: f.title, expected: '', actual: '', cause: '', action: '' })));
  return found.length;
}

/** Milliseconds of each page of the endpoint at `perPage`, read in order. */
async function pageTimes(client: SolidusClient, perPage: number, pages: number): Promise<number[]> {
  const times: number[] = [];
  for (let page = 1; page <= pages; page++) {
    const started = performance.now();
    const { response } = await client.holidayReady.GET('/holiday_ready/inventory', { params: { query: { page, per_page: perPage } } });
    if (!response.ok) throw new Error(`bench: page ${page} at per_page ${perPage} answered ${response.status}`);
    times.push(performance.now() - started);
  }
  return times;
}

export async function benchInventory(): Promise<Measurement[]> {
  const store = await startInstance('bench-inventory');
  try {
    const total = Number(await store.change(SEED));
    if (total < PROMOTIONS) throw new Error(`bench: the store holds ${total} promotions, not ${PROMOTIONS} or more`);
    const site = onStore(acme(), store.url);
    const client = createSolidusClient({ baseUrl: store.url, apiKey: store.apiKey, guard: guardFor('production', { origin: store.url }), timeoutMs: 60_000 });
    await readInventory(client); // warm the store (class loading, caches) before measuring
    const read: number[] = [];
    const analysed: number[] = [];
    let findings = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const t0 = performance.now();
      const result = await readInventory(client);
      const t1 = performance.now();
      if (result.status !== 'read') throw new Error(`bench: the inventory was not read (${result.status})`);
      findings = analyse(site, result.inventory);
      read.push(t1 - t0);
      analysed.push(performance.now() - t1);
    }
    const pages = (perPage: number) => Math.ceil(total / perPage);
    const per100 = await pageTimes(client, 100, pages(100));
    const per500 = await pageTimes(client, 500, pages(500));
    process.stderr.write(`bench: ${total} promotions, ${findings} findings from the analysis\n`);
    return [
      { name: `inventory: read ${total} promotions (100 a page)`, value: round(median(read) / 1000), unit: 's' },
      { name: 'inventory: analyse (checks, differences, unplanned, section)', value: round(median(analysed) / 1000), unit: 's' },
      { name: 'inventory: read + analyse', value: round((median(read) + median(analysed)) / 1000), unit: 's', target: '< 5 s' },
      { name: 'inventory endpoint: ms per page at per_page 100', value: round(median(per100)), unit: 'ms' },
      { name: 'inventory endpoint: ms per page at per_page 500', value: round(median(per500)), unit: 'ms' },
      { name: 'inventory endpoint: ms per promotion at per_page 500', value: round(median(per500) / 500), unit: 'ms' },
    ];
  } finally {
    await store.stop();
  }
}

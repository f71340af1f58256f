/**
 * Stage 3 of the pipeline, the promotion inventory: production's and staging's, each read once per
 * site run through the companion extension (src/solidus/inventory.ts; extension/README.md), after
 * preflight and before the API dry-run. The reads go to the API dry-run (unplanned promotions), the
 * readiness audits (AuditContext.inventory) and results.json's inventory section (src/inventory/section.ts).
 *
 * A store that cannot show its inventory never stops the run: without the extension (404), with an
 * engine the extension cannot read yet (501), with a key it refuses or when it cannot be reached, the
 * read says so in plain words and every stage does what it can without it.
 */
import type { LimitFunction } from 'p-limit';
import type { Site } from '../config/types.ts';
import { SolidusError, StoreUnreachableError, type SolidusClient } from '../solidus/client.ts';
import { readInventory, type InventoryResult } from '../solidus/inventory.ts';
import { siteClients, type CommonClientOptions } from '../solidus/site-clients.ts';

/** What reading one store's inventory found: the reader's result, or an error in plain words. */
export type InventoryRead = InventoryResult | { status: 'error'; message: string };

/** The two stores' reads; a store the site does not name has none. */
export interface InventoryReads {
  production?: InventoryRead;
  staging?: InventoryRead;
}

export interface ReadInventoriesOptions extends CommonClientOptions {
  site: Site;
  env: NodeJS.ProcessEnv;
  /** The limiter of each store (src/pipeline/limits.ts): one read holds one place of it, page after page. */
  limitOf: (store: 'staging' | 'production') => LimitFunction;
  /** Promotions per page (default the reader's, 100). */
  perPage?: number;
  progress?: (line: string) => void;
}

/** Reads both stores' inventories at once; never throws for what a store answers. */
export async function readInventories(o: ReadInventoriesOptions): Promise<InventoryReads> {
  const { site, env } = o;
  const clients = siteClients(site, env, { secrets: o.secrets, fetch: o.fetch, onLog: o.onLog });
  const read = (store: 'staging' | 'production', client: SolidusClient, url: string, keyEnv: string) =>
    o.limitOf(store)(() => readInventory(client, { perPage: o.perPage })).then(
      (result): InventoryRead => result,
      (error: unknown): InventoryRead => ({ status: 'error', message: readError(store, url, keyEnv, error) }),
    );
  const [production, staging] = await Promise.all([
    clients.production && site.production ? read('production', clients.production, site.production.url, site.production.apiKeyEnv) : undefined,
    read('staging', clients.staging, site.staging.url, site.staging.apiKeyEnv),
  ]);
  const reads: InventoryReads = { ...(production ? { production } : {}), staging };
  for (const [store, r] of Object.entries(reads) as [string, InventoryRead][]) o.progress?.(`inventory of ${store}: ${readWords(r)}`);
  return reads;
}

/** One line about a read, for the terminal. */
export function readWords(r: InventoryRead): string {
  if (r.status === 'read') {
    const n = r.inventory.promotions.length;
    return `${n} promotion${n === 1 ? '' : 's'} (${r.inventory.engine} engine, ${r.inventory.pages} page${r.inventory.pages === 1 ? '' : 's'})`;
  }
  return `not read: ${r.message}`;
}

/** Why a read failed, in words a client rep can pass on and an engineer can act on. */
function readError(store: string, url: string, keyEnv: string, error: unknown): string {
  if (error instanceof StoreUnreachableError) return `${store} (${url}) could not be reached: ${error.reason}`;
  if (error instanceof SolidusError) {
    if (error.status === 401) return `${store} (${url}) did not accept the API key (401): set ${keyEnv} to the API key of an admin of that store`;
    if (error.status === 403) return `${store} (${url}) refused the API key (403): the inventory needs an admin's key in ${keyEnv}`;
    return `${store} (${url}) answered the inventory with an error: ${error.message}`;
  }
  return `${store} (${url}): the inventory could not be read: ${error instanceof Error ? error.message : String(error)}`;
}

/** Every code value the reads hold: the redactor's store codes (src/safety/redact.ts secretsOf). */
export function inventoryCodes(reads: InventoryReads | undefined): string[] {
  return [reads?.production, reads?.staging].flatMap((r) => (r?.status === 'read' ? r.inventory.promotions.flatMap((p) => p.codes.values.map((c) => c.value)) : []));
}

/**
 * The store's promotion inventory, read from the companion extension (extension/README.md, "The
 * promotion inventory"): every page of GET /api/holiday_ready/inventory through the client's
 * `holidayReady` endpoints (the same guarded, retrying fetch, key and log as the Solidus API),
 * returned as one typed document. A store without the extension is a result, not an error: the
 * callers fall back to what Solidus's own API shows.
 */
import { SolidusError, type SolidusClient } from './client.ts';
import type { components } from '../../generated/holiday-ready-inventory.ts';

type InventorySchemas = components['schemas'];
/** One page as the extension answers it. */
export type InventoryPage = InventorySchemas['inventory-page'];
export type InventoryPromotion = InventorySchemas['promotion'];
export type InventoryRule = InventorySchemas['rule'];
export type InventoryAction = InventorySchemas['action'];
export type PromotionEngine = InventorySchemas['engine'];

/** Every promotion of the store, from all its pages. */
export type Inventory = Omit<InventoryPage, 'pagination' | 'promotions'> & {
  promotions: InventoryPromotion[];
  /** Pages read (requests that answered 200), the re-read included when the store changed meanwhile. */
  pages: number;
};

/** What reading the inventory found. */
export type InventoryResult =
  | { status: 'read'; inventory: Inventory }
  /** The store answered 404: it does not have the holiday-ready extension (or a version without the inventory). */
  | { status: 'no-extension'; message: string }
  /** The extension cannot read the store's promotion engine yet (501). */
  | { status: 'unsupported-engine'; engine: PromotionEngine; message: string };

export interface ReadInventoryOptions {
  /** Promotions per request, 1 to 500 (the extension's default is 100). */
  perPage?: number;
  signal?: AbortSignal;
}

/** The only document shape this harness reads (`schema_version`). */
const SCHEMA_VERSION: number = 1;
/** A store whose promotions change between pages is read again from the first page, this many times. */
const REREADS = 1;
const PATH = '/api/holiday_ready/inventory';

/**
 * Reads every page of the store's promotion inventory (an admin key is required: the client's
 * `apiKey`). Pages are positions in the id order, so a promotion deleted while this is between
 * pages would shift a later one onto a page already read: every page carries the extension's
 * `pagination.snapshot` of which promotions exist, and when it changes between pages the inventory
 * is read again from page 1 (once; then it throws). An answer other than 200, 404 and 501 throws a
 * SolidusError with its status (401: no or unknown key; 403: not an admin's key).
 */
export async function readInventory(client: SolidusClient, opts: ReadInventoryOptions = {}): Promise<InventoryResult> {
  const perPage = opts.perPage ?? 100;
  let pages = 0;
  for (let attempt = 0; ; attempt++) {
    const promotions = new Map<number, InventoryPromotion>();
    let first: InventoryPage | undefined;
    let changed = false;
    for (let page = 1; ; page++) {
      const answer = await readPage(client, page, perPage, opts.signal);
      if ('status' in answer) return answer;
      pages++;
      first ??= answer;
      if (answer.pagination.snapshot !== first.pagination.snapshot) {
        changed = true;
        break;
      }
      for (const promotion of answer.promotions) promotions.set(promotion.id, promotion);
      if (page >= answer.pagination.total_pages || answer.promotions.length === 0) break;
    }
    if (!changed && promotions.size === first!.pagination.total_count) {
      const { pagination: _pagination, promotions: _page, ...rest } = first!;
      return { status: 'read', inventory: { ...rest, promotions: [...promotions.values()].sort((a, b) => a.id - b.id), pages } };
    }
    if (attempt >= REREADS) {
      throw new SolidusError('GET', PATH, 200, {
        error: `the store's promotions changed while they were read (${promotions.size} read, ${first!.pagination.total_count} in the store), also when read again`,
      });
    }
  }
}

async function readPage(
  client: SolidusClient,
  page: number,
  perPage: number,
  signal: AbortSignal | undefined,
): Promise<InventoryPage | Exclude<InventoryResult, { status: 'read' }>> {
  const { data, error, response } = await client.holidayReady.GET('/holiday_ready/inventory', {
    params: { query: { page, per_page: perPage } },
    signal,
  });
  const where = `${PATH}?page=${page}&per_page=${perPage}`;
  if (response.status === 404) {
    return {
      status: 'no-extension',
      message: `the store does not have the holiday-ready extension (solidus_holiday_ready with its promotion inventory): GET ${PATH} answered 404`,
    };
  }
  if (response.status === 501) {
    const body = error as InventorySchemas['unsupported-engine'] | undefined;
    return {
      status: 'unsupported-engine',
      engine: body?.engine ?? 'solidus_promotions',
      message: body?.error ?? `the holiday-ready extension cannot read the store's promotion engine yet`,
    };
  }
  if (!response.ok || !data) throw new SolidusError('GET', where, response.status, error);
  if (data.schema_version !== SCHEMA_VERSION) {
    throw new SolidusError('GET', where, response.status, {
      error: `the store's holiday-ready extension (${String(data.extension_version)}) writes inventory schema ${String(data.schema_version)}; this harness reads schema ${SCHEMA_VERSION}`,
    });
  }
  return data;
}

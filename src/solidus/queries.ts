/**
 * The store reads that several parts of the harness make, asked one way: a variant by SKU, the
 * variants of many SKUs, a promotion by code, the taxons' permalinks. An error answer throws a SolidusError (with the
 * status); each caller says what it means to its user.
 */
import { SolidusError, type Schemas, type SolidusClient } from './client.ts';
import type { Inventory } from './inventory.ts';

/** A variant without a price in the store's currency answers `price: null`, whatever the OpenAPI file says. */
export type Variant = Omit<Schemas['variant'], 'price'> & { price?: string | null };
/** `per_code_usage_limit` only when the store lists it in Spree::Config.promotions.promotion_api_attributes. */
export type Promotion = Schemas['promotion'] & { per_code_usage_limit?: number | null };

/** SKUs per request for many SKUs (the store pages its answer; 50 stays well inside one page of 100). */
const BATCH = 50;

/** GET /api/variants?q[sku_eq]=SKU: the variant with exactly that SKU, or undefined. */
export async function variantBySku(client: SolidusClient, sku: string, signal?: AbortSignal): Promise<Variant | undefined> {
  const { data, response, error } = await client.GET('/variants', { params: { query: { q: { sku_eq: sku } } }, signal });
  if (!response.ok) throw new SolidusError('GET', `/api/variants?q[sku_eq]=${sku}`, response.status, error);
  return data?.variants?.find((v) => v.sku === sku && !v.is_destroyed);
}

/** GET /api/variants?q[sku_in][]=…, BATCH SKUs a request: the variants found, by SKU. */
export async function variantsBySku(client: SolidusClient, skus: string[], signal?: AbortSignal): Promise<Map<string, Variant>> {
  const found = new Map<string, Variant>();
  for (let i = 0; i < skus.length; i += BATCH) {
    const batch = skus.slice(i, i + BATCH);
    // Ransack takes a list as q[sku_in][]=a&q[sku_in][]=b, which openapi-fetch's deepObject does not write.
    const query = [...batch.map((sku) => `q[sku_in][]=${encodeURIComponent(sku)}`), 'per_page=100'].join('&');
    const { data, response, error } = await client.GET('/variants', { querySerializer: () => query, signal });
    if (!response.ok) throw new SolidusError('GET', '/api/variants?q[sku_in][]=…', response.status, error);
    for (const v of data?.variants ?? []) if (v.sku && batch.includes(v.sku) && !v.is_destroyed && !found.has(v.sku)) found.set(v.sku, v);
  }
  return found;
}

/** GET /api/products?q[variants_including_master_sku_eq]=SKU: the taxon ids of the product behind a SKU, or undefined. */
export async function productTaxonIds(client: SolidusClient, sku: string, signal?: AbortSignal): Promise<number[] | undefined> {
  const query = `q[variants_including_master_sku_eq]=${encodeURIComponent(sku)}`;
  const { data, response, error } = await client.GET('/products', { querySerializer: () => query, signal });
  if (!response.ok) throw new SolidusError('GET', `/api/products?q[variants_including_master_sku_eq]=${sku}`, response.status, error);
  return data?.products?.[0]?.taxon_ids;
}

/**
 * GET /api/promotions/{code}: the promotion, or undefined when the store has no such code.
 *
 * On solidus_promotions, Solidus's API cannot show a promotion (Spree::Api::PromotionsController
 * renders Spree::Config.promotions.promotion_api_attributes, which solidus_promotions 4.6's
 * configuration does not have: every answer is a 500), so with the store's inventory (`inventory`,
 * when it was read and names that engine) the code is looked up there, as the same fields.
 */
export async function promotionByCode(client: SolidusClient, code: string, signal?: AbortSignal, inventory?: Inventory): Promise<Promotion | undefined> {
  if (inventory?.engine === 'solidus_promotions') {
    const wanted = code.toLowerCase();
    const p = inventory.promotions.find((x) => x.codes.values.some((c) => c.value.toLowerCase() === wanted));
    if (p) {
      return {
        id: p.id, name: p.name, description: p.description ?? undefined, starts_at: p.starts_at, expires_at: p.expires_at, usage_limit: p.usage_limit,
        per_code_usage_limit: p.per_code_usage_limit, advertise: p.advertise, path: p.path, type: null,
      };
    }
    // Its codes are all listed unless one promotion has more than the inventory lists: then the code may be one of those.
    if (!inventory.promotions.some((x) => x.codes.truncated)) return undefined;
  }
  const { data, response, error } = await client.GET('/promotions/{id}', { params: { path: { id: code } }, signal });
  if (response.status === 404) return undefined;
  // The code stays out of the message: it may be a secret one.
  if (!response.ok || !data) throw new SolidusError('GET', '/api/promotions/{code}', response.status, error);
  return data;
}

/** Bound on the pages of taxons read (100 a page). */
const TAXON_PAGES = 20;

/** GET /api/taxons, every page: taxon id -> permalink ("categories/outerwear"), as promotion rules name taxons. */
export async function taxonPermalinks(client: SolidusClient, signal?: AbortSignal): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (let page = 1; page <= TAXON_PAGES; page++) {
    const { data, response, error } = await client.GET('/taxons', { params: { query: { page, per_page: 100, without_children: true } }, signal });
    if (!response.ok) throw new SolidusError('GET', '/api/taxons', response.status, error);
    for (const t of data?.taxons ?? []) if (t.id !== undefined && t.permalink) out.set(t.id, t.permalink);
    if (!data?.pages || page >= data.pages) break;
  }
  return out;
}

/**
 * Where each SKU's product page is and which option picks its variant, looked up once per worker
 * through the store's API: every SKU of the site's carts in one request as the worker starts
 * (GET /api/variants?q[sku_in][]=…), and a SKU that answer does not hold on its own
 * (GET /api/variants?q[sku_eq]=…, whose answer says what is wrong). Through the API client (Node's
 * fetch, not a Playwright request context, so the API key never enters a trace), read-only.
 */
import type { Site } from '../../src/config/types.ts';
import { guardFor } from '../../src/safety/guard.ts';
import { createSolidusClient, SolidusError, type SolidusClient } from '../../src/solidus/client.ts';
import { variantBySku, variantsBySku, type Variant } from '../../src/solidus/queries.ts';

export interface ProductTarget {
  /** Path of the product page, from storefront.product_path. */
  path: string;
  /** The option to choose for a variant ("M", "Red / M"); undefined for a product without variants. */
  option?: string;
  name: string;
}

export class StorefrontCatalog {
  private readonly cache = new Map<string, Promise<ProductTarget>>();
  /** The site's SKUs, looked up together once; a failed batch is an empty map (each SKU is then looked up alone). */
  private batch?: Promise<Map<string, Variant>>;
  /** With the API key, then without: product data is public on most stores, so a key the store refuses should not stop a read. */
  private readonly clients: SolidusClient[];

  constructor(
    private readonly site: Site,
    apiKey: string | undefined,
  ) {
    const common = { baseUrl: site.staging.url, timeoutMs: site.dryRun.timeoutMs, retries: site.dryRun.retries, guard: guardFor('production', { origin: site.staging.url }) };
    this.clients = [createSolidusClient({ ...common, apiKey }), ...(apiKey ? [createSolidusClient(common)] : [])];
    // Started now, with the worker, so that the answer is there while the browser starts: the first
    // case of a worker does not wait for it on its first product page.
    if (this.usesApi()) void this.prefetched();
  }

  /** Whether product pages are found through the API (a {slug} path, or no {sku} in it). */
  private usesApi(): boolean {
    const pattern = this.site.storefront.productPath;
    return pattern.includes('{slug}') || !pattern.includes('{sku}');
  }

  target(sku: string): Promise<ProductTarget> {
    let found = this.cache.get(sku);
    if (!found) {
      found = this.lookup(sku);
      found.catch(() => this.cache.delete(sku)); // a failed lookup is tried again by the next case
      this.cache.set(sku, found);
    }
    return found;
  }

  private async lookup(sku: string): Promise<ProductTarget> {
    const pattern = this.site.storefront.productPath;
    let variant: Variant | undefined;
    if (this.usesApi()) {
      variant = (await this.prefetched()).get(sku) ?? (await this.lookupOne(sku));
      if (pattern.includes('{slug}') && !variant.slug) throw new Error(`the store's API gives no product slug for SKU ${sku}; set storefront.product_path with {sku}`);
    }
    const path = pattern.replace(/\{slug\}/g, encodeURIComponent(variant?.slug ?? '')).replace(/\{sku\}/g, encodeURIComponent(sku));
    const values = variant && !variant.is_master ? (variant.option_values ?? []).map((o) => o.presentation ?? o.name ?? '').filter(Boolean) : [];
    return { path, name: variant?.name ?? sku, ...(values.length ? { option: values.join(' / ') } : {}) };
  }

  /** Every SKU in the site's carts, asked together; whatever goes wrong, an empty map. */
  private prefetched(): Promise<Map<string, Variant>> {
    const skus = [...new Set(this.site.campaigns.flatMap((c) => c.carts.flatMap((cart) => Object.keys(cart.items))))];
    this.batch ??= this.read((client) => variantsBySku(client, skus)).catch(() => new Map<string, Variant>());
    return this.batch;
  }

  /** One SKU on its own: the store's answer says why it is missing. */
  private async lookupOne(sku: string): Promise<Variant> {
    const variant = await this.read((client) => variantBySku(client, sku)).catch((error: unknown) => {
      // A 2xx the client could not read (cut, not JSON) says so itself.
      if (!(error instanceof SolidusError) || error.status < 300) throw error;
      throw new Error(`the store answered ${error.status} when the browser looked up SKU ${sku} (GET /api/variants)`);
    });
    if (!variant) throw new Error(`the store at ${this.site.staging.url} has no variant with SKU ${sku}`);
    return variant;
  }

  private async read<T>(query: (client: SolidusClient) => Promise<T>): Promise<T> {
    const [keyed, guest] = this.clients;
    return query(keyed).catch((error: unknown) => {
      if (guest && error instanceof SolidusError && error.status === 401) return query(guest);
      throw error;
    });
  }
}

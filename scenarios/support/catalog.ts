/**
 * Where each SKU's product page is and which option picks its variant, looked up once per worker
 * through the store's API: every SKU of the site's carts in one request as the worker starts
 * (GET /api/variants?q[sku_in][]=…), and a SKU that answer does not hold on its own
 * (GET /api/variants?q[sku_eq]=…, whose answer says what is wrong). Uses Node's fetch, not a
 * Playwright request context, so the API key never enters a trace.
 */
import type { Site } from '../../src/config/types.ts';

export interface ProductTarget {
  /** Path of the product page, from storefront.product_path. */
  path: string;
  /** The option to choose for a variant ("M", "Red / M"); undefined for a product without variants. */
  option?: string;
  name: string;
}

interface ApiVariant {
  sku?: string;
  slug?: string;
  name?: string;
  is_master?: boolean;
  option_values?: { presentation?: string; name?: string }[];
}

/** SKUs per batch request (the store pages its answer; 50 stays well inside one page of 100). */
const BATCH = 50;

export class StorefrontCatalog {
  private readonly cache = new Map<string, Promise<ProductTarget>>();
  /** The site's SKUs, looked up together once; a failed batch is an empty map (each SKU is then looked up alone). */
  private batch?: Promise<Map<string, ApiVariant>>;

  constructor(
    private readonly site: Site,
    private readonly apiKey: string | undefined,
  ) {
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
    const needsApi = pattern.includes('{slug}');
    let variant: ApiVariant | undefined;
    if (this.usesApi()) {
      variant = (await this.prefetched()).get(sku) ?? (await this.lookupOne(sku));
      if (needsApi && !variant.slug) throw new Error(`the store's API gives no product slug for SKU ${sku}; set storefront.product_path with {sku}`);
    }
    const path = pattern.replace(/\{slug\}/g, encodeURIComponent(variant?.slug ?? '')).replace(/\{sku\}/g, encodeURIComponent(sku));
    const values = variant && !variant.is_master ? (variant.option_values ?? []).map((o) => o.presentation ?? o.name ?? '').filter(Boolean) : [];
    return { path, name: variant?.name ?? sku, ...(values.length ? { option: values.join(' / ') } : {}) };
  }

  /** Every SKU in the site's carts, in one request per BATCH SKUs; whatever goes wrong, an empty map. */
  private prefetched(): Promise<Map<string, ApiVariant>> {
    this.batch ??= (async () => {
      const skus = [...new Set(this.site.campaigns.flatMap((c) => c.carts.flatMap((cart) => Object.keys(cart.items))))];
      const found = new Map<string, ApiVariant>();
      for (let i = 0; i < skus.length; i += BATCH) {
        const url = this.variantsUrl();
        for (const sku of skus.slice(i, i + BATCH)) url.searchParams.append('q[sku_in][]', sku);
        url.searchParams.set('per_page', '100');
        const res = await this.get(url);
        if (!res.ok) break;
        const body = (await res.json()) as { variants?: ApiVariant[] };
        for (const v of body.variants ?? []) if (v.sku && skus.includes(v.sku) && !found.has(v.sku)) found.set(v.sku, v);
      }
      return found;
    })().catch(() => new Map<string, ApiVariant>());
    return this.batch;
  }

  /** One SKU on its own: the store's answer says why it is missing. */
  private async lookupOne(sku: string): Promise<ApiVariant> {
    const url = this.variantsUrl();
    url.searchParams.set('q[sku_eq]', sku);
    const res = await this.get(url);
    if (!res.ok) throw new Error(`the store answered ${res.status} when the browser looked up SKU ${sku} (GET /api/variants)`);
    const body = (await res.json()) as { variants?: ApiVariant[] };
    const variant = body.variants?.find((v) => v.sku === sku);
    if (!variant) throw new Error(`the store at ${this.site.staging.url} has no variant with SKU ${sku}`);
    return variant;
  }

  private variantsUrl(): URL {
    return new URL('/api/variants', this.site.staging.url);
  }

  private async get(url: URL): Promise<Response> {
    const get = (key: string | undefined) =>
      fetch(url, {
        headers: { Accept: 'application/json', ...(key ? { Authorization: `Bearer ${key}` } : {}) },
        signal: AbortSignal.timeout(this.site.dryRun.timeoutMs),
      });
    const res = await get(this.apiKey);
    // Product data is public on most stores: a key the store refuses should not stop a read.
    return res.status === 401 && this.apiKey ? get(undefined) : res;
  }
}

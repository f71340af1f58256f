/**
 * Where each SKU's product page is and which option picks its variant, looked up once per worker
 * through the store's API (GET /api/variants?q[sku_eq]=…). Uses Node's fetch, not a Playwright
 * request context, so the API key never enters a trace.
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

export class StorefrontCatalog {
  private readonly cache = new Map<string, Promise<ProductTarget>>();

  constructor(
    private readonly site: Site,
    private readonly apiKey: string | undefined,
  ) {}

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
    if (needsApi || !pattern.includes('{sku}')) {
      const url = new URL('/api/variants', this.site.staging.url);
      url.searchParams.set('q[sku_eq]', sku);
      const get = (key: string | undefined) =>
        fetch(url, {
          headers: { Accept: 'application/json', ...(key ? { Authorization: `Bearer ${key}` } : {}) },
          signal: AbortSignal.timeout(this.site.dryRun.timeoutMs),
        });
      let res = await get(this.apiKey);
      // Product data is public on most stores: a key the store refuses should not stop a read.
      if (res.status === 401 && this.apiKey) res = await get(undefined);
      if (!res.ok) throw new Error(`the store answered ${res.status} when the browser looked up SKU ${sku} (GET /api/variants)`);
      const body = (await res.json()) as { variants?: ApiVariant[] };
      variant = body.variants?.find((v) => v.sku === sku);
      if (!variant) throw new Error(`the store at ${this.site.staging.url} has no variant with SKU ${sku}`);
      if (needsApi && !variant.slug) throw new Error(`the store's API gives no product slug for SKU ${sku}; set storefront.product_path with {sku}`);
    }
    const path = pattern.replace(/\{slug\}/g, encodeURIComponent(variant?.slug ?? '')).replace(/\{sku\}/g, encodeURIComponent(sku));
    const values = variant && !variant.is_master ? (variant.option_values ?? []).map((o) => o.presentation ?? o.name ?? '').filter(Boolean) : [];
    return { path, name: variant?.name ?? sku, ...(values.length ? { option: values.join(' / ') } : {}) };
  }
}

/**
 * The store's catalog as the dry-run needs it: SKU -> variant, read before any order is created
 * (read-only), so an unknown SKU stops the run with nothing sent but lookups.
 */
import type { LimitFunction } from 'p-limit';
import type { SolidusClient } from '../solidus/client.ts';
import { SolidusError } from '../solidus/client.ts';
import { productTaxonIds, taxonPermalinks, variantBySku } from '../solidus/queries.ts';

/**
 * Products Solidus never discounts. The API does not show a product's `promotionable` flag, so the
 * catalog knows them by name: gift cards (the sandbox's GIFT-050, and what stores usually sell as such).
 */
export const notPromotionable = (productName: string | undefined): boolean => /gift\s*card/i.test(productName ?? '');

export interface VariantInfo {
  sku: string;
  id: number;
  name: string;
  price: number;
  inStock: boolean;
  onHand: number;
  slug?: string;
  productId?: number;
  /** The product's own SKU (its master variant's), as promotion rules name products. */
  productSku?: string;
  taxonIds?: number[];
}

export class Catalog {
  readonly variants = new Map<string, VariantInfo>();
  readonly variantIds = new Map<string, number>();
  /** One page of 100 products, read once: the promotionable variants and those Solidus never discounts. */
  private shelf?: { products: VariantInfo[]; excluded: VariantInfo[] };
  private permalinks?: Map<number, string>;

  constructor(private readonly client: SolidusClient, private readonly limit: LimitFunction) {}

  /** Looks up every SKU; returns the ones the store does not have. */
  async resolve(skus: Iterable<string>): Promise<string[]> {
    const wanted = [...new Set(skus)].filter((s) => !this.variants.has(s));
    const found = await Promise.all(wanted.map((sku) => this.limit(() => this.lookup(sku))));
    return wanted.filter((_, i) => !found[i]);
  }

  private async lookup(sku: string): Promise<boolean> {
    const v = await variantBySku(this.client, sku);
    if (!v?.id) return false;
    const info: VariantInfo = { sku, id: v.id, name: v.name ?? sku, price: Number(v.price ?? 0), inStock: v.in_stock !== false, onHand: v.total_on_hand ?? 0, slug: v.slug };
    this.variants.set(sku, info);
    this.variantIds.set(sku, info.id);
    return true;
  }

  /** In-stock, priced variants of the store's promotionable products (one page of 100), for building carts of a given total. */
  async purchasable(): Promise<VariantInfo[]> {
    return (this.shelf ??= await this.readProducts()).products;
  }

  /** In-stock, priced variants of products Solidus never discounts (notPromotionable), from the same page. */
  async notPromotionable(): Promise<VariantInfo[]> {
    return (this.shelf ??= await this.readProducts()).excluded;
  }

  /** Taxon id -> permalink, every taxon of the store (read once). */
  async taxonPermalinks(): Promise<Map<number, string>> {
    this.permalinks ??= await taxonPermalinks(this.client);
    return this.permalinks;
  }

  /**
   * The permalinks of the taxons of the products behind these SKUs ("categories/outerwear"), read
   * once per SKU: what a `taxon:` expectation is judged with.
   */
  async taxonsOf(skus: Iterable<string>): Promise<Map<string, string[]>> {
    const permalinks = await this.taxonPermalinks();
    const wanted = [...new Set(skus)].filter((s) => !this.taxons.has(s));
    await Promise.all(wanted.map((sku) => this.limit(async () => {
      const ids = this.variants.get(sku)?.taxonIds ?? (await productTaxonIds(this.client, sku)) ?? [];
      this.taxons.set(sku, ids.map((id) => permalinks.get(id)).filter((p): p is string => !!p));
    })));
    return new Map([...new Set(skus)].map((s) => [s, this.taxons.get(s) ?? []]));
  }

  private readonly taxons = new Map<string, string[]>();

  private async readProducts(): Promise<NonNullable<Catalog['shelf']>> {
    const { data, response, error } = await this.client.GET('/products', { params: { query: { per_page: 100 } } });
    if (!response.ok) throw new SolidusError('GET', '/api/products', response.status, error);
    const products: VariantInfo[] = [];
    const excluded: VariantInfo[] = [];
    for (const p of data?.products ?? []) {
      const variants = p.has_variants ? (p.variants ?? []) : p.master ? [p.master] : [];
      for (const v of variants) {
        if (!v.id || !v.sku || !(Number(v.price) > 0) || v.in_stock === false || (v.total_on_hand ?? 0) <= 0) continue;
        const info: VariantInfo = {
          sku: v.sku, id: v.id, name: p.name ?? v.sku, price: Number(v.price), inStock: true,
          onHand: v.total_on_hand ?? 0, slug: p.slug, productId: p.id, productSku: p.master?.sku ?? undefined, taxonIds: p.taxon_ids,
        };
        (notPromotionable(p.name) ? excluded : products).push(info);
        this.variants.set(v.sku, this.variants.get(v.sku) ?? info);
        this.variantIds.set(v.sku, v.id);
      }
    }
    return { products, excluded };
  }
}

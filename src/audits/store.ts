/**
 * Store reads shared by several audits: which store to read, a promotion by code, a variant by SKU.
 * Every request goes through the run's limiter, one request per call (never nested).
 */
import type { Campaign, Site } from '../config/types.ts';
import type { SolidusClient } from '../solidus/client.ts';
import type { AuditContext, AuditFinding } from './types.ts';
import { showCode } from '../safety/redact.ts';

export interface StoreRef {
  name: 'production' | 'staging';
  client: SolidusClient;
  url: string;
  apiKeyEnv: string;
}

/** The store an audit reads: production when the site names one and `choice` allows it, else staging. */
export function storeFor(ctx: AuditContext, choice: 'auto' | 'production' | 'staging' = 'auto'): StoreRef {
  const { site } = ctx;
  if (choice !== 'staging' && site.production && ctx.production) {
    return { name: 'production', client: ctx.production, url: site.production.url, apiKeyEnv: site.production.apiKeyEnv };
  }
  if (choice === 'production') {
    throw new Error('the audit is set to read production (`store: production`), but the site file has no `production:` store — add one, or set `store: staging`');
  }
  return { name: 'staging', client: ctx.staging, url: site.staging.url, apiKeyEnv: site.staging.apiKeyEnv };
}

/** A store answer the audit cannot use; the message says what to do. */
export class StoreAnswerError extends Error {
  constructor(store: StoreRef, what: string, status: number) {
    const hint =
      status === 401
        ? ` — the store did not accept the API key: set ${store.apiKeyEnv} to an admin API key of ${store.url}`
        : status === 403
          ? ` — the API key is not an admin key: ${what} needs one (set ${store.apiKeyEnv})`
          : '';
    super(`${store.name} (${store.url}) answered ${status} to ${what}${hint}`);
    this.name = 'StoreAnswerError';
  }
}

/** The promotion fields the audits read, as GET /api/promotions/{code} returns them. */
export interface PromotionRecord {
  id?: number;
  name?: string;
  starts_at?: string | null;
  expires_at?: string | null;
  usage_limit?: number | null;
  /** Only when the store lists it in Spree::Config.promotions.promotion_api_attributes. */
  per_code_usage_limit?: number | null;
  [key: string]: unknown;
}

/** GET /api/promotions/{code}: the promotion, or undefined when the store has no such code. */
export async function readPromotion(ctx: AuditContext, store: StoreRef, campaign: Campaign): Promise<PromotionRecord | undefined> {
  const code = campaign.code!;
  const res = await ctx.limit(() => store.client.GET('/promotions/{id}', { params: { path: { id: code } }, signal: ctx.signal }));
  if (res.response.status === 404) return undefined;
  if (!res.response.ok || !res.data) throw new StoreAnswerError(store, `GET /api/promotions/${showCode(campaign)}`, res.response.status);
  return res.data as PromotionRecord;
}

/** The variant fields the audits read, as GET /api/variants returns them. */
export interface VariantRecord {
  id?: number;
  sku?: string;
  name?: string;
  price?: string | null;
  display_price?: string;
  in_stock?: boolean;
  is_backorderable?: boolean;
  total_on_hand?: number | null;
  track_inventory?: boolean;
  is_destroyed?: boolean;
  /** The product's slug. */
  slug?: string;
  [key: string]: unknown;
}

/** GET /api/variants?q[sku_eq]=SKU: the variant with exactly that SKU, or undefined. */
export async function readVariant(ctx: AuditContext, store: StoreRef, sku: string): Promise<VariantRecord | undefined> {
  const res = await ctx.limit(() => store.client.GET('/variants', { params: { query: { q: { sku_eq: sku } } }, signal: ctx.signal }));
  if (!res.response.ok) throw new StoreAnswerError(store, `GET /api/variants?q[sku_eq]=${sku}`, res.response.status);
  const found = (res.data?.variants ?? []) as VariantRecord[];
  return found.find((v) => v.sku === sku && !v.is_destroyed);
}

/** Every SKU the site's carts name, with the campaigns and carts that name it, in file order. */
export function promotedSkus(site: Site): Map<string, { campaigns: Campaign[]; carts: string[]; maxQuantity: number }> {
  const out = new Map<string, { campaigns: Campaign[]; carts: string[]; maxQuantity: number }>();
  for (const campaign of site.campaigns) {
    for (const cart of campaign.carts) {
      for (const [sku, quantity] of Object.entries(cart.items)) {
        const entry = out.get(sku) ?? { campaigns: [], carts: [], maxQuantity: 0 };
        if (!entry.campaigns.includes(campaign)) entry.campaigns.push(campaign);
        entry.carts.push(cart.name);
        entry.maxQuantity = Math.max(entry.maxQuantity, quantity);
        out.set(sku, entry);
      }
    }
  }
  return out;
}

/** Fills in what every finding about a campaign carries. */
export function aboutCampaign(campaign: Campaign): Pick<AuditFinding, 'campaign' | 'code'> {
  return { campaign: campaign.name, code: showCode(campaign) };
}

/**
 * Store reads shared by several audits: which store to read, a promotion by code, a variant by SKU.
 * Every request goes through the run's limiter, one request per call (never nested).
 */
import type { Campaign, Site } from '../config/types.ts';
import { SolidusError, type SolidusClient } from '../solidus/client.ts';
import { promotionByCode, variantBySku, type Promotion, type Variant } from '../solidus/queries.ts';
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
  readonly code = 'store-answer';
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

/**
 * A store read through the run's limiter (one request per call, never nested); an error answer
 * becomes a StoreAnswerError that says what to do. A usable answer the client could not read (cut,
 * not JSON) stays the client's SolidusError.
 */
async function read<T>(ctx: AuditContext, store: StoreRef, what: string, query: () => Promise<T>): Promise<T> {
  try {
    return await ctx.limit(query);
  } catch (error) {
    if (error instanceof SolidusError && error.status >= 300) throw new StoreAnswerError(store, what, error.status);
    throw error;
  }
}

/** The promotion of a campaign's code, or undefined when the store has no such code. */
export function readPromotion(ctx: AuditContext, store: StoreRef, campaign: Campaign): Promise<Promotion | undefined> {
  const inventory = ctx.inventory?.[store.name];
  return read(ctx, store, `GET /api/promotions/${showCode(campaign)}`, () =>
    promotionByCode(store.client, campaign.code!, ctx.signal, inventory?.status === 'read' ? inventory.inventory : undefined));
}

/** The variant with exactly that SKU, or undefined. */
export function readVariant(ctx: AuditContext, store: StoreRef, sku: string): Promise<Variant | undefined> {
  return read(ctx, store, `GET /api/variants?q[sku_eq]=${sku}`, () => variantBySku(store.client, sku, ctx.signal));
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

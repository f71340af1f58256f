/**
 * Store reads shared by several audits: which store to read, a promotion by code, a variant by SKU.
 * Every request goes through the run's limiter, one request per call (never nested).
 */
import type { Campaign, Site, Target } from '../config/types.ts';
import { SolidusError, type SolidusClient } from '../solidus/client.ts';
import { promotionByCode, variantBySku, type Promotion, type Variant } from '../solidus/queries.ts';
import type { Audit, AuditContext, AuditFinding } from './types.ts';
import { showCode } from '../safety/redact.ts';

export type StoreRef = Pick<Target, 'url' | 'apiKeyEnv'> & { name: Target['kind']; client: SolidusClient };

/** The `store` option of the audits that read the store customers buy from. */
export const STORE_OPTION = {
  /** Which store to read: auto (production when the site names one, else staging), production or staging. */
  store: { type: 'string', default: 'auto', choices: ['auto', 'production', 'staging'] },
} as const;

/** The store an audit reads: production when the site names one and `choice` allows it, else staging. */
export function storeFor(ctx: AuditContext, choice = 'auto'): StoreRef {
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

/** The variant with exactly that SKU, or undefined. */
export function readVariant(ctx: AuditContext, store: StoreRef, sku: string): Promise<Variant | undefined> {
  return read(ctx, store, `GET /api/variants?q[sku_eq]=${sku}`, () => variantBySku(store.client, sku, ctx.signal));
}

/** Every SKU the site's carts name, with the campaigns and carts that name it, in file order. */
export function promotedSkus(site: Site) {
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

/** A finding about a campaign's code, with what every such finding carries, keyed `<campaign>:<key>`. */
export const codeFinding = (campaign: Campaign, f: Omit<AuditFinding, 'campaign' | 'code'>): AuditFinding =>
  ({ campaign: campaign.name, code: showCode(campaign), ...f, key: `${campaign.name}:${f.key}` });

/** The audits that look up each planned code apply to sites with one. */
export const LOOKS_UP_CODES: Pick<Audit, 'shouldRun' | 'notApplicable'> = {
  shouldRun: (site) => site.campaigns.some((c) => c.code),
  notApplicable: 'No campaign has a coupon code to look up.',
};

/** Every campaign with a code, with its promotion in the store (undefined: no such code), in file order. */
export function readCodes(ctx: AuditContext, store: StoreRef): Promise<{ campaign: Campaign & { code: string }; promotion?: Promotion }[]> {
  const inventory = ctx.inventory?.[store.name];
  const coded = ctx.site.campaigns.filter((c): c is Campaign & { code: string } => !!c.code);
  return Promise.all(coded.map(async (campaign) => ({
    campaign,
    promotion: await read(ctx, store, `GET /api/promotions/${showCode(campaign)}`, () =>
      promotionByCode(store.client, campaign.code, ctx.signal, inventory?.status === 'read' ? inventory.inventory : undefined)),
  })));
}

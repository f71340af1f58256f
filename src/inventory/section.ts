/**
 * results.json's inventory section (InventorySection, src/findings/types.ts): every promotion live at
 * some moment of the timeline's span (a week before the holiday to a week after) in either store, as
 * the report's timeline shows it: its window, codes as people may see them, the stores that hold it,
 * the campaign that plans it and the findings about it. Built once by the pipeline from the inventory
 * stage's reads and the run's findings; the report never reads a store.
 */
import type { Site } from '../config/types.ts';
import type { Finding, InventorySection, TimelinePromotion } from '../findings/types.ts';
import type { InventoryPromotion } from '../solidus/inventory.ts';
import type { InventoryReads } from '../pipeline/inventory.ts';
import { showStoreCode } from '../safety/redact.ts';
import { campaignFor, holidaySpan, liveDuring, timelineSpan } from './live.ts';
import { pairStores, promotionsOfKey, type StoreName } from './checks.ts';

/** The audit whose finding keys name promotions (audits/promotion-inventory.ts). */
export const INVENTORY_AUDIT = 'promotion-inventory';
/** Codes shown per promotion on the timeline; `codeCount` says how many it has. */
const CODES_SHOWN = 3;

export function inventorySection(
  site: Pick<Site, 'holiday' | 'campaigns' | 'allCampaigns' | 'production'>,
  reads: InventoryReads,
  now: Date,
  findings: readonly Finding[],
): InventorySection {
  const store: StoreName = site.production ? 'production' : 'staging';
  const other: StoreName | undefined = store === 'production' ? 'staging' : undefined;
  const primary = reads[store];
  const secondary = other ? reads[other] : undefined;
  const span = timelineSpan(site);
  const holiday = holidaySpan(site);
  const campaigns = site.allCampaigns ?? site.campaigns;

  const mine = primary?.status === 'read' ? primary.inventory.promotions : [];
  const theirs = secondary?.status === 'read' ? secondary.inventory.promotions : [];
  // Production's promotions first (without production, staging has nothing to pair with).
  const pairs = [...pairStores(mine, theirs)];
  // Each promotion's copy in the other store, both ways.
  const counterpart = new Map([...pairs, ...pairs.map(([p, s]) => [s, p] as const)]);

  // Findings about each promotion: the inventory audit's by their keys, the rest by the campaign they name.
  const byRef = new Map<string, string[]>();
  const byCampaign = new Map<string, string[]>();
  const push = (map: Map<string, string[]>, key: string, id: string) => map.set(key, [...(map.get(key) ?? []), id]);
  for (const f of findings) {
    const prefix = `audit:${INVENTORY_AUDIT}:`;
    if (f.id.startsWith(prefix)) {
      for (const ref of promotionsOfKey(f.id.slice(prefix.length), store)) push(byRef, `${ref.store}:${ref.id}`, f.id);
    } else {
      // A pair of codes is about both campaigns.
      for (const name of f.campaigns ?? (f.campaign ? [f.campaign] : [])) push(byCampaign, name, f.id);
    }
  }

  const row = (p: InventoryPromotion, on: StoreName): TimelinePromotion => {
    const campaign = campaignFor(campaigns, p);
    const twin = counterpart.get(p);
    const ids = [
      ...(byRef.get(`${on}:${p.id}`) ?? []),
      ...(twin && other ? byRef.get(`${on === store ? other : store}:${twin.id}`) ?? [] : []),
      ...(byCampaign.get(campaign?.name ?? p.name) ?? []),
    ];
    return {
      id: p.id,
      name: p.name,
      automatic: p.apply_automatically,
      codes: p.codes.values.slice(0, CODES_SHOWN).map((c) => showStoreCode(site, c.value)),
      codeCount: p.codes.count,
      startsAt: p.starts_at,
      expiresAt: p.expires_at,
      ...(campaign ? { campaign: campaign.name } : {}),
      on: twin && other ? ['production', 'staging'] : [on],
      findings: [...new Set(ids)],
    };
  };
  const promotions: TimelinePromotion[] = [
    ...mine.filter((p) => liveDuring(p, span) || (counterpart.has(p) && liveDuring(counterpart.get(p)!, span))).map((p) => row(p, store)),
    ...(other ? theirs.filter((s) => !counterpart.has(s) && liveDuring(s, span)).map((s) => row(s, other)) : []),
  ];

  return {
    store,
    status: primary?.status ?? 'error',
    span: { from: span.from.toISOString(), to: span.to.toISOString() },
    holiday: { from: holiday.from.toISOString(), to: holiday.to.toISOString() },
    now: now.toISOString(),
    promotions,
    ...(primary?.status === 'read'
      ? { engine: primary.inventory.engine, timeZone: primary.inventory.store.time_zone, currency: primary.inventory.store.currency }
      : { message: primary ? primary.message : `the inventory of ${store} was not read` }),
  };
}

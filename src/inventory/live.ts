/**
 * When a promotion of the store's inventory (src/solidus/inventory.ts) is live, measured against the
 * site's holiday, and which of them the site file plans. The one place these questions are answered:
 * the inventory audit, the timeline and the dry-runs of unplanned promotions all ask here.
 *
 * Solidus's legacy engine treats a promotion as live strictly after `starts_at` and strictly before
 * `expires_at` (Spree::Promotion#active?); a missing end never ends, a missing start has always begun.
 */
import type { Campaign, Site } from '../config/types.ts';
import type { Inventory, InventoryPromotion } from '../solidus/inventory.ts';
import { addDays, localToInstant, MINUTE } from '../text/time.ts';

export interface Span {
  from: Date;
  /** Exclusive. */
  to: Date;
}

/** The offices' closed days and `days` more each side: local midnight to local midnight, in the holiday's zone. */
function daysAround(site: Pick<Site, 'holiday'>, days: number): Span {
  const [first, last] = site.holiday.officesClosed;
  const tz = site.holiday.timezone;
  return { from: localToInstant(addDays(first, -days), tz), to: localToInstant(addDays(last, days + 1), tz) };
}

/** The holiday: local midnight of the offices' first closed day to local midnight after their last one, in the holiday's zone. */
export const holidaySpan = (site: Pick<Site, 'holiday'>): Span => daysAround(site, 0);
/** What the timeline shows: a week before the holiday's first day to a week after its last. */
export const timelineSpan = (site: Pick<Site, 'holiday'>): Span => daysAround(site, 7);

/** An ISO date as epoch milliseconds; undefined when there is none (no start, no end). */
export const instant = (iso: string | null | undefined): number | undefined => (iso ? Date.parse(iso) : undefined);

/** Whether the promotion is live at some moment of the span (its window overlaps it). */
export function liveDuring(p: Pick<InventoryPromotion, 'starts_at' | 'expires_at'>, span: Span): boolean {
  const starts = instant(p.starts_at) ?? -Infinity;
  const expires = instant(p.expires_at) ?? Infinity;
  return starts < span.to.getTime() && expires > span.from.getTime() && expires > starts;
}

/** Live at an instant, as Solidus decides (strictly after its start, before its end). */
export function liveAt(p: Pick<InventoryPromotion, 'starts_at' | 'expires_at'>, at: Date): boolean {
  return (instant(p.starts_at) ?? -Infinity) < at.getTime() && (instant(p.expires_at) ?? Infinity) > at.getTime();
}

/**
 * The first whole minute of the span at which the promotion is live, or undefined when it is not live
 * in it: a moment to dry-run it at through the store's signed clock.
 */
export function firstLiveMinute(p: Pick<InventoryPromotion, 'starts_at' | 'expires_at'>, span: Span): Date | undefined {
  const starts = instant(p.starts_at);
  const from = starts === undefined ? span.from.getTime() : Math.max(span.from.getTime(), Math.floor(starts / MINUTE) * MINUTE + MINUTE);
  const expires = instant(p.expires_at) ?? Infinity;
  return from < span.to.getTime() && from < expires ? new Date(from) : undefined;
}

/** The planned campaign that names this promotion: by one of its codes (case-insensitive), else by its name. */
export function campaignFor(campaigns: readonly Campaign[], p: Pick<InventoryPromotion, 'name' | 'codes'>): Campaign | undefined {
  const codes = new Set(p.codes.values.map((c) => c.value.toLowerCase()));
  return (
    campaigns.find((c) => c.code !== null && codes.has(c.code.toLowerCase())) ??
    campaigns.find((c) => c.name.trim().toLowerCase() === p.name.trim().toLowerCase())
  );
}

/** Promotions live at some moment of the holiday that no campaign of the site file names. */
export function unplannedPromotions(inventory: Pick<Inventory, 'promotions'>, site: Pick<Site, 'holiday' | 'campaigns' | 'allCampaigns'>): InventoryPromotion[] {
  const span = holidaySpan(site);
  const campaigns = site.allCampaigns ?? site.campaigns;
  return inventory.promotions.filter((p) => liveDuring(p, span) && !campaignFor(campaigns, p));
}

/**
 * Staging's unplanned promotions (unplannedPromotions), each as the campaign its dry-run goes by
 * (src/inventory/unplanned.ts): named after the promotion (with its id when another campaign has the
 * name), its code the first the inventory lists as customers type it, or null when automatic. The one
 * naming of them, for the dry-run and for the findings that name their campaign. Pure.
 */
export function unplannedCampaigns(promotions: readonly InventoryPromotion[], site: Pick<Site, 'holiday' | 'campaigns' | 'allCampaigns'>): { promotion: InventoryPromotion; campaign: Campaign }[] {
  const taken = new Set((site.allCampaigns ?? site.campaigns).map((c) => c.name.toLowerCase()));
  return unplannedPromotions({ promotions: [...promotions] }, site).map((promotion) => {
    // Case ids and the results' campaigns go by name: two promotions with one name get their ids.
    let name = promotion.name.trim() || `Promotion ${promotion.id}`;
    if (taken.has(name.toLowerCase())) name = `${name} (promotion ${promotion.id})`;
    taken.add(name.toLowerCase());
    return { promotion, campaign: { name, code: campaignCode(promotion), secret: true, carts: [] } };
  });
}

/** The code a customer would type (the first the inventory lists, as customers write codes), or null for an automatic promotion. */
export const campaignCode = (p: InventoryPromotion): string | null => (p.apply_automatically ? null : (p.codes.values[0]?.value.toUpperCase() ?? null));

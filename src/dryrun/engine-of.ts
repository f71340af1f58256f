/**
 * Which promotion engine a store runs, and what the harness must know of it to read its orders:
 * its inventory says (`engine`, extension/README.md) when it was read; otherwise the order's
 * adjustments do (legacy promotions' come from Spree::PromotionAction, solidus_promotions' from
 * SolidusPromotions::Benefit).
 */
import type { InventoryPromotion, PromotionEngine } from '../solidus/inventory.ts';
import type { OrderView } from './order-view.ts';

/** solidus_promotions' calculator that spreads an amount off the order over its items (the engine keeps no order adjustments). */
const DISTRIBUTED = /(^|::)DistributedAmount$/;

/**
 * The benefits (by id, an adjustment's source_id) whose item adjustments are an amount off the
 * order: solidus_promotions' AdjustLineItem with a DistributedAmount calculator. Undefined without
 * the inventory or on the legacy engine (its actions have no ids, and it books order amounts on the order).
 */
export function orderBenefitsOf(promotions: readonly InventoryPromotion[] | undefined): ReadonlySet<number> | undefined {
  const ids = new Set<number>();
  for (const p of promotions ?? []) for (const a of p.actions) if (a.id !== undefined && a.calculator && DISTRIBUTED.test(a.calculator.type)) ids.add(a.id);
  return ids.size ? ids : undefined;
}

/** The store's promotion engine: its inventory's word, else the order's adjustments', else undefined. */
export function engineOf(inventoryEngine: PromotionEngine | undefined, ...orders: readonly (OrderView | undefined)[]): PromotionEngine | undefined {
  return inventoryEngine ?? orders.find((o) => o?.engine)?.engine;
}

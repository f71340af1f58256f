/**
 * The shapes the API dry-run's parts share: the run's context, a case as it runs, a code pair's
 * plan, what staging holds for a code. engine.ts, pairs.ts, boundary.ts, early.ts and clock.ts
 * all read these; keeping them here keeps those modules free of import cycles. And the one way
 * they run a guest order of the run (runOrder).
 */
import type { LimitFunction } from 'p-limit';
import type { Campaign, Cart, Customer, Site } from '../config/types.ts';
import type { CaseResult, Finding } from '../findings/types.ts';
import type { SolidusClient } from '../solidus/client.ts';
import { couponEvidence, runFlow, type CouponOutcome, type FlowOptions, type FlowResult, type OrderLedger } from './flow.ts';
import { customerEmail, markerOf } from './customers.ts';
import type { Catalog } from './catalog.ts';
import type { Check } from './expect.ts';
import type { PlannedMoment } from './moments.ts';
import type { InventoryPromotion } from '../solidus/inventory.ts';
import { orderBenefitsOf } from './engine-of.ts';
import type { AdjustmentEngine } from './order-view.ts';

export interface DryRunContext {
  site: Site;
  /** Guest client: drives orders with their tokens, like a customer. */
  client: SolidusClient;
  limit: LimitFunction;
  ledger: OrderLedger;
  runId: string;
  /** Shows a code in text, masked when the campaign marks it secret. */
  show: (campaign: Campaign) => string;
  /** Called as each case finishes (progress output); `again` on its second try. */
  onCase?: (c: CaseResult, again?: boolean) => void;
  /** Try carts on either side of a threshold when a blocker is found. */
  boundaries?: boolean;
  /** Try every two codes that run at the same time on one cart (src/dryrun/pairs.ts). */
  pairs?: boolean;
  /**
   * The moments each campaign runs at (src/dryrun/moments.ts), from the run's plan
   * (src/dryrun/clock.ts). Without it every campaign runs once, with no moment, as before.
   */
  momentsOf?: (campaign: Campaign) => PlannedMoment[];
  /** The guest client whose requests happen at a moment (the store's signed clock); `client` otherwise. */
  clientAt?: (moment: PlannedMoment | undefined) => SolidusClient;
  /** The moment a code pair runs at (the start of their overlap). */
  pairMomentOf?: (plan: PairPlan) => PlannedMoment | undefined;
  /** What staging holds for each code (src/dryrun/clock.ts), for the words of a refusal. */
  staging?: Map<Campaign, StagingPromotion>;
  /** A signed-in test user's client (its API key from the variable `keyEnv`), at a moment like `clientAt`. */
  userClientAt?: (keyEnv: string, moment: PlannedMoment | undefined) => SolidusClient;
  /** Staging's promotions (its inventory, when it was read): their rules and actions explain findings (src/dryrun/causes.ts). */
  promotions?: readonly InventoryPromotion[];
}

export interface DryRunResult {
  cases: CaseResult[];
  findings: Finding[];
  /** The promotion engine the orders' adjustments came from (legacy or solidus_promotions), when any had one. */
  engine?: AdjustmentEngine;
}

export interface CaseRun {
  campaign: Campaign;
  cart: Cart;
  moment?: PlannedMoment;
  result: CaseResult;
  flow?: FlowResult;
  checks: Check[];
  /** Why it could not be checked. */
  error?: unknown;
}

/**
 * What every finding of a case says alike: its id, campaign, code as shown ("automatic" without
 * one), cart and impact, the order's adjustments and the code's answer as evidence; and `who`, the
 * campaign in a finding's words (its code as shown, else its name).
 */
export function caseFinding(ctx: DryRunContext, run: Pick<CaseRun, 'campaign' | 'cart' | 'result'>, coupon?: CouponOutcome) {
  const { campaign, cart, result } = run;
  const code = campaign.code ? ctx.show(campaign) : 'automatic';
  const base = { id: result.id, source: 'api' as const, campaign: campaign.name, code, cart: cart.name, impact: 'revenue' as const };
  return { who: campaign.code ? code : campaign.name, base: { ...base, evidence: { adjustments: result.adjustments, ...couponEvidence(coupon) } } };
}

/** Two codes that run at the same time, tried on one cart. */
export interface PairPlan {
  first: Campaign;
  second: Campaign;
  items: Record<string, number>;
  /** "$120 jacket + $130 basket" */
  cart: string;
}

/** What staging holds for a campaign's code. */
export interface StagingPromotion {
  /** `missing`: staging has no promotion with this code; `unknown`: it could not be read. */
  state: 'live' | 'not-yet' | 'over' | 'missing' | 'unknown';
  startsAt?: string | null;
  expiresAt?: string | null;
  /** Where the dates came from: staging's promotion, or the site file (automatic promotions have no code to read them by). */
  from: 'staging' | 'plan';
  /** Why it could not be read. */
  error?: string;
}

/**
 * One order of the run (runFlow) with the run's ledger, catalog, e-mail and marker; a new guest's on
 * `ctx.client` unless another client is given; a cart's own customer and steps when it has them
 * (a signed-in user's order on that user's client, at the case's moment).
 */
export function runOrder(
  ctx: DryRunContext,
  catalog: Catalog,
  o: Pick<FlowOptions, 'items' | 'code' | 'secondCode' | 'steps' | 'show'> & { client?: SolidusClient; customer?: Customer; moment?: PlannedMoment },
): Promise<FlowResult> {
  const { customer, moment, ...rest } = o;
  const client = customer?.kind === 'user' && ctx.userClientAt ? ctx.userClientAt(customer.keyEnv, moment) : o.client ?? ctx.client;
  return runFlow({
    ledger: ctx.ledger, variants: catalog.variantIds, email: customerEmail(customer, ctx.runId), marker: markerOf(ctx.runId), currency: ctx.site.currency,
    orderBenefits: orderBenefitsOf(ctx.promotions),
    ...rest, client,
  });
}

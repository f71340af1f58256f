/**
 * The API dry-run: every cart of every campaign as a throwaway guest order, compared with what the
 * campaign expects; every failure explained (which promotion beat or blocked the code, Solidus's own
 * message) and, where a threshold is involved, its boundary found by trying carts on either side.
 */
import type { LimitFunction } from 'p-limit';
import type { Campaign, Cart, Site } from '../config/types.ts';
import type { CaseResult, Finding, AdjustmentView } from '../findings/types.ts';
import type { SolidusClient } from '../solidus/client.ts';
import { SolidusError, StoreUnreachableError } from '../solidus/client.ts';
import { runFlow, type FlowResult, type OrderLedger, DRYRUN_DOMAIN } from './flow.ts';
import { checkExpectation, describeExpectation, type Check } from './expect.ts';
import { money } from './order-view.ts';
import { Catalog } from './catalog.ts';
import { findBoundary } from './boundary.ts';

export interface DryRunContext {
  site: Site;
  /** Guest client: drives orders with their tokens, like a customer. */
  client: SolidusClient;
  limit: LimitFunction;
  ledger: OrderLedger;
  runId: string;
  /** Shows a code in text, masked when the campaign marks it secret. */
  show: (campaign: Campaign) => string;
  /** Called as each case finishes (progress output). */
  onCase?: (c: CaseResult) => void;
  /** Try carts on either side of a threshold when a blocker is found. */
  boundaries?: boolean;
}

export interface DryRunResult {
  cases: CaseResult[];
  findings: Finding[];
}

interface CaseRun {
  campaign: Campaign;
  cart: Cart;
  result: CaseResult;
  flow?: FlowResult;
  checks: Check[];
}

export const caseId = (campaign: Campaign, cart: Cart) => `${campaign.name} / ${cart.name}`;

export async function dryRun(ctx: DryRunContext, catalog: Catalog): Promise<DryRunResult> {
  const runs = await Promise.all(
    ctx.site.campaigns.flatMap((campaign) =>
      campaign.carts.map((cart) => ctx.limit(() => runCase(ctx, catalog, campaign, cart))),
    ),
  );
  const findings: Finding[] = [];
  for (const campaign of ctx.site.campaigns) {
    const mine = runs.filter((r) => r.campaign === campaign);
    const failing = mine.filter((r) => r.result.outcome === 'fail');
    let boundary: string | undefined;
    const blocker = failing.map((r) => blockerOf(r)).find(Boolean);
    if (ctx.boundaries !== false && campaign.code && blocker && failing.length) {
      boundary = await ctx.limit(() => findBoundary(ctx, catalog, campaign, mine, blocker)).catch(() => undefined);
    }
    for (const run of mine) {
      if (run.result.outcome === 'pass') continue;
      findings.push(explain(ctx, run, boundary));
    }
  }
  return { cases: runs.map((r) => r.result), findings };
}

async function runCase(ctx: DryRunContext, catalog: Catalog, campaign: Campaign, cart: Cart): Promise<CaseRun> {
  const started = performance.now();
  const base: CaseResult = {
    id: `api:${caseId(campaign, cart)}`,
    source: 'api',
    campaign: campaign.name,
    code: campaign.code ? ctx.show(campaign) : 'automatic',
    cart: cart.name,
    items: cart.items,
    expected: cart.expect,
    outcome: 'not-checked',
    summary: '',
    durationMs: 0,
  };
  try {
    const flow = await runFlow({
      client: ctx.client,
      ledger: ctx.ledger,
      variants: catalog.variantIds,
      items: cart.items,
      code: campaign.code,
      email: `dryrun+${ctx.runId}@${DRYRUN_DOMAIN}`,
    });
    const final = flow.final!;
    const checks = checkExpectation(cart.expect, final, campaign.code ? !!flow.coupon?.success : undefined);
    const result: CaseResult = {
      ...base,
      outcome: checks.every((c) => c.ok) ? 'pass' : 'fail',
      summary: customerSees(campaign, flow, ctx.site.currency),
      coupon: flow.coupon,
      totals: final.totals,
      cartTotals: flow.cart?.totals,
      stepReached: flow.stepReached,
      adjustments: final.adjustments,
      durationMs: Math.round(performance.now() - started),
    };
    ctx.onCase?.(result);
    return { campaign, cart, result, flow, checks };
  } catch (error) {
    if (error instanceof StoreUnreachableError) throw error;
    const result: CaseResult = {
      ...base,
      summary: 'Not checked: the store answered with an error.',
      error: error instanceof SolidusError ? error.message : String((error as Error)?.message ?? error),
      durationMs: Math.round(performance.now() - started),
    };
    ctx.onCase?.(result);
    return { campaign, cart, result, checks: [] };
  }
}

/** What the customer sees, in one or two sentences. */
function customerSees(campaign: Campaign, flow: FlowResult, currency: string): string {
  const parts: string[] = [];
  const fmt = (n: number) => money(n, currency);
  const cart = flow.cart!;
  const final = flow.final!;
  if (campaign.code) {
    if (flow.coupon?.success) {
      const shown = -cart.totals.promoTotal;
      parts.push(`Code accepted in the cart${shown ? ` (${fmt(shown)} off shown)` : ' but no discount shown'}: “${flow.coupon.message}”`);
    } else {
      parts.push(`Code refused in the cart: “${flow.coupon?.message ?? 'no message'}”`);
    }
  }
  const t = final.totals;
  const bits: string[] = [];
  bits.push(t.itemDiscount ? `${fmt(-t.itemDiscount)} off items` : 'full price for items');
  if (t.orderDiscount) bits.push(`${fmt(-t.orderDiscount)} off the order`);
  const ship = Math.round((t.shipTotal + t.shippingDiscount) * 100) / 100;
  bits.push(ship <= 0 && final.shipments ? 'free shipping' : `${fmt(ship)} shipping`);
  parts.push(`At the ${flow.stepReached} step: ${bits.join(', ')}; total ${fmt(t.total)}`);
  return parts.join('. ') + '.';
}

/** The promotion that beat or blocked the code: eligible at the end while the code's discount is not. */
export function blockerOf(run: CaseRun): AdjustmentView | undefined {
  const final = run.flow?.final;
  if (!final || !run.campaign.code) return undefined;
  const codeNames = new Set(final.codeAdjustments.map((a) => a.promotion));
  const codeAlive = final.codeAdjustments.some((a) => a.eligible && a.amount < 0);
  if (codeAlive) return undefined;
  return final.adjustments.find((a) => a.eligible && a.amount < 0 && !codeNames.has(a.promotion));
}

function explain(ctx: DryRunContext, run: CaseRun, boundary: string | undefined): Finding {
  const { campaign, cart, result, flow, checks } = run;
  const code = campaign.code ? ctx.show(campaign) : 'automatic';
  const who = campaign.code ? code : campaign.name;
  const finding: Finding = {
    id: result.id,
    source: 'api',
    level: 'error',
    title: '',
    campaign: campaign.name,
    code,
    cart: cart.name,
    expected: describeExpectation(cart.expect),
    actual: result.summary,
    cause: '',
    action: '',
    impact: 'revenue',
    evidence: { adjustments: result.adjustments },
  };
  if (result.outcome === 'not-checked' || !flow) {
    return {
      ...finding,
      level: 'warn',
      notChecked: true,
      title: `${who} could not be checked on the ${cart.name} cart`,
      actual: 'Not checked',
      cause: result.error ?? 'The dry-run did not finish.',
      action: 'Check that the store is up and the SKUs in the site file are purchasable, then run the audit again.',
      impact: 'function',
    };
  }
  const failed = checks.filter((c) => !c.ok);
  finding.expected = checks.map((c) => c.expected).join(', ');
  const blocker = blockerOf(run);
  const coupon = flow.coupon;
  const quote = (c?: { message?: string; statusCode?: string; httpStatus: number }) =>
    c ? `Solidus answered ${c.httpStatus} ${c.statusCode ?? ''}: “${c.message ?? ''}”` : '';
  finding.evidence = {
    ...finding.evidence,
    httpStatus: (flow.recheck ?? coupon)?.httpStatus,
    statusCode: (flow.recheck ?? coupon)?.statusCode,
    message: (flow.recheck ?? coupon)?.message,
    ...(boundary ? { boundary } : {}),
  };

  if (campaign.code && coupon && !coupon.success) {
    finding.title = `${code} is refused on the ${cart.name} cart`;
    finding.cause = `${quote(coupon)}.`;
    finding.action = `Check the rules of the promotion behind ${code} (dates, usage limit, minimum order, products) before it is announced.`;
  } else if (campaign.code && blocker) {
    const lost = flow.cart && -flow.cart.totals.promoTotal > 0;
    finding.title = `${code} gives no discount on the ${cart.name} cart: ${blocker.label} blocks it`;
    finding.cause =
      `${lost ? 'The code is accepted in the cart, but once' : 'Once'} ${blocker.label} applies to the order ` +
      `(its ${blocker.on === 'shipment' ? 'shipping' : blocker.on} adjustment is present and eligible), ` +
      `the code's own adjustments are ${run.flow!.final!.codeAdjustments.length ? 'ineligible' : 'gone'}: the two promotions do not combine. ` +
      (flow.recheck ? `Entering the code again at the ${flow.stepReached} step: ${quote(flow.recheck)}.` : '') +
      (boundary ? ` ${capitalise(boundary)}.` : '');
    finding.action =
      `Before ${code} is emailed: let it combine with ${blocker.promotion} (remove its "site exclusive" rule), ` +
      `or change ${blocker.promotion}, or tell customers the code does not work on carts it applies to. Then run this audit again.`;
  } else {
    finding.title = `${who} does not give what was planned on the ${cart.name} cart`;
    finding.cause = failed.map((c) => `Expected ${c.expected}, got ${c.actual}.`).join(' ');
    finding.action = `Compare the promotion's rules and actions in the store with the plan for ${campaign.name}, then run this audit again.`;
  }
  finding.actual = failed.map((c) => c.actual).join(', ') + ` — ${result.summary}`;
  return finding;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * The API dry-run: every cart of every campaign as a throwaway guest order, compared with what the
 * campaign expects; every failure explained (which promotion beat or blocked the code, Solidus's own
 * message) and, where a threshold is involved, its boundary found by trying carts on either side.
 */
import type { Campaign, Cart } from '../config/types.ts';
import type { CaseResult, Finding, AdjustmentView } from '../findings/types.ts';
import { newCase } from '../findings/types.ts';
import { SolidusError, StoreUnreachableError } from '../solidus/client.ts';
import { GuardError } from '../safety/guard.ts';
import { quoteCoupon, transient, type FlowResult } from './flow.ts';
import { blockerIn, paidShipping } from './order-view.ts';
import { checkExpectation, customerPays, describeExpectation, type Check } from './expect.ts';
import { formatMoney } from '../text/money.ts';
import { capitalize, listWords } from '../text/words.ts';
import { Catalog } from './catalog.ts';
import { findBoundary, findThreshold } from './boundary.ts';
import { caseFinding, runOrder, type CaseRun, type DryRunContext, type DryRunResult } from './context.ts';
import { codePairs, runPair } from './pairs.ts';
import { describeMoment, idAt, type PlannedMoment } from './moments.ts';
import { stripMoment } from './clock.ts';
import { closedChecks, explainEarly } from './early.ts';
import { customerWords } from '../config/checks.ts';
import { differs, displaced, laneStacking, promotionOf, refusal, replacedBy, solidusMessage, type CauseInput, type Mechanism } from './causes.ts';

export const caseId = (campaign: Campaign, cart: Cart) => `${campaign.name} / ${cart.name}`;

/**
 * After this many cases in a row found the store gone (connections refused or dropped), the rest
 * are not tried; a store that is only slow (timeouts) gets more rope before it counts as gone.
 */
const UNREACHABLE_TRIP = 3;
const TIMEOUT_TRIP = 10;

/** How the store has been answering lately. */
interface Health {
  /** Cases in a row that could not reach it / that timed out. */
  unreachableInARow: number;
  timeoutsInARow: number;
  /** Successes since the concurrency was last raised (see `pace`). */
  okSinceRaise: number;
  /** The concurrency the run was given; lowered while the store struggles, raised back as it copes. */
  maxConcurrency: number;
}
const storeGone = (h: Health) => h.unreachableInARow >= UNREACHABLE_TRIP || h.timeoutsInARow >= TIMEOUT_TRIP;

/** Backpressure: halve the cases in flight when the store struggles, add one back every 4 successes. */
function pace(ctx: DryRunContext, health: Health, ok: boolean): void {
  const c = ctx.limit.concurrency;
  if (!ok) {
    if (c > 1) ctx.limit.concurrency = Math.max(1, Math.floor(c / 2));
    health.okSinceRaise = 0;
  } else if (c < health.maxConcurrency && ++health.okSinceRaise >= 4) {
    ctx.limit.concurrency = c + 1;
    health.okSinceRaise = 0;
  }
}

/** The guest client at a moment (the store's signed clock), else the run's. */
const clientAt = (ctx: DryRunContext, moment: PlannedMoment | undefined) => ctx.clientAt?.(moment) ?? ctx.client;

export async function dryRun(ctx: DryRunContext, catalog: Catalog): Promise<DryRunResult> {
  const health: Health = { unreachableInARow: 0, timeoutsInARow: 0, okSinceRaise: 0, maxConcurrency: ctx.limit.concurrency };
  const jobs = ctx.site.campaigns.flatMap((campaign) =>
    (ctx.momentsOf?.(campaign) ?? [undefined]).flatMap((moment) =>
      campaign.carts.map((cart) => ({ campaign, cart, moment, run: ctx.limit(() => runCase(ctx, catalog, campaign, cart, health, false, moment)) })),
    ),
  );
  // Every case settles; one that fails in an unexpected way is "not checked", never lost.
  const settled = await Promise.allSettled(jobs.map((j) => j.run));
  const runs: CaseRun[] = settled.map((s, i) =>
    s.status === 'fulfilled' ? s.value : notChecked(ctx, jobs[i].campaign, jobs[i].cart, s.reason, 0, jobs[i].moment),
  );

  // A second chance, gently, for cases lost to the store's trouble rather than to the campaign.
  const again = runs.map((run, i) => ({ run, i })).filter(({ run }) => run.result.outcome === 'not-checked' && transient(run.error));
  let retried: { tried: number; checked: number } | undefined;
  if (again.length && !storeGone(health) && !ctx.ledger.closing) {
    ctx.limit.concurrency = Math.max(1, Math.ceil(health.maxConcurrency / 4));
    const second = await Promise.allSettled(again.map(({ run }) => ctx.limit(() => runCase(ctx, catalog, run.campaign, run.cart, health, true, run.moment))));
    second.forEach((s, k) => {
      if (s.status === 'fulfilled') runs[again[k].i] = s.value;
    });
    retried = { tried: again.length, checked: again.filter(({ i }) => runs[i].result.outcome !== 'not-checked').length };
  }
  ctx.limit.concurrency = health.maxConcurrency;

  // Two codes on one cart, once the single carts are done (a pair never throws).
  const plans = ctx.pairs !== false && !storeGone(health) && !ctx.ledger.closing ? codePairs(ctx.site) : [];
  // On a shard, the second code's items may belong to another shard's campaign.
  const unknown = [...new Set(plans.flatMap((p) => Object.keys(p.items)))].filter((sku) => !catalog.variantIds.has(sku));
  if (unknown.length) await catalog.resolve(unknown).catch(() => undefined);
  const pairs = await Promise.all(
    plans.map((plan) => {
      const moment = ctx.pairMomentOf?.(plan);
      return ctx.limit(() => runPair({ ...ctx, client: clientAt(ctx, moment) }, catalog, plan)).then((f) => (moment ? { ...f, moment: stripMoment(moment) } : f));
    }),
  );

  const findings: Finding[] = [];
  for (const campaign of ctx.site.campaigns) {
    const all = runs.filter((r) => r.campaign === campaign);
    // The threshold search runs at the campaign's primary moment only (its first minute).
    const mine = all.filter((r) => !r.moment || r.moment.primary);
    const primary = mine[0]?.moment;
    const failing = mine.filter((r) => r.result.outcome === 'fail' && r.moment?.role !== 'closed');
    let boundary: string | undefined;
    const blocker = failing.map((r) => blockerOf(r)).find(Boolean);
    // An automatic promotion with an item-total threshold: where it starts to apply, and what its operator means.
    const promotion = !campaign.code ? promotionOf(campaign, ctx.promotions) : undefined;
    const at = { ...ctx, client: clientAt(ctx, primary) };
    const search = campaign.code ? blocker && (() => findBoundary(at, catalog, campaign, mine, blocker)) : promotion && (() => findThreshold(at, catalog, campaign, promotion));
    if (ctx.boundaries !== false && search && failing.length && !storeGone(health) && !ctx.ledger.closing) boundary = await ctx.limit(search).catch(() => undefined);
    // Primary moment first: a cart that fails the same way at another moment is said once, with both moments.
    const said = new Map<string, Finding>();
    for (const run of [...mine, ...all.filter((r) => !mine.includes(r))]) {
      if (run.result.outcome === 'pass') continue;
      // What the plan promised and did not get (an error), then what the customer pays and more
      // than planned (each a finding of its own, at its own level).
      const own = run.checks.filter((c) => !c.ok && !separate(c));
      const found: Finding[] = [];
      if (own.length || !run.flow || run.result.outcome === 'not-checked') {
        found.push(run.moment?.role === 'closed' && run.flow ? explainEarly(ctx, run) : explain(ctx, catalog, { ...run, checks: run.checks.filter((c) => !separate(c)) }, mine.includes(run) ? boundary : undefined));
      }
      if (run.flow) found.push(...run.checks.filter((c) => !c.ok && separate(c)).map((c) => explainSeparate(ctx, catalog, run, c)));
      for (let finding of found) {
        if (run.result.moment) finding = { ...finding, moment: run.result.moment };
        const same = said.get(`${run.cart.name}\u0000${finding.title}`);
        if (same && run.moment && run.moment.role !== 'closed') {
          const also = `The same ${run.moment.text} (${describeMoment(run.moment)}).`;
          same.evidence = { ...same.evidence, detail: same.evidence?.detail ? `${same.evidence.detail} ${also}` : also };
          continue;
        }
        said.set(`${run.cart.name}\u0000${finding.title}`, finding);
        findings.push(finding);
      }
    }
    findings.push(...pairs.filter((f) => f.campaign === campaign.name));
  }
  if (retried) {
    findings.push({
      id: 'harness:second-try', source: 'harness', level: 'info',
      title: `${retried.tried} cart${retried.tried === 1 ? ' was' : 's were'} tried a second time after the store answered with errors or too slowly`,
      expected: 'every cart checked on the first try',
      actual: `${retried.checked} of ${retried.tried} checked on the second try (with a fresh cart, more slowly); ${retried.tried - retried.checked} not checked`,
      cause: 'The store timed out, cut answers short or answered 5xx/429 during the run.',
      action: 'Nothing, if this is rare; if it happens on every run, lower dry_run.concurrency in the site file or ask why the store is slow.',
    });
  }
  const engine = runs.map((r) => r.flow?.final?.engine ?? r.flow?.cart?.engine).find((e) => e !== undefined);
  return { cases: runs.map((r) => r.result), findings, ...(engine ? { engine } : {}) };
}

function baseResult(ctx: DryRunContext, campaign: Campaign, cart: Cart, moment?: PlannedMoment): CaseResult {
  const result = newCase('api', idAt(`api:${caseId(campaign, cart)}`, moment), campaign, campaign.code ? ctx.show(campaign) : 'automatic', cart);
  const who = cart.customer && cart.customer.kind !== 'guest' ? { customer: customerWords(cart.customer) } : {};
  return moment ? { ...result, ...who, moment: stripMoment(moment) } : { ...result, ...who };
}

/** A code a step enters, as words show it: masked like its campaign's when that campaign is secret. */
function showStepCode(ctx: DryRunContext, campaign: Campaign, code: string): string {
  const of = [campaign, ...(ctx.site.allCampaigns ?? ctx.site.campaigns)].find((c) => c.code?.toLowerCase() === code.toLowerCase());
  return of ? ctx.show(of) : code;
}

/** A case that could not be checked, and why in plain words. */
function notChecked(ctx: DryRunContext, campaign: Campaign, cart: Cart, error: unknown, durationMs: number, moment?: PlannedMoment): CaseRun {
  const summary =
    error instanceof GuardError ? `Not checked: the safety guard refused a request (${error.rule}).`
    : error instanceof StoreUnreachableError ? 'Not checked: the store could not be reached.'
    : error instanceof SolidusError ? 'Not checked: the store answered with an error.'
    : 'Not checked: the dry-run of this cart failed.';
  const message = error instanceof Error ? error.message : String(error);
  const result: CaseResult = { ...baseResult(ctx, campaign, cart, moment), summary, error: message, durationMs };
  return { campaign, cart, moment, result, checks: [], error };
}

/** A finished case, told to ctx.onCase (progress). */
function reported(ctx: DryRunContext, run: CaseRun, again: boolean): CaseRun {
  try {
    ctx.onCase?.(run.result, again);
  } catch {
    // progress output is cosmetic: it never changes or loses a result
  }
  return run;
}

async function runCase(ctx: DryRunContext, catalog: Catalog, campaign: Campaign, cart: Cart, health: Health, again = false, moment?: PlannedMoment): Promise<CaseRun> {
  const started = performance.now();
  const base = baseResult(ctx, campaign, cart, moment);
  if (storeGone(health)) {
    const n = health.unreachableInARow >= UNREACHABLE_TRIP ? UNREACHABLE_TRIP : TIMEOUT_TRIP;
    return reported(ctx, notChecked(ctx, campaign, cart, new StoreUnreachableError(ctx.client.baseUrl, `it did not answer the last ${n} carts, so this one was not tried`), 0, moment), again);
  }
  try {
    const flow = await runOrder(ctx, catalog, {
      client: clientAt(ctx, moment), items: cart.items, code: campaign.code,
      customer: cart.customer, moment, steps: cart.steps, show: (code) => showStepCode(ctx, campaign, code),
    });
    health.unreachableInARow = 0;
    health.timeoutsInARow = 0;
    pace(ctx, health, true);
    const final = flow.final!;
    // A taxon expectation is judged with the taxons of the cart's products (read-only lookups).
    const taxons = cart.expect.taxon && moment?.role !== 'closed' ? await catalog.taxonsOf(Object.keys(cart.items)) : undefined;
    // Before its window the promotion must not work at all; otherwise the plan's expectations.
    // What the customer pays is checked on every cart, whatever the plan says.
    const checks = [
      ...(moment?.role === 'closed'
        ? closedChecks(campaign, flow)
        : checkExpectation(cart.expect, final, campaign.code ? flow.codeAccepted ?? !!flow.coupon?.success : undefined, {
          campaign: campaign.name,
          taxonsOf: (sku) => taxons?.get(sku),
        })),
      ...customerPays(final, flow.stepReached, cart.expect),
    ];
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
      ...(flow.steps ? { steps: flow.steps } : {}),
    };
    return reported(ctx, { campaign, cart, moment, result, flow, checks }, again);
  } catch (error) {
    if (error instanceof StoreUnreachableError) {
      if (error.timedOut) health.timeoutsInARow++;
      else health.unreachableInARow++;
    }
    if (transient(error)) pace(ctx, health, false);
    return reported(ctx, notChecked(ctx, campaign, cart, error, Math.round(performance.now() - started), moment), again);
  }
}

/** What the customer sees, in one or two sentences. */
function customerSees(campaign: Campaign, flow: FlowResult, currency: string): string {
  const parts: string[] = [];
  const fmt = (n: number) => formatMoney(n, currency);
  const final = flow.final!;
  // With steps the code may go in at the delivery or payment step: said where, with what it showed there.
  const entry = flow.codeEntry ?? { at: 'cart', totals: flow.cart!.totals };
  const where = entry.at === 'cart' ? 'in the cart' : `at the ${entry.at} step`;
  if (campaign.code) {
    if (flow.coupon?.success) {
      const shown = -entry.totals.promoTotal;
      parts.push(`Code accepted ${where}${shown ? ` (${fmt(shown)} off shown)` : ' but no discount shown'}: “${flow.coupon.message}”`);
    } else {
      parts.push(`Code refused ${where}: “${flow.coupon?.message ?? 'no message'}”`);
    }
  }
  const t = final.totals;
  const bits: string[] = [];
  bits.push(t.itemDiscount ? `${fmt(-t.itemDiscount)} off items` : 'full price for items');
  if (t.orderDiscount) bits.push(`${fmt(-t.orderDiscount)} off the order`);
  const ship = paidShipping(t);
  bits.push(ship <= 0 && final.shipments ? 'free shipping' : `${fmt(ship)} shipping`);
  parts.push(`At the ${flow.stepReached} step: ${bits.join(', ')}; total ${fmt(t.total)}`);
  return parts.join('. ') + '.';
}

/** A check said in a finding of its own: what the customer pays, and more than planned (a warning about the plan). */
const separate = (c: Check) => c.what === 'pays' || c.level === 'warn';

/**
 * The finding of one check said on its own: a total below zero (an error), a zero total or a
 * checkout without the payment step (a warning naming the promotions), more off than planned (a
 * warning about the plan: how much, from which promotion).
 */
function explainSeparate(ctx: DryRunContext, catalog: Catalog, run: CaseRun, check: Check): Finding {
  const { campaign, cart, result } = run;
  const { who, base: common } = caseFinding(ctx, run, run.flow?.coupon);
  const level = check.level ?? 'error';
  const base = { ...common, level, expected: check.expected, actual: `${check.actual} — ${result.summary}`, cause: check.cause ?? '' };
  if (check.what === 'pays') {
    const negative = level === 'error';
    return {
      ...base, id: `${result.id}:pays`,
      title: negative
        ? `The customer would pay ${formatMoney(result.totals?.total ?? 0, ctx.site.currency)} for the ${cart.name} cart with ${who}`
        : `The customer pays ${formatMoney(result.totals?.total ?? 0, ctx.site.currency)} for the ${cart.name} cart with ${who}${result.stepReached !== 'payment' ? ', and checkout skips the payment step' : ''}`,
      action: negative
        ? `Before ${who} goes live: make the promotions on this cart unable to add up to more than the order (a flat amount off the order next to a percentage off the items is the usual cause), or make them not combine. Then run this audit again.`
        : `Check with the client that giving this cart away is intended; if not, cap the promotions named above or make them not combine, then run this audit again. If it is intended, write total: $0 in the cart's expect.`,
    };
  }
  // On solidus_promotions the extra may come from another lane (said with the lanes and benefits);
  // else a bigger promotion in the campaign's place on a line (Spree::PromotionChooser).
  const input = causeInput(ctx, catalog, run, who);
  const replaced = laneStacking(input) ?? replacedBy(input);
  return {
    ...base, id: `${result.id}:more:${check.what}`,
    title: `${who} gives more than planned on the ${cart.name} cart: ${check.actual}`,
    cause: [check.cause, replaced?.cause].filter(Boolean).join(' '),
    action: replaced
      ? `${replaced.action} Either way, tell the client rep: the plan for ${campaign.name} says ${check.expected}.`
      : `Tell the client rep: the plan for ${campaign.name} says ${check.expected}. If the extra comes from another promotion, decide whether they should combine; if the plan is only a floor, write "at least" in the site file (or code: for the code's own share, discount: for everything).`,
  };
}

/** What the causes of a case's findings are read from (src/dryrun/causes.ts). */
function causeInput(ctx: DryRunContext, catalog: Catalog, run: CaseRun, who: string): CauseInput {
  const { campaign, cart, flow } = run;
  return {
    campaign, cart: cart.name, who, flow: flow!, currency: ctx.site.currency,
    promotion: promotionOf(campaign, ctx.promotions), promotions: ctx.promotions,
    items: Object.keys(cart.items).map((sku) => catalog.variants.get(sku)).filter((v) => v !== undefined),
  };
}

/** The promotion that beat or blocked the code: eligible at the end while the code's discount is not. */
export function blockerOf(run: Pick<CaseRun, 'flow' | 'campaign'>): AdjustmentView | undefined {
  return run.flow?.final && run.campaign.code ? blockerIn(run.flow.final) : undefined;
}

function explain(ctx: DryRunContext, catalog: Catalog, run: CaseRun, boundary: string | undefined): Finding {
  const { campaign, cart, result, flow, checks } = run;
  const { who, base } = caseFinding(ctx, run, flow?.recheck ?? flow?.coupon);
  const code = base.code;
  if (result.outcome === 'not-checked' || !flow) {
    const refused = run.error instanceof GuardError;
    // Solidus's own words when it refused the cart (stock, an item it will not sell): quoted, and the advice follows them.
    const said = solidusMessage(run.error);
    const stock = said && /not available|out of stock|insufficient stock|quantity/i.test(said);
    return {
      ...base,
      level: 'warn',
      notChecked: true,
      title: `${who} could not be checked on the ${cart.name} cart`,
      expected: describeExpectation(cart.expect),
      actual: 'Not checked',
      cause: said ? `${said}.` : result.error ?? 'The dry-run did not finish.',
      action: stock
        ? `Solidus refused the cart for want of stock: restock ${listWords(Object.keys(cart.items))} on staging or lower the quantities of the ${cart.name} cart, then run the audit again.`
        : refused
          ? 'The harness stopped itself before a request that is not safe on this store. Check that the site file names the staging store under staging:, then run the audit again; if it does, report this to the holiday-ready maintainers.'
          : 'Check that the store is up and the SKUs in the site file are purchasable, then run the audit again.',
      impact: 'function',
    };
  }
  const failed = checks.filter((c) => !c.ok);
  const blocker = blockerOf(run);
  const coupon = flow.coupon;
  const input = causeInput(ctx, catalog, run, who);
  let m: Mechanism & { title: string };
  if (campaign.code && coupon && !coupon.success && ctx.staging?.get(campaign)?.state === 'missing') {
    m = {
      title: `${code} does not exist on staging: refused on the ${cart.name} cart`,
      cause: `${quoteCoupon(coupon)}. Staging has no promotion with this code (GET /api/promotions/… answered 404).`,
      action: `Set up ${campaign.name} with the code ${code} on staging as it will run on production (rules, actions, window), then run this audit again.`,
    };
  } else if (campaign.code && coupon && !coupon.success) {
    m = { title: `${code} is refused on the ${cart.name} cart`, ...refusal(input, coupon) };
  } else if (campaign.code && blocker) {
    m = { title: `${code} gives no discount on the ${cart.name} cart: ${blocker.label} blocks it`, ...displaced(input, blocker, boundary) };
  } else {
    const d = differs(input, failed.map((c) => c.expected));
    m = {
      title: `${who} does not give what was planned on the ${cart.name} cart`,
      cause: [failed.map((c) => `Expected ${c.expected}, got ${c.actual}.${c.cause ? ` ${c.cause}` : ''}`).join(' '), d.cause, boundary ? `${capitalize(boundary)}.` : ''].filter(Boolean).join(' '),
      action: d.action,
    };
  }
  return {
    ...base, level: 'error', expected: checks.map((c) => c.expected).join(', '), ...m, actual: failed.map((c) => c.actual).join(', ') + ` — ${result.summary}`,
    evidence: { ...base.evidence, ...(boundary ? { boundary } : {}) },
  };
}

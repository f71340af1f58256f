/**
 * Findings and the run folder's results.json. This module imports nothing else of ours:
 * the dry-run, the browser scenarios and the audits produce these records, the report only reads them.
 */

/** How serious a finding is. `error` blocks the holiday, `warn` puts it at risk, `info` is context. */
export type Level = 'error' | 'warn' | 'info';

/** Severity a site chooses for an audit, eslint-style. */
export type Severity = 'off' | 'warn' | 'error';

export type Verdict = 'ready' | 'at-risk' | 'blocked';

/** Each verdict as every output names it: the report, summary.md, Slack and the CLIs. */
export const VERDICT_WORDS: Record<Verdict, { label: string; emoji: string }> = {
  ready: { label: 'Ready', emoji: '✅' },
  'at-risk': { label: 'At risk', emoji: '⚠️' },
  blocked: { label: 'Blocked', emoji: '❌' },
};

/** Where a finding came from. */
export type Source = 'api' | 'browser' | 'audit' | 'harness';

/**
 * One thing the engineer has to know. Every finding says what was expected, what actually
 * happened, why, and what to do about it, in words a client rep can read.
 */
export interface Finding {
  /** Stable identity across runs (used for history: new / fixed / still failing). */
  id: string;
  source: Source;
  level: Level;
  /** Short title, e.g. "BLACKFRIDAY50 gives no discount on carts from $85". */
  title: string;
  audit?: string;
  /** The campaign it is about (the first, when it is about more than one). */
  campaign?: string;
  /**
   * Every campaign it is about, when more than one (a pair of codes on one cart: the first code's
   * campaign, then the second's), `campaign` first. Absent when it is about one (or none): read it
   * through namesCampaign.
   */
  campaigns?: string[];
  /** The coupon code, or "automatic"; masked when the site marks the code secret. */
  code?: string;
  cart?: string;
  expected: string;
  actual: string;
  cause: string;
  action: string;
  /** True when the thing could not be checked (store unreachable, selector missing, ...). */
  notChecked?: boolean;
  /** The moment the case behind this finding ran at. */
  moment?: CaseMoment;
  /** Whether the problem costs revenue or breaks site function (drives the escalation ladder). */
  impact?: 'revenue' | 'function';
  evidence?: Evidence;
}

export interface Evidence {
  /** HTTP status code and Solidus message of the coupon call. */
  httpStatus?: number;
  statusCode?: string;
  message?: string;
  /** Promotion adjustments seen on the order at the last step reached. */
  adjustments?: AdjustmentView[];
  /** Relative paths inside the run folder. */
  screenshots?: string[];
  trace?: string;
  /** "works below $85, fails from $85 up". */
  boundary?: string;
  detail?: string;
}

/** A promotion adjustment as read from the order JSON. */
export interface AdjustmentView {
  label: string;
  /** Promotion name parsed out of "Promotion (<name>)". */
  promotion: string;
  amount: number;
  eligible: boolean;
  /** Where it sits: 'item' (a line item), 'shipment' or 'order'. */
  on: 'item' | 'shipment' | 'order';
  sku?: string;
}

/** Money totals of an order, in the store currency. */
export interface Totals {
  itemTotal: number;
  shipTotal: number;
  /** Sum of eligible promotion adjustments (negative). */
  promoTotal: number;
  /** Eligible item-level promotion discount (negative). */
  itemDiscount: number;
  /** Eligible shipping discount (negative). */
  shippingDiscount: number;
  /** Eligible order-level discount (negative). */
  orderDiscount: number;
  taxTotal: number;
  total: number;
}

/**
 * What the customer should get, as written in the site file (sites/example.annotated.yml). Discounts
 * are "50% off", "$10 off", "none", optionally "at least …".
 */
export interface CartExpectation {
  /** Booked on the items: one discount for all of them, or per SKU ({ JKT-001: 20% off }). */
  items?: string | Record<string, string>;
  /** Booked on the order. */
  order?: string;
  /** Every promotion's discount, wherever Solidus books it (items and order). */
  discount?: string;
  /** "Outerwear 20% off": the discount on the cart's items of a taxon. */
  taxon?: string;
  /** What the customer pays: "$60", "at most $60". */
  total?: string;
  /** "free" or "paid". */
  shipping?: 'free' | 'paid';
  /** accepted (the default) or rejected; or the code's own share: "50% off items", "at least $10 off". */
  code?: string;
}

export type Outcome = 'pass' | 'fail' | 'not-checked';

/**
 * The moment a case ran at, in the site's time zone: the store answered as if it were then (the
 * signed clock of the solidus_holiday_ready extension), or `now` when the store's own clock decided.
 */
export interface CaseMoment {
  /** `before-start`, `start`, `end`, `at` (--at), `now` (no clock), or a time from dry_run.moments as written. */
  label: string;
  /** ISO 8601 with the zone's offset: "2026-11-27T00:01:00-05:00". */
  at: string;
  /** "as on Fri, Nov 27, 12:01 AM EST". */
  text: string;
}

/** One cart of one campaign tried against the store, by the API or in the browser. */
export interface CaseResult {
  id: string;
  source: 'api' | 'browser';
  campaign: string;
  code: string;
  cart: string;
  items: Record<string, number>;
  expected: CartExpectation;
  outcome: Outcome;
  /** Plain words: what the customer sees. */
  summary: string;
  coupon?: { httpStatus: number; statusCode?: string; message?: string; success: boolean };
  totals?: Totals;
  /** Totals in the cart right after the code was entered (what the cart page shows). */
  cartTotals?: Totals;
  /** The checkout step reached (cart, address, delivery, payment). */
  stepReached?: string;
  adjustments?: AdjustmentView[];
  screenshots?: string[];
  durationMs: number;
  error?: string;
  /** The moment the store was asked to be at (absent in results written before moments existed). */
  moment?: CaseMoment;
  /** A case of a promotion the site file does not plan, built from its own rules and actions (see CampaignSummary.unplanned). */
  unplanned?: boolean;
  /** Who filled the cart when not a new guest: "returning customer jo@example.com", "registered user (ACME_MEMBER_API_KEY)". */
  customer?: string;
  /** What the customer did after the cart was built (the site file's `steps:`), and saw after each; the expectation is judged after the last. */
  steps?: CaseStep[];
}

/** One step of a cart after it was built (`steps:` in the site file), and what the customer saw right after it. */
export interface CaseStep {
  /** In words: "add ACC-001 ×1", "remove ACC-001", "JKT-001 to 2", "enter TAKE10 at the payment step". */
  step: string;
  /** The checkout step the order was at afterwards (cart, address, delivery, payment). */
  state: string;
  totals?: Totals;
  /** Solidus's answer, for a step that entered a code. */
  coupon?: { httpStatus: number; statusCode?: string; message?: string; success: boolean };
  /** What the customer sees after it, in one sentence. */
  sees: string;
}

export interface AuditResult {
  id: string;
  title: string;
  severity: Severity;
  outcome: Outcome;
  summary: string;
  findings: Finding[];
  durationMs: number;
}

/** Bookkeeping of what the run created on the store and cleaned up. */
export interface Housekeeping {
  ordersCreated: number;
  ordersEmptied: number;
  leftoversSwept: number;
}

export const SCHEMA_VERSION = 1;

/** Contents of results.json, the hand-over between the run and the report. */
export interface RunResults {
  schemaVersion: typeof SCHEMA_VERSION;
  site: string;
  siteName: string;
  /** ISO 4217 currency of the store's prices. */
  currency?: string;
  verdict: Verdict;
  startedAt: string;
  finishedAt: string;
  /**
   * `engine`: the staging store's promotion engine (legacy, solidus_promotions; none when it has no
   * promotions), from its inventory, else from the source of the dry-run orders' promotion adjustments.
   */
  target: { name: 'staging' | 'production'; url: string; engine?: 'legacy' | 'solidus_promotions' | 'none' };
  /** `codeFreeze`: the code-freeze window, from the code-freeze audit (the same computation when it did not run; absent in older results). */
  holiday?: { name: string; officesClosed: [string, string]; timezone: string; codeFreeze?: CodeFreeze };
  people?: Record<string, unknown>;
  campaigns: CampaignSummary[];
  cases: CaseResult[];
  audits: AuditResult[];
  findings: Finding[];
  housekeeping: Housekeeping;
  /** The store's promotion inventory, for the report's timeline (absent in older results). */
  inventory?: InventorySection;
}

/**
 * The promotions the run saw in the store's inventory (the extension's GET /api/holiday_ready/inventory),
 * as the report's timeline shows them. Every instant is an ISO date-time; codes are as shown to people
 * (masked unless public).
 */
export interface InventorySection {
  /** The store the timeline shows: production when the site names one, else staging. */
  store: 'production' | 'staging';
  /** `read`: the extension answered; otherwise `message` says, in plain words, what could not be seen and why. */
  status: 'read' | 'no-extension' | 'unsupported-engine' | 'error';
  message?: string;
  /** The promotion engine the store runs (legacy, solidus_promotions). */
  engine?: string;
  /** The store's own time zone and currency, as the extension reports them. */
  timeZone?: string;
  currency?: string;
  /** What the timeline covers: a week before the holiday's first day to a week after its last. */
  span: { from: string; to: string };
  /** The holiday's days: local midnight of the first closed day to local midnight after the last, in the holiday's zone. */
  holiday: { from: string; to: string };
  /** When the run started ("today" on the timeline). */
  now: string;
  /** Every promotion live at some moment of the span, in either store. */
  promotions: TimelinePromotion[];
}

export interface TimelinePromotion {
  id: number;
  name: string;
  /** Applies to every cart its rules allow, without a code. */
  automatic: boolean;
  /** Its codes as shown to people (masked unless public), at most a few; `codeCount` is how many it has. */
  codes: string[];
  codeCount: number;
  startsAt: string | null;
  expiresAt: string | null;
  /** The site file's campaign that plans it; absent when nobody planned it. */
  campaign?: string;
  /** The stores that hold it: both, or one (a staging/production difference). */
  on: ('production' | 'staging')[];
  /** The ids of the findings about it (`findings[].id`). */
  findings: string[];
}

/**
 * The pre-holiday code freeze, as the code-freeze audit (audits/code-freeze.ts) worked it out: the
 * one computation of it; the report shows it and never works it out again.
 */
export interface CodeFreeze {
  /** First day of the freeze, a calendar date (YYYY-MM-DD) in the holiday's time zone: `daysBefore` days before the offices close. */
  firstDay: string;
  /** The day the offices reopen (YYYY-MM-DD), the day after they close for the last time. */
  reopens: string;
  /** Local midnight starting firstDay, as an ISO instant (UTC). */
  starts: string;
  /** Local midnight starting the reopening day, as an ISO instant (UTC); the freeze is over from then on. */
  ends: string;
  daysBefore: number;
  /** Where the run stood when it started: before the freeze (`days`: calendar days until its first day), during it, or after. */
  at: FreezeState;
}

export type FreezeState = { state: 'before'; days: number } | { state: 'during' } | { state: 'after' };

export interface CampaignSummary {
  name: string;
  code: string;
  automatic: boolean;
  window?: [string, string];
  expectedRedemptions?: number;
  /** The worst outcome over its moments. */
  outcome: Outcome;
  /** The moments its cases ran at, in order. */
  moments?: CaseMoment[];
  /**
   * A promotion live during the holiday on staging that the site file does not plan (src/inventory/unplanned.ts):
   * dry-run on carts built from its own rules, expecting what its own actions say. The browser dry-run leaves it out.
   */
  unplanned?: boolean;
}

/** A case before it has run: not checked and no summary yet. The API dry-run and the browser start from it. */
export function newCase(
  source: CaseResult['source'],
  id: string,
  campaign: { name: string },
  code: string,
  cart: { name: string; items: Record<string, number>; expect: CartExpectation },
): CaseResult {
  return { id, source, campaign: campaign.name, code, cart: cart.name, items: cart.items, expected: cart.expect, outcome: 'not-checked', summary: '', durationMs: 0 };
}

/** Whether a finding is about this campaign: its `campaign`, or one of its `campaigns` (a pair of codes). */
export function namesCampaign(f: Pick<Finding, 'campaign' | 'campaigns'>, campaign: string): boolean {
  return f.campaign === campaign || !!f.campaigns?.includes(campaign);
}

/** Every campaign a finding names, its first campaign first (none for a finding about the site). */
export function campaignsNamed(f: Pick<Finding, 'campaign' | 'campaigns'>): string[] {
  return [...new Set([...(f.campaign ? [f.campaign] : []), ...(f.campaigns ?? [])])];
}

/** Blocking = an error someone actually saw; a check that could not run only puts the holiday at risk. */
export function isBlocking(f: Finding): boolean {
  return f.level === 'error' && !f.notChecked;
}

/**
 * A campaign's outcome from its cases, as a run and a merge decide it: any failing cart, API or
 * browser, fails it; else an API cart that could not be checked leaves it not checked (a browser
 * case that could not run leaves the API result standing).
 */
export function campaignOutcome(cases: readonly Pick<CaseResult, 'source' | 'outcome'>[]): Outcome {
  if (cases.some((c) => c.outcome === 'fail')) return 'fail';
  if (cases.some((c) => c.source === 'api' && c.outcome === 'not-checked')) return 'not-checked';
  return 'pass';
}

/** Collect, then decide: the verdict follows from the findings once, at the end. */
export function verdictOf(findings: readonly Finding[]): Verdict {
  if (findings.some(isBlocking)) return 'blocked';
  if (findings.some((f) => f.level === 'warn' || f.notChecked)) return 'at-risk';
  return 'ready';
}

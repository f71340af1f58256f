/**
 * Turns results.json into what the HTML templates show. Only derived things are worked out here
 * (sentences, grouping, statuses); view objects spread the raw records so a field missing from
 * results.json stays missing and the strict-mode templates fail on it instead of printing nothing.
 */
import { campaignsNamed, isBlocking, namesCampaign, type AdjustmentView, type AuditResult, type CampaignSummary, type CaseResult, type Finding, type Outcome, type RunResults, type Totals } from '../src/findings/types.ts';
import {
  adjustmentPlace,
  boundaryWhere,
  describeCartView,
  describeExpectation,
  describePayment,
  formatDay,
  formatDuration,
  formatInstant,
  formatItems,
  formatMoney,
  formatWindow,
  splitBoundary,
  standingStatus,
  verdictStatus,
  type StatusView,
} from './format.ts';
import { campaignStanding } from '../src/findings/standing.ts';
import { capitalize, listWords, plural } from '../src/text/words.ts';
import { cents } from '../src/text/money.ts';
import { buildTrend, summarizeRun, type HistoryPoint } from './history.ts';
import { buildTimeline, type FindingLinks } from './timeline.ts';

const WORKS: StatusView = { key: 'pass', label: 'Works' };
const BLOCKED = verdictStatus('blocked');
const AT_RISK = verdictStatus('at-risk');
const FAILS: StatusView = { key: 'fail', label: 'Does not work' };
const NOT_CHECKED: StatusView = { key: 'skip', label: 'Not checked' };

function levelStatus(f: Finding): StatusView {
  if (f.notChecked) return NOT_CHECKED;
  if (f.level === 'error') return BLOCKED;
  if (f.level === 'warn') return AT_RISK;
  return { key: 'skip', label: 'Note' };
}

/** The store's currency (ISO 4217); USD for results written without a valid one. */
function currencyOf(results: RunResults): string {
  const c = (results as RunResults & { currency?: unknown }).currency;
  return typeof c === 'string' && /^[A-Z]{3}$/.test(c) ? c : 'USD';
}

export function timeZoneOf(results: RunResults): string {
  return results.holiday?.timezone ?? 'UTC';
}

/**
 * "Priya Natarajan (Technical Lead, @priya, +1 555 0100)", or her name alone without `contact`;
 * "the Technical Lead" when the site file names nobody.
 */
function who(results: RunResults, key: string, role: string, contact = true): string {
  const p = results.people?.[key] as { name?: unknown; slack?: string; phone?: string } | undefined;
  if (!p || typeof p !== 'object' || typeof p.name !== 'string') return `the ${role}`;
  const reach = [p.slack, p.phone].filter(Boolean).join(', ');
  return contact ? `${p.name} (${role}${reach ? `, ${reach}` : ''})` : p.name;
}

function findingsForCase(results: RunResults, c: CaseResult): Finding[] {
  const all = results.findings.filter(
    (f) => f.id === c.id || (f.campaign === c.campaign && f.cart === c.cart && (f.source === c.source || f.source === 'harness')),
  );
  // A cart dry-run at several moments: each case with the findings of its own moment, unless its
  // failure was said once for several moments (in the finding of the first).
  const own = all.filter((f) => f.id === c.id || !f.moment || !c.moment || f.moment.at === c.moment.at);
  return c.outcome !== 'fail' || own.some((f) => !f.notChecked && f.source === c.source) ? own : all;
}

/** A case's or a campaign's status: its outcome and, when it fails, how much its findings say that matters. */
function outcomeStatus(outcome: Outcome, findings: Finding[]): StatusView {
  if (outcome === 'pass') return WORKS;
  if (outcome === 'not-checked') return NOT_CHECKED;
  if (findings.some(isBlocking)) return BLOCKED;
  if (findings.some((f) => f.level === 'warn')) return AT_RISK;
  return FAILS;
}

/** A campaign's status: its standing (src/findings/standing.ts), the same word the terminal, summary.md and junit.xml say. */
export function campaignStatus(results: RunResults, c: Pick<CampaignSummary, 'name'>): StatusView {
  return standingStatus(campaignStanding(results, c.name));
}

/** What a case's row in the matrix and its pane in the campaign card share. */
function caseView(results: RunResults, c: CaseResult) {
  // A cart's steps (the site file's `steps:`): what the customer did and saw after each; the last one is judged.
  const steps = c.steps?.length ? c.steps.map((s, i, all) => ({ step: s.step, sees: s.sees, judged: i === all.length - 1 })) : null;
  // The fields the templates read are null when the case lacks them.
  return {
    stepReached: null, customer: null, totals: null, coupon: null, error: null,
    ...c, momentText: c.moment?.text ?? null, status: outcomeStatus(c.outcome, findingsForCase(results, c)), steps,
  };
}

function codeText(c: { code: string; automatic?: boolean }): string {
  return c.automatic || c.code === 'automatic' ? 'applied automatically' : `code ${c.code}`;
}

// ---------------------------------------------------------------------------------------------
// The verdict sentence

/**
 * One sentence a client rep can forward, e.g. "Acme Outfitters is not ready for Thanksgiving:
 * 1 planned campaign (Black Friday 50% off, code BLACKFRIDAY50) will not give customers the
 * discount on carts from $85 up."
 */
export function verdictSentence(results: RunResults): string {
  const site = results.siteName;
  const holiday = results.holiday?.name ?? 'the holiday';
  const titles = (fs: Finding[]) => {
    const t = fs.map((f) => (f.audit ? results.audits.find((a) => a.id === f.audit)?.title ?? f.title : f.title));
    const unique = [...new Set(t)];
    return unique.length > 2 ? `${unique.slice(0, 2).join('; ')} and ${unique.length - 2} more` : unique.join('; ');
  };

  if (results.verdict === 'blocked') {
    const blocking = results.findings.filter(isBlocking);
    const parts: string[] = [];
    const byCampaign = new Map<string, Finding[]>();
    // A finding that names several campaigns (a pair of codes, competing automatics) blocks each of them.
    for (const f of blocking) for (const name of campaignsNamed(f)) byCampaign.set(name, [...(byCampaign.get(name) ?? []), f]);
    if (byCampaign.size) {
      const names = [...byCampaign.keys()].map((name) => {
        const c = results.campaigns.find((x) => x.name === name);
        // The finding's code is its first campaign's: a campaign the run does not list is named alone.
        const own = byCampaign.get(name)!.find((f) => f.campaign === name);
        return c || own ? `${name}, ${codeText(c ?? { code: own!.code ?? 'automatic' })}` : name;
      });
      let where = '';
      if (byCampaign.size === 1) {
        const fs = [...byCampaign.values()][0];
        const b = fs.map((f) => f.evidence?.boundary).find(Boolean);
        const carts = [...new Set(fs.map((f) => f.cart).filter(Boolean))];
        if (b && boundaryWhere(b)) where = ` on carts ${boundaryWhere(b)}`;
        else if (carts.length === 1) where = ` on the ${carts[0]} cart`;
        else if (carts.length > 1) where = ` on ${listWords(carts.map((x) => `the ${x}`))} carts`;
      }
      parts.push(
        `${plural(byCampaign.size, 'planned campaign')} (${names.join('; ')}) will not give customers the discount${where}`,
      );
    }
    const audits = blocking.filter((f) => !f.campaign && f.audit);
    if (audits.length) parts.push(`${plural(new Set(audits.map((f) => f.audit)).size, 'readiness check')} failed (${titles(audits)})`);
    const other = blocking.filter((f) => !f.campaign && !f.audit);
    if (other.length) parts.push(`${plural(other.length, 'other problem')} (${titles(other)})`);
    return `${site} is not ready for ${holiday}: ${parts.length ? listWords(parts) : 'see the blocking findings below'}.`;
  }

  if (results.verdict === 'at-risk') {
    const warnings = results.findings.filter((f) => f.level === 'warn' && !f.notChecked);
    const unchecked = results.findings.filter((f) => f.notChecked);
    const parts: string[] = [];
    if (warnings.length) parts.push(`${plural(warnings.length, 'warning')} need${warnings.length === 1 ? 's' : ''} a look (${titles(warnings)})`);
    if (unchecked.length) parts.push(`${plural(unchecked.length, 'check')} could not be run (${titles(unchecked)})`);
    return `${site} may not be ready for ${holiday}: ${parts.length ? listWords(parts) : 'see the warnings below'}.`;
  }

  // Unplanned promotions' cases (src/inventory/unplanned.ts) are not what the client planned.
  const planned = results.campaigns.filter((c) => !c.unplanned).length;
  const carts = results.cases.filter((c) => !c.unplanned).length;
  const audits = results.audits.filter((a) => a.severity !== 'off').length;
  const campaignsPart = planned
    ? `${planned === 1 ? 'the planned campaign' : `all ${plural(planned, 'planned campaign')}`} gave customers what was planned on every cart tried (${plural(carts, 'cart')})`
    : 'no campaigns were planned';
  const auditsPart = audits ? `, and ${audits === 1 ? 'the readiness check' : `all ${plural(audits, 'readiness check')}`} passed` : '';
  return `${site} is ready for ${holiday}: ${campaignsPart}${auditsPart}.`;
}

// ---------------------------------------------------------------------------------------------
// Promotions on an order

/** Groups adjustments by promotion (one line per promotion, amounts summed), eligible first. */
function promotionsOf(adjustments: AdjustmentView[], campaign: string, currency: string) {
  const groups = new Map<string, { a: AdjustmentView; amount: number; places: Set<string> }>();
  for (const a of adjustments) {
    const key = `${a.eligible}\u0000${a.promotion}`;
    const g = groups.get(key) ?? { a, amount: 0, places: new Set<string>() };
    g.amount += a.amount;
    g.places.add(a.on === 'item' ? 'items' : adjustmentPlace(a));
    groups.set(key, g);
  }
  const all = [...groups.values()];
  const applied = all.filter((g) => g.a.eligible);
  const blockers = applied.filter((g) => g.a.promotion !== campaign && g.amount < 0).map((g) => g.a.promotion);
  return {
    applied: applied.map((g) => ({ name: g.a.promotion, amount: formatMoney(cents(g.amount), currency), place: [...g.places].join(', ') })),
    removed: all
      .filter((g) => !g.a.eligible)
      .map((g) => ({ name: g.a.promotion, note: blockers.length ? `removed by ${listWords(blockers)}` : 'not applied (ineligible)' })),
  };
}

// ---------------------------------------------------------------------------------------------
// Conflict matrix

/** The campaign cards' planned codes, each with a row per case linking to its cart's section in the card. */
function buildMatrix(results: RunResults, campaigns: ReturnType<typeof buildCampaigns>, currency: string) {
  const hasBrowser = results.cases.some((c) => c.source === 'browser');
  return campaigns
    .filter((c) => !c.automatic)
    .map((c) => {
      const boundary = results.findings.filter((f) => f.campaign === c.name).map((f) => f.evidence?.boundary).find(Boolean);
      return {
        ...c,
        boundary: boundary ? splitBoundary(boundary) : null,
        rows: results.cases.filter((x) => x.campaign === c.name).map((x) => ({
          ...caseView(results, x),
          anchor: c.carts.find((k) => k.name === x.cart)!.anchor,
          sourceLabel: hasBrowser ? (x.source === 'browser' ? 'In a browser' : 'Store API') : null,
          inCart: describeCartView(x),
          pays: x.totals ? { total: x.totals.total, words: capitalize(describePayment(x.totals, currency)) } : null,
          promotions: promotionsOf(x.adjustments ?? [], x.campaign, currency),
        })),
      };
    });
}

// ---------------------------------------------------------------------------------------------
// Campaign cards

const SAFE_RELATIVE = /^(?![a-z][a-z0-9+.-]*:)(?![/\\])(?!.*(?:^|[/\\])\.\.(?:[/\\]|$))[^\s"'<>]+$/i;

/** Screenshot paths are relative to the run folder; anything else (absolute, a URL, ../) is shown as text, not loaded. */
function screenshotsOf(c: CaseResult, paths: readonly string[]) {
  return paths.map((src, i) => ({
    src,
    safe: SAFE_RELATIVE.test(src),
    alt: `Screenshot ${i + 1} of ${paths.length} from the browser run: ${c.campaign}, ${c.cart} cart${c.code !== 'automatic' ? ` with code ${c.code}` : ''} (${src.split('/').pop()})`,
  }));
}

/**
 * Where each finding is first shown on the page, by id: that element gets the id `finding-N` (the
 * views claim them in the page's order), and the timeline links its rows there.
 */
type FindingHomes = Map<string, string>;

/** The element id for the finding's first appearance; null when it is already shown higher up. */
function claim(homes: FindingHomes, f: Finding): string | null {
  if (homes.has(f.id)) return null;
  homes.set(f.id, `finding-${homes.size + 1}`);
  return homes.get(f.id)!;
}

function findingView(f: Finding, homes: FindingHomes) {
  const ev = f.evidence;
  return {
    ...f,
    anchor: claim(homes, f),
    momentText: f.moment?.text ?? null,
    status: levelStatus(f),
    boundary: ev?.boundary ? splitBoundary(ev.boundary) : null,
    // The fields technical.hbs reads, null when the evidence lacks them.
    evidence: ev ? { httpStatus: null, statusCode: null, message: null, detail: null, trace: null, ...ev } : null,
  };
}

/** "items −$30.00, shipping −$7.95": where the discounts went, when there are any. */
function discountParts(t: Totals, currency: string): string | null {
  const discounts = [['items', t.itemDiscount], ['order', t.orderDiscount], ['shipping', t.shippingDiscount]] as const;
  const parts = discounts.filter(([, v]) => v < 0).map(([k, v]) => `${k} ${formatMoney(v, currency)}`);
  return parts.length ? parts.join(', ') : null;
}

function buildCampaigns(results: RunResults, currency: string, homes: FindingHomes) {
  return results.campaigns.map((c, ci) => {
    const cases = results.cases.filter((x) => x.campaign === c.name);
    const cartNames = [...new Set(cases.map((x) => x.cart))];
    const used = new Set<Finding>();
    const carts = cartNames.map((cart, ki) => {
      const sameCart = cases.filter((x) => x.cart === cart);
      const findings = [...new Set(sameCart.flatMap((x) => findingsForCase(results, x)))];
      findings.forEach((f) => used.add(f));
      const first = sameCart[0];
      const itemTotal = sameCart.find((x) => x.totals)?.totals?.itemTotal;
      return {
        name: cart,
        anchor: `campaign-${ci}-cart-${ki}`,
        items: formatItems(first.items),
        expectedText: describeExpectation(first.expected, { automatic: c.automatic, itemTotal, currency }),
        // API first, then the browser: the same cart seen two ways sits side by side.
        panes: [...sameCart]
          .sort((a, b) => (a.source === b.source ? 0 : a.source === 'api' ? -1 : 1))
          .map((x) => ({
            ...caseView(results, x),
            sourceLabel: x.source === 'browser' ? 'In a browser' : 'Through the store API',
            adjustments: (x.adjustments ?? []).map((a) => ({ ...a, place: adjustmentPlace(a), sku: a.sku ?? null })),
            shots: screenshotsOf(x, x.screenshots ?? []),
            duration: Number.isFinite(x.durationMs) ? `${(x.durationMs / 1000).toFixed(1)} s` : 'unknown',
            itemsText: formatItems(x.items),
            discountParts: x.totals ? discountParts(x.totals, currency) : null,
          })),
        findings: findings.map((f) => findingView(f, homes)),
      };
    });
    const failing = cases.filter((x) => x.outcome !== 'pass').length;
    return {
      ...c,
      anchor: `campaign-${ci}`,
      status: campaignStatus(results, c),
      unplanned: c.unplanned ?? false,
      codeLabel: c.automatic ? null : c.code,
      window: c.window ?? null,
      expectedRedemptions: c.expectedRedemptions ?? null,
      tally: cases.length
        ? failing
          ? `${failing} of ${plural(cases.length, 'cart')} ${failing === 1 ? 'does' : 'do'} not work`
          : `${cases.length === 1 ? 'The cart tried works' : `All ${plural(cases.length, 'cart')} tried work`}`
        : 'No carts were tried',
      carts,
      // Findings about the campaign as a whole (no cart), e.g. schedule audits; a pair of codes in both campaigns.
      otherFindings: results.findings.filter((f) => namesCampaign(f, c.name) && !used.has(f)).map((f) => findingView(f, homes)),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Readiness audits

const SEVERITY_WORDS = { error: 'Must pass', warn: 'Warning only', off: 'Off' } as const;

function auditStatus(a: AuditResult): StatusView {
  if (a.outcome === 'pass') return { key: 'pass', label: 'Passed' };
  if (a.outcome === 'not-checked') return NOT_CHECKED;
  return a.severity === 'error' ? { key: 'fail', label: 'Failed' } : { key: 'warn', label: 'Warning' };
}

function buildReadiness(results: RunResults, homes: FindingHomes) {
  return {
    audits: results.audits.map((a) => ({
      ...a,
      severityWords: SEVERITY_WORDS[a.severity] ?? a.severity,
      status: auditStatus(a),
      reason: a.outcome === 'not-checked' ? a.findings.find((f) => f.notChecked)?.cause ?? a.summary : null,
      // Not-checked findings are the reason above and are listed under "Not checked".
      findings: a.findings.filter((f) => !f.notChecked).map((f) => findingView(f, homes)),
    })),
    notChecked: results.findings.filter((f) => f.notChecked).map((f) => findingView(f, homes)),
  };
}

// ---------------------------------------------------------------------------------------------
// Escalation

function ladder(results: RunResults, impact: 'revenue' | 'function') {
  const channel = typeof results.people?.slackChannel === 'string' ? results.people.slackChannel : 'the client channel';
  const lead = who(results, 'technicalLead', 'Technical Lead');
  const vp = who(results, 'vpEngineering', 'VP of Engineering');
  // `up`: a step that brings in someone more senior.
  return [
    { when: 'At once', up: false, text: `${who(results, 'engineer', 'engineer on watch')} replies “On it” in a thread on the alert in ${channel}, opens a tracker card with the text below and links it in the thread.` },
    { when: 'Next', up: false, text: 'Journal the issue summary on the card, look for a workaround and journal it on the card.' },
    {
      when: 'After 30 min',
      up: true,
      text: `No workaround yet: contact ${lead} or ${vp}.${impact === 'function' ? ' They decide the next steps.' : ''}`,
    },
    ...(impact === 'revenue'
      ? [
        { when: 'After 2 h', up: true, text: `Still no workaround: contact ${who(results, 'cto', 'CTO')}.` },
        { when: 'After 3 h', up: true, text: `Still no workaround: ${who(results, 'cto', 'CTO', false)} contacts ${who(results, 'ceo', 'CEO')}, who decides the next steps.` },
      ]
      : []),
    { when: 'Throughout', up: false, text: `${who(results, 'clientRep', 'client rep', false)} (client rep) tells the client about the workaround and the resolution.` },
    { when: 'When resolved', up: false, text: 'Journal the decided course of action on the card (e.g. “Known bug, card #987”), never just “…”.' },
  ];
}

/** The campaigns a finding names, as the run has them (first campaign first), with their card's anchor. */
function campaignsOfFinding(results: RunResults, f: Finding) {
  return campaignsNamed(f).flatMap((name) => {
    const ci = results.campaigns.findIndex((x) => x.name === name);
    return ci < 0 ? [] : [{ campaign: results.campaigns[ci], href: `#campaign-${ci}` }];
  });
}

function trackerCard(results: RunResults, f: Finding, timeZone: string): string {
  const impact = f.impact === 'revenue' ? 'Revenue' : 'Site function';
  const named = campaignsOfFinding(results, f).map(({ campaign: c }) =>
    `${c.name} (${codeText(c)})${c.window ? `, ${formatWindow(c.window, timeZone)}` : ''}${c.expectedRedemptions !== undefined ? `, ${plural(c.expectedRedemptions, 'expected redemption')}` : ''}`);
  // One card per problem: a finding that names several campaigns names them all (one fix, one ticket).
  const campaignLine = named.length ? ` ${named.length === 1 ? 'Campaign' : 'Campaigns'} ${named.join('; ')}.` : '';
  return [
    `Summary: [${results.siteName}] ${f.title}`,
    `Impact: ${impact}.${campaignLine}`,
    `Expected: ${f.expected}`,
    `Actual: ${f.actual}`,
    `Cause: ${f.cause}`,
    ...(f.evidence?.boundary ? [`Boundary: ${f.evidence.boundary}`] : []),
    `Workaround: ${f.action}`,
    'Resolution: (to be journaled)',
    `Found by: holiday-ready on ${results.target.name} (${results.target.url}), ${formatInstant(results.startedAt, timeZone)}. Finding id: ${f.id}`,
  ].join('\n');
}

function buildEscalations(results: RunResults, timeZone: string) {
  return results.findings.filter(isBlocking).map((f) => {
    // The plan has two ladders; a blocking finding that names no impact is treated as breaking site function.
    const impact: 'revenue' | 'function' = f.impact === 'revenue' ? 'revenue' : 'function';
    return {
      ...f,
      // Listed once, naming every campaign it blocks, each linked to its campaign's card.
      ...((links) => ({ campaignLinks: links, campaignsIntro: links.length > 1 ? `Blocks ${links.length} campaigns` : 'Blocks the campaign' }))(
        campaignsOfFinding(results, f).map(({ campaign: c, href }) => ({ name: c.name, code: codeText(c), href })),
      ),
      impactLabel: impact === 'revenue' ? 'Costs client revenue' : 'Breaks site function',
      impactKey: impact === 'revenue' ? 'fail' : 'warn',
      steps: ladder(results, impact),
      card: trackerCard(results, f, timeZone),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Code freeze

/**
 * The freeze window and where the run fell in it, as the code-freeze audit worked them out
 * (results.json's holiday.codeFreeze): shown, never worked out again. Null when the run has none.
 */
export function buildFreeze(results: RunResults, run = 'this run') {
  const freeze = results.holiday?.codeFreeze;
  if (!freeze) return null;
  const at = freeze.at;
  const state: StatusView =
    at.state === 'during'
      ? { key: 'warn', label: `In effect during ${run}` }
      : at.state === 'after'
        ? { key: 'skip', label: 'Over: offices have reopened' }
        : { key: 'skip', label: at.days <= 1 ? 'Starts tomorrow' : `Starts in ${at.days} days` };
  return {
    ...freeze,
    from: formatDay(freeze.firstDay),
    until: formatDay(freeze.reopens),
    before: `${plural(freeze.daysBefore, 'day')} before offices close`,
    state,
  };
}

// ---------------------------------------------------------------------------------------------
// History

function buildHistory(results: RunResults, previous: RunResults | undefined, timeZone: string) {
  if (!previous) return null;
  // Problems only: an information (two codes that stack, say) is neither failing nor fixed, and a
  // warning that became information is fixed.
  const problem = (f: Finding) => f.level !== 'info' || !!f.notChecked;
  const before = new Map(previous.findings.filter(problem).map((f) => [f.id, f]));
  const now = new Map(results.findings.filter(problem).map((f) => [f.id, f]));
  const ref = (f: Finding) => ({ ...f, status: levelStatus(f) });
  return {
    previousStartedAt: formatInstant(previous.startedAt, timeZone),
    previousVerdict: verdictStatus(previous.verdict),
    sameSite: previous.site === results.site,
    previousSite: previous.site,
    groups: [
      { key: 'fail', title: 'New', findings: [...now.values()].filter((f) => !before.has(f.id)).map(ref), none: 'Nothing new.', withStatus: true },
      { key: 'pass', title: 'Fixed', findings: [...before.values()].filter((f) => !now.has(f.id)).map(ref), none: 'Nothing fixed since.', withStatus: false },
      { key: 'warn', title: 'Still failing', findings: [...now.values()].filter((f) => before.has(f.id)).map(ref), none: 'Nothing carried over.', withStatus: true },
    ],
  };
}

// ---------------------------------------------------------------------------------------------

export interface ViewOptions {
  previous?: RunResults;
  /** Earlier runs, oldest first (from loadHistory); without it the trend has the previous run only. */
  history?: readonly HistoryPoint[];
  /** The run folder the report is written to: trend squares link to earlier reports relative to it. */
  dir?: string;
  now: Date;
  generator: string;
}

export function buildView(results: RunResults, opts: ViewOptions) {
  const currency = currencyOf(results);
  const timeZone = timeZoneOf(results);
  // This run as the trend counts it: its blocking findings and warnings are the tallies' too.
  const thisRun = summarizeRun(results);
  const earlier = opts.history ?? (opts.previous ? [summarizeRun(opts.previous)] : []);
  const ms = new Date(results.finishedAt).getTime() - new Date(results.startedAt).getTime();
  // Built in the page's order, so that a finding shown twice gets its anchor where it is shown first.
  const homes: FindingHomes = new Map();
  const campaigns = buildCampaigns(results, currency, homes);
  const readiness = buildReadiness(results, homes);
  const runProblems = results.findings.filter((f) => !f.campaign && !f.audit && !f.notChecked).map((f) => findingView(f, homes));
  const findingLink: FindingLinks = (id) => {
    const f = results.findings.find((x) => x.id === id);
    const anchor = homes.get(id);
    return f && { title: f.title, status: levelStatus(f), href: anchor ? `#${anchor}` : null };
  };
  const url = results.target?.url;
  return {
    run: results,
    currency,
    timeZone,
    verdict: verdictStatus(results.verdict),
    sentence: verdictSentence(results),
    duration: formatDuration(ms),
    targetHref: typeof url === 'string' && /^https?:\/\//i.test(url) ? url : null,
    tallies: {
      blocking: thisRun.blocking,
      warnings: thisRun.warnings,
      notChecked: results.findings.filter((f) => f.notChecked).length,
      campaigns: results.campaigns.length,
      campaignsWorking: results.campaigns.filter((c) => campaignStanding(results, c.name) === 'works').length,
      carts: results.cases.length,
      cartsWorking: results.cases.filter((c) => c.outcome === 'pass').length,
      audits: results.audits.length,
    },
    matrix: buildMatrix(results, campaigns, currency),
    campaigns,
    timeline: buildTimeline(results, findingLink, timeZone),
    readiness,
    escalations: buildEscalations(results, timeZone),
    history: buildHistory(results, opts.previous, timeZone),
    // The trend: earlier runs and this one, oldest first; none without an earlier run.
    trend: earlier.length ? buildTrend([...earlier, thisRun], { timeZone, from: opts.dir, currentLabel: 'This run' }) : null,
    freeze: buildFreeze(results),
    runProblems,
    housekeepingNote:
      results.housekeeping && results.housekeeping.ordersEmptied < results.housekeeping.ordersCreated
        ? `${plural(results.housekeeping.ordersCreated - results.housekeeping.ordersEmptied, 'dry-run order')} still hold items; the next run sweeps them.`
        : null,
    renderedAt: opts.now.toISOString(),
    generator: opts.generator,
  };
}

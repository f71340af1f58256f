/**
 * Plain-words formatting shared by the HTML, JUnit and Markdown reporters: money, dates in the
 * holiday's timezone, expectations in words a client rep can read, and escapers.
 * Every function throws on input it cannot format, so a missing field fails the render.
 */
import { VERDICT_WORDS, type AdjustmentView, type CartExpectation, type CaseResult, type Totals, type Verdict } from '../src/findings/types.ts';
import { STANDING_WORDS, type Standing } from '../src/findings/standing.ts';
import { formatMoney as money } from '../src/text/money.ts';
import { formatDate } from '../src/text/time.ts';
import { paidShipping } from '../src/dryrun/order-view.ts';
import { capitalize, count, plural } from '../src/text/words.ts';

const MINUS = '\u2212';

function need(value: unknown, what: string): asserts value {
  if (value === undefined || value === null || value === '') throw new Error(`report: ${what} is missing`);
}

function finite(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`report: expected ${what}, got ${JSON.stringify(value)}`);
  return value;
}

/** "$1,234.50"; negative amounts get a true minus sign ("−$7.95"). A missing amount fails the render. */
export const formatMoney = (amount: unknown, currency = 'USD'): string => money(finite(amount, 'an amount of money'), currency, MINUS);

/** "40,000"; a missing number fails the render. */
export const formatCount = (n: unknown): string => count(finite(n, 'a number'));

/** "Tuesday, November 24, 2026" for a calendar date; anything else fails the render. */
export function formatDay(date: unknown): string {
  try {
    return formatDate(date as string);
  } catch (e) {
    throw new Error(`report: ${(e as Error).message}`, { cause: e });
  }
}

function parseInstant(iso: unknown): Date {
  need(iso, 'a date');
  const d = new Date(typeof iso === 'string' || typeof iso === 'number' ? iso : NaN);
  if (Number.isNaN(d.getTime())) throw new Error(`report: ${JSON.stringify(iso)} is not a date`);
  return d;
}

/** "Thursday, November 26, 2026 at 2:42 PM EST", or "Nov 26, 2026, 2:42 PM EST" short (lists, card text), in the given IANA timezone. */
export function formatInstant(iso: unknown, timeZone: string, style: 'long' | 'short' = 'long'): string {
  const names = style === 'long' ? ({ weekday: 'long', month: 'long' } as const) : ({ month: 'short' } as const);
  return new Intl.DateTimeFormat('en-US', {
    timeZone, ...names, year: 'numeric', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short',
  }).format(parseInstant(iso));
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/;

/** A wall-clock date or date-time without offset ("2026-11-27" or "2026-11-27T00:00"), as a UTC Date with the same fields. */
function parseWallClock(text: unknown): { date: Date; hasTime: boolean } {
  need(text, 'a date');
  const m = typeof text === 'string' ? LOCAL.exec(text) : null;
  if (!m) throw new Error(`report: ${JSON.stringify(text)} is not a calendar date`);
  const [, y, mo, d, h, mi] = m;
  return { date: new Date(Date.UTC(+y, +mo - 1, +d, h ? +h : 0, mi ? +mi : 0)), hasTime: h !== undefined };
}

/** Both ends of a `[from, to]` pair of wall-clock dates; anything else fails the render. */
function wallClockPair(pair: unknown, what: string) {
  if (!Array.isArray(pair) || pair.length !== 2) throw new Error(`report: expected a ${what}, got ${JSON.stringify(pair)}`);
  return [parseWallClock(pair[0]), parseWallClock(pair[1])] as const;
}

/** Office closure: "Thursday, November 26 – Sunday, November 29, 2026". */
export function formatDateRange(range: unknown): string {
  const [first, last] = wallClockPair(range, '[first, last] date range');
  return new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' }).formatRange(first.date, last.date);
}

/** "New York time" from "America/New_York"; the zone id itself when it has no city part. */
export function zoneWords(timeZone: string): string {
  const city = timeZone.split('/').pop() ?? timeZone;
  return timeZone.includes('/') ? `${city.replace(/_/g, ' ')} time` : timeZone;
}

/** Campaign window, local times in the holiday timezone: "Fri, Nov 27, 12:00 AM – Mon, Nov 30, 11:59 PM (New York time)". */
export function formatWindow(window: unknown, timeZone: string): string {
  const [start, end] = wallClockPair(window, '[start, end] window');
  const time = start.hasTime || end.hasTime ? ({ hour: 'numeric', minute: '2-digit' } as const) : {};
  const fmt = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', weekday: 'short', month: 'short', day: 'numeric', ...time });
  return `${fmt.formatRange(start.date, end.date)} (${zoneWords(timeZone)})`;
}

/** "12 seconds", "3 minutes 5 seconds" */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return 'unknown time';
  const s = Math.round(ms / 1000);
  if (s < 60) return plural(s, 'second');
  const m = Math.floor(s / 60);
  return s % 60 ? `${plural(m, 'minute')} ${plural(s % 60, 'second')}` : plural(m, 'minute');
}

/** "1 × JKT-001, 2 × TOP-001" */
export function formatItems(items: Record<string, number>): string {
  return Object.entries(items).map(([sku, qty]) => `${qty} × ${sku}`).join(', ');
}

const PERCENT = /^\s*(?:at\s+least\s+)?(\d+(?:\.\d+)?)\s*%\s*off\b/i;

/**
 * What the customer should get, in plain words: "the code is accepted, 50% off items ($60.00 off)".
 * Amounts in brackets are worked out from the cart's item total when it is known (per-SKU and taxon
 * percentages are of their own lines, which results.json does not hold: they stay as written).
 */
export function describeExpectation(expect: CartExpectation, opts: { automatic: boolean; itemTotal?: number; currency: string }): string {
  const parts: string[] = [];
  const amountOf = (text: string) => {
    const m = PERCENT.exec(text);
    if (!m || opts.itemTotal === undefined) return '';
    return ` (${formatMoney(Math.round(opts.itemTotal * Number(m[1])) / 100, opts.currency)} off)`;
  };
  const none = (text: string) => /^\s*(none|nothing|full price)\s*$/i.test(text);
  const answer = expect.code === 'accepted' || expect.code === 'rejected' ? expect.code : undefined;
  const share = expect.code && !answer ? expect.code : undefined;
  const codeAccepted = answer ?? (expect.items || expect.order || expect.discount || expect.taxon || share ? 'accepted' : undefined);
  if (!opts.automatic && codeAccepted) parts.push(codeAccepted === 'accepted' ? 'the code is accepted' : 'the code is refused');
  if (share) parts.push(none(share) ? 'the code itself gives nothing' : `the code itself gives ${share}${amountOf(share)}`);
  if (typeof expect.items === 'string') parts.push(none(expect.items) ? 'full price for items' : `${expect.items} items${amountOf(expect.items)}`);
  else if (expect.items) parts.push(...Object.entries(expect.items).map(([sku, d]) => (none(d) ? `full price for ${sku}` : `${d} ${sku}`)));
  if (expect.order) parts.push(none(expect.order) ? 'no discount on the order' : `${expect.order} the order${amountOf(expect.order)}`);
  if (expect.taxon) {
    const m = /^(.*?\S)\s*:?\s+((?:at\s+least\s+)?\S+\s+off|none)\s*$/i.exec(expect.taxon);
    parts.push(m ? (none(m[2]) ? `full price for ${m[1]} items` : `${m[2]} ${m[1]} items`) : expect.taxon);
  }
  if (expect.discount) parts.push(none(expect.discount) ? 'no discount in all' : `${expect.discount} in all, wherever the store books it${amountOf(expect.discount)}`);
  if (expect.shipping) parts.push(expect.shipping === 'free' ? 'free shipping' : 'shipping is charged');
  if (expect.total) parts.push(`the customer pays ${expect.total}`);
  return capitalize(parts.join(', ') || 'nothing in particular');
}

/** What the customer pays at checkout, from the totals: "full price for items, free shipping". */
export function describePayment(t: Totals, currency: string): string {
  const parts: string[] = [];
  parts.push(t.itemDiscount < 0 ? `${formatMoney(-t.itemDiscount, currency)} off items` : 'full price for items');
  if (t.orderDiscount < 0) parts.push(`${formatMoney(-t.orderDiscount, currency)} off the order`);
  const shipping = paidShipping(t);
  parts.push(t.shipTotal > 0 && shipping <= 0 ? 'free shipping' : `${formatMoney(shipping, currency)} shipping`);
  return parts.join(', ');
}

const SHOWN_IN_CART = /in the cart \(([^)]+?) shown\)/i;

/**
 * What the customer sees in the cart after entering the code. results.json has no structured
 * cart-step discount yet, so the amount is read from the engine's summary when it says so.
 */
export function describeCartView(c: Pick<CaseResult, 'source' | 'coupon' | 'summary' | 'outcome'>): string {
  if (!c.coupon) {
    if (c.outcome === 'not-checked') return 'Not checked';
    // A browser case says what the page showed in its summary.
    return c.source === 'browser' ? c.summary : 'No code entered';
  }
  if (!c.coupon.success) return c.coupon.message ? `Code refused: “${c.coupon.message}”` : 'Code refused';
  const shown = SHOWN_IN_CART.exec(c.summary)?.[1];
  return shown ? `Code accepted, ${shown} shown` : 'Code accepted';
}

/** "works below $85, fails from $85 up (…; tried …)" → main text and the bracketed detail. */
export function splitBoundary(boundary: string): { main: string; detail: string | null } {
  const i = boundary.indexOf(' (');
  if (i < 0 || !boundary.endsWith(')')) return { main: capitalize(boundary), detail: null };
  return { main: capitalize(boundary.slice(0, i)), detail: boundary.slice(i + 2, -1) };
}

/** "from $85 up" out of a boundary, for the verdict sentence. */
export function boundaryWhere(boundary: string): string | undefined {
  return /fails (from \S+ up)/.exec(boundary)?.[1];
}

/** Where an adjustment sits, in words: "item JKT-001", "shipping", "order". */
export function adjustmentPlace(a: AdjustmentView): string {
  if (a.on === 'item') return a.sku ? `item ${a.sku}` : 'items';
  return a.on === 'shipment' ? 'shipping' : 'order';
}

/** A status as the pages show it: a colour key for the CSS, and the label that always says it in words too. */
export interface StatusView {
  key: 'pass' | 'fail' | 'warn' | 'skip';
  label: string;
}

/** The colour of each verdict and standing. */
const KEYS: Record<Verdict | Standing, StatusView['key']> = { ready: 'pass', works: 'pass', 'at-risk': 'warn', blocked: 'fail', 'not-checked': 'skip' };

/** A campaign's standing (src/findings/standing.ts) as a status: "Blocked" in red, "Works" in green. */
export function standingStatus(standing: Standing): StatusView {
  return { key: KEYS[standing], label: STANDING_WORDS[standing].label };
}

/** A run's verdict as a status ("Ready" in green); one this version does not know, in grey as written. */
export function verdictStatus(verdict: Verdict): StatusView {
  return Object.hasOwn(VERDICT_WORDS, verdict) ? { key: KEYS[verdict], label: VERDICT_WORDS[verdict].label } : { key: 'skip', label: String(verdict) };
}

// XML 1.0 allows tab, newline, carriage return and everything from U+0020 up (minus surrogates / FFFE / FFFF).
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escapes text for XML element content and attribute values. */
export function escapeXml(value: unknown): string {
  return String(value).replace(XML_INVALID, '\uFFFD').replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** Escapes text for an XML attribute: also keeps line breaks (attribute normalisation would turn them into spaces). */
export function escapeXmlAttr(value: unknown): string {
  return escapeXml(value).replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

/**
 * Escapes store text for Markdown (CommonMark / GitHub): HTML is turned into entities so nothing
 * renders as markup, table pipes and emphasis are backslashed, `$` is escaped so GitHub never
 * reads "$10 off … $100" as maths, and line breaks become spaces so a table row stays one line.
 */
export function escapeMarkdown(value: unknown): string {
  return String(value)
    .replace(/[\r\n]+/g, ' ')
    .replace(/[&<>]/g, (c) => ENTITIES[c])
    .replace(/([\\`*_[\]|$#~!])/g, '\\$1');
}

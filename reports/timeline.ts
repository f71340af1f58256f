/**
 * The report's timeline: every promotion of the store's inventory (results.json's `inventory`) that
 * is live at some moment from a week before the holiday to a week after, one row each, its window
 * as a bar positioned in per cent of that span. Days, the holiday, the code freeze and today are
 * placed at their instants in the holiday's time zone (src/text/time.ts), so a day is a day even
 * when the clocks change. Only derived things are worked out here; the templates draw them.
 */
import type { InventorySection, RunResults, TimelinePromotion } from '../src/findings/types.ts';
import { addDays, formatDate, formatLocal, localDate, localToInstant, parseDate } from '../src/text/time.ts';
import { capitalize, count, listWords, plural } from '../src/text/words.ts';
import { formatDateRange, zoneWords, type StatusView } from './format.ts';

/** A link from a row to one of its findings; `href` is null when the finding is not on the page. */
export interface FindingLink {
  title: string;
  status: StatusView;
  href: string | null;
}

/** Where a finding's id is shown on the page, or undefined when results.json has no such finding. */
export type FindingLinks = (id: string) => FindingLink | undefined;

/** Per cent of the span, clipped to its edges, to three decimals (a thousandth of a per cent is far below a pixel). */
function position(at: number, from: number, to: number): number {
  const p = ((at - from) / (to - from)) * 100;
  return Math.round(Math.min(100, Math.max(0, p)) * 1000) / 1000;
}

function instant(iso: string, what: string): number {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new Error(`report: results.json's inventory has ${what} ${JSON.stringify(iso)}, not a date`);
  return t;
}

/**
 * "Thu, Nov 26, 7:00 PM EST" → { weekday: "Thu", day: "Nov 26", time: "7:00 PM" }; the day gets its
 * year ("Jan 31, 2027") when `year` is not the instant's (the zone is said once, in the caption).
 */
function parts(at: number, timeZone: string, year?: string) {
  const withYear = year !== undefined && localDate(new Date(at), timeZone).slice(0, 4) !== year;
  const [weekday, ...rest] = formatLocal(new Date(at), timeZone, { year: withYear }).split(', ');
  const clock = rest.pop()!;
  return { weekday, day: rest.join(', '), time: clock.split(' ').slice(0, 2).join(' ') };
}

/** "November 2026" for a date of that month ("Thursday, November 26, 2026" without the day). */
function monthWords(date: string): string {
  const [, monthDay, year] = formatDate(date).split(', ');
  return `${monthDay.split(' ')[0]} ${year}`;
}

const STATUS_WORDS: Record<Exclude<InventorySection['status'], 'read'>, string> = {
  'no-extension':
    'the store does not have the holiday-ready extension, which lists its promotions. Only the campaigns of the site file were looked up, one code at a time; promotions nobody planned, their windows and their rules could not be seen.',
  'unsupported-engine':
    'the store runs a promotion engine the extension cannot list. Only the campaigns of the site file were looked up, one code at a time; promotions nobody planned could not be seen.',
  error: 'reading the store’s promotions failed. Promotions nobody planned, their windows and their rules could not be seen in this run.',
};

function rowsOf(section: InventorySection, results: RunResults, links: FindingLinks, span: { from: number; to: number }, timeZone: string) {
  const start = (p: TimelinePromotion) => (p.startsAt === null ? -Infinity : instant(p.startsAt, 'a start'));
  const end = (p: TimelinePromotion) => (p.expiresAt === null ? Infinity : instant(p.expiresAt, 'an end'));
  const year = localDate(new Date(span.from), timeZone).slice(0, 4);
  const sorted = [...section.promotions].sort((a, b) => start(a) - start(b) || end(a) - end(b) || a.name.localeCompare(b.name));
  return sorted.map((p, i) => {
    const s = start(p);
    const e = end(p);
    const from = position(s, span.from, span.to);
    const to = position(e, span.from, span.to);
    const short = (t: number) => {
      const x = parts(t, timeZone, year);
      return `${x.day}, ${x.time}`;
    };
    const long = (t: number) => formatLocal(new Date(t), timeZone, { year: localDate(new Date(t), timeZone).slice(0, 4) !== year });
    const words = {
      from: p.startsAt === null ? 'no start date' : long(s),
      until: p.expiresAt === null ? 'no end date' : long(e),
    };
    const campaign = p.campaign ? results.campaigns.findIndex((c) => c.name === p.campaign) : -1;
    const onlyIn = p.on.length === 1 ? p.on[0] : null;
    const findings = p.findings.map((id) => links(id) ?? { title: id, status: { key: 'skip', label: 'Not in this report' }, href: null } satisfies FindingLink);
    return {
      id: p.id,
      name: p.name,
      anchor: `timeline-${i}`,
      automatic: p.automatic,
      /** Its codes as results.json has them (masked unless public), and how many more it has. */
      codes: p.automatic ? [] : p.codes,
      codesLabel: p.automatic ? 'Automatic' : p.codeCount === 0 ? 'No codes' : p.codeCount === 1 ? 'Code' : plural(p.codeCount, 'code'),
      moreCodes: !p.automatic && p.codeCount > p.codes.length ? `${p.codes.length ? 'and ' : ''}${count(p.codeCount - p.codes.length)} more` : null,
      planned: p.campaign
        ? { name: p.campaign, href: campaign >= 0 ? `#campaign-${campaign}` : null, renamed: p.campaign.trim().toLowerCase() !== p.name.trim().toLowerCase() }
        : null,
      onlyIn,
      onlyInWords: onlyIn ? `Only in ${onlyIn}` : null,
      stores: `${capitalize(listWords(p.on))}${p.on.length === 1 ? ' only' : ''}`,
      bar: {
        from,
        /** At least a sliver, so a promotion of a few minutes still shows. */
        to: Math.max(to, Math.min(100, from + 0.4)),
        /** It began before the chart (or has no start date) / ends after it (or never): the bar runs to that edge, drawn as an arrow. */
        before: s < span.from,
        after: e > span.to,
      },
      /** "Nov 20, 12:00 AM – Dec 1, 12:00 AM", "since Sep 1, 12:00 AM, no end date". */
      window: p.startsAt === null && p.expiresAt === null
        ? 'No start or end date'
        : `${p.startsAt === null ? 'No start date' : short(s)} – ${p.expiresAt === null ? 'no end date' : short(e)}`,
      /** The bar in words (visually hidden): what the picture says. */
      barWords: `Live from ${words.from} until ${words.until}${s < span.from && p.startsAt !== null ? ', since before the period shown' : ''}${e > span.to && p.expiresAt !== null ? ', beyond the period shown' : ''}.`,
      from: capitalize(words.from),
      until: capitalize(words.until),
      findings,
    };
  });
}

/**
 * The timeline's view, or null when results.json has no inventory (written before it existed).
 * A section whose status is not `read` says in words what could not be seen and why.
 */
export function buildTimeline(results: RunResults, links: FindingLinks, timeZone: string) {
  const section = results.inventory;
  if (!section) return null;
  const store = `the ${section.store} store`;
  if (section.status !== 'read') {
    return {
      read: false as const,
      title: `The promotions in ${store} could not be listed`,
      message: section.message ?? `${capitalize(store)} could not be read: ${STATUS_WORDS[section.status] ?? 'its promotions could not be read.'}`,
    };
  }
  const span = { from: instant(section.span.from, 'a span from'), to: instant(section.span.to, 'a span to') };
  if (!(span.to > span.from)) throw new Error(`report: results.json's inventory span ends before it starts (${section.span.from} – ${section.span.to})`);
  const at = (t: number) => position(t, span.from, span.to);
  const holiday = { from: instant(section.holiday.from, 'a holiday from'), to: instant(section.holiday.to, 'a holiday to') };

  // The days of the span in the holiday's zone: each from its local midnight to the next.
  const days: { date: string; from: number; to: number; number: number; weekday: string; holiday: boolean; odd: boolean; words: string }[] = [];
  for (let date = localDate(new Date(span.from), timeZone); ; date = addDays(date, 1)) {
    const start = localToInstant(date, timeZone).getTime();
    if (start >= span.to) break;
    const next = localToInstant(addDays(date, 1), timeZone).getTime();
    const x = parts(Math.max(start, span.from), timeZone);
    days.push({
      date,
      from: at(start),
      to: at(next),
      number: parseDate(date).d,
      weekday: x.weekday,
      holiday: start >= holiday.from && start < holiday.to,
      odd: days.length % 2 === 1,
      words: `${x.weekday}, ${x.day}`,
    });
  }
  const months = days.reduce<{ key: string; from: number; to: number; label: string }[]>((list, d) => {
    const key = d.date.slice(0, 7);
    const last = list[list.length - 1];
    if (last?.key === key) last.to = d.to;
    else list.push({ key, from: d.from, to: d.to, label: monthWords(d.date) });
    return list;
  }, []);

  const band = (from: number, to: number) => (to > span.from && from < span.to ? { from: at(from), to: at(to) } : null);
  const freeze = results.holiday?.codeFreeze;
  const now = instant(section.now, 'a now');
  const today = now >= span.from && now < span.to ? at(now) : null;
  const rows = rowsOf(section, results, links, span, timeZone);
  const planned = rows.filter((r) => r.planned).length;
  const oneStore = rows.filter((r) => r.onlyIn).length;
  const firstDay = days[0]?.date ?? localDate(new Date(span.from), timeZone);
  const lastDay = days[days.length - 1]?.date ?? firstDay;
  const counts = [`${planned} planned`, `${rows.length - planned} nobody planned`];
  return {
    read: true as const,
    store: section.store,
    rows,
    days,
    months,
    holidayBand: band(holiday.from, holiday.to),
    holidayWords: formatDateRange([localDate(new Date(holiday.from), timeZone), localDate(new Date(holiday.to - 1), timeZone)]),
    freezeBand: freeze ? band(instant(freeze.starts, 'a freeze start'), instant(freeze.ends, 'a freeze end')) : null,
    freezeWords: freeze ? formatDateRange([freeze.firstDay, addDays(freeze.reopens, -1)]) : null,
    today: today === null ? null : { at: today, align: today < 10 ? 'start' : today > 90 ? 'end' : 'middle' },
    todayWords: formatLocal(new Date(now), timeZone, { year: false }),
    todayShown: today !== null,
    zone: zoneWords(timeZone),
    storeZone: section.timeZone && section.timeZone !== timeZone ? section.timeZone : null,
    engine: section.engine ?? null,
    sentence: rows.length
      ? `${plural(rows.length, 'promotion')} ${rows.length === 1 ? 'is' : 'are'} live in ${store} at some moment of ${formatDateRange([firstDay, lastDay])}: ${listWords(counts)}${oneStore ? `; ${oneStore} ${oneStore === 1 ? 'is' : 'are'} in one store only` : ''}.`
      : `No promotion is live in ${store} at any moment of ${formatDateRange([firstDay, lastDay])}.`,
  };
}

/**
 * reports/index.html: every site that has run folders under the reports root, with its latest
 * verdict, when it ran, a link to its latest report.html and its trend. One self-contained file
 * (inline CSS, no scripts), rendered with the report's strict Handlebars environment and styles.
 */
import fs from 'node:fs';
import path from 'node:path';
import { VERDICT_WORDS, type RunResults, type Verdict } from '../src/findings/types.ts';
import { formatInstant, verdictStatus } from './format.ts';
import { plural } from '../src/text/words.ts';
import { describeFailure, GENERATOR, renderPage } from './handlebars.ts';
import { buildTrend, HISTORY_LIMIT, loadHistory, relativeHref, runFolders, writeWhole } from './history.ts';
import { buildFreeze, timeZoneOf, verdictSentence } from './view.ts';

/**
 * Every folder of `reportsRoot` that holds run folders, by name: the site id, how many run folders
 * it holds (readable or not), its latest readable run and that run's folder, and the trend's
 * history (the latest run and up to 14 before it, oldest first).
 */
export function collectSites(reportsRoot: string) {
  let names: string[];
  try {
    names = fs.readdirSync(reportsRoot, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith('.')).map((d) => d.name);
  } catch {
    return [];
  }
  return names
    .sort()
    .map((site) => ({ site, runs: runFolders(reportsRoot, site).length }))
    .filter((s) => s.runs > 0)
    .map(({ site, runs }) => {
      const { previous: latest, history } = loadHistory(reportsRoot, site, { limit: HISTORY_LIMIT + 1 });
      return { site, runs, latest, latestDir: history.at(-1)?.dir, history };
    });
}

/** A site folder under the reports root, as the index lists it. */
export type SiteRuns = ReturnType<typeof collectSites>[number];

/** Worst first: the order of the sites and of the tallies. */
const ORDER: Record<Verdict, number> = { blocked: 0, 'at-risk': 1, ready: 2 };

function siteView(reportsRoot: string, s: SiteRuns & { latest: RunResults }) {
  const r = s.latest;
  const timeZone = timeZoneOf(r);
  return {
    site: s.site,
    name: r.siteName,
    verdict: verdictStatus(r.verdict),
    sentence: verdictSentence(r),
    ran: formatInstant(r.startedAt, timeZone),
    target: r.target,
    holiday: r.holiday ? r.holiday.name : null,
    freeze: buildFreeze(r, 'the latest run'),
    href: relativeHref(reportsRoot, path.join(s.latestDir!, 'report.html')),
    runs: plural(s.runs, 'run'),
    trend: buildTrend(s.history, { timeZone, from: reportsRoot }),
  };
}

/** What index.hbs shows. */
export function buildIndexView(reportsRoot: string, sites: readonly SiteRuns[], opts: { now: Date }) {
  const listed = sites
    .filter((s): s is SiteRuns & { latest: RunResults } => !!s.latest && !!s.latestDir)
    .sort((a, b) => ORDER[a.latest.verdict] - ORDER[b.latest.verdict] || a.site.localeCompare(b.site));
  const count = (v: Verdict) => listed.filter((s) => s.latest.verdict === v).length;
  const worst = listed[0]?.latest.verdict;
  const parts = (Object.keys(ORDER) as Verdict[]).filter((v) => count(v)).map((v) => `${count(v)} ${VERDICT_WORDS[v].label.toLowerCase()}`);
  return {
    title: listed.length ? `Holiday readiness: ${parts.join(', ')}` : 'Holiday readiness: no runs yet',
    overall: worst ? verdictStatus(worst) : { key: 'skip', label: 'No runs' },
    summary: listed.length ? `${plural(listed.length, 'site')}: ${parts.join(', ')}.` : 'No site has a readable run yet.',
    tallies: { blocked: count('blocked'), atRisk: count('at-risk'), ready: count('ready') },
    sites: listed.map((s) => siteView(reportsRoot, s)),
    unreadable: sites.filter((s) => !s.latest).map((s) => ({ site: s.site, runs: plural(s.runs, 'run folder') })),
    timeZone: 'UTC',
    renderedAt: opts.now.toISOString(),
    generator: GENERATOR,
  };
}

/** index.html for the sites found under `reportsRoot` (links are relative to it). */
export function renderIndexHtml(reportsRoot: string, sites: readonly SiteRuns[] = collectSites(reportsRoot), opts: { now?: Date } = {}): string {
  try {
    return renderPage('index', buildIndexView(reportsRoot, sites, { now: opts.now ?? new Date() }));
  } catch (error) {
    throw new Error(`Cannot render index.html: ${describeFailure(error)}`, { cause: error });
  }
}

/** Writes `<reportsRoot>/index.html` listing every site with its latest verdict; returns its path. */
export function writeIndex(reportsRoot: string, opts: { now?: Date } = {}): string {
  const file = path.join(reportsRoot, 'index.html');
  const html = renderIndexHtml(reportsRoot, collectSites(reportsRoot), opts);
  fs.mkdirSync(reportsRoot, { recursive: true });
  writeWhole(file, html);
  return file;
}

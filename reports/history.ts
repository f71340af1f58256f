/**
 * Earlier runs of a site, read from its run folders (reports/<site>/<YYYYMMDD-HHMMSS>/results.json):
 * the previous run (for new / fixed / still failing) and a small summary of each of the last
 * nightly runs (for the trend). Folders sort by name, which is the time the run started.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isBlocking, VERDICT_WORDS, type RunResults, type Verdict } from '../src/findings/types.ts';
import { readResults } from '../src/findings/results-file.ts';
import { formatInstant, verdictStatus } from './format.ts';

/** One earlier run, as the trend shows it. */
export interface HistoryPoint {
  startedAt: string;
  verdict: Verdict;
  /** Findings that blocked the run (errors that were checked). */
  blocking: number;
  warnings: number;
  /** The run folder it was read from; when given, the trend links to its report.html. */
  dir?: string;
}

/** How many earlier runs the trend shows by default: two weeks of nightly runs. */
export const HISTORY_LIMIT = 14;

/** Run folders are named by the time the run started: 20261126-194203 (a suffix is allowed). */
const RUN_FOLDER = /^\d{8}-\d{6}/;

export function summarizeRun(results: RunResults, dir?: string): HistoryPoint {
  return {
    startedAt: results.startedAt,
    verdict: results.verdict,
    blocking: results.findings.filter(isBlocking).length,
    warnings: results.findings.filter((f) => f.level === 'warn' && !f.notChecked).length,
    ...(dir ? { dir } : {}),
  };
}

/** Reads a run folder's results.json; undefined when it is missing, not JSON or not a run (src/findings/results-file.ts). */
function readRun(dir: string): RunResults | undefined {
  try {
    return readResults(path.join(dir, 'results.json'));
  } catch {
    return undefined;
  }
}

/** Writes a file through a temporary one renamed into place, so a reader never sees it half-written. */
export function writeWhole(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/** The run folders of a site, oldest first (by folder name). */
export function runFolders(reportsRoot: string, site: string): string[] {
  const dir = path.join(reportsRoot, site);
  let names: string[];
  try {
    names = fs.readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory() && RUN_FOLDER.test(d.name)).map((d) => d.name);
  } catch {
    return [];
  }
  return names.sort().map((n) => path.join(dir, n));
}

/**
 * The earlier runs of `site` under `reportsRoot` (usually reports/): the latest readable one as
 * `previous`, and summaries of up to `limit` (14) readable ones, oldest first, as `history`.
 *
 * `exclude` is the current run's folder: it is never counted as earlier, and when it lies in the
 * site's folder, neither is any folder that sorts after it (re-rendering an old run shows the
 * history as it was then). Unreadable runs are skipped.
 */
export function loadHistory(
  reportsRoot: string,
  site: string,
  opts: { exclude?: string; limit?: number } = {},
): { previous?: RunResults; history: HistoryPoint[] } {
  const limit = Math.max(0, opts.limit ?? HISTORY_LIMIT);
  const siteDir = path.resolve(reportsRoot, site);
  const exclude = opts.exclude ? path.resolve(opts.exclude) : undefined;
  let folders = runFolders(reportsRoot, site).map((d) => path.resolve(d));
  if (exclude) {
    const current = path.basename(exclude);
    const inSite = path.dirname(exclude) === siteDir && RUN_FOLDER.test(current);
    folders = folders.filter((d) => d !== exclude && (!inSite || path.basename(d) < current));
  }
  let previous: RunResults | undefined;
  const history: HistoryPoint[] = [];
  // Newest first, reading only as many results.json files as needed.
  for (let i = folders.length - 1; i >= 0 && (history.length < limit || !previous); i--) {
    const results = readRun(folders[i]);
    if (!results) continue;
    previous ??= results;
    if (history.length < limit) history.unshift(summarizeRun(results, folders[i]));
  }
  return previous ? { previous, history } : { history };
}

// ---------------------------------------------------------------------------------------------
// The trend, as the report and the index show it

/** A link from a page in `fromDir` to `file`, as a relative URL ("../20261125-020000/report.html"). */
export function relativeHref(fromDir: string, file: string): string {
  return path.relative(path.resolve(fromDir), path.resolve(file)).split(path.sep).map(encodeURIComponent).join('/');
}

const runs = (n: number) => (n === 1 ? 'run' : 'runs');

/**
 * The trend over `points` (oldest first; the last one is the run the page is about): a sentence
 * ("Ready in this run, after 2 blocked runs."), a square per run and the labels under the first and
 * last (none for a single run). Squares link to their run's report.html, relative to `from` (the
 * folder of the page), for points that carry their `dir`.
 */
export function buildTrend(points: readonly HistoryPoint[], opts: { timeZone: string; from?: string; currentLabel?: string }) {
  if (!points.length) return null;
  points.forEach((p, i) => {
    // Strict like the templates: a malformed point fails the render instead of showing a blank square.
    if (!Object.hasOwn(VERDICT_WORDS, p?.verdict)) throw new Error(`report: history point ${i + 1} has no verdict (got ${JSON.stringify(p?.verdict)})`);
    for (const k of ['blocking', 'warnings'] as const) {
      if (!Number.isInteger(p[k]) || p[k] < 0) throw new Error(`report: history point ${i + 1} has no ${k} count (got ${JSON.stringify(p[k])})`);
    }
  });
  const n = points.length;
  const day = (iso: string) => new Intl.DateTimeFormat('en-US', { timeZone: opts.timeZone, month: 'short', day: 'numeric' }).format(new Date(iso));
  const since = (iso: string) => new Intl.DateTimeFormat('en-US', { timeZone: opts.timeZone, weekday: 'short', month: 'short', day: 'numeric' }).format(new Date(iso));
  const view = points.map((p, i) => {
    const status = verdictStatus(p.verdict);
    const current = i === n - 1 && opts.currentLabel !== undefined;
    const when = formatInstant(p.startedAt, opts.timeZone, 'short'); // "Nov 26, 2026, 2:42 PM EST"
    const counts = `${p.blocking} blocking, ${p.warnings} ${p.warnings === 1 ? 'warning' : 'warnings'}`;
    const href = p.dir && opts.from && !current ? relativeHref(opts.from, path.join(p.dir, 'report.html')) : null;
    const text = `${current ? `${opts.currentLabel} (${when})` : when}: ${status.label}, ${counts}`;
    return { ...status, day: day(p.startedAt), text, current, href, counts, when };
  });
  const last = points[n - 1];
  let streak = 1;
  while (streak < n && points[n - 1 - streak].verdict === last.verdict) streak++;
  const now = VERDICT_WORDS[last.verdict].label;
  const self = opts.currentLabel ? 'this run' : 'the latest run';
  let sentence: string;
  if (n === 1) sentence = `${now} in ${self}; there is no earlier run yet.`;
  else if (streak === n) sentence = `${now} in all ${n} runs shown, since ${since(points[0].startedAt)}.`;
  else {
    const before = points[n - 1 - streak].verdict;
    let k = 0;
    while (n - 1 - streak - k >= 0 && points[n - 1 - streak - k].verdict === before) k++;
    const beforeWords = `${k} ${VERDICT_WORDS[before].label.toLowerCase()} ${runs(k)}`;
    sentence =
      streak === 1
        ? `${now} in ${self}, after ${beforeWords}.`
        : `${now} in the last ${streak} runs, since ${since(points[n - streak].startedAt)}, after ${beforeWords}.`;
  }
  return {
    caption: `Verdicts of the last ${n} ${runs(n)}, oldest first`,
    sentence,
    points: view,
    axis: n > 1 ? { first: view[0].day, last: view[n - 1].current ? 'This run' : view[n - 1].day } : null,
  };
}

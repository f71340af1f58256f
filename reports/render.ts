/**
 * Renders a run folder's results.json into the files people read: report.html (client reps and
 * engineers), junit.xml (CI test views) and summary.md (CI step summaries, chat).
 * Rendering only reads results, so a report can be re-rendered from results.json without the store.
 *
 * The HTML comes from Handlebars templates in reports/templates/, compiled in strict mode: a field
 * the templates use but results.json lacks fails the render instead of printing nothing. All store
 * text goes through `{{ }}` (HTML-escaped); the templates never use triple-stash.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { RunResults } from '../src/findings/types.ts';
import { describeFailure, GENERATOR, renderPage } from './handlebars.ts';
import { writeWhole, type HistoryPoint } from './history.ts';
import { renderJunit } from './junit.ts';
import { renderSummaryMarkdown } from './summary.ts';
import { buildView } from './view.ts';

export { renderJunit } from './junit.ts';
export { renderSummaryMarkdown } from './summary.ts';
export { COMPILE_OPTIONS, compileTemplate, GENERATOR } from './handlebars.ts';
export { HISTORY_LIMIT, loadHistory, summarizeRun, type HistoryPoint } from './history.ts';
export { renderIndexHtml, writeIndex } from './site-index.ts';

/** What a run's report is compared with: the previous run (new / fixed / still failing) and the trend. */
export interface RunContext {
  previous?: RunResults;
  /** Earlier runs, oldest first, up to 14 (loadHistory). */
  history?: readonly HistoryPoint[];
}

/** report.html: one self-contained file (inline CSS, no scripts, no external assets). */
export function renderHtml(results: RunResults, opts: RunContext & { now?: Date; dir?: string } = {}): string {
  try {
    return renderPage('layout', buildView(results, { ...opts, now: opts.now ?? new Date(), generator: GENERATOR }));
  } catch (error) {
    throw new Error(`Cannot render report.html for site ${JSON.stringify(results?.site)}: ${describeFailure(error)}`, { cause: error });
  }
}

/** A file of the run folder and how it is produced from the results. */
export interface Reporter {
  file: string;
  render(results: RunResults, ctx: RunContext & { dir: string }): string;
}

function reportLink(dir: string): string {
  const abs = path.resolve(dir, 'report.html');
  const rel = path.relative(process.cwd(), abs);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : abs;
}

/** The files of a run folder, in the order they are written. */
export const REPORTERS: readonly Reporter[] = [
  { file: 'results.json', render: (results) => `${JSON.stringify(results, null, 2)}\n` },
  { file: 'report.html', render: renderHtml },
  { file: 'junit.xml', render: renderJunit },
  { file: 'summary.md', render: (results, { dir }) => renderSummaryMarkdown(results, { reportPath: reportLink(dir) }) },
];

/**
 * Writes results.json, report.html, junit.xml and summary.md into `dir` (created if needed).
 * Everything is rendered before anything is written, so a render error leaves no half-written folder.
 */
export function writeRunFolder(dir: string, results: RunResults, opts: RunContext = {}): { files: string[] } {
  const rendered = REPORTERS.map((r) => ({ file: path.join(dir, r.file), text: r.render(results, { ...opts, dir }) }));
  fs.mkdirSync(dir, { recursive: true });
  for (const { file, text } of rendered) writeWhole(file, text);
  return { files: rendered.map((r) => r.file) };
}

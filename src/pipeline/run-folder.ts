/**
 * The pipeline's last stage: the run folder (reports/<site>/<timestamp>/ or --out). results.json
 * first, then everything rendered from it alone (reports/render.ts), the request log, the site's
 * history and the index page. The only way src/ reaches the renderer.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { RunResults } from '../findings/types.ts';
import type { RequestLogEntry } from '../solidus/client.ts';
import { loadHistory, writeIndex, writeRunFolder as writeRendered, REPORTERS } from '../../reports/render.ts';

/** The files of a run folder rendered from results.json (the merge copies evidence around them). */
export const RUN_FOLDER_FILES: readonly string[] = REPORTERS.map((r) => r.file);

/** The folder name of a run: its start in UTC, 20261127-061012. */
export function timestamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

export interface RunFolderOptions {
  /** The run folder. */
  dir: string;
  /** Root of the run folders, history and index.html; the index is rewritten unless `index` is false. */
  reportsRoot: string;
  index: boolean;
  /** Every request attempt, already masked by the client; written as requests.json when given. */
  requestLog?: RequestLogEntry[];
  /** Applied to requests.json (results are redacted before they get here). */
  redact?: (text: string) => string;
  /** Lines for the terminal (an index that could not be written). */
  log?: (line: string) => void;
}

/** Writes the run folder of one site's (redacted) results; returns the path of its report.html. */
export function writeRunFolder(results: RunResults, o: RunFolderOptions): string {
  const { files } = writeRendered(o.dir, results, loadHistory(o.reportsRoot, results.site, { exclude: o.dir }));
  if (o.requestLog) fs.writeFileSync(path.join(o.dir, 'requests.json'), (o.redact ?? String)(JSON.stringify(o.requestLog, null, 1)) + '\n');
  if (o.index) {
    try {
      writeIndex(o.reportsRoot);
    } catch (e) {
      o.log?.(`holiday-ready: ${path.join(o.reportsRoot, 'index.html')} not updated: ${(e as Error).message}\n`);
    }
  }
  return files.find((f) => f.endsWith('report.html')) ?? path.join(o.dir, 'report.html');
}

/** A merged run folder (src/merge): the same files, rendered from merged results, with history when given. */
export { writeRendered as writeMergedRunFolder };

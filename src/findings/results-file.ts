/**
 * Reading a results.json back: the one check of what a file must hold to be a run of this schema
 * version. The merge, the Slack notifier and the report's history read runs through it.
 */
import fs from 'node:fs';
import { SCHEMA_VERSION, type RunResults, type Verdict } from './types.ts';

/** Why a file is not a run this version can read; `code` is stable for tests and the CLIs. */
export class ResultsFileError extends Error {
  constructor(readonly code: 'not-json' | 'not-results' | 'schema-version', message: string) {
    super(message);
    this.name = 'ResultsFileError';
  }
}

const VERDICTS: readonly Verdict[] = ['ready', 'at-risk', 'blocked'];

/**
 * Throws a ResultsFileError unless `value` is a results.json of this schema version: an object
 * with the site, its name, a verdict, when it started and ended, and its lists. `where` names it in
 * the message; `reader` is who cannot read another schema version ("this merge").
 */
export function assertRunResults(value: unknown, where: string, reader = 'this version of holiday-ready'): asserts value is RunResults {
  const r = value as Partial<RunResults> | null;
  const incomplete = (what: string) => new ResultsFileError('not-results', `${where} has no ${what}: it is not a complete results.json`);
  if (!r || typeof r !== 'object' || Array.isArray(r)) throw new ResultsFileError('not-results', `${where} is not a results.json (not a JSON object)`);
  if (r.schemaVersion !== SCHEMA_VERSION) {
    throw new ResultsFileError('schema-version', `${where} has schemaVersion ${JSON.stringify(r.schemaVersion)}; ${reader} reads schemaVersion ${SCHEMA_VERSION} — write it again with this version of holiday-ready`);
  }
  for (const key of ['site', 'siteName', 'startedAt', 'finishedAt'] as const) {
    if (typeof r[key] !== 'string') throw incomplete(key);
  }
  if (Number.isNaN(Date.parse(r.startedAt!))) throw incomplete('startedAt instant');
  if (!VERDICTS.includes(r.verdict as Verdict)) throw incomplete(`verdict (${VERDICTS.join(', ')})`);
  for (const key of ['cases', 'findings', 'campaigns', 'audits'] as const) {
    if (!Array.isArray(r[key])) throw incomplete(`${key} list`);
  }
}

/** Reads and checks a results.json. A file that cannot be read throws as fs does; bad contents throw a ResultsFileError. */
export function readResults(file: string, where = file, reader?: string): RunResults {
  const text = fs.readFileSync(file, 'utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ResultsFileError('not-json', `${where} is not valid JSON (${(error as Error).message})`);
  }
  assertRunResults(value, where, reader);
  return value;
}

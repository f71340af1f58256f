/**
 * `tsx src/merge/cli.ts <dir-of-shard-folders> --out <dir> [--expect-shards N] [--previous <results.json>]`
 *
 * Reads the results.json of every shard folder under <dir> (found up to three levels down, e.g.
 * runs/acme/run-acme-shard-2/results.json as actions/download-artifact lays them out), merges them
 * with mergeResults and writes one run folder (results.json, report.html, junit.xml, summary.md)
 * through the pipeline's run-folder stage. Other files of the shard folders (screenshots, traces)
 * are copied next to it under the same relative paths, so the evidence links of the merged report work.
 *
 * Only reads results: never talks to a store. Exit codes: 0 merged (whatever the verdict: the
 * workflow decides what a blocked site means), 2 nothing to merge or parts that cannot be merged.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isBlocking, VERDICT_WORDS, type RunResults } from '../findings/types.ts';
import { RUN_FOLDER_FILES, writeMergedRunFolder } from '../pipeline/run-folder.ts';
import { compare, MergeError, mergeResults } from './merge.ts';
import { readResults } from '../findings/results-file.ts';
import { failWith, parseArgsOr, runIfScript, type Io } from '../cli/entry.ts';
import { plural } from '../text/words.ts';

export type MergeIo = Pick<Io, 'out' | 'err' | 'cwd'>;

const MAX_DEPTH = 3;

/** Every results.json under `dir` (up to three levels down, not inside `exclude`), in a fixed order. */
export function findResults(dir: string, exclude?: string): string[] {
  const found: string[] = [];
  const walk = (d: string, depth: number) => {
    if (exclude && path.resolve(d) === path.resolve(exclude)) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => compare(a.name, b.name))) {
      const p = path.join(d, e.name);
      if (e.isFile() && e.name === 'results.json') found.push(p);
      else if (e.isDirectory() && depth < MAX_DEPTH) walk(p, depth + 1);
    }
  };
  walk(dir, 0);
  return found;
}

/** Copies the shard folders' other files (evidence) into `out`; the first copy of a path wins. */
function copyEvidence(partDirs: string[], out: string, warn: (s: string) => void): void {
  const reportFiles = new Set(RUN_FOLDER_FILES);
  // A part folder inside another (results.json at two levels) is copied once, as its own part.
  const skip = new Set([...partDirs, out].map((d) => path.resolve(d)));
  for (const dir of partDirs) {
    const walk = (rel: string) => {
      for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => compare(a.name, b.name))) {
        const r = path.join(rel, e.name);
        if (e.isDirectory()) {
          if (!skip.has(path.resolve(dir, r))) walk(r);
        } else if (e.isFile() && !(rel === '' && (reportFiles.has(e.name) || e.name.endsWith('.tmp')))) {
          const to = path.join(out, r);
          if (fs.existsSync(to)) {
            if (!fs.readFileSync(to).equals(fs.readFileSync(path.join(dir, r)))) warn(`merge: ${r} is in more than one shard with different content; kept the first (${path.basename(partDirs[0])})\n`);
            continue;
          }
          fs.mkdirSync(path.dirname(to), { recursive: true });
          fs.copyFileSync(path.join(dir, r), to);
        }
      }
    };
    walk('');
  }
}

export async function mergeMain(argv: string[], io: MergeIo): Promise<number> {
  const parsed = parseArgsOr({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      'expect-shards': { type: 'string' },
      previous: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }, 'merge', io.err);
  if (!parsed) return 2;
  const v = parsed.values;
  const bad = failWith(io.err, 'merge', 2);
  const usage = 'Usage: tsx src/merge/cli.ts <dir-of-shard-folders> --out <dir> [--expect-shards N] [--previous <results.json>]\n';
  if (v.help) {
    io.out(usage);
    return 0;
  }
  if (parsed.positionals.length !== 1 || !v.out) return bad(`name one folder of shard run folders and --out\n${usage.trimEnd()}`);
  const expected = v['expect-shards'] !== undefined ? Number(v['expect-shards']) : undefined;
  if (expected !== undefined && (!Number.isInteger(expected) || expected < 1)) return bad(`--expect-shards must be a whole number of at least 1, got "${v['expect-shards']}"`);
  const dir = path.resolve(io.cwd, parsed.positionals[0]);
  const out = path.resolve(io.cwd, v.out);
  const files = findResults(dir, out);
  if (!files.length) return bad(`no results.json under ${dir}: no shard produced a run folder (see the shard jobs' logs)`);

  const parts: RunResults[] = [];
  for (const file of files) {
    try {
      parts.push(readResults(file, path.relative(io.cwd, file) || file, 'this merge'));
    } catch (error) {
      return bad((error as Error).message);
    }
  }
  let previous: RunResults | undefined;
  if (v.previous && fs.existsSync(path.resolve(io.cwd, v.previous))) {
    try {
      previous = readResults(path.resolve(io.cwd, v.previous), v.previous);
    } catch (error) {
      io.err(`merge: ignoring --previous: ${(error as Error).message}\n`);
    }
  }

  let merged: RunResults;
  try {
    merged = mergeResults(parts, { expectedParts: expected });
  } catch (error) {
    if (error instanceof MergeError) return bad(error.message);
    throw error;
  }
  writeMergedRunFolder(out, merged, { previous });
  copyEvidence(files.map((f) => path.dirname(f)), out, io.err);
  const word = VERDICT_WORDS[merged.verdict].label.toUpperCase();
  const blocking = merged.findings.filter(isBlocking).length;
  io.out(
    `Merged ${parts.length}${expected ? ` of ${expected}` : ''} shard${parts.length === 1 ? '' : 's'} of ${merged.site} (${merged.siteName}): ${word} — ` +
    `${plural(merged.cases.length, 'case')}, ${plural(blocking, 'blocking finding')} → ${path.relative(io.cwd, out) || out}\n`,
  );
  return 0;
}

runIfScript(import.meta.url, 'merge', mergeMain);

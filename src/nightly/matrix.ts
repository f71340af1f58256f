/**
 * `tsx src/nightly/matrix.ts [--sites a,b] [--force] [--now <ISO instant>] [--json] [--root <dir>]`
 *
 * Prints tonight's plan for the nightly workflow as `$GITHUB_OUTPUT` lines:
 *
 *   matrix=<{"include":[{site,shard,shards,shardArg,stagingKey,productionKey},…]}>   audit job, one per site × shard
 *   sites=<[{site,name,shards,cases,slackSecret,channel,week},…]>                     report job, one per site
 *   count=<number of sites>                                                            0: no site jobs tonight
 *   invalid=<[{site,message},…]>                                                       site files the workflow cannot run
 *
 * With --json, the same plan as one indented JSON object. What was selected and why goes to stderr,
 * with a GitHub `::error` annotation for each problem in a site file.
 *
 * A broken site file does not stop the other sites' nightly runs: it is listed under `invalid` (the
 * workflow fails its plan job on it, after the other sites are planned). Exit codes: 0 planned,
 * 2 bad arguments (an unknown site in --sites, a bad --now).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSite, siteFiles, type SiteError } from '../config/load.ts';
import type { Site } from '../config/types.ts';
import { holidayWeek, matrix, unknownSites, type Plan } from './select.ts';
import { failWith, parseArgsOr, runIfScript, type Io } from '../cli/entry.ts';
import { plural } from '../text/words.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface PlanIo extends Io {
  /** The clock, injectable for tests. */
  now?: () => Date;
}

/** A GitHub annotation; `%`, CR and LF are escaped as the workflow-command syntax requires. */
function annotation(e: SiteError, cwd: string): string {
  const esc = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const file = path.relative(cwd, e.file).split(path.sep).join('/');
  const prop = (s: string) => esc(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  return `::error file=${prop(file)},line=${e.line},col=${e.col}::${esc(`${e.path ? `${e.path}  ` : ''}${e.message} [${e.code}]`)}`;
}

export async function planMain(argv: string[], io: PlanIo): Promise<number> {
  const parsed = parseArgsOr({
    args: argv,
    options: {
      sites: { type: 'string' },
      force: { type: 'boolean' },
      now: { type: 'string' },
      json: { type: 'boolean' },
      root: { type: 'string' },
    },
  }, 'matrix', io.err);
  if (!parsed) return 2;
  const v = parsed.values;
  const bad = failWith(io.err, 'matrix', 2);
  const now = v.now !== undefined ? new Date(v.now) : (io.now ?? (() => new Date()))();
  if (Number.isNaN(now.getTime())) return bad(`--now must be an ISO instant like 2026-11-20T07:00:00Z, got "${v.now}"`);
  const root = v.root ? path.resolve(io.cwd, v.root) : ROOT;
  const only = (v.sites ?? '').split(/[\s,]+/).filter(Boolean);

  const sites: Site[] = [];
  const broken: { site: string; errors: SiteError[] }[] = [];
  for (const file of siteFiles(root)) {
    const loaded = loadSite(file, { env: io.env, requireKey: false });
    if (loaded.ok) sites.push(loaded.site);
    else broken.push({ site: path.basename(file).replace(/\.ya?ml$/, ''), errors: loaded.errors });
  }
  const unknown = unknownSites([...sites, ...broken], only);
  if (unknown.length) {
    const known = [...sites.map((s) => s.site), ...broken.map((b) => b.site)].sort();
    return bad(`no site file for ${unknown.join(', ')} in ${path.join(root, 'sites')} — known sites: ${known.join(', ') || 'none'}`);
  }

  const plan: Plan = matrix(sites, now, { force: !!v.force, only });
  for (const b of broken) {
    if (only.length && !only.includes(b.site)) continue;
    for (const e of b.errors) io.err(annotation(e, root) + '\n');
    plan.invalid.push({ site: b.site, message: `${plural(b.errors.length, 'problem')} in its site file (run: npm run audit -- --site ${b.site})` });
  }
  plan.invalid.sort((a, b) => (a.site < b.site ? -1 : a.site > b.site ? 1 : 0));

  io.err(`Nightly plan for ${now.toISOString()}${v.force ? ' (forced: dates ignored)' : ''}:\n`);
  for (const site of sites) {
    if (only.length && !only.includes(site.site)) continue;
    const w = holidayWeek(site);
    const p = plan.sites.find((s) => s.site === site.site);
    const why = p
      ? `runs, ${plural(p.cases, 'cart')} in ${plural(p.shards, 'shard')}`
      : plan.invalid.find((i) => i.site === site.site)?.message ?? 'not in its holiday week';
    io.err(`  ${site.site}: holiday week ${w.from} to ${w.to} (${w.timezone}) — ${p ? '' : 'skipped: '}${why}\n`);
  }
  for (const i of plan.invalid) if (!sites.some((s) => s.site === i.site)) io.err(`  ${i.site}: skipped: ${i.message}\n`);

  const outputs = { matrix: plan.matrix, sites: plan.sites, count: plan.sites.length, invalid: plan.invalid };
  io.out(v.json ? JSON.stringify(plan, null, 2) + '\n' : Object.entries(outputs).map(([name, value]) => `${name}=${JSON.stringify(value)}\n`).join(''));
  return 0;
}

runIfScript(import.meta.url, 'matrix', planMain);

/**
 * `npm run audit -- --site acme`: argument parsing, terminal output and the exit code live here and
 * nowhere else. Everything below returns values.
 *
 * Exit codes: 0 nothing blocked, 1 a campaign or audit is blocked, 2 bad input, 3 store unreachable.
 */
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { audit, EXIT } from './audit.ts';
import { parseShard, type ShardSpec } from '../nightly/shard.ts';
import { failWith, parseArgsOr, runIfScript, type Io } from './entry.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Every option: how parseArgs reads it, and its line in the help (`arg`, the value it takes). */
const OPTIONS = {
  site: { type: 'string', multiple: true, arg: '<name|file>', help: 'a site: sites/<name>.yml, or a path to a .yml file (repeatable, or comma-separated)' },
  all: { type: 'boolean', help: 'every site in sites/ (one concurrency limit per store)' },
  out: { type: 'string', arg: '<dir>', help: 'write the run folder here (default reports/<site>/<timestamp>/)' },
  reports: { type: 'string', arg: '<dir>', help: 'root of the run folders, history and index.html (default reports/)' },
  concurrency: { type: 'string', arg: '<n>', help: 'cases at once per store (default: the highest dry_run.concurrency of its sites, 4)' },
  shard: { type: 'string', arg: '<i/N>', help: "run only shard i of N of each site's campaigns (CI; merge with npm run merge)" },
  'no-browser': { type: 'boolean', help: 'skip the browser dry-runs (API only)' },
  'no-audits': { type: 'boolean', help: 'skip the readiness audits' },
  'no-boundaries': { type: 'boolean', help: 'do not search for the cart total where a code stops working' },
  'no-pairs': { type: 'boolean', help: 'do not try two codes that run at the same time on one cart' },
  'no-unplanned': { type: 'boolean', help: "do not dry-run staging's promotions that the site file does not plan" },
  at: {
    type: 'string',
    arg: '<time>',
    help: "dry-run every case at this one moment, like 2026-11-27T12:00 (local to the\nsite's holiday.timezone) or 2026-11-27T12:00-05:00 (needs the store's clock)",
  },
  'no-start': { type: 'boolean', help: 'do not start the embedded sandbox store when it is not running' },
  json: { type: 'boolean', help: 'print results.json to stdout instead of the summary' },
  help: { type: 'boolean', short: 'h', help: 'show this help' },
  version: { type: 'boolean', short: 'v', help: 'print the version' },
} as const;

const optionLine = ([name, o]: [string, { short?: string; arg?: string; help: string }]) =>
  `  ${o.short ? `-${o.short}, ` : ''}--${name}${o.arg ? ` ${o.arg}` : ''}`.padEnd(25) + o.help.replace(/\n/g, `\n${' '.repeat(25)}`);

export const HELP = `Usage: npm run audit -- --site <name|file> [options]

Dry-runs a site's planned campaigns on its staging store through the Solidus API (and in a real
browser), runs the readiness audits, and writes a readiness report.

Options:
${Object.entries(OPTIONS).map(optionLine).join('\n')}

Exit codes: 0 nothing blocked (ready or at risk), 1 blocked, 2 bad input (site file, options),
3 the store cannot be reached.
`;

export async function main(argv: string[], io: Io): Promise<number> {
  const parsed = parseArgsOr({ args: argv, allowPositionals: false, options: OPTIONS }, 'holiday-ready', io.err, 'Run with --help for the options.\n');
  if (!parsed) return EXIT.badInput;
  const v = parsed.values;
  const bad = failWith(io.err, 'holiday-ready', EXIT.badInput);
  if (v.help) {
    io.out(HELP);
    return EXIT.ok;
  }
  if (v.version) {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    io.out(`${pkg.version}\n`);
    return EXIT.ok;
  }
  const sites = (v.site ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  if (!sites.length && !v.all) return bad(`name a site with --site <name> (or --all)\n\n${HELP.trimEnd()}`);
  let concurrency: number | undefined;
  if (v.concurrency !== undefined) {
    concurrency = Number(v.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) return bad(`--concurrency must be a whole number from 1 to 64, got "${v.concurrency}"`);
  }
  let shard: ShardSpec | undefined;
  if (v.shard !== undefined) {
    try {
      shard = parseShard(v.shard);
    } catch (e) {
      return bad((e as Error).message);
    }
  }
  if (v.at !== undefined && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?$/.test(v.at.trim())) {
    return bad(`--at must be a date and time like 2026-11-27T12:00 (local to the site's holiday.timezone) or 2026-11-27T12:00-05:00, got "${v.at}"`);
  }
  return audit({
    shard,
    ...(v.at !== undefined ? { at: v.at.trim() } : {}),
    root: ROOT,
    cwd: io.cwd,
    env: io.env,
    sites,
    all: !!v.all,
    out: v.out ? path.resolve(io.cwd, v.out) : undefined,
    reports: v.reports ? path.resolve(io.cwd, v.reports) : undefined,
    concurrency,
    browser: !v['no-browser'],
    audits: !v['no-audits'],
    boundaries: !v['no-boundaries'],
    pairs: !v['no-pairs'],
    unplanned: !v['no-unplanned'],
    startSandbox: !v['no-start'],
    json: !!v.json,
    out_: io.out,
    err: io.err,
  });
}

runIfScript(import.meta.url, 'holiday-ready', main);

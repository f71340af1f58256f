/**
 * The audit command: the site files it is given, the pipeline (src/pipeline/pipeline.ts) that runs
 * them, what it prints, and the exit code, decided once at the end from how every site's run ended.
 */
import { VERDICT_WORDS, type RunResults } from '../findings/types.ts';
import { campaignStanding } from '../findings/standing.ts';
import { displayPath, formatSiteErrors, resolveSitePath, siteFiles } from '../config/load.ts';
import type { OrderLedger } from '../dryrun/flow.ts';
import { runPipeline, type PipelineOptions, type SiteOutcome } from '../pipeline/pipeline.ts';
import { failWith } from './entry.ts';

export const EXIT = { ok: 0, blocked: 1, badInput: 2, unreachable: 3 } as const;

/** What the pipeline takes, but the site files: the sites named (or --all), and where to print. */
export type AuditOptions = Omit<PipelineOptions, 'files' | 'log' | 'running'> & {
  sites: string[];
  all: boolean;
  json: boolean;
  out_: (s: string) => void;
  err: (s: string) => void;
};

export async function audit(o: AuditOptions): Promise<number> {
  const files = o.all ? siteFiles(o.root) : o.sites.map((s) => resolveSitePath(s, o.root, o.cwd));
  if (o.out && files.length > 1) return failWith(o.err, 'holiday-ready', EXIT.badInput)('--out takes one site; with several sites each gets reports/<site>/<timestamp>/');
  // With several sites, each site's lines say whose they are.
  const many = files.length > 1;
  const tagged = (text: string, site?: { site: string }) => (many && site ? text.replace(/^(?=.)/gm, `[${site.site}] `) : text);

  // Ctrl-C: every running site's dry-run orders are emptied before the process ends.
  const running = new Set<OrderLedger>();
  const onSignal = () => {
    o.err('\nInterrupted: emptying the dry-run orders before exiting…\n');
    void Promise.allSettled([...running].map((l) => l.emptyAll())).finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let result;
  try {
    result = await runPipeline({ ...o, files, log: (text, site) => o.err(tagged(text, site)), running });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }

  if (result.status === 'bad-input') {
    o.err(formatSiteErrors(result.errors, { cwd: o.cwd }) + '\n');
    const n = result.errors.length;
    if (result.stage === 'site-files') {
      o.err(`\n${n} problem${n === 1 ? '' : 's'} in the site file${files.length === 1 ? '' : 's'}; nothing was sent to any store.\n`);
    }
    return EXIT.badInput;
  }
  return Math.max(EXIT.ok, ...result.sites.map((s) => print(s, o, tagged)));
}

/** Prints how a site's run ended (the summary, or results.json with --json) and returns its exit code. */
function print(s: SiteOutcome, o: AuditOptions, tagged: (text: string, site?: { site: string }) => string): number {
  switch (s.status) {
    case 'unreachable':
      return EXIT.unreachable;
    case 'bad-input':
      o.err(tagged(s.redact(formatSiteErrors(s.errors, { cwd: o.cwd })) + '\n', s.site));
      return EXIT.badInput;
    case 'done':
      if (o.json) o.out_(JSON.stringify(s.results, null, 2) + '\n');
      else o.out_(s.redact(summary(s.results, displayPath(o.cwd, s.report))));
      return s.results.verdict === 'blocked' ? EXIT.blocked : EXIT.ok;
  }
}

/**
 * " · before-start, start, end" after a campaign: the moments its cases ran at (nothing for "now");
 * an unplanned promotion's one moment as its time (" · live Thu, Nov 26, 12:00 AM EST").
 */
function momentsWords(c: RunResults['campaigns'][number]): string {
  const shown = (c.moments ?? []).filter((m) => m.label !== 'now');
  return shown.length ? ` · ${shown.map((m) => (c.unplanned ? `${m.label} ${m.text.replace(/^as on /, '')}` : m.label)).join(', ')}` : '';
}

export function summary(r: RunResults, reportPath: string): string {
  const lines = [`${r.siteName}: ${VERDICT_WORDS[r.verdict].label.toUpperCase()}`];
  for (const c of r.campaigns) {
    // The campaign's standing, as the report, summary.md and junit.xml say it (src/findings/standing.ts).
    const standing = campaignStanding(r, c.name);
    const over = r.findings.some((f) => f.campaign === c.name && f.id.startsWith('api:over:'));
    const mark = { works: 'works  ', blocked: 'BLOCKED', 'at-risk': 'AT RISK', 'not-checked': over ? 'skipped (over)' : 'not checked' }[standing];
    lines.push(`  ${mark}  ${c.name} (${c.automatic ? 'automatic' : c.code}${c.unplanned ? ', unplanned' : ''})${momentsWords(c)}`);
  }
  const blocking = r.findings.filter((f) => f.level === 'error');
  if (blocking.length) lines.push('', 'Blocking:');
  for (const f of blocking) {
    lines.push(`  ✗ ${f.title}${f.moment && f.moment.label !== 'now' ? `, ${f.moment.text}` : ''}`);
    if (f.evidence?.boundary) lines.push(`    ${f.evidence.boundary}`);
  }
  const warnings = r.findings.filter((f) => f.level === 'warn');
  if (warnings.length) lines.push('', 'At risk:', ...warnings.map((f) => `  ! ${f.title}${f.moment && f.moment.label !== 'now' && !f.title.includes(f.moment.text) ? `, ${f.moment.text}` : ''}`));
  const clock = r.findings.find((f) => f.id === 'harness:clock');
  if (clock) lines.push('', `Note: ${clock.title}.`);
  const h = r.housekeeping;
  lines.push('', `Orders: ${h.ordersCreated} created, ${h.ordersEmptied} emptied, ${h.leftoversSwept} leftovers swept`);
  lines.push(`Report: ${reportPath}`, '');
  return lines.join('\n');
}

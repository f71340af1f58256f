/**
 * summary.md for CI step summaries ($GITHUB_STEP_SUMMARY) and chat: the verdict, a table of
 * campaigns, and the blocking findings one line each. Store text is Markdown-escaped.
 */
import { isBlocking, VERDICT_WORDS, type CampaignSummary, type RunResults } from '../src/findings/types.ts';
import { escapeMarkdown as md, formatInstant, type StatusView } from './format.ts';
import { plural } from '../src/text/words.ts';
import { buildFreeze, campaignStatus, timeZoneOf, verdictSentence } from './view.ts';

/** "Code freeze: from … until offices reopen …; deploys need Dana Whitfield’s approval." when the holiday is known. */
function freezeLine(results: RunResults): string | undefined {
  const freeze = buildFreeze(results);
  if (!freeze) return undefined;
  const engineer = (results.people?.engineer as { name?: unknown } | undefined)?.name;
  const approval = typeof engineer === 'string' ? `${engineer}’s approval` : 'the approval of the engineer on watch';
  return `Code freeze: from ${freeze.from} (${freeze.before}) until offices reopen ${freeze.until}; deploys need ${approval}.`;
}

const EMOJI: Record<StatusView['key'], string> = { pass: '✅', fail: '❌', warn: '⚠️', skip: '⏭️' };

function cartsCell(results: RunResults, c: CampaignSummary): string {
  const cases = results.cases.filter((x) => x.campaign === c.name);
  if (!cases.length) return 'none tried';
  // At several moments each cart is tried once per moment: those are counted as cases.
  const unit = (c.moments?.length ?? 0) > 1 ? 'case' : 'cart';
  const failing = cases.filter((x) => x.outcome === 'fail').length;
  const skipped = cases.filter((x) => x.outcome === 'not-checked').length;
  if (!failing && !skipped) return cases.length === 1 ? `the 1 ${unit} tried works` : `all ${cases.length} ${unit}s work`;
  const parts: string[] = [];
  if (failing) parts.push(`${failing} of ${plural(cases.length, unit)} ${failing === 1 ? 'fails' : 'fail'}`);
  if (skipped) parts.push(`${skipped} of ${plural(cases.length, unit)} not checked`);
  return parts.join(', ');
}

export function renderSummaryMarkdown(results: RunResults, opts: { reportPath?: string } = {}): string {
  const words = VERDICT_WORDS[results.verdict];
  const verdict = words ? `${words.emoji} ${words.label}` : md(results.verdict);
  const holiday = results.holiday?.name ?? 'the holiday';
  const lines: string[] = [
    `## ${verdict}: ${md(results.siteName)}, ${md(holiday)}`,
    '',
    md(verdictSentence(results)),
    '',
  ];
  const freeze = freezeLine(results);
  if (freeze) lines.push(md(freeze), '');

  if (results.campaigns.length) {
    // The moments column only when some case ran at a moment (results written before moments have none).
    const withMoments = results.campaigns.some((c) => c.moments?.length);
    lines.push(`| Campaign | Code | Outcome | Carts |${withMoments ? ' Moments |' : ''}`, `| --- | --- | --- | --- |${withMoments ? ' --- |' : ''}`);
    for (const c of results.campaigns) {
      const moments = withMoments ? ` ${(c.moments ?? []).map((m) => md(m.text)).join('<br>') || '—'} |` : '';
      const code = c.automatic ? 'automatic (no code)' : /^[\w-]+$/.test(c.code) ? `\`${c.code}\`` : md(c.code);
      const status = campaignStatus(results, c);
      lines.push(`| ${md(c.name)}${c.unplanned ? ' (unplanned)' : ''} | ${code} | ${EMOJI[status.key]} ${status.label} | ${cartsCell(results, c)} |${moments}`);
    }
  } else {
    lines.push('No campaigns planned.');
  }
  lines.push('');

  const blocking = results.findings.filter(isBlocking);
  lines.push(`### Blocking findings (${blocking.length})`, '');
  if (blocking.length) {
    for (const f of blocking) {
      const where = f.evidence?.boundary ? ` (${md(f.evidence.boundary.split(' (')[0])})` : '';
      const when = f.moment && f.moment.label !== 'now' ? `, ${md(f.moment.text)}` : '';
      lines.push(`- **${md(f.title)}**${when}${where}. What to do: ${md(f.action)}`);
    }
  } else {
    lines.push('None.');
  }
  const warnings = results.findings.filter((f) => !isBlocking(f) && (f.level === 'warn' || f.notChecked));
  if (warnings.length) lines.push('', `Also ${plural(warnings.length, 'warning')} or unchecked item${warnings.length === 1 ? '' : 's'}: see the full report.`);
  lines.push('');

  const when = results.holiday ? formatInstant(results.startedAt, timeZoneOf(results)) : results.startedAt;
  const footer = [`Ran on ${md(results.target.name)} (${md(results.target.url)}), ${md(when)}.`];
  if (opts.reportPath) footer.push(`[Full report](${encodeURI(opts.reportPath).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)})`);
  lines.push(footer.join(' '), '');
  return lines.join('\n');
}

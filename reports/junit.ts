/**
 * junit.xml for CI test views: one testsuite per campaign (a testcase per cart tried, per source;
 * an unplanned promotion's suite is named so), plus a "readiness audits" testsuite. Failures carry expected / actual / cause / what to do.
 * A campaign's suite says its standing (src/findings/standing.ts) as a property, and each finding
 * naming the campaign that no cart's testcase carries (a pair of codes, an inventory or readiness
 * finding, what the customer pays) is a testcase of its own, so that a suite never passes while the
 * other outputs call the campaign blocked or at risk.
 */
import { isBlocking, namesCampaign, type AuditResult, type CaseResult, type Finding, type RunResults } from '../src/findings/types.ts';
import { campaignStanding, STANDING_WORDS } from '../src/findings/standing.ts';
import { escapeXml, escapeXmlAttr } from './format.ts';

const seconds = (ms: number) => (Number.isFinite(ms) && ms > 0 ? ms / 1000 : 0).toFixed(3);

interface Case {
  name: string;
  classname: string;
  ms: number;
  failure?: { message: string; type: string; body: string };
  skipped?: string;
  /** Printed as the test's output: the moment the case ran at. */
  out?: string;
  /** The finding the failure or the skip says. */
  shown?: Finding;
}

function findingBody(f: Finding): string {
  const ev = f.evidence;
  return [
    `Expected: ${f.expected}`,
    `Actual: ${f.actual}`,
    `Cause: ${f.cause}`,
    ...(ev?.boundary ? [`Boundary: ${ev.boundary}`] : []),
    ...(f.moment ? [`Moment: ${f.moment.text} (${f.moment.at})`] : []),
    ...(ev?.detail ? [`Detail: ${ev.detail}`] : []),
    `What to do: ${f.action}`,
    ...(ev?.httpStatus !== undefined ? [`HTTP ${ev.httpStatus}${ev.statusCode ? ` ${ev.statusCode}` : ''}${ev.message ? `: ${ev.message}` : ''}`] : []),
    `Finding: ${f.id} (${f.level})`,
  ].join('\n');
}

function caseOf(results: RunResults, c: CaseResult): Case {
  // A named moment (before-start, start, end, --at) is part of the test's name, which stays the same
  // from night to night; "now" (no clock) is only said in its output.
  const named = c.moment && c.moment.label !== 'now' ? `, ${c.moment.label}: ${c.moment.text}` : '';
  const base: Case = {
    name: `${c.cart} cart (${c.source === 'browser' ? 'browser' : 'API'}${named})`, classname: c.campaign, ms: c.durationMs,
    ...(c.moment ? { out: `Ran ${c.moment.text} (${c.moment.at}).` } : {}),
  };
  // The case's own finding; else one about the same cart (a failure said once for several moments).
  const exact = results.findings.filter((f) => f.id === c.id);
  const findings = exact.length ? exact : results.findings.filter((f) => f.campaign === c.campaign && f.cart === c.cart && f.source === c.source);
  if (c.outcome === 'not-checked') {
    const f = findings.find((x) => x.notChecked);
    return { ...base, skipped: f?.cause ?? c.error ?? c.summary, ...(f ? { shown: f } : {}) };
  }
  if (c.outcome === 'fail') {
    const f = findings.find((x) => !x.notChecked);
    return {
      ...base,
      ...(f ? { shown: f } : {}),
      failure: f
        ? { message: f.title, type: f.level, body: findingBody(f) }
        : { message: c.summary, type: 'error', body: `Actual: ${c.summary}${c.error ? `\nError: ${c.error}` : ''}` },
    };
  }
  return base;
}

/**
 * A finding that names the campaign and that no cart's testcase carries: a failure (an error or a
 * warning, its type the level), or skipped when it could not be checked. Information is no test.
 */
function findingCase(f: Finding, campaign: string): Case | undefined {
  const base: Case = { name: f.title, classname: campaign, ms: 0, ...(f.moment ? { out: `Ran ${f.moment.text} (${f.moment.at}).` } : {}) };
  if (f.notChecked) return { ...base, skipped: f.cause };
  if (isBlocking(f) || f.level === 'warn') return { ...base, failure: { message: f.title, type: f.level, body: findingBody(f) } };
  return undefined;
}

function campaignCases(results: RunResults, campaign: string): Case[] {
  const cases = results.cases.filter((x) => x.campaign === campaign).map((x) => caseOf(results, x));
  const shown = new Set(cases.map((c) => c.shown?.id));
  const rest = results.findings.filter((f) => namesCampaign(f, campaign) && !shown.has(f.id)).map((f) => findingCase(f, campaign));
  return [...cases, ...rest.filter((c): c is Case => !!c)];
}

function auditCase(a: AuditResult): Case {
  const base: Case = { name: a.title, classname: `readiness audits.${a.id}`, ms: a.durationMs };
  if (a.severity === 'off') return { ...base, skipped: 'Turned off in the site file.' };
  if (a.outcome === 'not-checked') return { ...base, skipped: a.findings.find((f) => f.notChecked)?.cause ?? a.summary };
  if (a.outcome === 'fail') {
    const body = a.findings.length ? a.findings.map(findingBody).join('\n\n') : a.summary;
    return { ...base, failure: { message: a.findings[0]?.title ?? a.summary, type: a.severity, body } };
  }
  return base;
}

function suite(name: string, cases: Case[], timestamp: string, properties: Record<string, string>): string {
  const counts = count(cases);
  const props = Object.entries(properties);
  const lines = [
    `  <testsuite name="${escapeXmlAttr(name)}" tests="${counts.tests}" failures="${counts.failures}" errors="0" skipped="${counts.skipped}" time="${seconds(counts.ms)}" timestamp="${escapeXmlAttr(timestamp)}">`,
  ];
  if (props.length) {
    lines.push('    <properties>');
    for (const [k, v] of props) lines.push(`      <property name="${escapeXmlAttr(k)}" value="${escapeXmlAttr(v)}"/>`);
    lines.push('    </properties>');
  }
  for (const c of cases) {
    const open = `    <testcase name="${escapeXmlAttr(c.name)}" classname="${escapeXmlAttr(c.classname)}" time="${seconds(c.ms)}"`;
    const children: string[] = [];
    if (c.failure) children.push(`      <failure message="${escapeXmlAttr(c.failure.message)}" type="${escapeXmlAttr(c.failure.type)}">${escapeXml(c.failure.body)}</failure>`);
    else if (c.skipped !== undefined) children.push(`      <skipped message="${escapeXmlAttr(c.skipped)}"/>`);
    if (c.out) children.push(`      <system-out>${escapeXml(c.out)}</system-out>`);
    lines.push(...(children.length ? [`${open}>`, ...children, '    </testcase>'] : [`${open}/>`]));
  }
  lines.push('  </testsuite>');
  return lines.join('\n');
}

function count(cases: Case[]) {
  return {
    tests: cases.length,
    failures: cases.filter((c) => c.failure).length,
    skipped: cases.filter((c) => !c.failure && c.skipped !== undefined).length,
    ms: cases.reduce((n, c) => n + (Number.isFinite(c.ms) ? c.ms : 0), 0),
  };
}

export function renderJunit(results: RunResults): string {
  const campaigns = results.campaigns.map((c) => ({ c, cases: campaignCases(results, c.name) }));
  const audits = results.audits.map(auditCase);
  const suites = campaigns.map(({ c, cases }) =>
    suite(
      c.unplanned ? `${c.name} (unplanned)` : c.name,
      cases,
      results.startedAt,
      { standing: STANDING_WORDS[campaignStanding(results, c.name)].label.toLowerCase(), code: c.code, ...(c.window ? { window: c.window.join(' – ') } : {}), ...(c.unplanned ? { unplanned: 'not in the site file: carts and expectations from its own rules and actions' } : {}) },
    ),
  );
  suites.push(suite('readiness audits', audits, results.startedAt, {}));
  const total = count([...campaigns.flatMap((x) => x.cases), ...audits]);
  const ms = new Date(results.finishedAt).getTime() - new Date(results.startedAt).getTime();
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXmlAttr(`holiday-ready: ${results.siteName} (${results.site})`)}" tests="${total.tests}" failures="${total.failures}" errors="0" skipped="${total.skipped}" time="${seconds(ms)}" timestamp="${escapeXmlAttr(results.startedAt)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

/**
 * junit.xml for CI test views: one testsuite per campaign (a testcase per cart tried, per source;
 * an unplanned promotion's suite is named so), plus a "readiness audits" testsuite. Failures carry expected / actual / cause / what to do.
 */
import type { AuditResult, CaseResult, Finding, RunResults } from '../src/findings/types.ts';
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
    return { ...base, skipped: findings.find((f) => f.notChecked)?.cause ?? c.error ?? c.summary };
  }
  if (c.outcome === 'fail') {
    const f = findings.find((x) => !x.notChecked);
    return {
      ...base,
      failure: f
        ? { message: f.title, type: f.level, body: findingBody(f) }
        : { message: c.summary, type: 'error', body: `Actual: ${c.summary}${c.error ? `\nError: ${c.error}` : ''}` },
    };
  }
  return base;
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

function suite(name: string, cases: Case[], timestamp: string, properties: Record<string, string>): { xml: string; counts: Counts } {
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
  return { xml: lines.join('\n'), counts };
}

interface Counts {
  tests: number;
  failures: number;
  skipped: number;
  ms: number;
}

function count(cases: Case[]): Counts {
  return {
    tests: cases.length,
    failures: cases.filter((c) => c.failure).length,
    skipped: cases.filter((c) => !c.failure && c.skipped !== undefined).length,
    ms: cases.reduce((n, c) => n + (Number.isFinite(c.ms) ? c.ms : 0), 0),
  };
}

/** junit.xml: one testsuite per campaign, one testcase per case, plus "readiness audits". */
export function renderJunit(results: RunResults): string {
  const suites = results.campaigns.map((c) =>
    suite(
      c.unplanned ? `${c.name} (unplanned)` : c.name,
      results.cases.filter((x) => x.campaign === c.name).map((x) => caseOf(results, x)),
      results.startedAt,
      { code: c.code, ...(c.window ? { window: c.window.join(' – ') } : {}), ...(c.unplanned ? { unplanned: 'not in the site file: carts and expectations from its own rules and actions' } : {}) },
    ),
  );
  suites.push(suite('readiness audits', results.audits.map(auditCase), results.startedAt, {}));
  const total = suites.reduce(
    (n, s) => ({ tests: n.tests + s.counts.tests, failures: n.failures + s.counts.failures, skipped: n.skipped + s.counts.skipped }),
    { tests: 0, failures: 0, skipped: 0 },
  );
  const ms = new Date(results.finishedAt).getTime() - new Date(results.startedAt).getTime();
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXmlAttr(`holiday-ready: ${results.siteName} (${results.site})`)}" tests="${total.tests}" failures="${total.failures}" errors="0" skipped="${total.skipped}" time="${seconds(ms)}" timestamp="${escapeXmlAttr(results.startedAt)}">`,
    ...suites.map((s) => s.xml),
    '</testsuites>',
    '',
  ].join('\n');
}

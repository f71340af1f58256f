/**
 * Runs the readiness audits of one site: resolves each audit's severity from the site (preset plus
 * rules, eslint-style), runs them all (collect, then decide: an audit that throws or runs out of
 * time becomes a "could not run" finding and never stops the others), and turns what they found
 * into Findings and AuditResults for results.json.
 */
import pLimit, { type LimitFunction } from 'p-limit';
import type { Browser } from 'playwright';
import type { Site } from '../config/types.ts';
import type { AuditResult, CodeFreeze, Finding, Severity } from '../findings/types.ts';
import { StoreUnreachableError, type RequestLogEntry } from '../solidus/client.ts';
import { siteClients } from '../solidus/site-clients.ts';
import { readInventories, type InventoryReads } from '../pipeline/inventory.ts';
import type { Audit, AuditContext, AuditFinding, AuditOutput } from './types.ts';
import { AuditOptionError } from './options.ts';
import { GuardError } from '../safety/guard.ts';
import { redactor, secretsOf } from '../safety/redact.ts';
import { CHROMIUM_LAUNCH } from '../browser/chromium.ts';

const DEFAULT_TIMEOUT_MS = 60_000;

export interface RunAuditsOptions {
  site: Site;
  /** Where the API keys named by the site file are read. */
  env: NodeJS.ProcessEnv;
  /** The moment the run is about (findings such as "the code freeze is in effect" depend on it). */
  now: Date;
  /** The run's limiter for store requests; default one of the site's dry_run.concurrency. */
  limit?: LimitFunction;
  /** Only these audit ids (still subject to the site's severities). Unknown ids throw. */
  only?: string[];
  /** fetch for the API clients and plain HTTP reads; tests pass their own. */
  fetch?: typeof globalThis.fetch;
  /** The audits to run, in report order: the registry (audits/index.ts, handed over by the pipeline), or a test's own. */
  audits: readonly Audit[];
  /** Launches the browser for the speed audit; default Debian's Chromium via Playwright. */
  launchBrowser?: () => Promise<Browser>;
  /** Receives every API request attempt (masked), for requests.json. */
  onLog?: (entry: RequestLogEntry) => void;
  /** A line per finished audit, for the terminal. */
  progress?: (line: string) => void;
  /** The inventory stage's reads (AuditContext.inventory). */
  inventory?: InventoryReads;
}

export interface RunAuditsResult {
  /** One result per audit that ran, in report order. */
  audits: AuditResult[];
  /** Every audit finding, in audit order. */
  findings: Finding[];
  /** Audits that did not run: off in the site file, or not applicable to it. */
  skipped: { id: string; title: string; reason: string }[];
  /** The code-freeze audit's window, for results.json's `holiday.codeFreeze`. */
  codeFreeze?: CodeFreeze;
}

/** The severity and options the site gives an audit: the preset, then the site's own rule. */
export function resolveRule(site: Pick<Site, 'audits'> & Partial<Pick<Site, 'auditPreset'>>, audit: Pick<Audit, 'id' | 'recommended'>): { severity: Severity; options: Record<string, unknown> } {
  const preset: Severity = site.auditPreset === 'none' ? 'off' : site.auditPreset === 'all' ? 'error' : audit.recommended;
  const rule = site.audits[audit.id];
  if (rule === undefined) return { severity: preset, options: {} };
  if (Array.isArray(rule)) return { severity: rule[0], options: rule[1] ?? {} };
  return { severity: rule, options: {} };
}

export async function runAudits(opts: RunAuditsOptions): Promise<RunAuditsResult> {
  const { site, env, now, audits: registry } = opts;
  if (opts.only) {
    const unknown = opts.only.filter((id) => !registry.some((a) => a.id === id));
    if (unknown.length) throw new Error(`unknown audit ${unknown.join(', ')}; known audits: ${registry.map((a) => a.id).join(', ')}`);
  }
  const fetchImpl = opts.fetch ?? globalThis.fetch;
  const secrets = secretsOf(site, env);
  const mask = redactor(secrets);
  // The safety guard, as for the dry-run: staging takes only the writes a dry-run needs (cart,
  // checkout up to payment, emptying); production is read-only, GET and nothing else.
  const { staging, stagingGuest, production } = siteClients(site, env, { secrets, fetch: fetchImpl, onLog: opts.onLog });
  const limit = opts.limit ?? pLimit(site.dryRun.concurrency);

  let browserPromise: Promise<Browser> | undefined;
  const browser = () => {
    browserPromise ??= (opts.launchBrowser ?? (async () => (await import('playwright')).chromium.launch(CHROMIUM_LAUNCH)))();
    return browserPromise;
  };

  const skipped: RunAuditsResult['skipped'] = [];
  const planned: { audit: Audit; severity: Exclude<Severity, 'off'>; options: Record<string, unknown> }[] = [];
  for (const audit of registry) {
    if (opts.only && !opts.only.includes(audit.id)) continue;
    const { severity, options } = resolveRule(site, audit);
    if (severity !== 'off' && applies(audit, site)) planned.push({ audit, severity, options });
    else skipped.push({ id: audit.id, title: audit.title, reason: severity === 'off' ? 'off in the site file' : audit.notApplicable ?? 'does not apply to this site' });
  }

  // Audits run on their own (tests, --only) read the stores' inventories here; a pipeline run hands its stage's reads.
  const inventory = opts.inventory ?? (planned.some((p) => p.audit.needsInventory)
    ? await readInventories({ site, env, secrets, fetch: fetchImpl, onLog: opts.onLog, limitOf: () => limit })
    : undefined);
  let freeze: CodeFreeze | undefined;
  const runOne = async (p: (typeof planned)[number]): Promise<AuditResult> => {
    const { audit, severity } = p;
    const started = performance.now();
    const controller = new AbortController();
    const timeoutMs = audit.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const ctx: AuditContext = {
      site, now, severity, options: p.options, staging, stagingGuest, production, limit, browser, fetch: fetchImpl, signal: controller.signal, inventory,
    };
    let timer: NodeJS.Timeout | undefined;
    let output: AuditOutput;
    try {
      output = await Promise.race([
        Promise.resolve().then(() => audit.run(ctx)),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            controller.abort();
            reject(new AuditTimeout(timeoutMs));
          }, timeoutMs);
        }),
      ]);
      if (!output || !Array.isArray(output.findings)) throw new Error(`the audit returned ${JSON.stringify(output)} instead of { summary, findings }`);
      freeze ??= output.codeFreeze;
    } catch (err) {
      output = couldNotRun(audit, site, err, mask);
    } finally {
      clearTimeout(timer);
    }
    const result = resultOf(audit, severity, output, Math.round(performance.now() - started));
    opts.progress?.(`${result.outcome === 'pass' ? 'pass' : result.outcome === 'fail' ? (severity === 'error' ? 'FAIL' : 'warn') : 'n/a '}  audit ${audit.id}: ${result.summary}`);
    return result;
  };
  const resultOf = (audit: Audit, severity: Exclude<Severity, 'off'>, output: AuditOutput, durationMs: number): AuditResult => {
    const findings = output.findings.map((f) => toFinding(audit, severity, f, mask));
    const problems = findings.filter((f) => f.level !== 'info' && !f.notChecked);
    const outcome = problems.length ? 'fail' : findings.some((f) => f.notChecked) ? 'not-checked' : 'pass';
    return {
      id: audit.id,
      title: outcome === 'fail' ? audit.failureTitle : audit.title,
      severity,
      outcome,
      summary: mask(output.summary),
      findings,
      durationMs,
    };
  };

  // runOne turns every failure into a result; a rejection here would be a bug in runOne itself.
  const settle = (p: (typeof planned)[number]) =>
    runOne(p).catch((err: unknown) => resultOf(p.audit, p.severity, couldNotRun(p.audit, site, err, mask), 0));
  const results = new Map<Audit, AuditResult>();
  try {
    // Audits that share the store run together under the run's limiter; the ones that time
    // things (speed) run afterwards, alone, so the others' requests do not skew them.
    await Promise.all(planned.filter((p) => !p.audit.runsAlone).map(async (p) => results.set(p.audit, await settle(p))));
    for (const p of planned.filter((x) => x.audit.runsAlone)) results.set(p.audit, await settle(p));
  } finally {
    if (browserPromise) await browserPromise.then((b) => b.close()).catch(() => undefined);
  }

  const audits = planned.map((p) => results.get(p.audit)!);
  return { audits, findings: audits.flatMap((a) => a.findings), skipped, ...(freeze ? { codeFreeze: freeze } : {}) };
}

/** Whether an audit applies to the site; one whose check throws runs, so that run() fails visibly instead. */
function applies(audit: Audit, site: Site): boolean {
  try {
    return audit.shouldRun(site);
  } catch {
    return true;
  }
}

class AuditTimeout extends Error {
  readonly code = 'audit-timeout';
  constructor(readonly ms: number) {
    super(`the audit did not finish within ${Math.round(ms / 1000)} seconds`);
    this.name = 'AuditTimeout';
  }
}

function toFinding(audit: Audit, severity: Exclude<Severity, 'off'>, f: AuditFinding, mask: (s: string) => string): Finding {
  const out: Finding = {
    id: `audit:${audit.id}:${mask(f.key)}`,
    source: 'audit',
    level: f.kind === 'info' ? 'info' : severity,
    title: mask(f.title),
    audit: audit.id,
    expected: mask(f.expected),
    actual: mask(f.actual),
    cause: mask(f.cause),
    action: mask(f.action),
  };
  if (f.campaign !== undefined) out.campaign = f.campaign;
  if (f.campaigns?.length) out.campaigns = [...f.campaigns];
  if (f.code !== undefined) out.code = mask(f.code);
  if (f.cart !== undefined) out.cart = f.cart;
  if (f.notChecked) out.notChecked = true;
  if (f.impact) out.impact = f.impact;
  if (f.evidence) out.evidence = JSON.parse(mask(JSON.stringify(f.evidence))) as Finding['evidence'];
  return out;
}

/** A failed audit, as a finding a client rep can read and an engineer can act on. */
function couldNotRun(audit: Audit, site: Site, err: unknown, mask: (s: string) => string): AuditOutput {
  const full = mask(err instanceof Error ? err.message : String(err));
  // Browser errors carry a call log after the first line: keep it for engineers, not in the title.
  const message = full.split('\n')[0];
  const action =
    err instanceof AuditOptionError || /^audits\.rules\./.test(message) ? `Fix the option in ${site.file} under audits.rules.${audit.id}, then run again.`
    : err instanceof StoreUnreachableError ? `Check that ${err.url} is up and reachable from this machine, then run again.`
    : err instanceof AuditTimeout ? 'The store may be very slow or not answering: check it, then run again.'
    : err instanceof GuardError ? `The safety guard stopped a request the audit should not make (${err.rule}); it was not sent. Report it: this is a bug in the audit.`
    : 'Run the audit again; if it fails the same way, report it with this message (it may be a bug in holiday-ready or an unexpected answer from the store).';
  return {
    summary: `Could not run: ${message}`,
    findings: [{
      key: 'could-not-run',
      notChecked: true,
      title: `${audit.title}: could not run`,
      expected: `the ${audit.id} audit runs to the end`,
      actual: `it stopped: ${message}`,
      cause: message,
      action,
      ...(full !== message ? { evidence: { detail: full } } : {}),
    }],
  };
}

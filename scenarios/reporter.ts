/**
 * The browser dry-run's reporter: one masked line per case on stdout, and per site a masked
 * `browser/playwright.json` in its run folder (status, duration, errors, where the trace is).
 * Every case is traced (playwright.config.ts); the reporter keeps the trace of a case whose
 * campaign failed, that could not be checked or that failed otherwise, and deletes the others.
 * Playwright's own reporters are not used: their step titles and error call logs quote what was
 * typed, secret codes included.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestError, TestResult } from '@playwright/test/reporter';
import type { Site } from '../src/config/types.ts';
import { redactor, secretsOf, type Redact } from '../src/safety/redact.ts';
import { BROWSER_DIR, REPORT_FILE, relativeToRun } from '../src/browser/paths.ts';
import { plural } from '../src/text/words.ts';

/** One test as browser/playwright.json keeps it. */
export interface ReportedTest {
  /** browser:<campaign> / <cart>, the id of its case. */
  caseId: string;
  title: string;
  status: TestResult['status'];
  durationMs: number;
  repeatEachIndex: number;
  errors: string[];
  /** How the campaign fails the plan, one line per difference (the test itself passes). */
  campaignFails?: string[];
  /** Playwright's worker: a new index is a new worker process (after a failed test). */
  workerIndex: number;
  /** The scenario's own steps (test.step) and Playwright's fixture setup, with how long each took. */
  steps: { title: string; durationMs: number }[];
  /** Relative to the run folder; it lies outside it (../.engineer/…). */
  trace?: string;
}

export interface ReportFile {
  site: string;
  status: FullResult['status'] | 'running';
  startedAt: string;
  durationMs: number;
  workers: number;
  tests: ReportedTest[];
}

/** The annotation a case gets for each way its campaign fails (scenarios/campaigns.spec.ts). */
export const CAMPAIGN_FAILS = 'campaign fails';

// eslint-disable-next-line no-control-regex -- ANSI colour codes start with ESC
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;
const identity: Redact = (s) => s;

export default class CaseReporter implements Reporter {
  private readonly projects = new Map<string, { runDir: string; mask: Redact; tests: ReportedTest[] }>();
  private started = new Date();
  private workers = 1;
  private mask: Redact = identity;

  printsToStdio(): boolean {
    return true;
  }

  onBegin(config: FullConfig, suite: Suite): void {
    this.started = new Date();
    this.workers = config.workers;
    const sites: Site[] = [];
    for (const p of config.projects) {
      const use = p.use as { site?: Site; runDir?: string };
      if (!use.site || !use.runDir) continue;
      sites.push(use.site);
      this.projects.set(p.name, { runDir: use.runDir, mask: redactor(secretsOf(use.site, process.env)), tests: [] });
    }
    this.mask = redactor(sites.flatMap((site) => secretsOf(site, process.env)));
    const n = suite.allTests().length;
    process.stdout.write(`Browser dry-run: ${plural(n, 'case')} on ${plural(this.projects.size, 'site')}, ${plural(config.workers, 'worker')}\n`);
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const name = test.parent.project()?.name ?? '';
    const project = this.projects.get(name);
    const mask = project?.mask ?? this.mask;
    const fails = result.annotations.filter((a) => a.type === CAMPAIGN_FAILS).map((a) => mask(a.description ?? ''));
    let trace = result.attachments.find((a) => a.name === 'trace' && a.path)?.path;
    if (trace && result.status === 'passed' && !fails.length) {
      fs.rmSync(trace, { force: true });
      // and the test's output folder, when the trace was all it held
      try {
        fs.rmdirSync(path.dirname(trace));
      } catch {
        // not empty, or already gone
      }
      trace = undefined;
    }
    const record: ReportedTest = {
      caseId: `browser:${test.title}`,
      title: mask(test.title),
      status: result.status,
      durationMs: result.duration,
      repeatEachIndex: test.repeatEachIndex,
      errors: result.errors.map((e) => this.describe(e, mask)),
      ...(fails.length ? { campaignFails: fails } : {}),
      workerIndex: result.workerIndex,
      steps: result.steps
        .filter((st) => st.category === 'test.step' || st.category === 'hook' || st.category === 'fixture')
        .map((st) => ({ title: mask(st.title), durationMs: st.duration })),
      ...(trace && project ? { trace: relativeToRun(project.runDir, trace) } : {}),
    };
    project?.tests.push(record);
    const mark = fails.length && result.status === 'passed' ? 'FAIL' : { passed: 'ok  ', failed: 'FAIL', timedOut: 'TIME', skipped: 'skip', interrupted: 'INT ' }[result.status];
    process.stdout.write(`  ${mark} ${name} › ${record.title} (${(result.duration / 1000).toFixed(1)} s)\n`);
    for (const e of [...fails, ...record.errors]) process.stdout.write(e.replace(/^/gm, '        ') + '\n');
  }

  onStdOut(chunk: string | Buffer): void {
    process.stdout.write(this.mask(chunk.toString()));
  }

  onStdErr(chunk: string | Buffer): void {
    process.stderr.write(this.mask(chunk.toString()));
  }

  onError(error: TestError): void {
    process.stderr.write(`browser dry-run: ${this.describe(error, this.mask)}\n`);
  }

  onEnd(result: FullResult): void {
    for (const [site, p] of this.projects) {
      if (!p.tests.length) continue;
      const file: ReportFile = {
        site,
        status: result.status,
        startedAt: this.started.toISOString(),
        durationMs: Math.round(result.duration),
        workers: this.workers,
        tests: p.tests,
      };
      const dir = path.join(p.runDir, BROWSER_DIR);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, REPORT_FILE), JSON.stringify(file, null, 2) + '\n');
    }
  }

  /** First lines of an error, without colours or Playwright's call log (it quotes typed text). */
  private describe(e: TestError, mask: Redact): string {
    const text = (e.message ?? e.value ?? '').replace(ANSI, '');
    const cut = text.split('\n');
    const log = cut.findIndex((l) => /^\s*Call log:/.test(l));
    return mask((log >= 0 ? cut.slice(0, log) : cut).slice(0, 12).join('\n').trim());
  }
}

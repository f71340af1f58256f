/**
 * Readiness audits: one small record per file in audits/, run by src/audits/run.ts.
 *
 * An audit reads the site and the stores and returns what it found; it never decides the exit code
 * and never throws on purpose (a throw becomes a "could not run" finding, and the other audits go on).
 * Severity is the site's choice (eslint-style, `audits.rules` in the site file), not the audit's.
 */
import type { LimitFunction } from 'p-limit';
import type { Browser } from 'playwright';
import type { Site } from '../config/types.ts';
import type { CodeFreeze, Finding, Severity } from '../findings/types.ts';
import type { SolidusClient } from '../solidus/client.ts';
import type { InventoryReads } from '../pipeline/inventory.ts';

/**
 * One thing an audit found. runAudits turns it into a Finding: it adds the id
 * (`audit:<audit id>:<key>`), the source, the audit id and the level (the site's severity for the
 * audit, or `info`).
 */
export type AuditFinding = Pick<Finding, 'title' | 'expected' | 'actual' | 'cause' | 'action' | 'campaign' | 'campaigns' | 'code' | 'cart' | 'notChecked' | 'impact' | 'evidence'> & {
  /**
   * Identity of the finding within the audit, stable across runs so the report can tell new from
   * fixed, e.g. `OUTERWEAR20:ends-early` or `JKT-003:sold-out`. Never holds a secret code.
   */
  key: string;
  /**
   * `problem` (the default) is reported at the severity the site chose for the audit and makes the
   * audit fail; `info` is context (when the code freeze starts, a campaign already over) and never does.
   */
  kind?: 'problem' | 'info';
};

/** What an audit returns: one line for the report's Readiness table, and its findings. */
export interface AuditOutput {
  /** One sentence for the Summary column, e.g. "3 codes checked against production: all on schedule." */
  summary: string;
  findings: AuditFinding[];
  /** The code-freeze audit's window, for results.json (`holiday.codeFreeze`): the report shows it as is. */
  codeFreeze?: CodeFreeze;
}

/** Everything an audit may use. Audits never read the clock, the environment or process.* themselves. */
export interface AuditContext {
  site: Site;
  /** The moment the run is about; injected so tests never depend on today's date. */
  now: Date;
  /** The severity the site chose for this audit (never `off`: off audits do not run). */
  severity: Exclude<Severity, 'off'>;
  /** The audit's options from the site file (`audits.rules.<id>: [level, { ... }]`), or {}. */
  options: Record<string, unknown>;
  /** Staging with the admin API key: reads and dry-run writes. */
  staging: SolidusClient;
  /** Staging without a key: what a guest customer can do. */
  stagingGuest: SolidusClient;
  /** Production with its admin API key, read-only: any request other than GET throws before it leaves. */
  production?: SolidusClient;
  /** The run's one limiter for store requests. Wrap single requests in it; never call it from inside itself. */
  limit: LimitFunction;
  /** Chromium (Debian's), launched on first use and closed by runAudits. */
  browser: () => Promise<Browser>;
  /** fetch for plain HTTP reads (robots.txt, headers); tests pass their own. */
  fetch: typeof globalThis.fetch;
  /** Aborted when the audit runs past its time limit. */
  signal: AbortSignal;
  /**
   * The stores' promotion inventories, read once by the pipeline's inventory stage
   * (src/pipeline/inventory.ts); absent when the run did not read them. A read may say the store has
   * no extension, or why it could not be read: audits fall back to Solidus's own API then.
   */
  inventory?: InventoryReads;
}

/** A readiness audit: `audits/<id>.ts` default-exports one; the id is the file name. */
export interface Audit {
  id: string;
  /** What the audit checks, as a passing title: "Promotions are scheduled as planned". */
  title: string;
  /** The same, when it fails: "Promotions are not scheduled as planned". */
  failureTitle: string;
  /** Severity under the `recommended` preset. */
  recommended: Severity;
  /** Whether the audit applies to the site at all (e.g. the certificate audit needs an https store). */
  shouldRun(site: Site): boolean;
  /** Why it does not apply, for the list of skipped audits. */
  notApplicable?: string;
  /** Reads the stores' promotion inventories (AuditContext.inventory): runAudits reads them when the pipeline did not. */
  needsInventory?: boolean;
  /** Runs after the others, alone, so its timings are not skewed by the run's own traffic. */
  runsAlone?: boolean;
  /** Longest the audit may take before it counts as "could not run". Default 60 s. */
  timeoutMs?: number;
  run(ctx: AuditContext): Promise<AuditOutput>;
}

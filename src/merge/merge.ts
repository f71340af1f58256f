/**
 * Merging the results.json of a site's shards into one RunResults, as if one machine had run them.
 * Only reads results (GUIDE item 5): no store, no site file.
 *
 * Deterministic: the output depends on the set of parts, never on their order. Cases, findings,
 * audits and campaigns are sorted by their stable ids (code-point order, not the locale's); the run
 * spans the earliest startedAt to the latest finishedAt; housekeeping counts are summed; each
 * campaign's outcome is recomputed from its merged cases (campaignOutcome) and the verdict from the
 * merged findings with verdictOf, exactly as a single run decides them.
 *
 * Duplicates (the same case, finding or audit id in more than one part: overlapping shards, a shard
 * uploaded twice) keep one copy. When the copies differ (durations aside), the worst one is kept —
 * a failing cart over a passing one, a blocking finding over a warning — so that a conflict never
 * hides a problem; ties are broken by content, and a case's finding is taken from the same part as
 * the case kept. Differing copies are reported in a `harness:merge-conflict` finding: a warning when
 * the outcomes differ (the store answered differently for the same cart), info otherwise.
 */
import { ResultsFileError, assertRunResults } from '../findings/results-file.ts';
import { campaignOutcome, isBlocking, verdictOf, type AuditResult, type CampaignSummary, type CaseResult, type Finding, type Housekeeping, type Outcome, type RunResults } from '../findings/types.ts';

/** Why parts cannot be merged; `code` is stable for tests and the CLI. */
export class MergeError extends Error {
  constructor(
    readonly code: 'no-parts' | 'schema-version' | 'different-sites' | 'not-results',
    message: string,
  ) {
    super(message);
    this.name = 'MergeError';
  }
}

export interface MergeOptions {
  /**
   * How many parts were expected (the number of shards). When fewer arrive, a warning finding
   * `harness:missing-shards` says so: the merged run did not try every cart.
   */
  expectedParts?: number;
}

/** JSON with object keys sorted: the content of a value, independent of key order. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => compare(a, b)))
      : v,
  );
}

/** Code-point order: the same on every machine, whatever its locale. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const OUTCOME_RANK: Record<Outcome, number> = { pass: 0, 'not-checked': 1, fail: 2 };

/** How bad a finding is for the verdict: blocking > warning > not checked > info. */
export function findingRank(f: Finding): number {
  if (isBlocking(f)) return 3;
  if (f.level === 'warn' && !f.notChecked) return 2;
  if (f.notChecked) return 1;
  return 0;
}

/** The content of a copy without what legitimately differs between two runs of the same thing. */
function content(x: object): string {
  const { durationMs: _ignored, ...rest } = x as { durationMs?: number };
  return canonical(rest);
}

const durationOf = (x: object) => (x as { durationMs?: number }).durationMs ?? 0;

interface Copy<T> {
  value: T;
  part: number;
}

/** The copy to keep: highest rank, then the greatest content (any fixed order would do). */
function pick<T extends object>(copies: Copy<T>[], rank: (t: T) => number): Copy<T> {
  return copies.reduce((best, c) => {
    const d = rank(c.value) - rank(best.value);
    if (d !== 0) return d > 0 ? c : best;
    const cc = content(c.value);
    const bc = content(best.value);
    if (cc !== bc) return cc > bc ? c : best;
    // Same content: the shorter duration, then the earlier part (parts are already in a fixed order).
    const cd = durationOf(c.value);
    const bd = durationOf(best.value);
    return cd < bd || (cd === bd && c.part < best.part) ? c : best;
  });
}

/** Every part's records of one kind (cases, findings, ...), each with the part it came from, grouped by key. */
function copiesBy<T>(parts: readonly RunResults[], records: (p: RunResults) => T[], key: (t: T) => string): Map<string, Copy<T>[]> {
  const groups = new Map<string, Copy<T>[]>();
  parts.forEach((p, part) => {
    for (const value of records(p)) {
      const k = key(value);
      groups.set(k, [...(groups.get(k) ?? []), { value, part }]);
    }
  });
  return groups;
}

const sortedKeys = <T>(m: Map<string, T>) => [...m.keys()].sort(compare);
const time = (iso: string) => {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : t;
};

/** Merges the results of a site's shards into one run. Throws a MergeError for parts that cannot be merged. */
export function mergeResults(parts: readonly RunResults[], opts: MergeOptions = {}): RunResults {
  if (!parts.length) throw new MergeError('no-parts', 'there are no results to merge: no shard produced a results.json');
  parts.forEach((p, i) => {
    try {
      assertRunResults(p, `part ${i + 1}`, 'this merge');
    } catch (e) {
      throw e instanceof ResultsFileError && e.code !== 'not-json' ? new MergeError(e.code, e.message) : e;
    }
  });
  const sites = [...new Set(parts.map((p) => p.site))].sort(compare);
  if (sites.length > 1) throw new MergeError('different-sites', `the parts are from different sites (${sites.join(', ')}): merge the shards of one site at a time`);

  // A fixed order of the parts, independent of the order they were given in.
  const ordered = parts
    .map((p) => ({ p, key: canonical(p) }))
    .sort((a, b) => time(a.p.startedAt) - time(b.p.startedAt) || time(a.p.finishedAt) - time(b.p.finishedAt) || compare(a.key, b.key))
    .map((x) => x.p);
  const base = ordered[0];

  // Cases: one per id, the worst copy.
  const caseGroups = copiesBy(ordered, (p) => p.cases, (c) => c.id);
  const conflicts: { id: string; outcomes: boolean }[] = [];
  const casePart = new Map<string, number>();
  const cases: CaseResult[] = sortedKeys(caseGroups).map((id) => {
    const copies = caseGroups.get(id)!;
    const kept = pick(copies, (c) => OUTCOME_RANK[c.outcome] ?? 0);
    if (new Set(copies.map((c) => content(c.value))).size > 1) {
      conflicts.push({ id, outcomes: new Set(copies.map((c) => c.value.outcome)).size > 1 });
    }
    casePart.set(id, kept.part);
    return kept.value;
  });

  // Findings: a case's finding from the part its case was kept from; otherwise the worst copy.
  const findingGroups = copiesBy(ordered, (p) => p.findings, (f) => f.id);
  const findings: Finding[] = [];
  for (const id of sortedKeys(findingGroups)) {
    const copies = findingGroups.get(id)!;
    if (new Set(copies.map((c) => canonical(c.value))).size > 1 && !conflicts.some((c) => c.id === id)) {
      conflicts.push({ id, outcomes: new Set(copies.map((c) => findingRank(c.value))).size > 1 });
    }
    if (casePart.has(id)) {
      const fromCase = copies.filter((c) => c.part === casePart.get(id));
      // The kept case passed in its part, so it has no finding there: the cart works.
      if (!fromCase.length) continue;
      findings.push(pick(fromCase, findingRank).value);
      continue;
    }
    findings.push(pick(copies, findingRank).value);
  }

  // Audits: one per id, the worst copy.
  const auditGroups = copiesBy(ordered, (p) => p.audits, (a) => a.id);
  const audits: AuditResult[] = sortedKeys(auditGroups).map((id) => pick(auditGroups.get(id)!, (a) => OUTCOME_RANK[a.outcome] ?? 0).value);

  // Campaigns: one per name; the outcome follows from the merged cases, as in a single run.
  const campaignGroups = copiesBy(ordered, (p) => p.campaigns, (c) => c.name);
  const campaigns: CampaignSummary[] = sortedKeys(campaignGroups).map((name) => {
    const copies = campaignGroups.get(name)!;
    const kept = pick(copies.map((c) => ({ ...c, value: { ...c.value, outcome: 'pass' as Outcome } })), () => 0).value;
    const mine = cases.filter((c) => c.campaign === name);
    const outcome: Outcome = mine.length
      ? campaignOutcome(mine)
      : copies.map((c) => c.value.outcome).reduce((a, b) => (OUTCOME_RANK[b] > OUTCOME_RANK[a] ? b : a));
    return { ...kept, outcome };
  });

  if (conflicts.length) findings.push(conflictFinding(conflicts));
  const missing = opts.expectedParts !== undefined ? opts.expectedParts - parts.length : 0;
  if (missing > 0) findings.push(missingFinding(missing, opts.expectedParts!));
  findings.sort((a, b) => compare(a.id, b.id));

  const finishedAt = ordered.reduce((a, p) => (time(p.finishedAt) > time(a.finishedAt) ? p : a)).finishedAt;
  const sum = (key: keyof Housekeeping) => ordered.reduce((n, p) => n + (Number.isFinite(p.housekeeping?.[key]) ? p.housekeeping[key] : 0), 0);
  const housekeeping = { ordersCreated: sum('ordersCreated'), ordersEmptied: sum('ordersEmptied'), leftoversSwept: sum('leftoversSwept') };

  // The site's own facts (schema version, names, target, holiday, people) are the first part's, and so is the start (it started first).
  return { ...base, verdict: verdictOf(findings), finishedAt, campaigns, cases, audits, findings, housekeeping };
}

function conflictFinding(conflicts: { id: string; outcomes: boolean }[]): Finding {
  const differ = conflicts.filter((c) => c.outcomes);
  const ids = conflicts.map((c) => c.id).sort(compare);
  return {
    id: 'harness:merge-conflict',
    source: 'harness',
    level: differ.length ? 'warn' : 'info',
    title: differ.length
      ? `${differ.length} cart${differ.length === 1 ? ' was' : 's were'} tried by more than one shard with different outcomes`
      : `${conflicts.length} result${conflicts.length === 1 ? ' was' : 's were'} reported by more than one shard`,
    expected: 'each cart is tried by exactly one shard',
    actual: `reported more than once: ${ids.join('; ')}`,
    cause: 'The shards overlapped (two jobs ran the same shard, or shards of different splits were merged).',
    action: differ.length
      ? 'The worst result is kept. Run the site again on one machine to see whether the store answers the same each time.'
      : 'Nothing to do for the store; check that each shard of the workflow runs once.',
  };
}

function missingFinding(missing: number, expected: number): Finding {
  return {
    id: 'harness:missing-shards',
    source: 'harness',
    level: 'warn',
    notChecked: true,
    title: `${missing} of ${expected} shards produced no results: some carts were not tried`,
    expected: `results from all ${expected} shards`,
    actual: `results from ${expected - missing}`,
    cause: 'A shard job failed before writing its run folder (store unreachable, bad site file, or the job was cancelled).',
    action: "Open the failed shard job's log in the workflow run, fix the cause, and run the workflow again for this site.",
  };
}

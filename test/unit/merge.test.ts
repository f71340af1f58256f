/**
 * Merging shard results into one run (src/merge): the same findings and case outcomes as one
 * machine, whatever the order the shards arrive in, and conflicting duplicates handled the same
 * way every time. The end-to-end proof against the sandbox store is test/e2e/scale.test.ts.
 *
 * Run: node --import tsx --test test/unit/merge.test.ts
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CaseResult, Finding, RunResults } from '../../src/findings/types.ts';
import { canonical, mergeResults, MergeError } from '../../src/merge/merge.ts';
import { findResults, mergeMain } from '../../src/merge/cli.ts';
import { shardCampaigns } from '../../src/nightly/shard.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURES = path.join(REPO, 'test/fixtures/results');

function load(name: string): RunResults {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')) as RunResults;
}

/**
 * A full run with a bit of everything: a blocked cart, a cart that could not be checked, passing
 * carts of an automatic promotion, an audit with a warning, a harness finding.
 */
function fullRun(): RunResults {
  const r = load('acme-blocked');
  const hostile = load('acme-hostile');
  const notChecked: CaseResult = {
    ...r.cases.find((c) => c.id === 'api:$10 off orders over $100 / $130 basket')!,
    id: 'api:$10 off orders over $100 / $300 basket',
    cart: '$300 basket',
    outcome: 'not-checked',
    summary: 'Not checked: the store answered with an error.',
    error: 'HTTP 500',
  };
  const notCheckedFinding: Finding = {
    id: notChecked.id, source: 'api', level: 'warn', notChecked: true, campaign: notChecked.campaign, cart: notChecked.cart,
    title: 'TAKE10 could not be checked on the $300 basket cart', expected: '$10 off', actual: 'Not checked', cause: 'HTTP 500', action: 'Run again.',
  };
  const harness: Finding = {
    id: 'harness:cleanup', source: 'harness', level: 'warn', title: '1 dry-run orders could not be emptied',
    expected: 'every order emptied', actual: '1 order still holds items', cause: 'The store did not answer.', action: 'Swept next run.',
  };
  return {
    ...r,
    cases: [...r.cases, notChecked],
    campaigns: r.campaigns.map((c) => (c.name === notChecked.campaign ? { ...c, outcome: 'not-checked' } : c)),
    audits: hostile.audits,
    findings: [...r.findings, notCheckedFinding, ...hostile.findings.filter((f) => f.source === 'audit'), harness],
  };
}

/**
 * The run as `total` machines would have produced it: campaigns split by shardCampaigns (the
 * split --shard uses), audits and harness findings on shard 1, housekeeping shared out, each
 * shard starting a little later and finishing a little earlier than the whole run.
 */
function split(full: RunResults, total: number): RunResults[] {
  const campaigns = full.campaigns.map((c) => ({ name: c.name, carts: full.cases.filter((x) => x.campaign === c.name) }));
  const share = (n: number, k: number) => Math.floor(n / total) + (k === 0 ? n % total : 0);
  return Array.from({ length: total }, (_, k) => {
    const mine = new Set(shardCampaigns(campaigns, { index: k + 1, total }).map((c) => c.name));
    return {
      ...full,
      verdict: 'ready' as const,
      startedAt: new Date(Date.parse(full.startedAt) + k * 1000).toISOString(),
      finishedAt: new Date(Date.parse(full.finishedAt) - k * 1000).toISOString(),
      campaigns: full.campaigns.filter((c) => mine.has(c.name)).map((c) => ({ ...c, outcome: 'pass' as const })),
      cases: full.cases.filter((c) => mine.has(c.campaign)),
      audits: k === 0 ? full.audits : [],
      findings: full.findings.filter((f) => (f.campaign ? mine.has(f.campaign) : k === 0)),
      housekeeping: {
        ordersCreated: share(full.housekeeping.ordersCreated, k),
        ordersEmptied: share(full.housekeeping.ordersEmptied, k),
        leftoversSwept: share(full.housekeeping.leftoversSwept, k),
      },
    };
  });
}

function permutations<T>(xs: T[]): T[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]));
}

const outcomes = (r: RunResults) => Object.fromEntries(r.cases.map((c) => [c.id, c.outcome]));
const findingIds = (r: RunResults) => r.findings.map((f) => `${f.id} ${f.level}${f.notChecked ? ' not-checked' : ''}`).sort();

describe('mergeResults', () => {
  test('merges the shards of a site into the same findings and case outcomes as the unsharded run', () => {
    const full = fullRun();
    for (const total of [1, 2, 3, 4]) {
      const parts = split(full, total);
      assert.equal(parts.length, total);
      assert.equal(parts.reduce((n, p) => n + p.cases.length, 0), full.cases.length, `${total} shards cover every case once`);
      const merged = mergeResults(parts);
      assert.deepEqual(findingIds(merged), findingIds(full), `${total} shards: findings`);
      assert.deepEqual(outcomes(merged), outcomes(full), `${total} shards: case outcomes`);
      assert.equal(merged.verdict, 'blocked');
      // Everything else too: merging the shards gives what merging the single run gives.
      assert.deepEqual(merged, mergeResults([full]), `${total} shards: whole results`);
    }
  });

  test('gives byte-identical JSON whatever the order the shards arrive in', () => {
    const parts = split(fullRun(), 4);
    const expected = JSON.stringify(mergeResults(parts), null, 2);
    for (const order of permutations(parts)) assert.equal(JSON.stringify(mergeResults(order), null, 2), expected);
  });

  test('sorts cases, findings, audits and campaigns by their ids in code-point order', () => {
    const merged = mergeResults(split(fullRun(), 3));
    const sorted = (xs: string[]) => [...xs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    assert.deepEqual(merged.cases.map((c) => c.id), sorted(merged.cases.map((c) => c.id)));
    assert.deepEqual(merged.findings.map((f) => f.id), sorted(merged.findings.map((f) => f.id)));
    assert.deepEqual(merged.campaigns.map((c) => c.name), sorted(merged.campaigns.map((c) => c.name)));
    assert.deepEqual(merged.audits.map((a) => a.id), sorted(merged.audits.map((a) => a.id)));
    // '$' sorts before letters whatever the machine's locale.
    assert.equal(merged.campaigns[0].name, '$10 off orders over $100');
  });

  test('spans the earliest start to the latest finish and sums the housekeeping', () => {
    const full = fullRun();
    const parts = split(full, 3);
    parts[2].startedAt = '2026-11-26T19:00:00.000Z';
    parts[1].finishedAt = '2026-11-26T23:00:00.000Z';
    const merged = mergeResults(parts);
    assert.equal(merged.startedAt, '2026-11-26T19:00:00.000Z');
    assert.equal(merged.finishedAt, '2026-11-26T23:00:00.000Z');
    assert.deepEqual(merged.housekeeping, full.housekeeping);
  });

  test('recomputes campaign outcomes from the merged cases and the verdict with verdictOf', () => {
    const merged = mergeResults(split(fullRun(), 2));
    const outcome = Object.fromEntries(merged.campaigns.map((c) => [c.name, c.outcome]));
    assert.deepEqual(outcome, {
      '$10 off orders over $100': 'not-checked',
      'Black Friday 50% off': 'fail',
      'Free Shipping on All Orders over $85': 'pass',
      'Outerwear 20% off': 'pass',
    });
    assert.equal(merged.verdict, 'blocked', 'the parts said ready; the blocking finding decides');

    // As a run decides: a browser case that could not run leaves the API result standing; a failing one fails the campaign.
    const full = fullRun();
    const api = full.cases.find((c) => c.campaign === 'Outerwear 20% off')!;
    const browser = (outcome: 'not-checked' | 'fail') => ({ ...api, id: api.id.replace(/^api:/, 'browser:'), source: 'browser' as const, outcome });
    const withBrowser = (outcome: 'not-checked' | 'fail') =>
      mergeResults([{ ...full, cases: [...full.cases, browser(outcome)] }]).campaigns.find((c) => c.name === 'Outerwear 20% off')!.outcome;
    assert.equal(withBrowser('not-checked'), 'pass');
    assert.equal(withBrowser('fail'), 'fail');

    const fixedParts = split(fullRun(), 2).map((p) => ({ ...p, verdict: 'blocked' as const, findings: [] }));
    assert.equal(mergeResults(fixedParts).verdict, 'ready', 'no findings: ready, whatever the parts said');
  });

  test('keeps the failing copy of a cart two shards disagree on, with its own finding, and says so', () => {
    const full = fullRun();
    const [a, b] = split(full, 2);
    const failing = full.cases.find((c) => c.outcome === 'fail')!;
    const passing: CaseResult = { ...failing, outcome: 'pass', summary: 'At the payment step: $60.00 off items.', durationMs: 10 };
    // Shard b also tried the cart (overlapping shards) and saw it pass.
    const bOverlap = { ...b, cases: [...b.cases.filter((c) => c.id !== failing.id), passing] };
    const aHas = a.cases.some((c) => c.id === failing.id);
    const parts = aHas ? [a, bOverlap] : [{ ...a, cases: [...a.cases, passing] }, b];

    for (const order of [parts, [...parts].reverse()]) {
      const merged = mergeResults(order);
      const kept = merged.cases.find((c) => c.id === failing.id)!;
      assert.equal(kept.outcome, 'fail', 'the worst copy is kept');
      assert.equal(merged.cases.filter((c) => c.id === failing.id).length, 1);
      assert.ok(merged.findings.some((f) => f.id === failing.id && f.level === 'error'), 'with the finding of the shard that saw it fail');
      const conflict = merged.findings.find((f) => f.id === 'harness:merge-conflict')!;
      assert.equal(conflict.level, 'warn');
      assert.match(conflict.actual, /Black Friday 50% off \/ \$120 jacket/);
      assert.equal(merged.verdict, 'blocked');
    }
    assert.equal(JSON.stringify(mergeResults(parts)), JSON.stringify(mergeResults([...parts].reverse())));
  });

  test('breaks ties between two different failing copies by content, not by arrival order', () => {
    const full = fullRun();
    const f = full.findings.find((x) => x.level === 'error')!;
    const c = full.cases.find((x) => x.id === f.id)!;
    const one = { ...full, cases: [c], findings: [f], campaigns: full.campaigns.filter((x) => x.name === c.campaign), audits: [] };
    const other = { ...one, cases: [{ ...c, summary: `${c.summary} (again)` }], findings: [{ ...f, actual: `${f.actual} (again)` }] };
    const x = mergeResults([one, other]);
    const y = mergeResults([other, one]);
    assert.equal(canonical(x), canonical(y));
    // The finding kept comes from the same part as the case kept.
    const fromOther = x.cases[0].summary.endsWith('(again)');
    assert.equal(x.findings.find((g) => g.id === f.id)!.actual.endsWith('(again)'), fromOther);
    assert.equal(x.findings.find((g) => g.id === 'harness:merge-conflict')!.level, 'info', 'same outcome: only information');
  });

  test('drops a duplicate that differs only in its duration without a conflict finding', () => {
    const [a, b] = split(fullRun(), 2);
    const dup = { ...a.cases[0], durationMs: a.cases[0].durationMs + 500 };
    const merged = mergeResults([a, { ...b, cases: [...b.cases, dup] }]);
    assert.equal(merged.cases.filter((c) => c.id === dup.id).length, 1);
    assert.equal(merged.cases.find((c) => c.id === dup.id)!.durationMs, a.cases[0].durationMs, 'the shorter duration, for a fixed choice');
    assert.ok(!merged.findings.some((f) => f.id === 'harness:merge-conflict'));
  });

  test('warns that carts were not tried when fewer shards arrived than expected', () => {
    const parts = split(fullRun(), 4);
    const merged = mergeResults(parts.slice(0, 3), { expectedParts: 4 });
    const missing = merged.findings.find((f) => f.id === 'harness:missing-shards')!;
    assert.equal(missing.level, 'warn');
    assert.equal(missing.notChecked, true);
    assert.match(missing.title, /^1 of 4 shards produced no results/);
    assert.ok(!mergeResults(parts, { expectedParts: 4 }).findings.some((f) => f.id === 'harness:missing-shards'));

    const ready = split(load('acme-ready'), 2);
    assert.equal(mergeResults(ready.slice(0, 1), { expectedParts: 2 }).verdict, 'at-risk', 'a missing shard is never silently ready');
  });

  test('refuses parts of different sites, of another schema version, or none at all', () => {
    const r = load('acme-ready');
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        assert.ok(error instanceof MergeError, String(error));
        return error.code;
      }
      return 'no error';
    };
    assert.equal(code(() => mergeResults([])), 'no-parts');
    assert.equal(code(() => mergeResults([r, { ...r, site: 'beta' }])), 'different-sites');
    assert.equal(code(() => mergeResults([r, { ...r, schemaVersion: 2 as 1 }])), 'schema-version');
    assert.equal(code(() => mergeResults([r, { ...r, cases: undefined as unknown as CaseResult[] }])), 'not-results');
  });
});

describe('tsx src/merge/cli.ts', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hr-merge-'));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  function io() {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s), cwd: tmp } };
  }

  test('writes one run folder from a folder of downloaded shard folders, with their evidence', async () => {
    const shards = path.join(tmp, 'shards', 'acme');
    const parts = split(fullRun(), 3);
    parts.forEach((p, k) => {
      const dir = path.join(shards, `run-acme-shard-${k + 1}`);
      fs.mkdirSync(path.join(dir, 'screenshots'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'results.json'), JSON.stringify(p, null, 2));
      fs.writeFileSync(path.join(dir, 'summary.md'), `shard ${k + 1}`);
      fs.writeFileSync(path.join(dir, 'screenshots', `shard-${k + 1}.png`), `png ${k + 1}`);
    });
    assert.equal(findResults(shards).length, 3);

    const { out, err, io: streams } = io();
    const code = await mergeMain(['shards/acme', '--out', 'report/acme', '--expect-shards', '3'], streams);
    assert.equal(code, 0, err.join(''));
    const dir = path.join(tmp, 'report', 'acme');
    for (const f of ['results.json', 'report.html', 'junit.xml', 'summary.md']) assert.ok(fs.existsSync(path.join(dir, f)), f);
    const written = JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8')) as RunResults;
    assert.deepEqual(written, mergeResults(parts));
    assert.match(fs.readFileSync(path.join(dir, 'summary.md'), 'utf8'), /Blocked/, 'summary.md is rendered from the merged results, not copied');
    for (const k of [1, 2, 3]) assert.equal(fs.readFileSync(path.join(dir, 'screenshots', `shard-${k}.png`), 'utf8'), `png ${k}`);
    assert.equal(out.join(''), 'Merged 3 of 3 shards of acme (Acme Outfitters): BLOCKED — 7 cases, 1 blocking finding → report/acme\n');

    // Merging again into the same folder gives the same file (the output folder is not read as a shard).
    const before = fs.readFileSync(path.join(dir, 'results.json'), 'utf8');
    assert.equal(await mergeMain(['shards/acme', '--out', 'shards/acme/merged'], io().io), 0);
    assert.equal(await mergeMain(['shards/acme', '--out', 'shards/acme/merged'], io().io), 0);
    assert.equal(fs.readFileSync(path.join(shards, 'merged', 'results.json'), 'utf8'), before);
  });

  test('exits 2 with the reason when there is nothing to merge or a shard is not results', async () => {
    fs.mkdirSync(path.join(tmp, 'empty'), { recursive: true });
    const a = io();
    assert.equal(await mergeMain(['empty', '--out', 'x'], a.io), 2);
    assert.match(a.err.join(''), /no results\.json under .*empty: no shard produced a run folder/);

    fs.mkdirSync(path.join(tmp, 'bad', 'shard-1'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'bad', 'shard-1', 'results.json'), '{"schemaVersion": 2}');
    const b = io();
    assert.equal(await mergeMain(['bad', '--out', 'x'], b.io), 2);
    assert.match(b.err.join(''), /schemaVersion 2; this merge reads schemaVersion 1/);
    assert.ok(!fs.existsSync(path.join(tmp, 'x')), 'nothing written');
  });
});

/**
 * The signed clock's cost, on a private sandbox store (test/support/sandbox-instance.ts, so the
 * shared stores' promotion windows are never touched):
 *
 * 1. API dry-run cases per second with and without the clock header, at concurrency 1 and 4
 *    (target: the clock costs at most 5%). Both runs do the same work on a store whose promotions
 *    are live today: without the clock the cases run now; with it every request carries a moment
 *    (`--at`, a minute from now) that the store verifies, so only the header differs.
 * 2. Wall time of the whole acme audit (API dry-run, readiness audits, browser) with the three
 *    moments against `dry_run.moments: [start]` (target: at most 2×, since the threshold search,
 *    code pairs and the browser run at one moment), on acme's real windows.
 *
 * Each figure is a median; the order of the variants alternates (A B B A) so that the machine's
 * drift weighs the same on both.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { Site } from '../src/config/types.ts';
import { runSite } from '../src/pipeline/pipeline.ts';
import { isoInZone } from '../src/text/time.ts';
import { startInstance, writeSiteCopy, type SandboxInstance } from '../test/support/sandbox-instance.ts';
import { runCli } from '../test/support/cli.ts';
import { acmeCases, median, onStore, round, type Measurement } from './stats.ts';

const ROUNDS = Number(process.env.HOLIDAY_READY_BENCH_ROUNDS) || 3;
const AUDIT_ROUNDS = Number(process.env.HOLIDAY_READY_BENCH_AUDIT_ROUNDS) || 1;
const CASES = 24;
const DAY = 86_400_000;
const utc = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');

/** acme's carts as `cases` campaigns without windows (as bench/api.ts), on the private store. */
function benchSite(store: SandboxInstance, cases: number): Site {
  const site = onStore(acmeCases(cases), store.url);
  return { ...site, campaigns: site.campaigns.map((c) => ({ ...c, window: undefined })) };
}

async function casesPerSecond(store: SandboxInstance, site: Site, concurrency: number, clock: boolean): Promise<number> {
  const env = { ACME_STAGING_API_KEY: store.apiKey, ACME_STAGING_CLOCK_SECRET: clock ? store.clockSecret : '' };
  // A minute from now: the store verifies the clock and answers as on then; the promotions are live either way.
  const at = clock ? isoInZone(new Date(Date.now() + 60_000), site.holiday.timezone) : undefined;
  const started = performance.now();
  const results = await runSite({ site, env, concurrency, boundaries: false, pairs: false, unplanned: false, at });
  const wall = performance.now() - started;
  const ran = results.cases.filter((c) => c.outcome !== 'not-checked' && (clock ? c.moment?.label === 'at' : c.moment?.label === 'now')).length;
  if (ran !== CASES) throw new Error(`bench: ${ran} of ${CASES} cases ran ${clock ? 'with' : 'without'} the clock`);
  return CASES / (wall / 1000);
}

async function auditSeconds(store: SandboxInstance, dir: string, moments: string): Promise<number> {
  const file = writeSiteCopy(path.join(dir, `sites-${moments.replace(/\W+/g, '')}`), 'acme', { url: store.url });
  const doc = parseDocument(fs.readFileSync(file, 'utf8'));
  doc.setIn(['dry_run', 'moments'], doc.createNode(moments.split(',')));
  fs.writeFileSync(file, doc.toString());
  const started = performance.now();
  const r = await runCli(['--site', file, '--out', fs.mkdtempSync(path.join(dir, 'run-')), '--no-start'], {
    cwd: dir, env: { ACME_STAGING_API_KEY: store.apiKey, ACME_STAGING_CLOCK_SECRET: store.clockSecret },
  });
  if (r.code !== 1) throw new Error(`bench: the acme audit (moments ${moments}) exited ${r.code}, not 1:\n${r.stderr.slice(-2000)}`);
  return (performance.now() - started) / 1000;
}

export async function benchClock(): Promise<Measurement[]> {
  const store = await startInstance('bench-clock');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hr-bench-clock-'));
  try {
    if (!store.clockSecret) throw new Error('bench: the staging sandbox has no clock secret (sandbox/bin/clock-secret): install the extension first');
    const codes = `SELECT promotion_id FROM spree_promotion_codes`;
    // 1. Every code live today, so both variants do the same work.
    await store.change(`UPDATE spree_promotions SET starts_at = '${utc(new Date(Date.now() - DAY))}', expires_at = '${utc(new Date(Date.now() + 90 * DAY))}' WHERE id IN (${codes})`);
    const site = benchSite(store, CASES);
    await casesPerSecond(store, benchSite(store, 8), 4, true).catch(() => undefined); // warm the store's caches
    const rates: Record<string, number[]> = { 'off 1': [], 'on 1': [], 'off 4': [], 'on 4': [] };
    const costs: Record<number, number[]> = { 1: [], 4: [] };
    for (let round = 0; round < ROUNDS; round++) {
      const walls: Record<string, number> = { 'off 1': 0, 'on 1': 0, 'off 4': 0, 'on 4': 0 };
      for (const [clock, c] of [[false, 1], [true, 1], [true, 4], [false, 4], [false, 4], [true, 4], [true, 1], [false, 1]] as const) {
        walls[`${clock ? 'on' : 'off'} ${c}`] += 1 / (await casesPerSecond(store, site, c, clock));
      }
      for (const k of Object.keys(walls)) rates[k].push(2 / walls[k]);
      for (const c of [1, 4]) costs[c].push(100 * (1 - rates[`on ${c}`][round] / rates[`off ${c}`][round]));
    }
    // 2. acme's real windows (past or future of today): only the clock reaches them.
    await store.change(
      'UPDATE spree_promotions SET starts_at = CASE (SELECT value FROM spree_promotion_codes WHERE promotion_id = spree_promotions.id) ' +
      "WHEN 'outerwear20' THEN '2026-11-20 05:00:00' ELSE '2026-11-27 05:00:00' END, " +
      'expires_at = CASE (SELECT value FROM spree_promotion_codes WHERE promotion_id = spree_promotions.id) ' +
      `WHEN 'blackfriday50' THEN '2026-12-01 04:59:59' ELSE '2026-12-02 04:59:59' END WHERE id IN (${codes})`,
    );
    await store.change("UPDATE spree_promotions SET starts_at = '2025-11-01 00:00:00', expires_at = NULL WHERE apply_automatically = 1");
    const three: number[] = [];
    const one: number[] = [];
    for (let round = 0; round < AUDIT_ROUNDS; round++) {
      const order = round % 2 ? ['start', 'before-start,start,end'] : ['before-start,start,end', 'start'];
      for (const m of order) (m === 'start' ? one : three).push(await auditSeconds(store, dir, m));
    }
    return [
      ...[1, 4].flatMap((c) => [
        { name: `API cases per second without the clock, concurrency ${c}`, value: round(median(rates[`off ${c}`])), unit: 'cases/s' },
        { name: `API cases per second with the clock, concurrency ${c}`, value: round(median(rates[`on ${c}`])), unit: 'cases/s' },
        { name: `Cost of the clock, concurrency ${c} (median of ${ROUNDS} rounds: ${costs[c].map((x) => x.toFixed(1)).join(', ')})`, value: round(median(costs[c])), unit: '%', target: '≤ 5%' },
      ]),
      { name: 'Whole acme audit, one moment (start)', value: round(median(one)), unit: 's' },
      { name: 'Whole acme audit, three moments (before-start, start, end)', value: round(median(three)), unit: 's' },
      { name: 'Whole acme audit, three moments / one moment', value: round(median(three) / median(one)), unit: '×', target: '≤ 2×' },
    ];
  } finally {
    await store.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Scale: 50 generated sites against the sandbox staging store (http://127.0.0.1:3000, shared: guest
 * carts only, every cart emptied), run on one machine and as 4 machines whose shard results are
 * merged with the merge CLI, give the same findings and the same case outcomes.
 *
 * - One machine: one CLI process with all 50 site files (`--site f1,…,f50`, as `--all` does for sites/).
 * - Four machines: each site is split into shards with the split `--shard i/N` uses
 *   (src/nightly/shard.ts: one shard per campaign here, so the ten two-campaign sites are split
 *   in two); the 60 shard units are dealt round-robin to 4 CLI processes running at the same time,
 *   and each site's shards are merged by `tsx src/merge/cli.ts` (called in-process).
 *   Until the CLI has `--shard`, a shard is given to it as a site file holding the shard's
 *   campaigns, which is what `--shard` will select from the whole file.
 *
 * Bounded: one or two one-cart campaigns per site (55 carts), API only, no audits, no boundary
 * search, no code pairs (how pairs are dealt to shards is in test/unit/dryrun-pairs.test.ts). The CLI
 * writes its run folders and index.html under a temporary folder (--reports), never the checkout's reports/.
 *
 * Run: node --import tsx --test test/e2e/scale.test.ts
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunResults } from '../../src/findings/types.ts';
import { mergeResults } from '../../src/merge/merge.ts';
import { mergeMain } from '../../src/merge/cli.ts';
import { shardCampaigns, shardCount } from '../../src/nightly/shard.ts';
import { LIVE_AT, ROOT, sandbox } from '../support/sandbox.ts';

const SITES = 50;
const MACHINES = 4;

interface GenCampaign {
  name: string;
  code: string;
  secret?: boolean;
  carts: { name: string; items: Record<string, number>; expect: Record<string, string> }[];
}

/** One-cart campaigns on the sandbox's Acme promotions: some work, some are blocked, one is planned wrong. */
const CAMPAIGNS = {
  freeShipping: { name: 'Free Shipping on All Orders over $85', code: 'automatic', carts: [{ name: '$120 jacket', items: { 'JKT-001': 1 }, expect: { shipping: 'free' } }] },
  blackFriday: { name: 'Black Friday 50% off', code: 'BLACKFRIDAY50', carts: [{ name: '$120 jacket', items: { 'JKT-001': 1 }, expect: { items: '50% off' } }] },
  wrongPlan: { name: 'Free Shipping on All Orders over $85', code: 'automatic', carts: [{ name: '$60 fleece', items: { 'FLC-002': 1 }, expect: { shipping: 'free' } }] },
  outerwear: { name: 'Outerwear 20% off', code: 'OUTERWEAR20', carts: [{ name: '$120 jacket', items: { 'JKT-001': 1 }, expect: { items: '20% off', shipping: 'free' } }] },
  take10: { name: '$10 off orders over $100', code: 'TAKE10', carts: [{ name: '$130 basket', items: { 'TOP-001': 2, 'ACC-001': 1 }, expect: { order: '$10 off' } }] },
} satisfies Record<string, GenCampaign>;

function campaignsOf(i: number): GenCampaign[] {
  const main: GenCampaign =
    i % 3 === 0 ? { ...CAMPAIGNS.blackFriday, secret: i % 9 === 0 }
    : i % 7 === 0 ? CAMPAIGNS.wrongPlan
    : i % 2 === 0 ? CAMPAIGNS.outerwear
    : CAMPAIGNS.freeShipping;
  return i % 10 === 0 ? [main, CAMPAIGNS.take10] : [main];
}

function siteYaml(id: string, i: number, campaigns: GenCampaign[]): string {
  const q = (s: string) => JSON.stringify(s);
  const flow = (o: Record<string, string | number>) => `{ ${Object.entries(o).map(([k, v]) => `${q(k)}: ${typeof v === 'number' ? v : q(v)}`).join(', ')} }`;
  return [
    `site: ${id}`,
    `name: Scale store ${i}`,
    'currency: USD',
    'staging:',
    '  url: http://127.0.0.1:3000',
    '  api_key_env: ACME_STAGING_API_KEY',
    '  sandbox: true',
    '  clock_secret_env: ACME_STAGING_CLOCK_SECRET',
    'holiday: { name: Thanksgiving, offices_closed: [2026-11-26, 2026-11-29], timezone: America/New_York }',
    // Every case once, on Black Friday at noon, by the store's signed clock (the promotions carry their real windows).
    `dry_run: { moments: [${LIVE_AT.slice(0, 16)}] }`,
    'people:',
    '  engineer: { name: Dana Whitfield }',
    '  client_rep: { name: Sam Ortiz }',
    `  slack_channel: '#${id}'`,
    'campaigns:',
    ...campaigns.flatMap((c) => [
      `  - name: ${q(c.name)}`,
      `    code: ${c.code}`,
      ...(c.secret ? ['    secret: true'] : []),
      '    carts:',
      ...c.carts.map((cart) => `      - { name: ${q(cart.name)}, items: ${flow(cart.items)}, expect: ${flow(cart.expect)} }`),
    ]),
    '',
  ].join('\n');
}

/** Runs the CLI like a user (`npm run audit -- …`), API only, its run folders under `reports`; resolves with the exit code and output. */
function cli(files: string[], reports: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', '--site', files.join(','), '--no-browser', '--no-audits', '--no-boundaries', '--no-pairs', '--no-unplanned', '--no-start', '--json', '--reports', reports], {
      cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
  });
}

/** `--json` with several sites prints one indented results.json after another. */
function parseResults(stdout: string): RunResults[] {
  const out: RunResults[] = [];
  let buf: string[] = [];
  for (const line of stdout.split('\n')) {
    if (!buf.length && !line.trim()) continue;
    buf.push(line);
    if (line === '}') {
      out.push(JSON.parse(buf.join('\n')) as RunResults);
      buf = [];
    }
  }
  assert.equal(buf.join('').trim(), '', 'stdout holds nothing but results');
  return out;
}

/** What must be the same whichever way the site was run: everything but times and bookkeeping. */
function comparable(r: RunResults) {
  return {
    verdict: r.verdict,
    campaigns: r.campaigns,
    cases: r.cases.map(({ durationMs: _d, ...rest }) => rest),
    // A second try (a cart the loaded store answered too slowly the first time) says how the run
    // went, not what the store does: it may happen on either side.
    findings: r.findings.filter((f) => f.id !== 'harness:second-try'),
  };
}

describe('50 sites on one machine and on 4 machines merged', { timeout: 240_000 }, () => {
  const tag = `scale-${randomBytes(3).toString('hex')}`;
  const ids = Array.from({ length: SITES }, (_, k) => `${tag}-${String(k + 1).padStart(2, '0')}`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hr-scale-'));
  let env: NodeJS.ProcessEnv;

  before(() => {
    const { apiKey, envName } = sandbox('staging');
    env = { ...process.env, [envName]: apiKey };
  });
  after(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('give the same findings and case outcomes, site by site', async (t) => {
    // The whole site files, for the one machine.
    const whole = ids.map((id, k) => {
      const file = path.join(tmp, 'sites', `${id}.yml`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, siteYaml(id, k + 1, campaignsOf(k + 1)));
      return file;
    });

    // The shards, dealt to 4 machines: one shard per campaign (at most 4), as --shard splits them.
    const units: { id: string; file: string; shards: number }[] = [];
    ids.forEach((id, k) => {
      const campaigns = campaignsOf(k + 1);
      const shards = shardCount({ campaigns: campaigns as never }, { casesPerShard: 1 });
      for (let index = 1; index <= shards; index++) {
        const file = path.join(tmp, 'shards', id, `shard-${index}`, `${id}.yml`);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, siteYaml(id, k + 1, shardCampaigns(campaigns, { index, total: shards })));
        units.push({ id, file, shards });
      }
    });
    const machines = Array.from({ length: MACHINES }, (_, m) => units.filter((_, u) => u % MACHINES === m).map((u) => u.file));
    assert.equal(units.length, SITES + SITES / 10, 'the ten two-campaign sites are split in two');

    const started = Date.now();
    const [single, ...sharded] = await Promise.all([cli(whole, path.join(tmp, 'reports', 'one'), env), ...machines.map((files, m) => cli(files, path.join(tmp, 'reports', `machine-${m + 1}`), env))]);
    const wall = Date.now() - started;
    t.diagnostic(`one machine: ${(single.ms / 1000).toFixed(1)} s; 4 machines: ${sharded.map((s) => (s.ms / 1000).toFixed(1)).join(', ')} s; wall ${(wall / 1000).toFixed(1)} s`);
    for (const run of [single, ...sharded]) {
      assert.ok(run.code === 0 || run.code === 1, `exit ${run.code} (0 ready/at risk, 1 blocked):\n${run.stderr.slice(-3000)}`);
    }

    const one = new Map(parseResults(single.stdout).map((r) => [r.site, r]));
    assert.deepEqual([...one.keys()].sort(), ids);
    assert.deepEqual(fs.readdirSync(path.join(tmp, 'reports', 'one')).sort(), [...ids, 'index.html'].sort(), 'a run folder per site and the index, under --reports');
    const parts = sharded.flatMap((s) => parseResults(s.stdout));
    assert.equal(parts.length, units.length);

    // Each site's shards merged by the merge CLI, from a folder of shard run folders.
    let compared = 0;
    for (const id of ids) {
      const mine = parts.filter((p) => p.site === id);
      mine.forEach((p, k) => {
        const dir = path.join(tmp, 'runs', id, `shard-${k + 1}`);
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, 'results.json'), JSON.stringify(p, null, 2));
      });
      const errors: string[] = [];
      const code = await mergeMain([path.join(tmp, 'runs', id), '--out', path.join(tmp, 'merged', id), '--expect-shards', String(units.find((u) => u.id === id)!.shards)], {
        out: () => {}, err: (s) => errors.push(s), cwd: tmp,
      });
      assert.equal(code, 0, errors.join(''));
      const merged = JSON.parse(fs.readFileSync(path.join(tmp, 'merged', id, 'results.json'), 'utf8')) as RunResults;
      assert.deepEqual(comparable(merged), comparable(mergeResults([one.get(id)!])), `${id}: merged shards differ from the one-machine run`);
      compared++;
    }
    assert.equal(compared, SITES);

    // The comparison is not vacuous: carts failed, carts passed, and secret codes stayed masked.
    const all = [...one.values()];
    const cases = all.flatMap((r) => r.cases);
    const findings = all.flatMap((r) => r.findings);
    assert.equal(cases.length, 55);
    assert.equal(cases.filter((c) => c.outcome === 'fail').length, 21, 'Black Friday blocked on 16 sites, the wrong plan on 5');
    assert.equal(cases.filter((c) => c.outcome === 'pass').length, 34);
    assert.equal(findings.filter((f) => f.level === 'error').length, 21);
    assert.equal(all.filter((r) => r.verdict === 'blocked').length, 21);
    const secret = all.filter((r) => /-(09|18|27|36|45)$/.test(r.site));
    assert.ok(secret.every((r) => r.findings.every((f) => f.code === 'BL•••••••••50')), 'secret codes are masked');
    assert.ok(!JSON.stringify(secret).includes('BLACKFRIDAY50'));
  });
});

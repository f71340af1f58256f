/**
 * Faults between the harness and the store: latency, timeouts, 5xx, 429 with Retry-After,
 * connection resets, bodies cut short and bodies that are not JSON, injected by our proxy in front
 * of a private sandbox copy. A run always finishes; what can be retried is retried (and only that:
 * nothing that could create a second order or take a checkout a step further); what could not be
 * checked is "not checked", never "pass" and never a crash; no order is left behind; the exit code
 * is the documented one.
 *
 * Run: node --import tsx --test test/e2e/safety-faults.test.ts
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadSite } from '../../src/config/load.ts';
import { runSite } from '../../src/pipeline/pipeline.ts';
import type { RequestLogEntry } from '../../src/solidus/client.ts';
import type { RunResults } from '../../src/findings/types.ts';
import { startFaultProxy, type FaultProxy, type FaultRule, type FaultProxyOptions } from '../support/fault-proxy.ts';
import { runCli } from '../support/cli.ts';
import { startInstance, writeSite, type SandboxInstance } from '../support/sandbox-instance.ts';

const KEY_ENV = 'SAFETY_FAULTS_KEY';
let store: SandboxInstance;
const proxies: FaultProxy[] = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hr-faults-'));

before(async () => {
  store = await startInstance('safety-faults');
});
after(async () => {
  await Promise.all(proxies.map((p) => p.close()));
  await store?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function proxy(opts: Omit<FaultProxyOptions, 'target'>): Promise<FaultProxy> {
  const p = await startFaultProxy({ target: store.url, ...opts });
  proxies.push(p);
  return p;
}

/** Eight carts whose outcomes are known on the seeded store (the first one is the Black Friday blocker). */
const CAMPAIGNS = `
  - name: Black Friday 50% off
    code: BLACKFRIDAY50
    carts:
      - { name: $120 jacket, items: { JKT-001: 1 }, expect: { items: 50% off } }
      - { name: $60 fleece, items: { FLC-002: 1 }, expect: { items: 50% off } }
  - name: Outerwear 20% off
    code: OUTERWEAR20
    carts:
      - { name: $120 jacket, items: { JKT-001: 1 }, expect: { items: 20% off, shipping: free } }
      - { name: two jackets, items: { JKT-001: 2 }, expect: { items: 20% off, shipping: free } }
  - name: $10 off orders over $100
    code: TAKE10
    carts:
      - { name: $130 basket, items: { TOP-001: 2, ACC-001: 1 }, expect: { order: $10 off } }
  - name: Free Shipping on All Orders over $85
    code: automatic
    carts:
      - { name: $120 jacket, items: { JKT-001: 1 }, expect: { shipping: free } }
      - { name: $60 fleece, items: { FLC-002: 1 }, expect: { shipping: paid } }
      - { name: $130 basket, items: { TOP-001: 2, ACC-001: 1 }, expect: { shipping: free } }
`;
const EXPECTED: Record<string, string> = {
  'api:Black Friday 50% off / $120 jacket': 'fail',
  'api:Black Friday 50% off / $60 fleece': 'pass',
  'api:Outerwear 20% off / $120 jacket': 'pass',
  'api:Outerwear 20% off / two jackets': 'pass',
  'api:$10 off orders over $100 / $130 basket': 'pass',
  'api:Free Shipping on All Orders over $85 / $120 jacket': 'pass',
  'api:Free Shipping on All Orders over $85 / $60 fleece': 'pass',
  'api:Free Shipping on All Orders over $85 / $130 basket': 'pass',
};

async function run(p: FaultProxy, name: string, o: { concurrency?: number; timeoutMs?: number; sweepAfterMs?: number; campaigns?: string } = {}) {
  const file = writeSite(tmp, name, { url: p.url, keyEnv: KEY_ENV, campaigns: o.campaigns ?? CAMPAIGNS, concurrency: o.concurrency ?? 1, timeoutMs: o.timeoutMs });
  const env = store.env(KEY_ENV);
  const loaded = loadSite(file, { env });
  assert.ok(loaded.ok, JSON.stringify(!loaded.ok && loaded.errors));
  const log: RequestLogEntry[] = [];
  // The subject is the carts: code pairs (two codes on one cart) would add orders of their own.
  const results = await runSite({ site: loaded.site, env, boundaries: false, pairs: false, unplanned: false, requestLog: log, sweepAfterMs: o.sweepAfterMs });
  return { results, log };
}

/** Attempts per request in the client's log, e.g. 'POST /api/orders' -> [429, 201]. */
function attempts(log: RequestLogEntry[], method: string, path: RegExp): (number | string)[][] {
  const out: (number | string)[][] = [];
  for (const e of log.filter((x) => x.method === method && path.test(x.path))) {
    if (e.attempt === 1) out.push([]);
    out.at(-1)!.push(e.status);
  }
  return out;
}

const outcomes = (r: RunResults) => Object.fromEntries(r.cases.map((c) => [c.id, c.outcome]));
const completed = () => Number(store.sql("SELECT COUNT(*) FROM spree_orders WHERE completed_at IS NOT NULL AND email LIKE '%@holiday-ready.invalid'"));

test('retries what can be retried, honours Retry-After, and still checks every case', async () => {
  const rules: FaultRule[] = [
    { method: 'GET', path: /\/api\/variants.*JKT-001/, fault: 'status', status: 500 },
    { method: 'GET', path: /\/api\/variants.*FLC-002/, fault: 'reset' },
    { method: 'GET', path: /\/api\/variants.*TOP-001/, fault: 'truncate', cut: 'abort' },
    { method: 'GET', path: /\/api\/variants.*ACC-001/, fault: 'latency', latencyMs: 4000 },
    { method: 'GET', path: /\/api\/orders\?/, fault: 'truncate' },
    { method: 'GET', path: /\/api\/orders\?/, fault: 'non-json', status: 200 },
    { method: 'POST', path: /\/api\/orders$/, fault: 'rate-limit', retryAfter: 1 },
    { method: 'POST', path: /\/coupon_codes$/, fault: 'status', status: 503 },
    { method: 'PUT', path: /\/empty$/, fault: 'reset' },
    { method: 'PUT', path: /\/empty$/, fault: 'status', status: 500, when: 'after' },
  ];
  const p = await proxy({ rules });
  const { results, log } = await run(p, 'retried', { timeoutMs: 2500 });

  assert.deepEqual(outcomes(results), EXPECTED, 'every case checked, as on a healthy store');
  assert.equal(p.injected, rules.length, 'every fault was injected');
  // Per SKU, so that the order in which lookups interleave does not matter.
  const lookups = (sku: string) => log.filter((e) => e.method === 'GET' && /\/api\/variants/.test(e.path) && e.path.includes(sku)).map((e) => e.status);
  for (const sku of ['JKT-001', 'FLC-002', 'TOP-001', 'ACC-001']) assert.equal(lookups(sku).at(-1), 200, `the lookup of ${sku} succeeded in the end`);
  assert.deepEqual(lookups('JKT-001'), [500, 200], 'a 500 is retried');
  assert.deepEqual(lookups('FLC-002'), ['error', 200], 'a reset is retried');
  assert.deepEqual(lookups('ACC-001'), ['timeout', 200], 'a timeout is retried');
  // A body cut mid-stream is caught when the cut lands before the client has read it all (logged as 200 with an error).
  assert.ok(lookups('TOP-001').every((s) => s === 200), 'a cut body is read again, never taken as an answer');
  assert.deepEqual(attempts(log, 'POST', /\/api\/orders$/)[0], [429, 201]);
  assert.deepEqual(attempts(log, 'POST', /\/coupon_codes$/)[0], [503, 200]);
  const empties = attempts(log, 'PUT', /\/empty$/).filter((a) => a.length > 1).map((a) => a.join());
  assert.deepEqual(empties, ['error,500,200'], 'a reset, then a 500, on emptying: retried until it worked');
  // Retry-After: 1 was waited for before the second POST /api/orders (one case at a time here).
  const posts = p.log.filter((e) => e.method === 'POST' && /\/api\/orders$/.test(e.path));
  assert.ok(posts[1].at - posts[0].at >= 950, `waited ${posts[1].at - posts[0].at} ms`);
  assert.equal(results.housekeeping.ordersCreated, 8);
  assert.equal(results.housekeeping.ordersEmptied, 8);
  assert.equal(results.verdict, 'blocked');
  assert.equal(store.harnessFullCarts(), 0);
});

test('what cannot be repeated is never sent twice; a lost case gets a fresh cart, and what stays lost is not checked', async () => {
  // Faults after the store did the work: repeating these requests could make a second order or
  // move a checkout on. The POST /orders and checkout faults happen once; the cut answers to coupon
  // codes never stop, so every case with a code stays unchecked.
  const rules: FaultRule[] = [
    { method: 'POST', path: /\/api\/orders$/, fault: 'status', status: 500, when: 'after' },
    { method: 'POST', path: /\/api\/orders$/, fault: 'reset', when: 'after' },
    { method: 'POST', path: /\/api\/orders$/, fault: 'truncate' },
    { method: 'POST', path: /\/coupon_codes$/, fault: 'truncate', times: Infinity },
    { method: 'PUT', path: /\/next$/, fault: 'non-json', status: 200 },
    { method: 'PATCH', path: /\/checkouts\//, fault: 'reset', when: 'after' },
  ];
  const p = await proxy({ rules });
  const { results, log } = await run(p, 'not-retried');

  const got = outcomes(results);
  const coded = (id: string) => !id.startsWith('api:Free Shipping');
  for (const [id, outcome] of Object.entries(got)) {
    assert.equal(outcome, coded(id) ? 'not-checked' : EXPECTED[id], id);
  }
  for (const c of results.cases.filter((x) => x.outcome === 'not-checked')) {
    assert.match(c.summary, /^Not checked: /);
    assert.match(c.error ?? '', /cut short|not valid JSON/, `${c.id} says why`);
    const f = results.findings.find((x) => x.id === c.id);
    assert.equal(f?.notChecked, true, `${c.id} has a not-checked finding`);
    assert.equal(f?.actual, 'Not checked');
  }
  assert.equal(results.campaigns.find((c) => c.name === 'Black Friday 50% off')?.outcome, 'not-checked', 'a campaign with a lost case is not "works"');
  // The request that failed was never repeated; the case was, with a new cart.
  const repeated = log.filter((e) => e.attempt > 1 && (e.method === 'POST' || /\/api\/checkouts\//.test(e.path)));
  assert.deepEqual(repeated, []);
  const second = results.findings.find((f) => f.id === 'harness:second-try');
  assert.equal(second?.level, 'info');
  assert.match(second?.title ?? '', /^7 carts were tried a second time/);
  assert.match(second?.actual ?? '', /^2 of 7 checked on the second try/);
  // 8 + 7 carts; those whose creation answer was lost were found by the run's email and emptied.
  assert.equal(results.housekeeping.ordersCreated, 15);
  assert.equal(results.housekeeping.ordersEmptied, 15);
  assert.equal(store.harnessFullCarts(), 0);
  assert.equal(completed(), 0);
  assert.equal(results.verdict, 'at-risk');
});

test('a store that goes down mid-run: the rest is not checked, the run ends, and the next run sweeps what it left', async (t) => {
  // After 14 requests every connection is reset, as if the store died.
  const p = await proxy({ rules: [{ fault: 'reset', skip: 14, times: Infinity }] });
  const started = Date.now();
  const { results } = await run(p, 'outage', { concurrency: 2 });
  assert.ok(Date.now() - started < 60_000, 'the run does not hang on a dead store');
  const got = outcomes(results);
  assert.ok(Object.values(got).includes('not-checked'));
  assert.ok(!Object.entries(got).some(([id, o]) => o !== 'not-checked' && o !== EXPECTED[id]));
  const skipped = results.cases.filter((c) => /did not answer the last 3 carts/.test(c.error ?? ''));
  assert.ok(skipped.length >= 1, 'once the store stopped answering, the remaining carts were not tried');
  const left = results.housekeeping.ordersCreated - results.housekeeping.ordersEmptied;
  if (left > 0) assert.ok(results.findings.some((f) => f.id === 'harness:cleanup'));
  assert.equal(store.harnessFullCarts(), left);

  // The store is back: the next run sweeps what could not be emptied.
  p.setRules([]);
  const next = await run(p, 'after-outage', { sweepAfterMs: 0, campaigns: `
  - name: Outerwear 20% off
    code: OUTERWEAR20
    carts:
      - { name: $120 jacket, items: { JKT-001: 1 }, expect: { items: 20% off, shipping: free } }
` });
  assert.equal(next.results.housekeeping.leftoversSwept, left);
  assert.equal(store.harnessFullCarts(), 0);
  t.diagnostic(`outage: ${Object.values(got).filter((o) => o === 'not-checked').length}/8 not checked (${skipped.length} not tried), ${left} left full and swept by the next run`);
});

/** The CLI through a proxy; results.json from the run folder. */
async function cli(url: string, name: string, campaigns = CAMPAIGNS) {
  const site = writeSite(tmp, name, { url, keyEnv: KEY_ENV, campaigns, concurrency: 4 });
  const out = path.join(tmp, `${name}-out`);
  const r = await runCli(['--site', site, '--out', out, '--no-browser', '--no-audits', '--no-boundaries', '--no-unplanned'], { cwd: tmp, env: store.env(KEY_ENV) });
  const file = path.join(out, 'results.json');
  return { ...r, results: fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as RunResults) : undefined };
}

test('with random faults (seeded) the CLI finishes, exits as its verdict says and leaves no order behind', async (t) => {
  const p = await proxy({ random: { seed: 20261127, rate: 0.2, max: 30 } });
  const r = await cli(p.url, 'random');
  assert.ok(p.injected > 0, 'faults were injected');
  assert.ok(r.results, `a run folder was written: ${r.stderr}`);
  const results = r.results!;
  assert.equal(r.code, results.verdict === 'blocked' ? 1 : 0, r.stderr);
  assert.equal(results.cases.length, 8);
  for (const c of results.cases) {
    assert.ok(c.outcome === 'not-checked' || c.outcome === EXPECTED[c.id], `${c.id}: ${c.outcome} (${c.error ?? ''})`);
    if (c.outcome === 'not-checked') assert.ok(results.findings.some((f) => f.id === c.id && f.notChecked));
  }
  const h = results.housekeeping;
  assert.match(r.stdout, new RegExp(`Orders: ${h.ordersCreated} created, ${h.ordersEmptied} emptied`));
  assert.doesNotMatch(r.stderr, /internal error/);
  await p.idle();
  assert.equal(store.harnessFullCarts(), h.ordersCreated - h.ordersEmptied);
  assert.equal(h.ordersCreated, h.ordersEmptied, 'everything it created was emptied');
  assert.equal(completed(), 0);
  const faults = p.log.filter((e) => e.fault).map((e) => e.fault!.split(' ')[0]);
  t.diagnostic(`${p.injected} faults (${[...new Set(faults)].join(', ')}) over ${p.log.length} requests; exit ${r.code}; ` +
    `${results.cases.filter((c) => c.outcome === 'not-checked').length}/8 not checked; orders ${h.ordersCreated} created, ${h.ordersEmptied} emptied`);
});

test('exits 3 when the store cannot be reached at all, or answers nothing usable', async () => {
  const down = await proxy({ rules: [{ fault: 'reset', times: Infinity }] });
  const r1 = await cli(down.url, 'down');
  assert.equal(r1.code, 3, r1.stderr);
  assert.match(r1.stderr, /cannot reach the staging store of Safety Outfitters at http:\/\/127\.0\.0\.1:\d+ \(down\.yml\)/);

  const broken = await proxy({ rules: [{ fault: 'status', status: 500, times: Infinity }] });
  const r2 = await cli(broken.url, 'broken');
  assert.equal(r2.code, 3, r2.stderr);
  assert.match(r2.stderr, /the catalog could not be read \(GET \/api\/variants.* answered 500/);

  const html = await proxy({ rules: [{ fault: 'non-json', status: 200, when: 'before', times: Infinity }] });
  const r3 = await cli(html.url, 'html');
  assert.equal(r3.code, 3, r3.stderr);
  assert.match(r3.stderr, /the catalog could not be read \(.*not JSON \(text\/html\)/);

  for (const [p, r] of [[down, r1], [broken, r2], [html, r3]] as const) {
    assert.deepEqual([...new Set(p.log.map((e) => e.method))], ['GET'], 'only reads were tried');
    assert.doesNotMatch(r.stderr, /internal error|at .*\.ts:\d+/);
  }
});

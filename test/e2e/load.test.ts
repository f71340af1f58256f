/**
 * Load: 200 cases at concurrency 16 against the sandbox store (a private copy, so its cart count is
 * exact and nobody else's test is slowed), through the CLI. Every case comes back exactly once,
 * none is lost or doubled (in the results or as orders in the store), every order is emptied, and
 * the run finishes in bounded time. If the store cannot keep up, a case may be "not checked"
 * (reported, never passed); it may not fail or vanish.
 *
 * Run: node --import tsx --test test/e2e/load.test.ts   (a few minutes on two cores)
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunResults } from '../../src/findings/types.ts';
import { runCli } from '../support/cli.ts';
import { startInstance, writeSite, type SandboxInstance } from '../support/sandbox-instance.ts';

const KEY_ENV = 'SAFETY_LOAD_KEY';
const CASES = 200;
const CONCURRENCY = 16;
const BOUND_MS = 12 * 60_000;
let store: SandboxInstance;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hr-load-'));

before(async () => {
  store = await startInstance('safety-load');
});
after(async () => {
  await store?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Four campaigns of 50 carts each, every cart one that works on the seeded store. */
function campaigns(): string {
  const per = CASES / 4;
  const carts = (f: (i: number) => string) => Array.from({ length: per }, (_, i) => `      - ${f(i + 1)}`).join('\n');
  const n = (i: number) => String(i).padStart(3, '0');
  return `
  - name: Black Friday 50% off
    code: BLACKFRIDAY50
    carts:
${carts((i) => `{ name: 'fleece #${n(i)}', items: { FLC-002: 1 }, expect: { items: 50% off } }`)}
  - name: Outerwear 20% off
    code: OUTERWEAR20
    carts:
${carts((i) => `{ name: 'jackets #${n(i)}', items: { JKT-001: ${(i % 3) + 1} }, expect: { items: 20% off, shipping: free } }`)}
  - name: $10 off orders over $100
    code: TAKE10
    carts:
${carts((i) => `{ name: 'basket #${n(i)}', items: { TOP-001: 2, ACC-001: ${(i % 2) + 1} }, expect: { order: $10 off } }`)}
  - name: Free Shipping on All Orders over $85
    code: automatic
    carts:
${carts((i) => `{ name: 'jacket #${n(i)}', items: { JKT-001: 1 }, expect: { shipping: free } }`)}
`;
}

test(`${CASES} cases at concurrency ${CONCURRENCY}: none lost, none doubled, no order left behind`, { timeout: BOUND_MS + 60_000 }, async (t) => {
  const site = writeSite(tmp, 'load', { url: store.url, keyEnv: KEY_ENV, campaigns: campaigns(), concurrency: 4 });
  const out = path.join(tmp, 'run');
  const fullBefore = store.fullCarts();
  // Carts only: code pairs (an order each, outside the 200 cases) are off, so orders match tries.
  const ordersBefore = Number(store.sql("SELECT COUNT(*) FROM spree_orders WHERE email LIKE 'dryrun+%@holiday-ready.invalid'"));
  const started = Date.now();
  const r = await runCli(['--site', site, '--out', out, '--concurrency', String(CONCURRENCY), '--no-boundaries', '--no-pairs', '--no-unplanned', '--no-browser', '--no-audits'], {
    cwd: tmp,
    env: store.env(KEY_ENV),
  });
  const ms = Date.now() - started;
  assert.ok(ms < BOUND_MS, `finished in ${ms} ms`);
  const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as RunResults;
  assert.equal(r.code, results.verdict === 'blocked' ? 1 : 0, r.stderr);

  // Every case once: 200 results, 200 distinct ids, exactly the carts of the site file.
  const ids = results.cases.map((c) => c.id);
  assert.equal(ids.length, CASES);
  assert.equal(new Set(ids).size, CASES, 'no duplicated result');
  const planned = results.campaigns.length === 4 && /fleece #001/.test(fs.readFileSync(site, 'utf8'));
  assert.ok(planned);
  for (const c of results.cases) {
    assert.ok(c.outcome === 'pass' || c.outcome === 'not-checked', `${c.id}: ${c.outcome} ${c.error ?? c.summary}`);
    if (c.outcome === 'not-checked') assert.ok(results.findings.some((f) => f.id === c.id && f.notChecked), `${c.id} is reported`);
  }
  // One progress line per case on stderr, too (and one more per second try).
  const lines = r.stderr.split('\n').filter((l) => /^\s+(pass|FAIL|n\/a)\s/.test(l));
  assert.equal(lines.filter((l) => !l.includes('(second try)')).length, CASES);

  // No order lost, doubled or left behind.
  const h = results.housekeeping;
  const ordersMade = Number(store.sql("SELECT COUNT(*) FROM spree_orders WHERE email LIKE 'dryrun+%@holiday-ready.invalid'")) - ordersBefore;
  assert.equal(h.ordersCreated, ordersMade, 'every order the store made is accounted for');
  const tries = CASES + lines.filter((l) => l.includes('(second try)')).length;
  assert.ok(h.ordersCreated <= tries, 'no try made two orders');
  assert.equal(h.ordersEmptied, h.ordersCreated);
  assert.equal(store.fullCarts(), fullBefore, 'as many full carts as before the run');
  assert.equal(Number(store.sql('SELECT COUNT(*) FROM spree_orders WHERE completed_at IS NOT NULL')), Number(store.sql("SELECT COUNT(*) FROM spree_orders WHERE completed_at IS NOT NULL AND email NOT LIKE '%@holiday-ready.invalid'")));

  const notChecked = results.cases.filter((c) => c.outcome === 'not-checked').length;
  const second = results.findings.find((f) => f.id === 'harness:second-try');
  if (second) t.diagnostic(`second try: ${second.actual}`);
  const durations = results.cases.map((c) => c.durationMs).sort((a, b) => a - b);
  t.diagnostic(`${CASES} cases at concurrency ${CONCURRENCY} in ${(ms / 1000).toFixed(1)} s: ${CASES - notChecked} pass, ${notChecked} not checked; ` +
    `case p50 ${durations[Math.floor(CASES / 2)]} ms, p95 ${durations[Math.floor(CASES * 0.95)]} ms; orders ${h.ordersCreated} created, ${h.ordersEmptied} emptied`);
  const why = [...new Set(results.cases.filter((c) => c.outcome === 'not-checked').map((c) => (c.error ?? '').replace(/R\d+/g, 'R…')))];
  if (why.length) t.diagnostic(`not checked because: ${why.join(' | ')}`);
});

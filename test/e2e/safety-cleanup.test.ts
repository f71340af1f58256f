/**
 * Cleanup: every order a dry-run makes is emptied at the end, also after Ctrl-C in the middle of a
 * run or an exception in the middle of a flow; a run killed outright leaves carts that the next run
 * sweeps (and counts). Runs against a private sandbox copy behind the fault proxy, whose latency
 * keeps orders in flight when the run is interrupted.
 *
 * Run: node --import tsx --test test/e2e/safety-cleanup.test.ts
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadSite } from '../../src/config/load.ts';
import { runSite } from '../../src/pipeline/pipeline.ts';
import { writeRunFolder } from '../../reports/render.ts';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.ts';
import { spawnCli } from '../support/cli.ts';
import { startInstance, writeSite, type SandboxInstance } from '../support/sandbox-instance.ts';

const KEY_ENV = 'SAFETY_CLEANUP_KEY';
let store: SandboxInstance;
let proxy: FaultProxy;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hr-cleanup-'));

before(async () => {
  store = await startInstance('safety-cleanup');
  proxy = await startFaultProxy({ target: store.url });
});
after(async () => {
  await proxy?.close();
  await store?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** The CLI as a user starts it, with a handle to signal it. */
const startCli = (site: string) =>
  spawnCli(['--site', site, '--out', path.join(tmp, 'out'), '--no-browser', '--no-audits', '--no-boundaries', '--no-unplanned'], { cwd: tmp, env: store.env(KEY_ENV) });

const harnessOrdersCompleted = () => Number(store.sql("SELECT COUNT(*) FROM spree_orders WHERE completed_at IS NOT NULL AND email LIKE '%@holiday-ready.invalid'"));

test('Ctrl-C in the middle of a dry-run empties every order it made, items still on their way included', async () => {
  // Slow checkout steps and codes: when the first case finishes, others are mid-flow.
  proxy.setRules([
    { method: 'PUT', path: /\/next$/, fault: 'latency', latencyMs: 700, times: Infinity },
    { method: 'POST', path: /\/coupon_codes$/, fault: 'latency', latencyMs: 700, times: Infinity },
  ]);
  const site = writeSite(tmp, 'interrupted', { url: proxy.url, keyEnv: KEY_ENV, concurrency: 4 });
  const cli = startCli(site);
  await cli.waitFor(/^\s+(pass|FAIL|n\/a)\s/m);
  const fullAtInterrupt = store.harnessFullCarts();
  const interruptedAt = Date.now();
  cli.child.kill('SIGINT');
  const { code } = await cli.exit;
  await proxy.idle();

  assert.equal(code, 130, cli.output().stderr);
  assert.match(cli.output().stderr, /Interrupted: emptying the dry-run orders before exiting/);
  assert.ok(fullAtInterrupt >= 1, `orders were mid-flow when interrupted (${fullAtInterrupt})`);
  assert.equal(store.harnessFullCarts(), 0, 'every order the run made is empty');
  assert.equal(harnessOrdersCompleted(), 0);
  // After Ctrl-C the run sent nothing but reads and emptying (a little slack for requests already leaving).
  const late = proxy.log.filter((e) => e.at > interruptedAt + 150 && !(e.method === 'GET' || (e.method === 'PUT' && /\/empty$/.test(e.path))));
  assert.deepEqual(late.map((e) => `${e.method} ${e.path}`), []);
  proxy.setRules([]);
});

test('a run killed outright leaves carts that the next run sweeps, and the report counts them', async () => {
  proxy.setRules([{ method: 'PUT', path: /\/next$/, fault: 'latency', latencyMs: 1500, times: Infinity }]);
  const site = writeSite(tmp, 'killed', { url: proxy.url, keyEnv: KEY_ENV, concurrency: 4 });
  const from = proxy.log.length;
  const cli = startCli(site);
  await cli.waitFor(/dry-running/);
  const deadline = Date.now() + 30_000;
  while (proxy.log.slice(from).filter((e) => e.method === 'POST' && /\/api\/orders$/.test(e.path) && e.status === 201).length < 2 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
  }
  cli.child.kill('SIGKILL');
  await cli.exit;
  await proxy.idle(); // what was already on its way reaches the store
  proxy.setRules([]);
  const leftovers = store.harnessFullCarts();
  assert.ok(leftovers >= 2, `the killed run left full carts (${leftovers})`);

  // A cart of a run that is still going (touched just now) is not someone else's to sweep.
  await new Promise((r) => setTimeout(r, 1200));
  const live = await fetch(`${store.url}/api/orders`, {
    method: 'POST',
    headers: { authorization: `Bearer ${store.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ order: { email: 'dryrun+live@holiday-ready.invalid', line_items_attributes: [{ variant_id: Number(store.sql("SELECT id FROM spree_variants WHERE sku = 'JKT-001'")), quantity: 1 }] } }),
  }).then((r) => r.json() as Promise<{ number: string }>);

  const next = writeSite(tmp, 'next', { url: store.url, keyEnv: KEY_ENV, campaigns: `
  - name: Outerwear 20% off
    code: OUTERWEAR20
    carts:
      - { name: $120 jacket, items: { JKT-001: 1 }, expect: { items: 20% off, shipping: free } }
` });
  const env = store.env(KEY_ENV);
  const loaded = loadSite(next, { env });
  assert.ok(loaded.ok);
  // Here carts idle since 0.6 s before the live one was made count as left behind (the default is
  // SWEEP_AFTER_MS, ten minutes): the killed run's are older, the live one is younger.
  const liveTouched = Date.parse(store.sql(`SELECT updated_at FROM spree_orders WHERE number = '${live.number}'`).replace(' ', 'T') + 'Z');
  const results = await runSite({ site: loaded.site, env, boundaries: false, unplanned: false, sweepAfterMs: Date.now() - liveTouched + 600 });
  assert.equal(results.housekeeping.leftoversSwept, leftovers, 'each leftover swept and counted');
  assert.equal(results.housekeeping.ordersCreated, 1);
  assert.equal(results.housekeeping.ordersEmptied, 1);
  assert.equal(store.harnessFullCarts(), 1, 'only the live cart still holds items');
  assert.equal(store.sql(`SELECT COUNT(*) FROM spree_line_items li JOIN spree_orders o ON o.id = li.order_id WHERE o.number = '${live.number}'`), '1');

  const dir = path.join(tmp, 'next-run');
  writeRunFolder(dir, results);
  const html = fs.readFileSync(path.join(dir, 'report.html'), 'utf8');
  assert.match(html, new RegExp(`Leftovers swept from earlier runs</dt><dd>${leftovers}</dd>`));
  await fetch(`${store.url}/api/orders/${live.number}/empty`, { method: 'PUT', headers: { authorization: `Bearer ${store.apiKey}` } });
  assert.equal(store.harnessFullCarts(), 0);
});

test('an exception in the middle of a flow empties that order and the run carries on', async () => {
  const file = writeSite(tmp, 'exception', { url: store.url, keyEnv: KEY_ENV, campaigns: `
  - name: Outerwear 20% off
    code: OUTERWEAR20
    carts:
      - { name: $120 jacket, items: { JKT-001: 1 }, expect: { items: 20% off, shipping: free } }
      - { name: two jackets, items: { JKT-001: 2 }, expect: { items: 20% off, shipping: free } }
` });
  const env = store.env(KEY_ENV);
  const loaded = loadSite(file, { env });
  assert.ok(loaded.ok);
  let thrown = 0;
  // A fetch that blows up once, on an address step: the order exists and holds items by then.
  const fetch = (async (input: Request, init?: RequestInit) => {
    if (input.method === 'PATCH' && /\/api\/checkouts\//.test(input.url) && thrown++ === 0) throw new Error('simulated crash in the middle of a flow');
    return globalThis.fetch(input, init);
  }) as typeof globalThis.fetch;
  const results = await runSite({ site: loaded.site, env, boundaries: false, unplanned: false, fetch, concurrency: 1 });
  assert.equal(thrown >= 1, true);
  const outcomes = results.cases.map((c) => c.outcome).sort();
  assert.deepEqual(outcomes, ['not-checked', 'pass']);
  const broken = results.cases.find((c) => c.outcome === 'not-checked')!;
  assert.match(broken.error ?? '', /simulated crash in the middle of a flow/);
  assert.ok(results.findings.some((f) => f.id === broken.id && f.notChecked));
  assert.equal(results.housekeeping.ordersCreated, 2);
  assert.equal(results.housekeeping.ordersEmptied, 2);
  assert.equal(store.harnessFullCarts(), 0);
});

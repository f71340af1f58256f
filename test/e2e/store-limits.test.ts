/**
 * One concurrency limiter per store: under `--all`, a store so slow that the dry-run backs off
 * (its requests time out, so the engine halves the cases in flight) slows only the sites on that
 * store. Two private sandbox copies, each behind our proxy: "slow" answers every new order after
 * 8 s while its site gives up after 5 s; "fast" is healthy, and its site starts dry-running only
 * once the slow site has backed off (the proxy holds the fast site's leftover sweep for 10 s).
 *
 * The audit runs in-process with `all: true` over a checkout root whose sites/ holds the two files.
 *
 * Run: node --import tsx --test test/e2e/store-limits.test.ts
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { audit, EXIT } from '../../src/cli/audit.ts';
import type { RunResults } from '../../src/findings/types.ts';
import { startFaultProxy, type FaultProxy, type ProxyLogEntry } from '../support/fault-proxy.ts';
import { startInstance, writeSite, type SandboxInstance } from '../support/sandbox-instance.ts';

const stores: SandboxInstance[] = [];
const proxies: FaultProxy[] = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hr-store-limits-'));

before(async () => {
  // One after the other: two Rails boots at once on two cores only make both slower.
  stores.push(await startInstance('store-limits-fast'));
  stores.push(await startInstance('store-limits-slow'));
  // A store's first answers after it boots are slow: not what this test is about.
  for (const store of stores) {
    for (const p of ['/api/products?per_page=1', '/api/variants?per_page=1', '/api/orders?per_page=1']) {
      await (await fetch(store.url + p, { headers: { Authorization: `Bearer ${store.apiKey}` } })).arrayBuffer();
    }
  }
});
after(async () => {
  await Promise.all(proxies.map((p) => p.close()));
  await Promise.all(stores.map((s) => s.stop()));
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** The most requests the proxy had in flight at once, from its log (arrival + duration). */
function maxInFlight(log: readonly ProxyLogEntry[]): number {
  const edges = log.flatMap((e) => [[e.at, 1], [e.at + e.ms, -1]] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let max = 0;
  for (const [, d] of edges) max = Math.max(max, (now += d));
  return max;
}

test('under --all, the slow store\'s backoff does not lower the other store\'s concurrency', { timeout: 300_000 }, async () => {
  const [fastStore, slowStore] = stores;
  const fast = await startFaultProxy({
    target: fastStore.url,
    // The sweep of leftovers is the fast site's first search of orders: held, so that its dry-run
    // starts while the slow site is backing off.
    rules: [{ method: 'GET', path: /^\/api\/orders\?/, fault: 'latency', latencyMs: 10_000, times: 1 }],
    maxLatencyMs: 10_000,
  });
  const slow = await startFaultProxy({
    target: slowStore.url,
    rules: [{ method: 'POST', path: /^\/api\/orders$/, fault: 'latency', latencyMs: 8000, times: Infinity }],
    maxLatencyMs: 10_000,
  });
  proxies.push(fast, slow);
  const root = path.join(tmp, 'checkout');
  writeSite(path.join(root, 'sites'), 'fast', { url: fast.url, keyEnv: 'STORE_LIMITS_FAST_KEY', concurrency: 4 });
  writeSite(path.join(root, 'sites'), 'slow', { url: slow.url, keyEnv: 'STORE_LIMITS_SLOW_KEY', concurrency: 4, timeoutMs: 5000, retries: 0 });

  let stderr = '';
  const printed: string[] = [];
  const code = await audit({
    root, cwd: root, env: { ...fastStore.env('STORE_LIMITS_FAST_KEY'), ...slowStore.env('STORE_LIMITS_SLOW_KEY') },
    sites: [], all: true, reports: path.join(tmp, 'reports'),
    browser: false, audits: false, boundaries: false, pairs: false, unplanned: false, startSandbox: false, json: true,
    out_: (s) => printed.push(s), err: (s) => (stderr += s),
  });
  const results = new Map(printed.map((s) => JSON.parse(s) as RunResults).map((r) => [r.site, r]));

  // The premise: the slow store made its own site back off, and nothing of it could be checked.
  const slowSite = results.get('slow');
  assert.ok(slowSite, stderr);
  assert.ok(slowSite.cases.length > 0 && slowSite.cases.every((c) => c.outcome === 'not-checked'), stderr);
  assert.ok(slowSite.findings.some((f) => f.id === 'harness:second-try'), 'the slow site retried its carts, gently');

  // The fast site started its dry-run after that, at its own full concurrency, and used it.
  assert.ok(fast.log.some((e) => e.fault === 'latency/before'), 'the fast site\'s sweep was held');
  assert.match(stderr, /^\[fast\] {3}dry-running 6 cases on http:\/\/127\.0\.0\.1:\d+ \(concurrency 4\)$/m, stderr);
  const orders = fast.log.filter((e) => !(e.method === 'GET' && /^\/api\/(orders|products|variants)\?/.test(e.path)));
  assert.ok(maxInFlight(orders) >= 3, `the fast store had ${maxInFlight(orders)} dry-run requests in flight at most`);
  const fastSite = results.get('fast');
  assert.ok(fastSite, stderr);
  assert.ok(fastSite.cases.every((c) => c.outcome !== 'not-checked'), 'every cart of the fast site checked');
  assert.equal(code, EXIT.blocked, 'the fast site is blocked (BLACKFRIDAY50), the slow one at risk');
});

/**
 * API dry-run throughput against the sandbox: cases per second at concurrency 1, 2, 4 and 8, and the
 * share of wall time the harness spends outside waiting for the store.
 */
import { loadSite } from '../src/config/load.ts';
import type { Site } from '../src/config/types.ts';
import { runSite } from '../src/run/run.ts';
import type { RequestLogEntry } from '../src/solidus/client.ts';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import type { Measurement } from './run.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

/** acme's carts repeated until there are `cases` of them, boundaries and code pairs off: pure case throughput. */
function benchSite(cases: number): Site {
  const loaded = loadSite(path.join(ROOT, 'sites', 'acme.yml'), { requireKey: false });
  if (!loaded.ok) throw new Error('sites/acme.yml does not load');
  const site = loaded.site;
  const carts = site.campaigns.flatMap((c) => c.carts.map((cart) => ({ c, cart })));
  const campaigns = Array.from({ length: cases }, (_, i) => {
    const { c, cart } = carts[i % carts.length];
    return { ...c, name: `${c.name} #${i}`, carts: [cart] };
  });
  return { ...site, campaigns };
}

async function once(site: Site, concurrency: number, env: NodeJS.ProcessEnv) {
  const log: RequestLogEntry[] = [];
  const cpu = process.cpuUsage();
  const started = performance.now();
  const results = await runSite({ site, env, concurrency, boundaries: false, pairs: false, requestLog: log });
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const waited = log.reduce((s, e) => s + e.ms, 0);
  return { cases: results.cases.length, wall, cpuMs: (used.user + used.system) / 1000, waited };
}

export async function benchApi(): Promise<Measurement[]> {
  const env = { ...process.env };
  env.ACME_STAGING_API_KEY ??= execFileSync(path.join(ROOT, 'sandbox', 'bin', 'api-key'), { encoding: 'utf8' }).trim();
  const site = benchSite(24);
  await once(benchSite(4), 4, env); // warm the store's caches and the JIT
  const out: Measurement[] = [];
  const rate: Record<number, number> = {};
  for (const concurrency of [1, 2, 4, 8]) {
    const r = await once(site, concurrency, env);
    rate[concurrency] = r.cases / (r.wall / 1000);
    out.push({ name: `API dry-run cases per second, concurrency ${concurrency}`, value: round(rate[concurrency]), unit: 'cases/s' });
    if (concurrency === 1) {
      // At concurrency 1 requests never overlap: wall time not spent in a request is the harness's own.
      out.push({ name: 'Harness share of wall time outside waiting for the store (concurrency 1)', value: round(100 * (1 - r.waited / r.wall)), unit: '%', target: '< 10%' });
      out.push({ name: 'Harness CPU time per case (concurrency 1)', value: round(r.cpuMs / r.cases), unit: 'ms' });
    }
  }
  out.push({ name: 'Throughput at concurrency 4 / concurrency 1', value: round(rate[4] / rate[1]), unit: '×', target: '≥ 1.8×' });
  return out;
}

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * Browser dry-run speed against the sandbox store: the median seconds a case takes in Chromium
 * (Playwright's test duration: a fresh browser context, product pages, the coupon form, checkout to
 * the confirm step, two screenshots), at the default two workers, and the wall time per case.
 * The store is the one the browser tests use (test/support/browser-store.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadSite } from '../src/config/load.ts';
import { runBrowserDryRun } from '../src/browser/run.ts';
import { BROWSER_DIR, REPORT_FILE } from '../src/browser/paths.ts';
import { browserStore, writeTestSite } from '../test/support/browser-store.ts';
import type { ReportFile } from '../scenarios/reporter.ts';
import { median, round, type Measurement } from './stats.ts';

/**
 * Every cart of sites/acme.yml twice, as distinct cases: 12 cases in one run, as a site with that many
 * carts would have. Not `--repeat-each`: Playwright gives each repeat its own workers, so half the
 * cases would pay for starting a worker and its browser, which an audit never does.
 */
const TWICE = (text: string) => text.replace(/^(\s+- \{ name: )([^,]+)(,.*)$/gm, '$1$2$3\n$1$2 (again)$3');

export async function benchBrowser(): Promise<Measurement[]> {
  const store = browserStore();
  const env = { ...process.env, [store.envName]: store.apiKey };
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'holiday-ready-bench-browser-'));
  try {
    const warm = load(writeTestSite(tmp, store, 'bench-warm', (t) => t.replace(/^campaigns:[\s\S]*$/m, ONE_CART)), env);
    const site = load(writeTestSite(tmp, store, 'bench-browser', TWICE), env);
    // Warm the store's caches and the disk cache of Chromium before measuring.
    await runBrowserDryRun({ sites: [warm], runDirs: new Map([[warm.site, path.join(tmp, 'warm')]]), env });

    const runDir = path.join(tmp, 'run');
    const started = performance.now();
    const results = await runBrowserDryRun({ sites: [site], runDirs: new Map([[site.site, runDir]]), env });
    const wall = (performance.now() - started) / 1000;
    const report = JSON.parse(fs.readFileSync(path.join(runDir, BROWSER_DIR, REPORT_FILE), 'utf8')) as ReportFile;
    const seconds = report.tests.map((t) => t.durationMs / 1000);
    const cases = results.get(site.site)!.cases;
    const checked = cases.filter((c) => c.outcome !== 'not-checked').length;
    if (checked !== cases.length) process.stderr.write(`bench: ${cases.length - checked} browser cases were not checked; the numbers below are not comparable\n`);
    return [
      { name: `Browser seconds per case, median of ${seconds.length} (2 workers)`, value: round(median(seconds)), unit: 's', target: '≤ 4 s' },
      { name: 'Browser seconds per case, slowest', value: round(Math.max(...seconds)), unit: 's' },
      { name: 'Browser dry-run wall seconds per case (2 workers, Playwright start included)', value: round(wall / seconds.length), unit: 's' },
    ];
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

const ONE_CART = 'campaigns:\n  - name: Free Shipping on All Orders over $85\n    code: automatic\n    carts:\n      - { name: $60 fleece, items: { FLC-002: 1 }, expect: { shipping: paid } }\n';

function load(file: string, env: NodeJS.ProcessEnv) {
  const loaded = loadSite(file, { env });
  if (!loaded.ok) throw new Error(`${file} does not load`);
  return loaded.site;
}

/**
 * The browser dry-run (`npm run audit` calls it through src/browser/run.ts). One project per site
 * file, named after the site, with the site as its `site` option; `--project=acme` runs one site.
 *
 * Output: case files and screenshots in each site's run folder (browser/), a masked summary by
 * scenarios/reporter.ts, and traces of failed cases in `<run folder>/../.engineer/<run>/`, outside
 * the folder client reps get (a trace holds the codes as typed; a full one also cookies, the guest
 * token and the pages: see trace below).
 * Which sites and where their output goes: see scenarios/support/sites.ts.
 */
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import type { SiteOptions } from './scenarios/fixtures.ts';
import { runId, sitesForRun, siteTag } from './scenarios/support/sites.ts';
import { CHROMIUM_LAUNCH, DEFAULT_WORKERS } from './src/browser/chromium.ts';
import { engineerDirOf } from './src/browser/paths.ts';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export default defineConfig<SiteOptions>({
  testDir: './scenarios',
  testMatch: 'campaigns.spec.ts',
  fullyParallel: true,
  workers: Number(process.env.HOLIDAY_READY_WORKERS) || DEFAULT_WORKERS,
  // A retried case hides flakiness in the store or the storefront; the report should show it.
  retries: 0,
  forbidOnly: true,
  timeout: 90_000,
  expect: { timeout: 5_000 },
  reporter: [['./scenarios/reporter.ts']],
  use: {
    browserName: 'chromium',
    launchOptions: CHROMIUM_LAUNCH,
    viewport: { width: 1280, height: 800 },
    locale: 'en-US',
    // Every case is recorded; the reporter keeps the trace of a case whose campaign failed or that
    // could not be checked, and deletes the rest (a failing campaign does not fail its test: see
    // scenarios/campaigns.spec.ts). By default the lean recording: the action log with timings and
    // parameters, errors and console, but no DOM snapshots, and so no network log either
    // (Playwright records the two together); the case's own screenshots show the pages. Snapshots cost about 0.4 CPU-seconds a case, a tenth of a run on two cores;
    // HOLIDAY_READY_TRACE=full records them. Never a screencast: it doubles a case's time here.
    trace: { mode: 'on', snapshots: process.env.HOLIDAY_READY_TRACE === 'full', screenshots: false, sources: false },
    screenshot: 'off',
    video: 'off',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
  },
  projects: sitesForRun().map(({ site, runDir }) => ({
    name: site.site,
    grep: new RegExp(`${escape(siteTag(site.site))}(?=\\s|$)`),
    outputDir: path.join(engineerDirOf(runDir), 'playwright'),
    use: { site, runDir, runId: runId(), baseURL: site.staging.url },
  })),
});

/**
 * Our own browser tests (test/browser/*.spec.ts): the scenarios' page objects and case logic
 * against the sandbox stores, never a client's (see test/support/browser-store.ts for which ones).
 * Two projects, one per storefront: `sandbox` (the sandbox's own storefront, :3000) runs every
 * spec; `classic` (Solidus's classic storefront, solidus_frontend, `sandbox/bin/serve classic`,
 * :3002) runs the specs that depend on the storefront's pages, with sites/acme-classic.yml's preset.
 *
 *   npx playwright test -c test/playwright.config.ts                   once
 *   npx playwright test -c test/playwright.config.ts --project=sandbox --repeat-each=5   the flakiness check (classic: twice)
 *   npx playwright test -c test/playwright.config.ts --project=classic one storefront
 */
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import type { SiteOptions } from '../scenarios/fixtures.ts';
import { CHROMIUM_LAUNCH, DEFAULT_WORKERS } from '../src/browser/chromium.ts';
import { browserStore, clockEveryCampaign, testSite, ROOT } from './support/browser-store.ts';

const site = testSite(browserStore());
const classicSite = testSite(browserStore(process.env, 'classic'), 'browser-test-classic');
// The sandbox's promotions carry their real windows: the storefronts answer as on Black Friday.
clockEveryCampaign([site, classicSite]);

export default defineConfig<SiteOptions>({
  testDir: './browser',
  testMatch: '*.spec.ts',
  fullyParallel: true,
  workers: Number(process.env.HOLIDAY_READY_WORKERS) || DEFAULT_WORKERS,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 90_000,
  expect: { timeout: 5_000 },
  reporter: [['list']],
  outputDir: path.join(ROOT, 'test-results', 'browser'),
  use: {
    browserName: 'chromium',
    launchOptions: CHROMIUM_LAUNCH,
    viewport: { width: 1280, height: 800 },
    locale: 'en-US',
    trace: { mode: 'retain-on-failure', snapshots: true, screenshots: false, sources: false },
    actionTimeout: 15_000,
    runId: 'browser-tests',
  },
  projects: [
    {
      name: 'sandbox',
      use: { site, runDir: path.join(ROOT, 'test-results', 'browser-run'), baseURL: site.staging.url },
    },
    {
      // Only what depends on the storefront's pages: the guard's and the report's specs are the same on both.
      name: 'classic',
      testMatch: 'storefront.spec.ts',
      use: { site: classicSite, runDir: path.join(ROOT, 'test-results', 'browser-run-classic'), baseURL: classicSite.staging.url },
    },
  ],
});

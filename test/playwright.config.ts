/**
 * Our own browser tests (test/browser/*.spec.ts): the scenarios' page objects and case logic
 * against the sandbox store, never a client's (see test/support/browser-store.ts for which one).
 *
 *   npx playwright test -c test/playwright.config.ts                   once
 *   npx playwright test -c test/playwright.config.ts --repeat-each=5   the flakiness check
 */
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import type { SiteOptions } from '../scenarios/fixtures.ts';
import { CHROMIUM_LAUNCH, DEFAULT_WORKERS } from '../src/browser/chromium.ts';
import { browserStore, clockEveryCampaign, testSite, ROOT } from './support/browser-store.ts';

const site = testSite(browserStore());
// The sandbox's promotions carry their real windows: the storefront answers as on Black Friday.
clockEveryCampaign(site);

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
    site,
    runDir: path.join(ROOT, 'test-results', 'browser-run'),
    runId: 'browser-tests',
    baseURL: site.staging.url,
  },
});

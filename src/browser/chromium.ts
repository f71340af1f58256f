/**
 * Debian's Chromium (`npx playwright install` cannot download on these machines), with the flags
 * that keep it quiet and light on a small shared machine. The one launch setting: the browser
 * dry-run (playwright.config.ts), the speed audit, and the tests that open a browser use it.
 *
 * Which binary: HOLIDAY_READY_CHROMIUM when set; else Debian's old headless shell
 * (`apt-get install chromium-headless-shell`, /usr/bin/chromium-headless-shell) when it is
 * installed, the same build as Playwright's own default for headless runs, which needs about half
 * the CPU per case of the full browser and renders pages the same; else /usr/bin/chromium.
 */
import fs from 'node:fs';
import type { LaunchOptions } from 'playwright';

const HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';

export const CHROMIUM_PATH = process.env.HOLIDAY_READY_CHROMIUM || (fs.existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : '/usr/bin/chromium');

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export const CHROMIUM_LAUNCH: LaunchOptions = { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS };

/** Workers by default: two, for a two-core machine shared with others. */
export const DEFAULT_WORKERS = 2;

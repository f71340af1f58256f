/**
 * Where the browser dry-run puts things. Inside the run folder (what client reps get): the case
 * files and screenshots under `browser/`. Next to it, in a hidden `.engineer/` folder: traces and
 * Playwright's raw output, which can hold cookies, the guest token, whole pages and codes.
 *
 *     reports/acme/20261126-195807/              the run folder (report.html, results.json, …)
 *       browser/<case>.json                      one CaseResult per campaign × cart
 *       browser/<case>/cart.jpg, confirm.jpg     screenshots (paths in the report are relative)
 *       browser/playwright.json                  masked test outcomes (status, errors, trace paths)
 *     reports/acme/.engineer/20261126-195807/    traces (trace.zip) of failed cases: engineers only
 */
import { createHash } from 'node:crypto';
import path from 'node:path';

/** Folder of the browser results inside a run folder. */
export const BROWSER_DIR = 'browser';

/** The reporter's masked summary, inside `browser/`. */
export const REPORT_FILE = 'playwright.json';

/** Where traces of a run go: a hidden sibling of the run folder, never inside it. */
export function engineerDirOf(runDir: string): string {
  return path.join(path.dirname(path.resolve(runDir)), '.engineer', path.basename(path.resolve(runDir)));
}

/** Case ids pair the two sources of one cart: `api:<campaign> / <cart>` and `browser:<campaign> / <cart>`. */
export const caseKey = (campaign: string, cart: string) => `${campaign} / ${cart}`;
export const browserCaseId = (campaign: string, cart: string) => `browser:${caseKey(campaign, cart)}`;
export const apiCaseId = (campaign: string, cart: string) => `api:${caseKey(campaign, cart)}`;

/**
 * A file-system-safe name for a case: readable words plus a short hash of the exact names, so
 * "$120 jacket" and "120 jacket" never share a file. Never contains the coupon code.
 */
export function caseSlug(campaign: string, cart: string): string {
  const words = (s: string) =>
    s
      .toLowerCase()
      .replace(/\$/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'x';
  const hash = createHash('sha256').update(`${campaign}\u0000${cart}`).digest('hex').slice(0, 6);
  return `${words(campaign)}--${words(cart)}-${hash}`;
}

/** Path of a file inside the run folder, as the report wants it: relative, with forward slashes. */
export function relativeToRun(runDir: string, file: string): string {
  return path.relative(path.resolve(runDir), path.resolve(file)).split(path.sep).join('/');
}

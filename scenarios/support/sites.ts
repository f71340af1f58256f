/**
 * Which sites a Playwright run dry-runs and where each one's results go, from the environment.
 * Read by playwright.config.ts (one project per site) and by campaigns.spec.ts (one test per
 * campaign × cart), in the runner and in every worker, so it must give the same answer each time:
 * what it makes up (the run id, default folders) it puts into process.env, which workers inherit.
 *
 * - HOLIDAY_READY_SITES_FILE a JSON file of validated sites (set by runBrowserDryRun, so that the
 *                            run tries exactly the sites it was given, e.g. one shard of a site)
 * - HOLIDAY_READY_SITES      site names or paths to site files, comma-separated
 *                            (default: every sites/*.yml but *.annotated.yml and _*.yml)
 * - HOLIDAY_READY_RUN_DIRS   JSON { "<site>": "<run folder>" } (set by runBrowserDryRun)
 * - HOLIDAY_READY_RUN_DIR    the run folder of a single site; with several, <dir>/<site>
 *                            (default: reports/<site>/browser-<run id>)
 * - HOLIDAY_READY_RUN_ID     tells this run's carts apart (default: a timestamp)
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatSiteErrors, loadSite, resolveSitePath, siteFiles } from '../../src/config/load.ts';
import type { Site } from '../../src/config/types.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface RunSite {
  site: Site;
  runDir: string;
}

export function runId(env: NodeJS.ProcessEnv = process.env): string {
  if (!env.HOLIDAY_READY_RUN_ID) {
    env.HOLIDAY_READY_RUN_ID = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  }
  return env.HOLIDAY_READY_RUN_ID;
}

export function sitesForRun(env: NodeJS.ProcessEnv = process.env, root = ROOT): RunSite[] {
  const sites = env.HOLIDAY_READY_SITES_FILE ? (JSON.parse(fs.readFileSync(env.HOLIDAY_READY_SITES_FILE, 'utf8')) as Site[]) : loadSites(env, root);
  const id = runId(env);
  const dirs: Record<string, string> = env.HOLIDAY_READY_RUN_DIRS ? (JSON.parse(env.HOLIDAY_READY_RUN_DIRS) as Record<string, string>) : {};
  const one = env.HOLIDAY_READY_RUN_DIR;
  return sites.map((site) => {
    const runDir =
      dirs[site.site] ??
      (one ? (sites.length === 1 ? one : path.join(one, site.site)) : path.join(root, 'reports', site.site, `browser-${id}`));
    return { site, runDir: path.resolve(runDir) };
  });
}

function loadSites(env: NodeJS.ProcessEnv, root: string): Site[] {
  const named = (env.HOLIDAY_READY_SITES ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const files = named.length ? named.map((n) => resolveSitePath(n, root, env.INIT_CWD ?? process.cwd())) : siteFiles(root);
  const loaded = files.map((file) => loadSite(file, { env, requireKey: false }));
  const problems = loaded.flatMap((l) => (l.ok ? [] : [formatSiteErrors(l.errors)]));
  if (problems.length) throw new Error(`holiday-ready: the browser dry-run cannot load its site files:\n${problems.join('\n\n')}`);
  return loaded.flatMap((l) => (l.ok ? [l.site] : []));
}

/** The tag that ties a site's tests to its project (projects grep for it). */
export const siteTag = (site: string) => `@site:${site}`;

/**
 * The browser dry-run, from the audit's side: runs the Playwright scenarios (scenarios/, one project
 * per site) as a child process, reads the case files they write into each run folder, and turns
 * them into findings next to the API dry-run's: selectors the storefront does not have, cases that
 * could not finish, and every disagreement between the API and what the customer sees. Its part
 * (cases, findings, the carts it made) goes back to the pipeline (src/pipeline/), which puts it
 * into the site's results.
 *
 * It never throws for a problem with the store or the browser: those become findings.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import pLimit from 'p-limit';
import type { Campaign, Cart, Site } from '../config/types.ts';
import { newCase, type CaseMoment, type CaseResult, type Finding } from '../findings/types.ts';
import { BROWSER_CLOCK_ENV } from '../dryrun/clock.ts';
import { DRYRUN_DOMAIN } from '../dryrun/flow.ts';
import { createSolidusClient } from '../solidus/client.ts';
import { redactDeep, redactor, secretsOf, showCode, type Redact } from '../safety/redact.ts';
import { plural } from '../text/words.ts';
import type { ReportFile } from '../../scenarios/reporter.ts';
import { CHROMIUM_PATH } from './chromium.ts';
import { resolveStorefront } from './detect.ts';
import { BROWSER_DIR, REPORT_FILE, apiCaseId, browserCaseId } from './paths.ts';
import { browserFinding, disagreement, guardFinding, otherOriginsFinding, placedCase, type BrowserCaseFile } from './compare.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The machine's browsers are one resource: Playwright runs one at a time (the pipeline runs sites in parallel). */
const browserLimit = pLimit(1);

export interface BrowserRunOptions {
  sites: Site[];
  /** Site id -> its run folder (case files and screenshots go to its browser/ folder). */
  runDirs: Map<string, string>;
  /** Passed to Playwright; holds the API keys the site files name. */
  env: NodeJS.ProcessEnv;
  /** Site id -> the API dry-run's cases, to compare with. */
  apiCases?: Map<string, CaseResult[]>;
  /** Parallel browser workers (default 2). */
  workers?: number;
  /** Progress lines for the terminal, masked. */
  progress?: (line: string) => void;
  /** More arguments for `playwright test` (tests and the benchmark: --repeat-each, --trace). */
  playwrightArgs?: string[];
  /** Where playwright.config.ts is (default: this checkout). */
  root?: string;
  /** Site id -> campaign name -> the moment its cases run at (the store's signed clock; src/dryrun/clock.ts browserPlanOf). */
  clock?: Map<string, Record<string, CaseMoment>>;
}

export interface BrowserSiteResult {
  cases: CaseResult[];
  findings: Finding[];
  /**
   * Carts the browsers made and how many were emptied: every cart a case knew by its order number
   * (read from the storefront's pages once the first item was in it, emptied at the end of the case
   * whatever happened, with or without an e-mail), and any cart carrying this run's e-mail, which
   * the run empties afterwards.
   */
  housekeeping?: { ordersCreated: number; ordersEmptied: number };
  /** Order number -> emptied, as the cases left them (read from their case files). */
  carts?: Map<string, boolean>;
}

export async function runBrowserDryRun(opts: BrowserRunOptions): Promise<Map<string, BrowserSiteResult>> {
  const root = opts.root ?? ROOT;
  const mask = redactor(opts.sites.flatMap((site) => secretsOf(site, opts.env)));
  const progress = (line: string) => opts.progress?.(mask(line));
  const out = new Map<string, BrowserSiteResult>();
  if (!opts.sites.length) return out;

  const runDirs = new Map<string, string>();
  for (const site of opts.sites) {
    const dir = opts.runDirs.get(site.site);
    if (!dir) throw new Error(`runBrowserDryRun: no run folder for site ${site.site}`);
    runDirs.set(site.site, path.resolve(dir));
    // Case files of an earlier run in the same folder would be read as this run's.
    fs.rmSync(path.join(dir, BROWSER_DIR), { recursive: true, force: true });
  }
  const runId = `${path.basename(runDirs.values().next().value!)}-${randomBytes(2).toString('hex')}`.replace(/[^A-Za-z0-9-]/g, '-');
  // Each site's storefront preset: named in its file, or detected from the store's pages now.
  const storefronts = new Map<string, { site: Site; finding: Finding }>();
  for (const site of opts.sites) storefronts.set(site.site, await resolveStorefront(site));
  const sites = opts.sites.map((s) => storefronts.get(s.site)!.site);
  // The sites exactly as given (a shard of a site has fewer campaigns than its file), for the
  // Playwright processes to read; private to this user, since it holds the codes, and removed after.
  const handover = fs.mkdtempSync(path.join(os.tmpdir(), 'holiday-ready-browser-'));
  const sitesFile = path.join(handover, 'sites.json');
  fs.writeFileSync(sitesFile, JSON.stringify(sites), { mode: 0o600 });
  const env: NodeJS.ProcessEnv = {
    ...opts.env,
    HOLIDAY_READY_SITES_FILE: sitesFile,
    HOLIDAY_READY_SITES: opts.sites.map((s) => s.file).join(','),
    HOLIDAY_READY_RUN_DIRS: JSON.stringify(Object.fromEntries(runDirs)),
    HOLIDAY_READY_RUN_ID: runId,
    HOLIDAY_READY_WORKERS: String(opts.workers ?? opts.env.HOLIDAY_READY_WORKERS ?? 2),
    FORCE_COLOR: '0',
    [BROWSER_CLOCK_ENV]: JSON.stringify(Object.fromEntries(opts.clock ?? [])),
  };
  delete env.HOLIDAY_READY_RUN_DIR;
  const args = [
    'playwright', 'test',
    '-c', path.join(root, 'playwright.config.ts'),
    ...opts.sites.map((s) => `--project=${s.site}`),
    `--workers=${env.HOLIDAY_READY_WORKERS}`,
    ...(opts.playwrightArgs ?? []),
  ];
  const cases = opts.sites.reduce((n, s) => n + s.campaigns.reduce((m, c) => m + c.carts.length, 0), 0);
  progress(`browser: ${plural(cases, 'case')} on ${opts.sites.map((s) => s.staging.url).join(', ')} (Chromium, ${env.HOLIDAY_READY_WORKERS} workers)`);
  // One browser run at a time on this machine, however many sites are audited at once.
  const child = await browserLimit(() =>
    runChild('npx', args, { cwd: root, env }, (line) => {
      // The reporter's own lines: one per case, and the first lines of its errors.
      if (/^\s+(ok|FAIL|TIME|skip|INT)\s/.test(line)) progress(`browser ${line.trim()}`);
    }),
  ).finally(() => fs.rmSync(handover, { recursive: true, force: true }));

  for (const site of opts.sites) {
    const runDir = runDirs.get(site.site)!;
    const collected = collect(site, runDir, opts.apiCases?.get(site.site), child, mask);
    collected.findings.unshift(storefronts.get(site.site)!.finding);
    out.set(site.site, collected);
  }
  await emptyCarts(opts.sites, opts.env, runId, out, mask);
  return out;
}

interface ChildResult {
  code: number | null;
  /** The last lines of its output, masked later (they may hold anything the scenarios printed). */
  tail: string[];
  spawnError?: string;
}

function runChild(cmd: string, args: string[], o: { cwd: string; env: NodeJS.ProcessEnv }, onLine: (line: string) => void): Promise<ChildResult> {
  return new Promise((resolve) => {
    const tail: string[] = [];
    const keep = (line: string) => {
      tail.push(line);
      if (tail.length > 40) tail.shift();
    };
    let child;
    try {
      child = spawn(cmd, args, { cwd: o.cwd, env: o.env, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      resolve({ code: null, tail, spawnError: (error as Error).message });
      return;
    }
    readline.createInterface({ input: child.stdout }).on('line', (l) => {
      keep(l);
      onLine(l);
    });
    readline.createInterface({ input: child.stderr }).on('line', keep);
    child.on('error', (error) => resolve({ code: null, tail, spawnError: error.message }));
    child.on('close', (code) => resolve({ code, tail }));
  });
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** The cases and findings of one site, from its run folder. */
function collect(site: Site, runDir: string, apiCases: CaseResult[] | undefined, child: ChildResult, mask: Redact): BrowserSiteResult {
  const dir = path.join(runDir, BROWSER_DIR);
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json') && f !== REPORT_FILE) : [];
  const byId = new Map<string, BrowserCaseFile>();
  const carts = new Map<string, boolean>();
  for (const f of files.sort()) {
    const c = readJson<BrowserCaseFile>(path.join(dir, f));
    // Repeats (--repeat-each) write -repeatN files: the first one stands for the case.
    if (c && c.source === 'browser' && typeof c.id === 'string' && !byId.has(c.id)) byId.set(c.id, c);
    // Every case file, repeats too: each made a cart of its own.
    const cart = c?.browser?.cart;
    if (cart?.number) carts.set(cart.number, (carts.get(cart.number) ?? false) || cart.emptied);
  }
  const report = readJson<Partial<ReportFile>>(path.join(dir, REPORT_FILE));
  const traceOf = (id: string) => report?.tests?.find((t) => t.caseId === id && t.trace)?.trace;

  const cases: CaseResult[] = [];
  const findings: Finding[] = [];
  const missing: { campaign: Campaign; cart: Cart }[] = [];
  const seen: BrowserCaseFile[] = [];
  for (const campaign of site.campaigns) {
    for (const cart of campaign.carts) {
      const id = browserCaseId(campaign.name, cart.name);
      const file = byId.get(id);
      if (!file) {
        missing.push({ campaign, cart });
        continue;
      }
      seen.push(file);
      const api = apiCases?.find((c) => c.id === apiCaseId(campaign.name, cart.name));
      // Discounts the page did not place, placed where the API's of the same label sit, and judged again.
      const placed = placedCase(file, api, campaign, cart);
      const { browser: _own, ...result } = placed;
      const ctx = { site, campaign, cart, code: showCode(campaign), trace: traceOf(id) };
      cases.push(result);
      findings.push(...[browserFinding(placed, api, ctx), disagreement(api, result, ctx), guardFinding(placed, ctx)].filter((f) => f !== undefined));
    }
  }
  const elsewhere = otherOriginsFinding(site, seen);
  if (elsewhere) findings.push(elsewhere);
  if (missing.length) {
    const why = child.spawnError
      ? `Playwright could not be started: ${child.spawnError}`
      : `Playwright ended with exit code ${child.code} before these cases wrote their results`;
    const detail = mask(child.tail.filter((l) => l.trim()).slice(-15).join('\n'));
    for (const { campaign, cart } of missing) {
      const blank = newCase('browser', browserCaseId(campaign.name, cart.name), campaign, showCode(campaign), cart);
      cases.push({ ...blank, summary: 'Not checked in the browser: the browser dry-run did not run this case.', error: why });
    }
    findings.push({
      id: `browser-run:${site.site}`,
      source: 'harness',
      level: 'warn',
      notChecked: true,
      impact: 'function',
      title: `The browser dry-run did not run ${missing.length === cases.length ? 'any case' : `${missing.length} of ${cases.length} cases`}`,
      expected: 'Every cart of every campaign is also tried in a real browser',
      actual: `${plural(missing.length, 'case')} not checked in the browser (${missing.map((m) => `${m.campaign.name} / ${m.cart.name}`).join('; ')})`,
      cause: `${why}.`,
      action: `Check that Chromium is at ${CHROMIUM_PATH} and that \`npx playwright test -c playwright.config.ts --project=${site.site}\` runs, then run the audit again. The API dry-run's results stand.`,
      evidence: { detail },
    });
  }
  return { ...redactDeep({ cases, findings }, mask), carts };
}

/**
 * Counts and empties what this run's browsers left: the carts the cases knew by number (emptied by
 * the case already; tried again here when that failed) and any cart carrying this run's e-mail,
 * with the admin API key. Without a key (or on failure) the next API dry-run sweeps those with an
 * e-mail with the rest of the reserved domain.
 */
async function emptyCarts(sites: Site[], env: NodeJS.ProcessEnv, runId: string, out: Map<string, BrowserSiteResult>, mask: Redact): Promise<void> {
  const email = `dryrun+browser-${runId}@${DRYRUN_DOMAIN}`;
  for (const site of sites) {
    const apiKey = env[site.staging.apiKeyEnv];
    if (!apiKey) continue;
    const admin = createSolidusClient({ baseUrl: site.staging.url, apiKey, timeoutMs: site.dryRun.timeoutMs, retries: site.dryRun.retries });
    const mine = out.get(site.site);
    // The carts the cases knew and emptied themselves; those they could not are tried again here.
    const carts = new Map(mine?.carts ?? []);
    const empty = async (number: string) =>
      carts.set(number, (await admin.PUT('/orders/{order_number}/empty', { params: { path: { order_number: number } } })).response.ok);
    try {
      for (const [number, emptied] of carts) if (!emptied) await empty(number);
      const { data, response } = await admin.GET('/orders', {
        params: { query: { per_page: 100, q: { email_eq: email, completed_at_null: '1' } } },
      });
      for (const o of response.ok ? data?.orders ?? [] : []) {
        if (o.number && o.email === email && !carts.get(o.number)) await empty(o.number);
      }
    } catch {
      // the next API dry-run sweeps what carries the reserved domain
    }
    const left = [...carts.values()].filter((emptied) => !emptied).length;
    if (mine) {
      mine.housekeeping = { ordersCreated: carts.size, ordersEmptied: carts.size - left };
      delete mine.carts;
    }
    if (!left) continue;
    const finding: Finding = {
      id: `browser-cleanup:${site.site}`,
      source: 'harness',
      level: 'warn',
      title: `${plural(left, 'browser dry-run cart')} could not be emptied`,
      expected: 'every cart the browser dry-run made is emptied',
      actual: `${left} still hold items`,
      cause: 'The store did not answer the empty request.',
      action: `They will be swept by the next run (orders under @${DRYRUN_DOMAIN}).`,
    };
    mine?.findings.push(redactDeep(finding, mask));
  }
}

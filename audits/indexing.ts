/**
 * Indexing: staging must not be indexable by search engines (it would compete with the live store
 * and show customers prices that are not real), and the live store must be (a copied staging
 * setting that hides production from search is a quiet disaster during the holiday).
 *
 * Looks at what crawlers see: the X-Robots-Tag header and the robots meta tag of the home page,
 * and /robots.txt. GET requests only.
 */
import type { Audit, AuditContext, AuditFinding } from '../src/audits/types.ts';
import { readOptions } from '../src/audits/options.ts';
import { timeoutSignal } from '../src/safety/timeout.ts';
import { capitalize } from '../src/text/words.ts';

export const OPTIONS = {
  /** Also check that the live store (production) is indexable. */
  check_production: { type: 'boolean', default: true },
  timeout_ms: { type: 'number', default: 10000, min: 500, max: 60000 },
} as const;

/** What a crawler sees of a store. */
export interface CrawlerView {
  /** HTTP status of the home page. */
  status: number;
  /** The X-Robots-Tag header, if any. */
  robotsHeader?: string;
  /** The content of <meta name="robots">, if any. */
  robotsMeta?: string;
  /** robots.txt when it answered 200, else undefined. */
  robotsTxt?: string;
}

/** Whether robots.txt keeps every crawler out of the whole site (`User-agent: *` with `Disallow: /`). */
export function disallowsAll(robotsTxt: string | undefined): boolean {
  if (!robotsTxt) return false;
  let agents: string[] = [];
  let inRules = false;
  for (const raw of robotsTxt.split(/\r?\n/)) {
    const line = raw.replace(/#.*/, '').trim();
    const m = /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(line);
    if (!m) continue;
    const field = m[1].toLowerCase();
    const value = m[2].trim();
    if (field === 'user-agent') {
      if (inRules) agents = [];
      inRules = false;
      agents.push(value);
    } else if (field === 'disallow' || field === 'allow') {
      inRules = true;
      if (field === 'disallow' && value === '/' && agents.includes('*')) return true;
    }
  }
  return false;
}

const noindex = (v?: string) => !!v && /\b(noindex|none)\b/i.test(v);

/** The staging and production views against the rules. Pure. Keys: `staging:indexable`, `staging:robots-only`, `production:noindex`, `production:disallowed`. */
export function checkIndexing(staging: CrawlerView | undefined, production: CrawlerView | undefined, urls: { staging: string; production?: string }): AuditFinding[] {
  const out: AuditFinding[] = [];
  if (staging && staging.status !== 401 && staging.status !== 403) {
    const tagged = noindex(staging.robotsHeader) || noindex(staging.robotsMeta);
    const blocked = disallowsAll(staging.robotsTxt);
    const actual = `X-Robots-Tag: ${staging.robotsHeader ?? '(none)'}; robots meta tag: ${staging.robotsMeta ?? '(none)'}; robots.txt ${blocked ? 'disallows everything' : staging.robotsTxt === undefined ? 'missing' : 'lets crawlers in'}`;
    if (!tagged && !blocked) {
      out.push({
        key: 'staging:indexable', title: `Staging (${urls.staging}) can be indexed by search engines`,
        expected: 'staging answers with X-Robots-Tag: noindex (or a robots.txt that disallows everything, or a password)', actual,
        cause: 'Search engines that find a link to staging list it next to the live store; customers land on a store whose prices and orders are not real.',
        action: 'Make the staging server send `X-Robots-Tag: noindex, nofollow` on every response and serve a robots.txt with `User-agent: *` and `Disallow: /` (or put staging behind a password).',
        impact: 'function',
      });
    } else if (!tagged) {
      out.push({
        key: 'staging:robots-only', kind: 'info', title: 'Staging keeps crawlers out with robots.txt only',
        expected: 'X-Robots-Tag: noindex on staging', actual,
        cause: 'robots.txt stops crawling, but a staging URL linked from elsewhere can still be listed (without a description).',
        action: 'Also send `X-Robots-Tag: noindex, nofollow` from staging.',
      });
    }
  }
  if (production && urls.production && production.status < 400) {
    if (noindex(production.robotsHeader) || noindex(production.robotsMeta)) {
      out.push({
        key: 'production:noindex', title: `The live store (${urls.production}) tells search engines not to index it`,
        expected: 'no noindex on the live store', actual: `X-Robots-Tag: ${production.robotsHeader ?? '(none)'}; robots meta tag: ${production.robotsMeta ?? '(none)'}`,
        cause: 'Search engines drop the store from their results; holiday shoppers searching for it will not find it. Often a staging setting copied to production.',
        action: 'Remove the noindex header or meta tag from production today; then ask search engines to recrawl.',
        impact: 'revenue',
      });
    }
    if (disallowsAll(production.robotsTxt)) {
      out.push({
        key: 'production:disallowed', title: `The live store's robots.txt keeps every search engine out`,
        expected: 'a robots.txt that lets crawlers into the store', actual: `${urls.production}/robots.txt has User-agent: * with Disallow: /`,
        cause: 'Search engines stop crawling the store; new holiday pages and prices never show up in search.',
        action: 'Replace production\'s robots.txt with the live one (often a staging file deployed by mistake).',
        impact: 'revenue',
      });
    }
  }
  return out;
}

async function crawl(ctx: AuditContext, base: string, timeoutMs: number): Promise<CrawlerView> {
  const signal = () => timeoutSignal(timeoutMs, ctx.signal);
  const home = await ctx.fetch(`${base}/`, { signal: signal(), headers: { 'User-Agent': 'holiday-ready (indexing audit)' } });
  const html = (await home.text()).slice(0, 200_000);
  const meta = /<meta\s+[^>]*name=["']?robots["']?[^>]*>/i.exec(html)?.[0];
  const robotsMeta = meta ? /content=["']([^"']*)["']/i.exec(meta)?.[1] : undefined;
  const robots = await ctx.fetch(`${base}/robots.txt`, { signal: signal() });
  const robotsTxt = robots.ok ? (await robots.text()).slice(0, 100_000) : (await robots.body?.cancel(), undefined);
  return { status: home.status, robotsHeader: home.headers.get('x-robots-tag') ?? undefined, robotsMeta, robotsTxt };
}

const audit: Audit = {
  id: 'indexing',
  title: 'Staging is hidden from search engines, the live store is not',
  failureTitle: 'Search engines see the wrong store',
  recommended: 'error',
  shouldRun: () => true,
  async run(ctx) {
    const opts = readOptions('indexing', ctx.options, OPTIONS);
    const stagingUrl = ctx.site.staging.url.replace(/\/+$/, '');
    const productionUrl = opts.check_production && ctx.site.production ? ctx.site.production.url.replace(/\/+$/, '') : undefined;
    const [staging, production] = await Promise.all([
      crawl(ctx, stagingUrl, opts.timeout_ms),
      productionUrl ? crawl(ctx, productionUrl, opts.timeout_ms) : Promise.resolve(undefined),
    ]);
    const findings = checkIndexing(staging, production, { staging: stagingUrl, production: productionUrl });
    const problems = findings.filter((f) => f.kind !== 'info');
    const stagingWords = staging.status === 401 || staging.status === 403 ? 'staging needs a password' : noindex(staging.robotsHeader) || noindex(staging.robotsMeta) ? 'staging says noindex' : disallowsAll(staging.robotsTxt) ? 'staging disallows crawlers in robots.txt' : 'staging is open to search engines';
    const productionWords = production ? (problems.some((f) => f.key.startsWith('production:')) ? 'the live store is hidden from search engines' : 'the live store is open to search engines') : undefined;
    const summary = `${[stagingWords, productionWords].filter(Boolean).join('; ')}.`;
    return { summary: capitalize(summary), findings };
  },
};

export default audit;

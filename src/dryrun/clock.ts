/**
 * Which moments the dry-run can use, found out before the first cart (read-only):
 *
 * 1. What staging holds for each code (GET /api/promotions/{code}, admin): its dates, or that the
 *    code does not exist there at all.
 * 2. Whether the store's signed clock works (the solidus_holiday_ready extension): one signed read
 *    request, whose answer must confirm the moment (CLOCK_HEADERS.confirm).
 *
 * With the clock, every campaign runs at its moments (src/dryrun/moments.ts). Without it (no
 * extension, no secret), the run says so once and does what it can: a campaign live on staging now
 * is dry-run now, as before; one not live yet is "not checked: not live on staging until <start>"
 * (a warning, never a blocking refusal); one whose window is over is skipped with a note. A code
 * staging does not have at all is dry-run now, and its refusal says the code does not exist there.
 */
import type { LimitFunction } from 'p-limit';
import type { Campaign, Site } from '../config/types.ts';
import type { CaseMoment, CaseResult, Finding, RunResults } from '../findings/types.ts';
import { newCase } from '../findings/types.ts';
import type { SolidusClient } from '../solidus/client.ts';
import { CLOCK_HEADERS } from '../solidus/clock.ts';
import { promotionByCode } from '../solidus/queries.ts';
import type { Inventory } from '../solidus/inventory.ts';
import { formatLocal } from '../text/time.ts';
import { campaignMoments, holidayStart, momentOf, overlapStart, windowOf, type PlannedMoment } from './moments.ts';
import type { PairPlan, StagingPromotion } from './context.ts';

/**
 * The store's clock: it confirmed the moment (works), the site file names no clock secret, the
 * variable it names is not set, the store answered without confirming the moment (no extension, or
 * another secret), or the probe itself failed. In a few words, and why it is not used.
 */
const CLOCK_STATES = {
  works: { words: 'the clock works', why: () => '' },
  unconfigured: { words: 'the site file names no clock secret', why: () => 'The site file names no clock secret (staging.clock_secret_env).' },
  'no-secret': { words: 'the clock secret is not set', why: (_: ClockCheck, env?: string) => `The environment variable ${env} is not set.` },
  ignored: {
    words: 'the store did not confirm the moment',
    why: (c: ClockCheck, env?: string) =>
      `The staging store did not confirm the moment it was asked for (${c.detail}): the solidus_holiday_ready extension is not installed there, or its secret is not the one in ${env}.`,
  },
  failed: { words: 'the clock check failed', why: (c: ClockCheck) => `The clock check failed: ${c.detail}.` },
};
export type ClockState = keyof typeof CLOCK_STATES;

export interface ClockCheck {
  state: ClockState;
  detail?: string;
}

/** Whether a promotion with these dates is active at `at`, as Solidus decides (strictly after its start, before its end). */
export function activeAt(p: Pick<StagingPromotion, 'startsAt' | 'expiresAt'>, at: Date): 'live' | 'not-yet' | 'over' {
  const t = at.getTime();
  if (p.startsAt && new Date(p.startsAt).getTime() >= t) return 'not-yet';
  if (p.expiresAt && new Date(p.expiresAt).getTime() <= t) return 'over';
  return 'live';
}

/** What staging holds for a campaign, read-only, one request per code. */
async function heldOnStaging(admin: SolidusClient, site: Site, campaign: Campaign, now: Date, limit: LimitFunction, inventory?: Inventory): Promise<StagingPromotion> {
  if (!campaign.code) {
    // No code to look an automatic promotion up by: its window in the plan stands for it (an end like 23:59 lasts through 23:59:59).
    const w = windowOf(site, campaign);
    const window = w ? { startsAt: w.start.toISOString(), expiresAt: new Date(w.last.getTime() + 59_000).toISOString() } : {};
    return { state: activeAt(window, now), ...window, from: 'plan' };
  }
  try {
    const p = await limit(() => promotionByCode(admin, campaign.code!, undefined, inventory));
    if (!p) return { state: 'missing', from: 'staging' };
    return { state: activeAt({ startsAt: p.starts_at, expiresAt: p.expires_at }, now), startsAt: p.starts_at ?? null, expiresAt: p.expires_at ?? null, from: 'staging' };
  } catch (error) {
    return { state: 'unknown', from: 'staging', error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * One signed read request (GET /api/products?per_page=1) at `at`: does the answer confirm the moment?
 * `clientAt` builds a client whose requests carry the clock (src/solidus/clock.ts).
 */
export async function probeClock(clientAt: (at: string) => SolidusClient, at: CaseMoment): Promise<ClockCheck> {
  try {
    const { response } = await clientAt(at.at).GET('/products', { params: { query: { per_page: 1 } as never } });
    const confirmed = response.headers.get(CLOCK_HEADERS.confirm);
    if (confirmed && Date.parse(confirmed) === Date.parse(at.at)) return { state: 'works' };
    if (confirmed) return { state: 'ignored', detail: `the store answered at ${confirmed}, not at the moment asked for` };
    // The extension says why it ignored the clock; a store without it says nothing.
    const why = response.headers.get(CLOCK_HEADERS.ignored);
    if (why) return { state: 'ignored', detail: `the store ignored the clock: ${why.slice(0, 40)}` };
    return { state: 'ignored', detail: `the store answered ${response.status} without a ${CLOCK_HEADERS.confirm} header: the extension is not installed` };
  } catch (error) {
    return { state: 'failed', detail: error instanceof Error ? error.message : String(error) };
  }
}

/** What the dry-run does for each campaign, at which moments. */
export interface MomentPlan {
  clock: ClockCheck;
  /** Campaigns dry-run, each with its moments. */
  run: Map<Campaign, PlannedMoment[]>;
  /** Cases of campaigns that are not dry-run (not live yet, over), already decided. */
  cases: CaseResult[];
  /** The clock's note (once) and one finding per campaign not dry-run. */
  findings: Finding[];
  staging: Map<Campaign, StagingPromotion>;
  /** The moment a code pair runs at. */
  pairMoment: (plan: PairPlan) => PlannedMoment;
}

export interface PlanInput {
  site: Site;
  staging: Map<Campaign, StagingPromotion>;
  clock: ClockCheck;
  now: Date;
  /** --at: every case at this one moment. */
  at?: string;
  show: (campaign: Campaign) => string;
  /** The variable that holds (or would hold) the secret, for the words. */
  secretEnv?: string;
}

/** Decides, from what staging holds and whether the clock works, what runs at which moment. Pure. */
export function planMoments(input: PlanInput): MomentPlan {
  const { site, staging, clock, now, at, show } = input;
  const tz = site.holiday.timezone;
  const run = new Map<Campaign, PlannedMoment[]>();
  const cases: CaseResult[] = [];
  const findings: Finding[] = [];
  if (clock.state === 'works') {
    for (const c of site.campaigns) run.set(c, campaignMoments(site, c, at));
    return {
      clock, run, cases, findings, staging,
      pairMoment: (p) => ({ ...overlapStart(site, p.first, p.second, at), role: 'full', primary: true }),
    };
  }

  const nowMoment: PlannedMoment = { ...momentOf(now, 'now', tz), instant: now, role: 'full', primary: true };
  findings.push(clockFinding(site, clock, input.secretEnv, at));
  const fmt = (iso: string) => formatLocal(new Date(iso), tz);
  const moment = stripMoment(nowMoment);
  for (const campaign of site.campaigns) {
    const held = staging.get(campaign) ?? { state: 'unknown', from: 'staging' as const };
    if (held.state !== 'not-yet' && held.state !== 'over') {
      // Live now, missing on staging (its refusal says so) or unreadable: dry-run now, as before.
      run.set(campaign, [nowMoment]);
      continue;
    }
    const label = campaign.code ? show(campaign) : campaign.name;
    const code = campaign.code ? show(campaign) : 'automatic';
    const planned = campaignMoments(site, campaign).map((m) => m.text).join('; ');
    const about = { campaign: campaign.name, code, expected: `${campaign.name} dry-run at its own moments (${planned})` };
    const from = held.from === 'staging' ? 'the promotion on staging' : 'the campaign';
    const start = held.state === 'not-yet' ? fmt(held.startsAt!) : undefined;
    const end = held.expiresAt ? fmt(held.expiresAt) : 'earlier';
    findings.push(start ? {
      id: `api:not-live:${campaign.name}`, source: 'api', level: 'warn', notChecked: true, impact: 'function',
      title: `${label} not checked: not live on staging until ${start}`,
      ...about,
      actual: `not dry-run: ${from} starts ${start}, and the store's clock cannot be moved (${CLOCK_STATES[clock.state].words})`,
      cause: `Without the signed clock the harness can only see staging as it is today, and ${label} does not work there before ${start}.`,
      action: `Install the solidus_holiday_ready extension on the staging store and set its clock secret (${input.secretEnv ? `in ${input.secretEnv}` : 'name its variable in staging.clock_secret_env'}; see extension/README.md), or open the promotion's window on staging for the dry-run, then run this audit again.`,
      moment,
    } : {
      id: `api:over:${campaign.name}`, source: 'api', level: 'info',
      title: `${label} skipped: its window on staging ended ${end}`,
      ...about,
      actual: `not dry-run: ${from} ended ${end}`,
      cause: 'The campaign is over on staging, and without the signed clock the harness cannot go back to its window.',
      action: 'Nothing, if the campaign is over; to check it anyway, install the solidus_holiday_ready extension on staging (see extension/README.md) or remove the campaign from the site file.',
      moment,
    });
    const summary = start ? `Not checked: not live on staging until ${start}.` : `Not checked: its window on staging ended ${end}.`;
    for (const cart of campaign.carts) cases.push({ ...newCase('api', `api:${campaign.name} / ${cart.name}`, campaign, code, cart), summary, moment });
  }
  return { clock, run, cases, findings, staging, pairMoment: () => nowMoment };
}

/** A moment as results.json keeps it. */
export function stripMoment(m: CaseMoment): CaseMoment {
  return { label: m.label, at: m.at, text: m.text };
}

/** The one note that the clock is not there, and what that means for this run. */
function clockFinding(site: Site, clock: ClockCheck, secretEnv: string | undefined, at: string | undefined): Finding {
  return {
    id: 'harness:clock', source: 'harness', level: 'info',
    title: `The staging store's clock is not available: campaigns are dry-run as staging is today${at ? ` (--at ${at} not applied)` : ''}`,
    expected: `each campaign dry-run at its own moments in ${site.holiday.timezone} (one minute before it starts, its first minute, its last minute)`,
    actual: 'campaigns live on staging now are dry-run now; the others are not checked or skipped',
    cause: CLOCK_STATES[clock.state].why(clock, secretEnv),
    action: `Install the solidus_holiday_ready extension on the staging store, set its clock secret there and in ${secretEnv ?? 'the variable named by staging.clock_secret_env'} (see extension/README.md), then run this audit again.`,
  };
}

export interface MomentSetup {
  plan: MomentPlan;
  /** The site as the dry-run sees it: only the campaigns it runs. */
  site: Site;
  /**
   * The guest client at a moment, or a signed-in user's with its `apiKey`: its requests carry the
   * signed clock when the clock works; the plain guest client otherwise.
   */
  clientAt: (moment: PlannedMoment | undefined, apiKey?: string) => SolidusClient;
}

export interface MomentSetupInput extends Pick<PlanInput, 'site' | 'now' | 'at' | 'show'> {
  env: NodeJS.ProcessEnv;
  /** Admin client (reads what staging holds). */
  admin: SolidusClient;
  /** The guest client without a clock (used when the clock does not work). */
  guest: SolidusClient;
  /** Builds a client (a guest's, or a user's with `apiKey`) whose requests carry the clock at `at` (createSolidusClient with `clock`). */
  clockClient: (at: string, secret: string, apiKey?: string) => SolidusClient;
  /** Told about every client made here, so the run waits for their requests before emptying carts. */
  track: (client: SolidusClient) => void;
  limit: LimitFunction;
  /** Staging's inventory, when it was read: on solidus_promotions the codes are looked up there (promotionByCode). */
  inventory?: Inventory;
  progress?: (line: string) => void;
}

/** Reads staging, checks the clock, plans the moments and says once how the run will see the store. */
export async function prepareMoments(o: MomentSetupInput): Promise<MomentSetup> {
  const { site, env } = o;
  const secretEnv = site.staging.clockSecretEnv;
  const secret = secretEnv ? env[secretEnv]?.trim() : undefined;
  const all = site.allCampaigns ?? site.campaigns;
  const held = await Promise.all(all.map((c) => heldOnStaging(o.admin, site, c, o.now, o.limit, o.inventory)));
  const staging = new Map(all.map((c, i) => [c, held[i]]));
  const clients = new Map<string, SolidusClient>();
  const clockAt = (at: string, apiKey?: string) => {
    const key = apiKey === undefined ? at : `${apiKey}\u0000${at}`;
    let c = clients.get(key);
    if (!c) {
      c = o.clockClient(at, secret!, apiKey);
      clients.set(key, c);
      o.track(c);
    }
    return c;
  };
  // The probe asks for the first campaign's primary moment, or the holiday's first day.
  const probe = (site.campaigns[0] ? campaignMoments(site, site.campaigns[0], o.at) : []).find((m) => m.primary) ?? momentOf(holidayStart(site), 'start', site.holiday.timezone);
  const clock: ClockCheck = !secretEnv ? { state: 'unconfigured' } : !secret ? { state: 'no-secret' } : await probeClock(clockAt, probe);
  const plan = planMoments({ site, staging, clock, now: o.now, at: o.at, show: o.show, secretEnv });
  if (clock.state === 'works') {
    const labels = [...new Set([...plan.run.values()].flat().map((m) => m.label))];
    o.progress?.(`clock: each campaign at its own moments (${labels.join(', ')}) in ${site.holiday.timezone}`);
  } else {
    const notLive = site.campaigns.filter((c) => staging.get(c)?.state === 'not-yet').length;
    const over = site.campaigns.filter((c) => staging.get(c)?.state === 'over').length;
    o.progress?.(
      `clock: not available (${CLOCK_STATES[clock.state].words}): campaigns live on staging now are dry-run now` +
      `${notLive ? `; ${notLive} not live yet, not checked` : ''}${over ? `; ${over} over, skipped` : ''}`,
    );
  }
  const runs = new Set(plan.run.keys());
  const skipped = new Set(site.campaigns.filter((c) => !runs.has(c)));
  return {
    plan,
    site: skipped.size ? { ...site, campaigns: site.campaigns.filter((c) => runs.has(c)), allCampaigns: (site.allCampaigns ?? site.campaigns).filter((c) => !skipped.has(c) && staging.get(c)?.state !== 'not-yet' && staging.get(c)?.state !== 'over') } : site,
    clientAt: (m, apiKey) => (clock.state === 'works' && m && m.label !== 'now' ? clockAt(m.at, apiKey) : o.guest),
  };
}

/** The environment variable that tells the browser dry-run which moment each campaign runs at. */
export const BROWSER_CLOCK_ENV = 'HOLIDAY_READY_CLOCK';

/** What the browser dry-run does after the API's: the campaigns it leaves out, and each campaign's moment. */
export interface BrowserClock {
  /** Campaigns the API did not dry-run (not live on staging yet, over): the browser leaves them out too. */
  skip: Set<string>;
  /** Campaign name -> the moment of its primary API cases, when the store's clock was used. */
  at: Record<string, CaseMoment>;
}

/**
 * The browser's plan, from the API dry-run's results: the same campaigns, each at the moment its
 * primary cases ran at (its first minute, or --at). Without the clock, no moment: the store's own.
 */
export function browserPlanOf(results: Pick<RunResults, 'cases' | 'findings'>): BrowserClock {
  const skip = new Set(results.findings.filter((f) => /^api:(not-live|over):/.test(f.id) && f.campaign).map((f) => f.campaign!));
  const at: Record<string, CaseMoment> = {};
  for (const c of results.cases) {
    if (c.source !== 'api' || !c.moment || c.moment.label === 'now' || c.id.includes(' @ ') || skip.has(c.campaign)) continue;
    at[c.campaign] ??= stripMoment(c.moment);
  }
  return { skip, at };
}

/** Site id -> campaign name -> moment, as runBrowserDryRun hands it to Playwright (BROWSER_CLOCK_ENV). */
export function browserClockOf(env: NodeJS.ProcessEnv): Record<string, Record<string, CaseMoment>> {
  try {
    return env[BROWSER_CLOCK_ENV] ? (JSON.parse(env[BROWSER_CLOCK_ENV]!) as Record<string, Record<string, CaseMoment>>) : {};
  } catch {
    return {};
  }
}

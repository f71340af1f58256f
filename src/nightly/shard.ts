/**
 * Splitting one site's dry-run over N machines (`--shard i/N`), deterministically: every machine
 * that reads the same site file computes the same split, without talking to the others.
 *
 * The unit of a shard is a campaign, not a single cart: a campaign's carts run together because the
 * boundary search ("works below $85, fails from $85 up") brackets the threshold with all of the
 * campaign's carts, and the campaign's outcome and findings share that boundary. Splitting carts of
 * one campaign over machines would give a different boundary text than the unsharded run, so the
 * merged report would not equal it. Campaigns are packed greedily (largest first, each onto the
 * shard with the fewest carts so far, ties to the lowest shard and to the earlier campaign in the
 * file), which balances carts across shards; within a shard the campaigns keep their file order.
 */
import type { Campaign, Site } from '../config/types.ts';

/** Shard `index` of `total`, 1-based like Playwright's `--shard 2/4`. */
export interface ShardSpec {
  index: number;
  total: number;
}

/** At most this many shards per site: beyond it, the staging store rather than the machine is the limit. */
export const MAX_SHARDS = 4;
/** One shard per this many carts (API cases) of a site. */
export const CASES_PER_SHARD = 20;

export class ShardError extends Error {
  readonly code = 'bad-shard';
  constructor(message: string) {
    super(message);
    this.name = 'ShardError';
  }
}

/** Parses `2/4`; throws a ShardError whose message names the fix. */
export function parseShard(text: string): ShardSpec {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new ShardError(`--shard must look like 2/4 (this machine's shard / number of shards), got "${text}"`);
  const index = Number(m[1]);
  const total = Number(m[2]);
  if (total < 1 || total > 64) throw new ShardError(`--shard: the number of shards must be from 1 to 64, got ${total}`);
  if (index < 1 || index > total) throw new ShardError(`--shard: the shard must be from 1 to ${total}, got ${index}`);
  return { index, total };
}

/** The carts (API cases) a site tries. */
export function caseCount(site: Pick<Site, 'campaigns'>): number {
  return site.campaigns.reduce((n, c) => n + c.carts.length, 0);
}

/**
 * How many shards a site is split into: one per `casesPerShard` carts, at most `maxShards`, and
 * never more than the site has campaigns (the unit of a shard), so no shard is empty. At least 1.
 */
export function shardCount(
  site: Pick<Site, 'campaigns'>,
  opts: { casesPerShard?: number; maxShards?: number } = {},
): number {
  const per = opts.casesPerShard ?? CASES_PER_SHARD;
  const max = opts.maxShards ?? MAX_SHARDS;
  return Math.max(1, Math.min(max, Math.ceil(caseCount(site) / per), site.campaigns.length));
}

/**
 * For each campaign (by its position in the file), the 1-based shard it runs on.
 * Depends only on the number of carts of each campaign and their order, so it is the same on every machine.
 */
export function assignShards(campaigns: readonly { carts: readonly unknown[] }[], total: number): number[] {
  if (!Number.isInteger(total) || total < 1) throw new ShardError(`the number of shards must be a whole number of at least 1, got ${total}`);
  const order = campaigns.map((c, i) => ({ i, size: c.carts.length })).sort((a, b) => b.size - a.size || a.i - b.i);
  const load = new Array<number>(total).fill(0);
  const count = new Array<number>(total).fill(0);
  const shardOf = new Array<number>(campaigns.length);
  for (const { i, size } of order) {
    let best = 0;
    for (let s = 1; s < total; s++) {
      // Fewest carts first; an empty shard before a shard of only cart-less campaigns.
      if (load[s] < load[best] || (load[s] === load[best] && count[s] < count[best])) best = s;
    }
    load[best] += size;
    count[best] += 1;
    shardOf[i] = best + 1;
  }
  return shardOf;
}

/** The campaigns shard `i/N` runs, in file order. */
export function shardCampaigns<T extends { carts: readonly unknown[] }>(campaigns: readonly T[], shard: ShardSpec): T[] {
  const shardOf = assignShards(campaigns, shard.total);
  return campaigns.filter((_, i) => shardOf[i] === shard.index);
}

/**
 * The site as shard `i/N` sees it: the same site with only its share of the campaigns. A pair of
 * codes (src/dryrun/pairs.ts) runs on the shard of the code entered first, so `allCampaigns` keeps
 * the others in view.
 */
export function shardSite(site: Site, shard: ShardSpec): Site {
  if (shard.total === 1) return site;
  return { ...site, campaigns: shardCampaigns<Campaign>(site.campaigns, shard), allCampaigns: site.allCampaigns ?? site.campaigns };
}

/**
 * The nightly plan (src/nightly): which sites run tonight (the holiday-week rule, in each site's
 * own time zone, across daylight-saving changes), how a site is split into shards, and the
 * matrix the workflow reads. Every test passes its own instant: none depends on today's date.
 *
 * Run: node --import tsx --test test/unit/nightly.test.ts
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Campaign, Site } from '../../src/config/types.ts';
import { apiKeySecret, holidayWeek, inHolidayWeek, matrix, sitesInHolidayWeek, slackSecret, unknownSites } from '../../src/nightly/select.ts';
import { addDays, localDate } from '../../src/text/time.ts';
import { assignShards, caseCount, parseShard, shardCampaigns, shardCount, shardSite, ShardError } from '../../src/nightly/shard.ts';
import { planMain } from '../../src/nightly/matrix.ts';

/** A campaign with `carts` carts. */
function campaign(name: string, carts: number): Campaign {
  return {
    name, code: name.toUpperCase().replace(/\W/g, ''), secret: false,
    carts: Array.from({ length: carts }, (_, i) => ({ name: `cart ${i + 1}`, items: { 'JKT-001': i + 1 }, expect: { items: '10% off' } })),
  };
}

/** A site whose offices close on `closes` in `timezone` (only what the nightly plan reads is realistic). */
function site(id: string, closes: string, timezone: string, campaigns: Campaign[] = [campaign('Main', 2)]): Site {
  const s: Omit<Site, 'storefront'> & { storefront: Partial<Site['storefront']> } = {
    site: id, name: `${id} store`, file: `/sites/${id}.yml`, currency: 'USD',
    staging: { kind: 'staging', url: 'https://staging.example.com', apiKeyEnv: `${id.toUpperCase().replace(/-/g, '_')}_STAGING_API_KEY`, sandbox: false },
    holiday: { name: 'Holiday', officesClosed: [closes, addDays(closes, 3)], timezone },
    people: { engineer: { name: 'Dana' }, clientRep: { name: 'Sam' }, slackChannel: `#${id}-holiday` },
    dryRun: { concurrency: 4, timeoutMs: 30000, retries: 1, moments: ['before-start', 'start', 'end'] }, auditPreset: 'recommended', audits: {},
    storefront: {},
    campaigns,
  };
  return s as Site;
}

const at = (iso: string) => new Date(iso);

describe('the holiday week', () => {
  const acme = site('acme', '2026-11-26', 'America/New_York'); // EST, UTC−5

  test('starts at 00:00 local time seven days before the offices close', () => {
    assert.deepEqual(holidayWeek(acme), { from: '2026-11-19', to: '2026-11-26', timezone: 'America/New_York' });
    assert.equal(inHolidayWeek(acme, at('2026-11-19T04:59:59Z')), false, '23:59:59 on Nov 18 in New York');
    assert.equal(inHolidayWeek(acme, at('2026-11-19T05:00:00Z')), true, '00:00 on Nov 19 in New York');
  });

  test('ends at 23:59 local time on the day the offices close', () => {
    assert.equal(inHolidayWeek(acme, at('2026-11-26T07:00:00Z')), true, 'the nightly run on the morning the offices close');
    assert.equal(inHolidayWeek(acme, at('2026-11-27T04:59:59Z')), true, '23:59:59 on Nov 26 in New York');
    assert.equal(inHolidayWeek(acme, at('2026-11-27T05:00:00Z')), false, '00:00 on Nov 27 in New York');
  });

  test('counts calendar days, not 24-hour steps, when daylight saving time ends inside the week', () => {
    // New York leaves EDT (UTC−4) for EST (UTC−5) on 2026-11-01, inside the week before 2026-11-05.
    const early = site('early', '2026-11-05', 'America/New_York');
    assert.equal(inHolidayWeek(early, at('2026-10-29T03:59:59Z')), false, '23:59:59 EDT on Oct 28');
    assert.equal(inHolidayWeek(early, at('2026-10-29T04:00:00Z')), true, '00:00 EDT on Oct 29');
    assert.equal(inHolidayWeek(early, at('2026-11-06T04:59:59Z')), true, '23:59:59 EST on Nov 5');
    assert.equal(inHolidayWeek(early, at('2026-11-06T05:00:00Z')), false, '00:00 EST on Nov 6');
    // 8 × 24 hours from the start would end an hour early, at 03:59:59Z.
    assert.equal(inHolidayWeek(early, at('2026-11-06T04:30:00Z')), true);
  });

  test('counts calendar days when daylight saving time starts inside the week, in Berlin', () => {
    // Berlin moves from CET (UTC+1) to CEST (UTC+2) on 2026-03-29; Good Friday is 2026-04-03.
    const easter = site('easter', '2026-04-03', 'Europe/Berlin');
    assert.equal(inHolidayWeek(easter, at('2026-03-26T22:59:59Z')), false, '23:59:59 CET on Mar 26');
    assert.equal(inHolidayWeek(easter, at('2026-03-26T23:00:00Z')), true, '00:00 CET on Mar 27');
    assert.equal(inHolidayWeek(easter, at('2026-04-03T21:59:59Z')), true, '23:59:59 CEST on Apr 3');
    assert.equal(inHolidayWeek(easter, at('2026-04-03T22:00:00Z')), false, '00:00 CEST on Apr 4');
  });

  test('starts the week of a store in Auckland while it is still the day before in New York', () => {
    const kiwi = site('kiwi', '2026-12-24', 'Pacific/Auckland'); // NZDT, UTC+13
    const yank = site('yank', '2026-12-24', 'America/New_York');
    const now = at('2026-12-16T11:00:00Z'); // 00:00 Dec 17 in Auckland, 06:00 Dec 16 in New York
    assert.equal(localDate(now, 'Pacific/Auckland'), '2026-12-17');
    assert.equal(localDate(now, 'America/New_York'), '2026-12-16');
    assert.deepEqual(sitesInHolidayWeek([kiwi, yank], now).map((s) => s.site), ['kiwi']);
    assert.deepEqual(sitesInHolidayWeek([kiwi, yank], at('2026-12-16T10:59:59Z')).map((s) => s.site), []);
    assert.deepEqual(sitesInHolidayWeek([kiwi, yank], at('2026-12-17T05:00:00Z')).map((s) => s.site), ['kiwi', 'yank']);
    // And it ends first: 00:00 Dec 25 in Auckland is still Dec 24 in New York.
    assert.deepEqual(sitesInHolidayWeek([kiwi, yank], at('2026-12-24T11:00:00Z')).map((s) => s.site), ['yank']);
  });

  test('runs every site with force, and only the named sites when sites are named', () => {
    const sites = [acme, site('beta', '2026-12-24', 'Europe/Berlin'), site('gamma', '2027-01-01', 'Asia/Tokyo')];
    const november = at('2026-11-20T07:00:00Z');
    assert.deepEqual(sitesInHolidayWeek(sites, november).map((s) => s.site), ['acme']);
    assert.deepEqual(sitesInHolidayWeek(sites, november, { force: true }).map((s) => s.site), ['acme', 'beta', 'gamma']);
    assert.deepEqual(sitesInHolidayWeek(sites, november, { force: true, only: ['gamma', 'beta'] }).map((s) => s.site), ['beta', 'gamma']);
    assert.deepEqual(sitesInHolidayWeek(sites, november, { only: ['beta'] }).map((s) => s.site), [], 'named but not in its week, without force');
    assert.deepEqual(unknownSites(sites, ['beta', 'acmee']), ['acmee']);
  });
});

describe('shards', () => {
  test('parses --shard i/N and explains what is wrong with a bad one', () => {
    assert.deepEqual(parseShard('2/4'), { index: 2, total: 4 });
    assert.deepEqual(parseShard(' 1 / 1 '), { index: 1, total: 1 });
    for (const [text, message] of [
      ['0/4', /from 1 to 4, got 0/],
      ['5/4', /from 1 to 4, got 5/],
      ['2', /must look like 2\/4/],
      ['1/0', /from 1 to 64, got 0/],
    ] as const) {
      assert.throws(() => parseShard(text), (e: unknown) => e instanceof ShardError && e.code === 'bad-shard' && message.test(e.message), text);
    }
  });

  test('gives one shard per 20 carts, at most 4, and never more shards than campaigns', () => {
    const sized = (...carts: number[]) => ({ campaigns: carts.map((n, i) => campaign(`c${i}`, n)) });
    assert.equal(shardCount(sized()), 1, 'no campaigns');
    assert.equal(shardCount(sized(2, 1, 1, 2)), 1, 'acme: 6 carts');
    assert.equal(shardCount(sized(10, 10)), 1, '20 carts');
    assert.equal(shardCount(sized(10, 11)), 2, '21 carts');
    assert.equal(shardCount(sized(10, 10, 10, 11)), 3, '41 carts');
    assert.equal(shardCount(sized(...Array(10).fill(20))), 4, '200 carts: at most 4');
    assert.equal(shardCount(sized(80)), 1, 'one campaign of 80 carts stays on one machine');
    assert.equal(shardCount(sized(40, 5)), 2, '45 carts in 2 campaigns');
    assert.equal(shardCount(sized(10, 10, 10), { casesPerShard: 5, maxShards: 8 }), 3);
  });

  test('runs every campaign on exactly one shard, and no shard is empty', () => {
    for (let n = 1; n <= 12; n++) {
      const campaigns = Array.from({ length: n }, (_, i) => campaign(`c${i}`, 1 + ((i * 7) % 5)));
      for (let total = 1; total <= Math.min(n, 4); total++) {
        const shards = Array.from({ length: total }, (_, k) => shardCampaigns(campaigns, { index: k + 1, total }));
        const names = shards.flat().map((c) => c.name).sort();
        assert.deepEqual(names, campaigns.map((c) => c.name).sort(), `${n} campaigns in ${total} shards`);
        assert.ok(shards.every((s) => s.length > 0), `${n} campaigns in ${total} shards: none empty`);
      }
    }
  });

  test('balances the carts across shards and keeps the file order within a shard', () => {
    const campaigns = [campaign('a', 10), campaign('b', 1), campaign('c', 1), campaign('d', 1), campaign('e', 9), campaign('f', 8)];
    // Largest first onto the lighter shard: a(10)→1, e(9)→2, f(8)→2, then b, c, d (1 each)→1.
    assert.deepEqual(assignShards(campaigns, 2), [1, 1, 1, 1, 2, 2]);
    const one = shardCampaigns(campaigns, { index: 1, total: 2 });
    const two = shardCampaigns(campaigns, { index: 2, total: 2 });
    assert.deepEqual(one.map((c) => c.name), ['a', 'b', 'c', 'd']);
    assert.deepEqual(two.map((c) => c.name), ['e', 'f']);
    assert.deepEqual([caseCount({ campaigns: one }), caseCount({ campaigns: two })], [13, 17]);
    // Four shards: one each for the three large campaigns, the three small ones share the fourth.
    assert.deepEqual(assignShards(campaigns, 4), [1, 4, 4, 4, 2, 3]);
  });

  test('gives the same split on every machine: it depends only on the site file', () => {
    const campaigns = Array.from({ length: 9 }, (_, i) => campaign(`c${i}`, 1 + (i % 3)));
    const first = assignShards(campaigns, 4);
    const copy = JSON.parse(JSON.stringify(campaigns)) as Campaign[];
    assert.deepEqual(assignShards(copy, 4), first);
    const s = site('acme', '2026-11-26', 'America/New_York', campaigns);
    assert.deepEqual(shardSite(s, { index: 3, total: 4 }).campaigns.map((c) => c.name), campaigns.filter((_, i) => first[i] === 3).map((c) => c.name));
    assert.equal(shardSite(s, { index: 1, total: 1 }), s, '1/1 is the whole site');
  });
});

describe('the workflow matrix', () => {
  const big = Array.from({ length: 5 }, (_, i) => campaign(`Campaign ${i}`, 10)); // 50 carts
  const sites = [
    site('acme', '2026-11-26', 'America/New_York'),
    site('big-shop', '2026-11-26', 'America/Chicago', big),
    site('beta', '2026-12-24', 'Europe/Berlin'),
  ];

  test('lists one audit job per site and shard, with the secrets named after api_key_env', () => {
    const plan = matrix(sites, at('2026-11-20T07:00:00Z'));
    assert.deepEqual(plan.matrix.include, [
      { site: 'acme', shard: 1, shards: 1, shardArg: '1/1', stagingKey: 'ACME_STAGING_API_KEY', productionKey: '' },
      { site: 'big-shop', shard: 1, shards: 3, shardArg: '1/3', stagingKey: 'BIG_SHOP_STAGING_API_KEY', productionKey: '' },
      { site: 'big-shop', shard: 2, shards: 3, shardArg: '2/3', stagingKey: 'BIG_SHOP_STAGING_API_KEY', productionKey: '' },
      { site: 'big-shop', shard: 3, shards: 3, shardArg: '3/3', stagingKey: 'BIG_SHOP_STAGING_API_KEY', productionKey: '' },
    ]);
    assert.deepEqual(plan.sites.map((s) => [s.site, s.shards, s.cases, s.slackSecret, s.channel]), [
      ['acme', 1, 2, 'SLACK_WEBHOOK_ACME', '#acme-holiday'],
      ['big-shop', 3, 50, 'SLACK_WEBHOOK_BIG_SHOP', '#big-shop-holiday'],
    ]);
    assert.deepEqual(plan.invalid, []);
  });

  test('is empty when no site is in its holiday week', () => {
    const plan = matrix(sites, at('2026-10-01T07:00:00Z'));
    assert.deepEqual(plan, { matrix: { include: [] }, sites: [], invalid: [] });
  });

  test('refuses to map a key whose variable does not end in _API_KEY', () => {
    assert.equal(apiKeySecret('ACME_STAGING_API_KEY'), 'ACME_STAGING_API_KEY');
    assert.equal(apiKeySecret('SLACK_WEBHOOK_ACME'), undefined);
    assert.equal(apiKeySecret('GITHUB_API_KEY'), undefined);
    assert.equal(slackSecret('big-shop.eu'), 'SLACK_WEBHOOK_BIG_SHOP_EU');
    const sneaky = { ...sites[0], site: 'sneaky', staging: { ...sites[0].staging, apiKeyEnv: 'SLACK_WEBHOOK_ACME' } };
    const plan = matrix([sneaky], at('2026-11-20T07:00:00Z'));
    assert.deepEqual(plan.matrix.include, []);
    assert.match(plan.invalid[0].message, /staging\.api_key_env \(SLACK_WEBHOOK_ACME\) must end in _API_KEY/);
  });
});

describe('tsx src/nightly/matrix.ts', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hr-plan-'));
  after(() => fs.rmSync(root, { recursive: true, force: true }));
  fs.mkdirSync(path.join(root, 'sites'));
  const file = (id: string, closes: string, tz: string) => `site: ${id}
name: ${id} store
currency: USD
staging: { url: 'https://${id}.example.com', api_key_env: ${id.toUpperCase()}_STAGING_API_KEY }
holiday: { name: Holiday, offices_closed: [${closes}, ${addDays(closes, 2)}], timezone: ${tz} }
people:
  engineer: { name: Dana }
  client_rep: { name: Sam }
  slack_channel: '#${id}-holiday'
campaigns:
  - name: Main
    code: MAIN10
    carts:
      - { name: one jacket, items: { JKT-001: 1 }, expect: { items: 10% off } }
`;
  fs.writeFileSync(path.join(root, 'sites', 'acme.yml'), file('acme', '2026-11-26', 'America/New_York'));
  fs.writeFileSync(path.join(root, 'sites', 'kiwi.yml'), file('kiwi', '2026-12-24', 'Pacific/Auckland'));
  fs.writeFileSync(path.join(root, 'sites', 'broken.yml'), file('broken', '2026-11-26', 'America/New_York').replace('timezone: America/New_York', 'timezone: Mars/Olympus'));
  fs.writeFileSync(path.join(root, 'sites', 'example.annotated.yml'), '# not a site\n');

  async function plan(...args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await planMain(['--root', root, ...args], { out: (s) => out.push(s), err: (s) => err.push(s), env: {}, cwd: root, now: () => at('2026-11-20T07:00:00Z') });
    const lines = Object.fromEntries(out.join('').trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    return { code, lines, out: out.join(''), err: err.join('') };
  }

  test('prints the plan as $GITHUB_OUTPUT lines and annotates broken site files', async () => {
    const { code, lines, err } = await plan();
    assert.equal(code, 0, err);
    assert.deepEqual(Object.keys(lines), ['matrix', 'sites', 'count', 'invalid']);
    assert.deepEqual(JSON.parse(lines.matrix).include.map((r: { site: string }) => r.site), ['acme']);
    assert.equal(JSON.parse(lines.sites)[0].week.to, '2026-11-26');
    assert.equal(lines.count, '1');
    assert.deepEqual(JSON.parse(lines.invalid).map((i: { site: string }) => i.site), ['broken']);
    assert.match(err, /^::error file=sites\/broken\.yml,line=5,col=\d+::holiday\.timezone .*\[unknown-timezone\]$/m);
    assert.match(err, /acme: holiday week 2026-11-19 to 2026-11-26 \(America\/New_York\) — runs, 1 cart in 1 shard/);
    assert.match(err, /kiwi: holiday week 2026-12-17 to 2026-12-24 \(Pacific\/Auckland\) — skipped: not in its holiday week/);
  });

  test('runs a named site outside its week with --force, and takes --now for reproducing a night', async () => {
    const forced = await plan('--sites', 'kiwi', '--force');
    assert.deepEqual(JSON.parse(forced.lines.matrix).include.map((r: { site: string }) => r.site), ['kiwi']);
    assert.deepEqual(JSON.parse(forced.lines.invalid), [], 'a broken site that was not named is not reported');
    const kiwiNight = await plan('--now', '2026-12-16T11:00:00Z', '--json');
    assert.deepEqual(JSON.parse(kiwiNight.out).sites.map((s: { site: string }) => s.site), ['kiwi']);
  });

  test('exits 2 for a site in --sites that has no site file, naming the known ones', async () => {
    const { code, err } = await plan('--sites', 'acme,acmee');
    assert.equal(code, 2);
    assert.match(err, /no site file for acmee .* known sites: acme, broken, kiwi/);
  });
});

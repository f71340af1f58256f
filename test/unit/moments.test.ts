/**
 * Moments (src/dryrun/moments.ts), the signed clock on the wire (src/solidus/clock.ts, the client's
 * `clock` option) and the plan without a clock (src/dryrun/clock.ts). No store, no clock read:
 * every instant is given.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import type { Campaign, Site } from '../../src/config/types.ts';
import { campaignMoments, idAt, overlapStart, parseMomentTime } from '../../src/dryrun/moments.ts';
import { CLOCK_HEADERS, ClockRefusedError, clockHeaders, clockSigner } from '../../src/solidus/clock.ts';
import { createSolidusClient } from '../../src/solidus/client.ts';
import { guardFor } from '../../src/safety/guard.ts';
import { activeAt, planMoments, probeClock } from '../../src/dryrun/clock.ts';
import type { StagingPromotion } from '../../src/dryrun/context.ts';
import { isoInZone } from '../../src/text/time.ts';

const cart = { name: '$120 jacket', items: { 'JKT-001': 1 }, expect: { items: '50% off' } };
const bf: Campaign = { name: 'Black Friday 50% off', code: 'BLACKFRIDAY50', secret: false, window: ['2026-11-27T00:00', '2026-11-30T23:59'], carts: [cart] };
const take10: Campaign = { name: '$10 off orders over $100', code: 'TAKE10', secret: false, window: ['2026-11-28T09:00', '2026-12-01T23:59'], carts: [cart] };
const shipping: Campaign = { name: 'Free Shipping on All Orders over $85', code: null, secret: false, carts: [{ ...cart, expect: { shipping: 'free' } }] };

function site(moments?: string[], campaigns: Campaign[] = [bf, take10, shipping]): Site {
  return {
    site: 'acme', name: 'Acme', file: '/x/acme.yml', currency: 'USD',
    staging: { kind: 'staging', url: 'http://127.0.0.1:3000', apiKeyEnv: 'K', clockSecretEnv: 'CLOCK' },
    holiday: { name: 'Thanksgiving', officesClosed: ['2026-11-26', '2026-11-29'], timezone: 'America/New_York' },
    people: { engineer: { name: 'D' }, clientRep: { name: 'S' }, slackChannel: '#x' },
    dryRun: { concurrency: 4, timeoutMs: 15000, retries: 2, moments: moments ?? ['before-start', 'start', 'end'] },
    auditPreset: 'recommended', audits: {}, storefront: {} as Site['storefront'], campaigns,
  };
}

describe('moments', () => {
  test('a campaign runs one minute before its window, in its first minute and in its last, in the site time zone', () => {
    const ms = campaignMoments(site(), bf);
    assert.deepEqual(ms.map((m) => [m.label, m.at, m.text, m.role, m.primary]), [
      ['before-start', '2026-11-26T23:59:00-05:00', 'as on Thu, Nov 26, 11:59 PM EST', 'closed', false],
      ['start', '2026-11-27T00:01:00-05:00', 'as on Fri, Nov 27, 12:01 AM EST', 'full', true],
      ['end', '2026-11-30T23:59:00-05:00', 'as on Mon, Nov 30, 11:59 PM EST', 'expectations', false],
    ]);
  });

  test('a campaign without a window runs once, on the holiday\'s first day at 00:01', () => {
    const ms = campaignMoments(site(), shipping);
    assert.deepEqual(ms.map((m) => [m.label, m.at, m.primary]), [['start', '2026-11-26T00:01:00-05:00', true]]);
    assert.deepEqual(campaignMoments(site(['before-start', 'end']), shipping).map((m) => m.label), ['start'], 'labels of a window it has not: still the first day');
  });

  test('a campaign without a window runs at the date-times the site gives, and only then', () => {
    const ms = campaignMoments(site(['2026-11-27T12:00']), shipping);
    assert.deepEqual(ms.map((m) => [m.label, m.at, m.primary]), [['2026-11-27T12:00', '2026-11-27T12:00:00-05:00', true]]);
  });

  test('dry_run.moments picks a subset or adds a time; the first minute keeps the case ids of before', () => {
    assert.deepEqual(campaignMoments(site(['end', 'start']), bf).map((m) => [m.label, m.primary]), [['end', false], ['start', true]]);
    const custom = campaignMoments(site(['2026-11-28T12:00', 'before-start']), bf);
    assert.deepEqual(custom.map((m) => [m.label, m.at, m.role, m.primary]), [
      ['2026-11-28T12:00', '2026-11-28T12:00:00-05:00', 'expectations', true],
      ['before-start', '2026-11-26T23:59:00-05:00', 'closed', false],
    ]);
    const [before, start] = campaignMoments(site(), bf);
    assert.equal(idAt('api:Black Friday 50% off / $120 jacket', start), 'api:Black Friday 50% off / $120 jacket');
    assert.equal(idAt('api:Black Friday 50% off / $120 jacket', before), 'api:Black Friday 50% off / $120 jacket @ before-start');
  });

  test('--at puts every case at one moment, local or with an offset', () => {
    assert.deepEqual(campaignMoments(site(), bf, '2026-11-25T10:00').map((m) => [m.label, m.at, m.primary, m.role]), [['at', '2026-11-25T10:00:00-05:00', true, 'full']]);
    assert.equal(campaignMoments(site(), shipping, '2026-11-25T15:00Z')[0].at, '2026-11-25T10:00:00-05:00');
    assert.equal(parseMomentTime('2026-11-25T10:00:00+0100', 'America/New_York')?.toISOString(), '2026-11-25T09:00:00.000Z');
    assert.equal(parseMomentTime('Nov 25', 'America/New_York'), undefined);
  });

  test('two codes are tried together at the start of their overlap', () => {
    assert.equal(overlapStart(site(), bf, take10).at, '2026-11-28T09:01:00-05:00');
    assert.equal(overlapStart(site(), take10, bf).at, '2026-11-28T09:01:00-05:00');
  });

  test('times keep the offset of the moment, across a daylight-saving change', () => {
    assert.equal(isoInZone(new Date('2026-07-04T16:00:00Z'), 'America/New_York'), '2026-07-04T12:00:00-04:00');
    assert.equal(isoInZone(new Date('2026-11-27T05:30:00Z'), 'Asia/Kolkata'), '2026-11-27T11:00:00+05:30');
  });
});

describe('the clock on the wire', () => {
  const hmac = (secret: string, t: string, at: string) => createHmac('sha256', secret).update(`${t}.${at}`).digest('hex');

  test('the headers carry the moment and an HMAC of "t.moment" at the real time given', () => {
    const h = clockHeaders('2026-11-27T00:01:00-05:00', 'clock-secret-1', new Date('2026-11-20T12:00:00Z'));
    const t = String(Date.parse('2026-11-20T12:00:00Z') / 1000);
    assert.deepEqual(h, {
      [CLOCK_HEADERS.at]: '2026-11-27T00:01:00-05:00',
      [CLOCK_HEADERS.signature]: `t=${t},v1=${hmac('clock-secret-1', t, '2026-11-27T00:01:00-05:00')}`,
    });
  });

  test('the clock is refused for a production store, or a store of unknown kind', () => {
    assert.throws(() => clockSigner({ kind: 'production', origin: 'https://shop.test', at: 'x', secret: 's' }), ClockRefusedError);
    assert.throws(() => clockSigner({ kind: undefined, origin: 'https://shop.test', at: 'x', secret: 's' }), ClockRefusedError);
    const fetch = (async () => new Response('{}')) as typeof globalThis.fetch;
    const clock = { at: '2026-11-27T00:01:00-05:00', secret: 'clock-secret-1' };
    assert.throws(() => createSolidusClient({ baseUrl: 'https://shop.test', fetch, clock, guard: guardFor('production', { origin: 'https://shop.test' }) }), ClockRefusedError);
    assert.throws(() => createSolidusClient({ baseUrl: 'https://shop.test', fetch, clock }), ClockRefusedError, 'no guard: kind unknown');
  });

  test('a staging client signs every attempt afresh, and only for its own origin', async () => {
    const seen: Headers[] = [];
    let n = 0;
    const fetch = (async (req: Request) => {
      seen.push(new Headers(req.headers));
      return ++n === 1 ? new Response('{}', { status: 503, headers: { 'retry-after': '0', 'content-type': 'application/json' } }) : new Response('{"products":[]}', { headers: { 'content-type': 'application/json' } });
    }) as typeof globalThis.fetch;
    const at = '2026-11-27T00:01:00-05:00';
    const client = createSolidusClient({ baseUrl: 'http://127.0.0.1:3000', fetch, backoffMs: 1, clock: { at, secret: 'clock-secret-1' }, guard: guardFor('staging', { origin: 'http://127.0.0.1:3000' }) });
    await client.GET('/products');
    assert.equal(seen.length, 2, 'the 503 was retried');
    for (const h of seen) {
      assert.equal(h.get(CLOCK_HEADERS.at), at);
      const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(h.get(CLOCK_HEADERS.signature) ?? '') ?? [];
      assert.equal(v1, hmac('clock-secret-1', t, at));
    }
    assert.equal(JSON.stringify(client.requestLog).includes('clock-secret-1'), false);
    const sign = clockSigner({ kind: 'staging', origin: 'http://127.0.0.1:3000', at, secret: 's' });
    assert.equal(sign('http://127.0.0.1:3001/api/products'), undefined, 'another port is another origin');
    assert.equal(sign('https://fonts.example/x.woff'), undefined);
    assert.ok(sign('http://127.0.0.1:3000/cart'));
  });

  test('the probe says whether the store confirmed the moment', async () => {
    const at = { label: 'start', at: '2026-11-27T00:01:00-05:00', text: '' };
    const answering = (headers: Record<string, string>) => () =>
      createSolidusClient({ baseUrl: 'http://s.test', fetch: (async () => new Response('{"products":[]}', { headers: { 'content-type': 'application/json', ...headers } })) as typeof globalThis.fetch });
    assert.equal((await probeClock(answering({ [CLOCK_HEADERS.confirm]: '2026-11-27T05:01:00Z' }), at)).state, 'works', 'the same instant in UTC');
    assert.equal((await probeClock(answering({}), at)).state, 'ignored');
    assert.match((await probeClock(answering({ [CLOCK_HEADERS.ignored]: 'bad-signature' }), at)).detail!, /ignored the clock: bad-signature/);
    assert.equal((await probeClock(answering({ [CLOCK_HEADERS.confirm]: '2026-12-05T09:00:00Z' }), at)).state, 'ignored');
  });
});

describe('without the clock', () => {
  const now = new Date('2026-11-20T12:00:00Z');
  const staging = (map: [Campaign, StagingPromotion][]) => new Map(map);

  test('live campaigns run now; one not live yet is a "not checked" warning with its start; one that is over is an info note', () => {
    const over: Campaign = { ...take10, name: 'Summer sale', code: 'SUMMER' };
    const plan = planMoments({
      site: site(undefined, [bf, take10, over, shipping]),
      staging: staging([
        [bf, { state: 'not-yet', startsAt: '2026-11-27T05:00:00Z', expiresAt: '2026-12-01T04:59:59Z', from: 'staging' }],
        [take10, { state: 'live', startsAt: '2026-11-01T05:00:00Z', expiresAt: null, from: 'staging' }],
        [over, { state: 'over', startsAt: '2026-07-01T04:00:00Z', expiresAt: '2026-08-01T04:00:00Z', from: 'staging' }],
        [shipping, { state: 'live', from: 'plan' }],
      ]),
      clock: { state: 'no-secret' }, now, show: (c) => c.code ?? 'automatic', secretEnv: 'CLOCK',
    });
    assert.deepEqual([...plan.run.keys()].map((c) => c.name), ['$10 off orders over $100', 'Free Shipping on All Orders over $85']);
    assert.deepEqual(plan.run.get(take10)!.map((m) => [m.label, m.primary]), [['now', true]]);
    const byId = Object.fromEntries(plan.findings.map((f) => [f.id, f]));
    assert.equal(byId['harness:clock'].level, 'info');
    assert.match(byId['harness:clock'].cause, /CLOCK is not set/);
    const notLive = byId['api:not-live:Black Friday 50% off'];
    assert.deepEqual([notLive.level, notLive.notChecked], ['warn', true]);
    assert.equal(notLive.title, 'BLACKFRIDAY50 not checked: not live on staging until Fri, Nov 27, 2026, 12:00 AM EST');
    assert.match(notLive.action, /Install the solidus_holiday_ready extension.*or open the promotion's window on staging/);
    const skipped = byId['api:over:Summer sale'];
    assert.deepEqual([skipped.level, skipped.notChecked], ['info', undefined]);
    assert.deepEqual(plan.cases.map((c) => [c.id, c.outcome]), [['api:Black Friday 50% off / $120 jacket', 'not-checked'], ['api:Summer sale / $120 jacket', 'not-checked']]);
    assert.equal(plan.findings.filter((f) => f.level === 'error').length, 0, 'nothing blocks');
  });

  test('with the clock every campaign runs at its moments, whatever staging holds today', () => {
    const plan = planMoments({ site: site(), staging: staging([[bf, { state: 'over', from: 'staging' }]]), clock: { state: 'works' }, now, show: (c) => c.code ?? '' });
    assert.equal(plan.findings.length, 0);
    assert.deepEqual(plan.run.get(bf)!.map((m) => m.label), ['before-start', 'start', 'end']);
    assert.equal(plan.pairMoment({ first: bf, second: take10, items: {}, cart: '' }).at, '2026-11-28T09:01:00-05:00');
  });

  test('a promotion is active strictly after its start and before its end, as Solidus decides', () => {
    const p = { startsAt: '2026-11-27T05:00:00Z', expiresAt: '2026-12-01T04:59:59Z' };
    assert.equal(activeAt(p, new Date('2026-11-27T05:00:00Z')), 'not-yet');
    assert.equal(activeAt(p, new Date('2026-11-27T05:01:00Z')), 'live');
    assert.equal(activeAt(p, new Date('2026-12-01T04:59:59Z')), 'over');
    assert.equal(activeAt({}, now), 'live');
  });
});

describe('the moment in the run folder', async () => {
  const fs = await import('node:fs');
  const path = await import('node:path');
  const { renderHtml, renderJunit, renderSummaryMarkdown } = await import('../../reports/render.ts');
  const { summary } = await import('../../src/cli/audit.ts');
  const results = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'results', 'acme-blocked.json'), 'utf8'));
  const start = { label: 'start', at: '2026-11-27T00:01:00-05:00', text: 'as on Fri, Nov 27, 12:01 AM EST' };
  const before = { label: 'before-start', at: '2026-11-26T23:59:00-05:00', text: 'as on Thu, Nov 26, 11:59 PM EST' };
  const bfCases = results.cases.filter((c: { campaign: string }) => c.campaign === 'Black Friday 50% off');
  for (const c of results.cases) c.moment = start;
  results.cases.push(...bfCases.map((c: { id: string }) => ({ ...c, id: `${c.id} @ before-start`, outcome: 'pass', moment: before })));
  results.findings[0].moment = start;
  results.campaigns[0].moments = [before, start];

  test('junit.xml, summary.md, report.html and the terminal summary say the moment each case ran at', () => {
    const junit = renderJunit(results);
    assert.match(junit, /<testcase name="\$120 jacket cart \(API, start: as on Fri, Nov 27, 12:01 AM EST\)" classname="Black Friday 50% off"/);
    assert.match(junit, /<testcase name="\$120 jacket cart \(API, before-start: as on Thu, Nov 26, 11:59 PM EST\)"[^>]*>\s*<system-out>Ran as on Thu, Nov 26, 11:59 PM EST \(2026-11-26T23:59:00-05:00\)\.<\/system-out>/);
    assert.match(junit, /Moment: as on Fri, Nov 27, 12:01 AM EST \(2026-11-27T00:01:00-05:00\)/);
    const md = renderSummaryMarkdown(results);
    assert.match(md, /\| Campaign \| Code \| Outcome \| Carts \| Moments \|/);
    assert.match(md, /as on Thu, Nov 26, 11:59 PM EST<br>as on Fri, Nov 27, 12:01 AM EST/);
    assert.match(md, /gives no discount on the \\\$120 jacket cart[^\n]*\*\*, as on Fri, Nov 27, 12:01 AM EST/);
    const html = renderHtml(results);
    assert.match(html, /Through the store API<span class="muted">, as on Thu, Nov 26, 11:59 PM EST<\/span>/);
    assert.match(html, /<dt>When<\/dt><dd>as on Fri, Nov 27, 12:01 AM EST<\/dd>/);
    const text = summary(results, 'reports/acme/x/report.html');
    assert.match(text, /BLOCKED {2}Black Friday 50% off \(BLACKFRIDAY50\) · before-start, start/);
    assert.match(text, /✗ BLACKFRIDAY50 gives no discount on the \$120 jacket cart: Promotion \(Free Shipping on All Orders over \$85\) blocks it, as on Fri, Nov 27, 12:01 AM EST/);
  });
});

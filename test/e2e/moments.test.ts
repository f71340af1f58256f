/**
 * Moments against a private sandbox store whose promotions have their real windows (acme.yml's, in
 * the past of the day this runs) or windows moved on purpose:
 *
 * - with the store's signed clock (solidus_holiday_ready), the acme audit still finds BLACKFRIDAY50
 *   blocked from $85 up, as on the campaign's first minute, and exits 1;
 * - without the clock secret it blocks nothing: campaigns not live on staging yet are "not
 *   checked" warnings with their start, finished ones are skipped with a note; exit 0;
 * - a code whose staging window opens a day before the plan is live too early at "before-start";
 * - the browser sends the clock to the store's origin only, at the campaign's first minute.
 *
 * Needs the extension in the sandbox (sandbox/bin/clock-secret). Run:
 *   node --import tsx --test test/e2e/moments.test.ts
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadSite } from '../../src/config/load.ts';
import { runSite } from '../../src/pipeline/pipeline.ts';
import type { RunResults } from '../../src/findings/types.ts';
import { runCli } from '../support/cli.ts';
import { startInstance, writeSite, writeSiteCopy, type SandboxInstance } from '../support/sandbox-instance.ts';

let store: SandboxInstance;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hr-moments-'));

/** acme.yml's windows as the store keeps them (UTC; an end of 23:59 lasts through 23:59:59). */
const REAL_WINDOWS: Record<string, [string, string]> = {
  blackfriday50: ['2026-11-27 05:00:00', '2026-12-01 04:59:59'],
  outerwear20: ['2026-11-20 05:00:00', '2026-12-02 04:59:59'],
  take10: ['2026-11-27 05:00:00', '2026-12-02 04:59:59'],
};

/** Sets a coded promotion's window on the store (UTC, 'YYYY-MM-DD HH:MM:SS'). */
const setWindow = (code: string, [starts, ends]: [string, string]) =>
  store.change(`UPDATE spree_promotions SET starts_at = '${starts}', expires_at = '${ends}' WHERE id = (SELECT promotion_id FROM spree_promotion_codes WHERE value = '${code}')`);

/** A UTC 'YYYY-MM-DD HH:MM:SS' `days` from now. */
const fromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 19).replace('T', ' ');

before(async () => {
  store = await startInstance('moments');
  assert.ok(store.clockSecret, 'the staging sandbox has a clock secret (sandbox/bin/clock-secret): the extension is installed');
});
after(async () => {
  await store?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('the acme audit with its real windows', () => {
  let site: string;
  before(async () => {
    for (const [code, w] of Object.entries(REAL_WINDOWS)) await setWindow(code, w);
    // The automatic free shipping has been live for a year and never ends (as on production).
    await store.change("UPDATE spree_promotions SET starts_at = '2025-11-01 00:00:00', expires_at = NULL WHERE apply_automatically = 1");
    site = writeSiteCopy(path.join(tmp, 'sites'), 'acme', { url: store.url });
  });

  test('with the clock, BLACKFRIDAY50 is blocked from $85 up as on the campaign\'s first minute; exit 1', async () => {
    const out = path.join(tmp, 'with-clock');
    const r = await runCli(['--site', site, '--out', out, '--no-audits'], { cwd: tmp, env: { ACME_STAGING_API_KEY: store.apiKey, ACME_STAGING_CLOCK_SECRET: store.clockSecret } });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /clock: each campaign at its own moments \(before-start, start, end\) in America\/New_York/);
    assert.match(r.stdout, /✗ BLACKFRIDAY50 gives no discount on the \$120 jacket cart: Promotion \(Free Shipping on All Orders over \$85\) blocks it, as on Fri, Nov 27, 12:01 AM EST\n {4}works below \$85, fails from \$85 up/);
    const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as RunResults;
    const byId = new Map(results.cases.map((c) => [c.id, c]));
    const jacket = byId.get('api:Black Friday 50% off / $120 jacket')!;
    assert.deepEqual([jacket.outcome, jacket.moment], ['fail', { label: 'start', at: '2026-11-27T00:01:00-05:00', text: 'as on Fri, Nov 27, 12:01 AM EST' }]);
    assert.equal(byId.get('api:Black Friday 50% off / $60 fleece')?.outcome, 'pass');
    // One minute before: refused, as it should be; the last minute: the same blocker.
    assert.deepEqual([byId.get('api:Black Friday 50% off / $120 jacket @ before-start')?.outcome, byId.get('api:Black Friday 50% off / $120 jacket @ before-start')?.summary.slice(0, 25)], ['pass', 'Code refused in the cart:']);
    assert.equal(byId.get('api:Black Friday 50% off / $120 jacket @ end')?.outcome, 'fail');
    assert.equal(byId.get('api:Black Friday 50% off / $120 jacket @ end')?.moment?.at, '2026-11-30T23:59:00-05:00');
    assert.deepEqual(Object.fromEntries(results.campaigns.filter((c) => !c.unplanned).map((c) => [c.name, c.outcome])), {
      'Black Friday 50% off': 'fail', 'Outerwear 20% off': 'pass', '$10 off orders over $100': 'pass', 'Free Shipping on All Orders over $85': 'pass',
    });
    // The browser dry-run ran the first minute too, and saw what the API saw.
    const browserJacket = results.cases.find((c) => c.id === 'browser:Black Friday 50% off / $120 jacket');
    assert.equal(browserJacket?.moment?.at, '2026-11-27T00:01:00-05:00');
    assert.equal(browserJacket?.outcome, 'fail', browserJacket?.summary);
    assert.deepEqual(results.findings.filter((f) => f.source === 'browser').map((f) => f.title), [], 'no disagreement between the API and the browser');
    assert.match(fs.readFileSync(path.join(out, 'junit.xml'), 'utf8'), /\$120 jacket cart \(API, start: as on Fri, Nov 27, 12:01 AM EST\)/);
    assert.equal(store.harnessFullCarts(), 0);
  });

  test('without the clock secret nothing blocks: not-yet-live campaigns are "not checked" with their start, finished ones skipped; exit 0', async () => {
    // A year ahead (not live yet) for BLACKFRIDAY50 and TAKE10; OUTERWEAR20 stays over.
    await setWindow('blackfriday50', [fromNow(365), fromNow(369)]);
    await setWindow('take10', [fromNow(365), fromNow(370)]);
    const out = path.join(tmp, 'without-clock');
    // Unplanned promotions live on staging today would run today: left out, so nothing depends on the date.
    const r = await runCli(['--site', site, '--out', out, '--no-audits', '--no-browser', '--no-unplanned'], { cwd: tmp, env: { ACME_STAGING_API_KEY: store.apiKey, ACME_STAGING_CLOCK_SECRET: '' } });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr.match(/clock: not available/g)?.length, 1, 'said once');
    const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as RunResults;
    assert.deepEqual(results.findings.filter((f) => f.level === 'error').map((f) => f.title), []);
    assert.equal(results.findings.some((f) => /refused|does not exist|doesn't exist/.test(f.title)), false);
    const notLive = results.findings.filter((f) => f.id.startsWith('api:not-live:'));
    assert.deepEqual(notLive.map((f) => [f.level, f.notChecked]), [['warn', true], ['warn', true]]);
    assert.match(notLive[0].title, /^BLACKFRIDAY50 not checked: not live on staging until \w{3}, \w{3} \d+, 2027, \d+:\d{2} [AP]M E[SD]T$/);
    assert.match(notLive[0].action, /Install the solidus_holiday_ready extension/);
    assert.deepEqual(results.findings.filter((f) => f.id.startsWith('api:over:')).map((f) => [f.level, f.title.replace(/ended .*/, 'ended …')]), [['info', 'OUTERWEAR20 skipped: its window on staging ended …']]);
    assert.equal(results.findings.find((f) => f.id === 'harness:clock')?.level, 'info');
    assert.equal(results.campaigns.find((c) => c.automatic)?.outcome, 'pass', 'the automatic promotion, live now, is dry-run now');
    assert.equal(results.verdict, 'at-risk');
    assert.match(r.stdout, /! BLACKFRIDAY50 not checked: not live on staging until/);
  });
});

test('a code whose staging window opens a day before the plan is live too early, one minute before its window', async () => {
  await setWindow('blackfriday50', ['2026-11-26 05:00:00', '2026-12-01 04:59:59']);
  const env = { KEY: store.apiKey, CLOCK: store.clockSecret };
  const file = writeSite(tmp, 'early', {
    url: store.url, keyEnv: 'KEY', clockEnv: 'CLOCK', moments: '[before-start, start]',
    campaigns: `
  - name: Black Friday 50% off
    code: BLACKFRIDAY50
    window: [2026-11-27T00:00, 2026-11-30T23:59]
    carts:
      - { name: $60 fleece, items: { FLC-002: 1 }, expect: { items: 50% off } }
`,
  });
  const loaded = loadSite(file, { env });
  assert.ok(loaded.ok);
  const results = await runSite({ site: loaded.site, env, boundaries: false, pairs: false, unplanned: false });
  const early = results.findings.find((f) => f.id === 'api:Black Friday 50% off / $60 fleece @ before-start');
  assert.ok(early, JSON.stringify(results.findings.map((f) => f.title)));
  assert.equal(early.title, 'BLACKFRIDAY50 is live too early: it already works as on Thu, Nov 26, 11:59 PM EST, before the campaign starts Fri, Nov 27, 2026, 12:00 AM EST');
  assert.deepEqual([early.level, early.impact], ['warn', 'revenue']);
  assert.match(early.cause, /the promotion on staging starts Thu, Nov 26, 2026, 12:00 AM EST/);
  assert.match(early.cause, /coupon sites/);
  assert.match(early.action, /Set the promotion's start date to Fri, Nov 27, 2026, 12:00 AM EST/);
  assert.equal(results.cases.find((c) => c.id === 'api:Black Friday 50% off / $60 fleece')?.outcome, 'pass', 'in its first minute it works as planned');
  assert.equal(results.verdict, 'at-risk');
});

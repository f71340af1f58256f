/**
 * Secrets: the API key and a code the site marks `secret: true` appear in clear in nothing the
 * harness writes or prints — stdout, stderr, results.json, report.html, junit.xml, summary.md, the
 * browser's files (screenshots, their JSON and captions), the request log — not even when the store
 * echoes the code back in a message. Masked forms (BL•••••••••50) are fine and expected.
 *
 * Run: node --import tsx --test test/e2e/safety-secrets.test.ts
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadSite } from '../../src/config/load.ts';
import { runSite } from '../../src/pipeline/pipeline.ts';
import type { RequestLogEntry } from '../../src/solidus/client.ts';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.ts';
import { runCli } from '../support/cli.ts';
import { startInstance, writeSite, type SandboxInstance } from '../support/sandbox-instance.ts';

const KEY_ENV = 'SAFETY_SECRETS_KEY';
const CODE = 'BLACKFRIDAY50';
let store: SandboxInstance;
let proxy: FaultProxy;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hr-secrets-'));

const CAMPAIGNS = `
  - name: Black Friday 50% off
    code: ${CODE}
    secret: true
    carts:
      - { name: $120 jacket, items: { JKT-001: 1 }, expect: { items: 50% off } }
      - { name: $60 fleece, items: { FLC-002: 1 }, expect: { items: 50% off } }
  - name: Outerwear 20% off
    code: OUTERWEAR20
    carts:
      - { name: $120 jacket, items: { JKT-001: 1 }, expect: { items: 20% off, shipping: free } }
`;

/** Sets every coded promotion's window on the store (UTC, 'YYYY-MM-DD HH:MM:SS'). */
const setWindows = (starts: string, ends: string) => store.change(`UPDATE spree_promotions SET starts_at = '${starts}', expires_at = '${ends}' WHERE id IN (SELECT promotion_id FROM spree_promotion_codes)`);
const utc = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');

before(async () => {
  store = await startInstance('safety-secrets');
  // The codes live from before the sites' Black Friday (the moment writeSite's clock runs them at) to
  // well after today, whatever windows the sandbox seeds, so runs with and without a clock dry-run them.
  await setWindows('2026-11-01 00:00:00', utc(new Date(Date.now() + 90 * 86_400_000)));
  // The store echoes the code back in a refusal on one cart, as some stores' messages do.
  proxy = await startFaultProxy({
    target: store.url,
    rules: [{
      method: 'POST', path: /\/api\/orders\/\w+\/coupon_codes$/, fault: 'replace', skip: 1, status: 422,
      body: { success: null, error: `The code ${CODE} (${CODE.toLowerCase()}, ${encodeURIComponent(CODE)}) is not valid for this cart`, successful: false, status_code: 'coupon_code_not_eligible' },
    }],
  });
});
after(async () => {
  await proxy?.close();
  await store?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Every form of the secrets that must not appear, each with a name for the failure message. */
function forbidden(apiKey: string): [string, RegExp][] {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return [
    ['the API key', new RegExp(esc(apiKey))],
    ['the API key, URL-encoded', new RegExp(esc(encodeURIComponent(apiKey)))],
    ['the secret code (any case)', new RegExp(esc(CODE), 'i')],
    ['the secret code, URL-encoded', new RegExp(esc(encodeURIComponent(CODE)), 'i')],
  ];
}

function assertClean(where: string, text: string, apiKey: string) {
  for (const [what, re] of forbidden(apiKey)) {
    const m = re.exec(text);
    assert.equal(m, null, `${what} appears in ${where}: …${m ? text.slice(Math.max(0, m.index - 60), m.index + 60) : ''}…`);
  }
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? filesUnder(path.join(dir, d.name)) : [path.join(dir, d.name)]));
}

const cli = (args: string[]) => runCli(args, { cwd: tmp, env: store.env(KEY_ENV) });

test('an audit with a secret code leaves neither the key nor the code in its output or any file it wrote', async () => {
  const site = writeSite(tmp, 'secretive', { url: proxy.url, keyEnv: KEY_ENV, campaigns: CAMPAIGNS, concurrency: 1 });
  const out = path.join(tmp, 'run');
  // The whole audit, as users run it: API dry-run, readiness audits and browser dry-run (screenshots, captions).
  const r = await cli(['--site', site, '--out', out, '--no-unplanned']);
  assert.equal(r.code, 1, r.stderr);
  assertClean('stdout', r.stdout, store.apiKey);
  assertClean('stderr', r.stderr, store.apiKey);
  const files = filesUnder(out);
  for (const name of ['junit.xml', 'report.html', 'results.json', 'summary.md']) {
    assert.ok(files.some((f) => path.relative(out, f) === name), `${name} written`);
  }
  // Every file, images and traces included (read byte for byte).
  for (const file of files) assertClean(path.relative(out, file), fs.readFileSync(file, 'latin1'), store.apiKey);

  // The code is there, masked, where people need to recognise it; and the echoed message was kept.
  const results = fs.readFileSync(path.join(out, 'results.json'), 'utf8');
  assert.match(results, /BL•••••••••50/);
  assert.match(results, /The code BL•••••••••50 \(BL•••••••••50, BL•••••••••50\) is not valid for this cart/);
  assert.match(r.stdout, /BLOCKED  Black Friday 50% off \(BL•••••••••50\)/);
  assert.equal(proxy.log.filter((e) => e.fault).length, 1, 'the store echoed the code once');
  assert.ok(files.some((f) => f.endsWith('.jpg')), 'the browser dry-run took screenshots');

  // --json prints results.json to stdout: the same holds there.
  const j = await cli(['--site', site, '--out', path.join(tmp, 'run-json'), '--no-browser', '--no-audits', '--no-boundaries', '--no-unplanned', '--json']);
  assert.equal(j.code, 1, j.stderr);
  assert.ok(JSON.parse(j.stdout).cases.length === 3);
  assertClean('stdout (--json)', j.stdout, store.apiKey);
  assertClean('stderr (--json)', j.stderr, store.apiKey);
});

test('the request log, progress lines and results of a run hold no secret, even for a failed request on the code', async () => {
  const site = writeSite(tmp, 'logged', { url: proxy.url, keyEnv: KEY_ENV, campaigns: CAMPAIGNS, concurrency: 2 });
  const env = store.env(KEY_ENV);
  const loaded = loadSite(site, { env });
  assert.ok(loaded.ok);
  // A failing delete of the code: its path holds the code.
  proxy.setRules([{ method: 'DELETE', path: /\/coupon_codes\//, fault: 'status', status: 500, times: Infinity }]);
  const log: RequestLogEntry[] = [];
  const progress: string[] = [];
  const results = await runSite({ site: loaded.site, env, unplanned: false, requestLog: log, progress: (l) => progress.push(l) });
  assert.ok(log.some((e) => e.method === 'DELETE' && e.status === 500), 'the delete of the code was tried');
  assert.ok(log.some((e) => e.path.includes('/coupon_codes/***')), 'its path is masked in the log');
  assertClean('the request log', JSON.stringify(log), store.apiKey);
  assertClean('results', JSON.stringify(results), store.apiKey);
  assertClean('progress lines', progress.join('\n'), store.apiKey);
  assert.equal(store.harnessFullCarts(), 0);
});

test('an audit with the store\'s signed clock leaves neither the clock secret nor a signature in its output or any file it wrote', async () => {
  assert.ok(store.clockSecret, 'the staging sandbox has a clock secret (the extension is installed)');
  // The real windows (in the past of the day this runs): only the clock can dry-run them.
  await setWindows('2026-11-27 05:00:00', '2026-12-01 04:59:59');
  await store.change("UPDATE spree_promotions SET starts_at = '2025-11-01 00:00:00', expires_at = NULL WHERE apply_automatically = 1");
  proxy.setRules([]);
  const CLOCK_ENV = 'SAFETY_SECRETS_CLOCK';
  const windowed = CAMPAIGNS.replaceAll('    carts:', '    window: [2026-11-27T00:00, 2026-11-30T23:59]\n    carts:');
  const site = writeSite(tmp, 'clocked', { url: proxy.url, keyEnv: KEY_ENV, clockEnv: CLOCK_ENV, campaigns: windowed, concurrency: 2 });
  const out = path.join(tmp, 'run-clock');
  const env = { [KEY_ENV]: store.apiKey, [CLOCK_ENV]: store.clockSecret };
  const r = await runCli(['--site', site, '--out', out, '--no-audits', '--no-unplanned'], { cwd: tmp, env });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /clock: each campaign at its own moments/);
  const esc = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const clockForms: [string, RegExp][] = [
    ['the clock secret', new RegExp(esc(store.clockSecret))],
    ['the clock secret, URL-encoded', new RegExp(esc(encodeURIComponent(store.clockSecret)))],
    ['a clock signature', /v1=[0-9a-f]{64}/],
    ['the signature header', /Holiday-Ready-Signature:/i],
  ];
  const clean = (where: string, text: string) => {
    assertClean(where, text, store.apiKey);
    for (const [what, re] of clockForms) {
      const m = re.exec(text);
      assert.equal(m, null, `${what} appears in ${where}: …${m ? text.slice(Math.max(0, m.index - 60), m.index + 60) : ''}…`);
    }
  };
  clean('stdout', r.stdout);
  clean('stderr', r.stderr);
  const files = filesUnder(out);
  assert.ok(files.some((f) => f.endsWith('.jpg')), 'the browser dry-run ran, with the clock');
  for (const file of files) clean(path.relative(out, file), fs.readFileSync(file, 'latin1'));
  // The clock did go out: to the store, signed, through the proxy.
  assert.ok(proxy.log.length > 0);
  assert.equal(store.harnessFullCarts(), 0);
});

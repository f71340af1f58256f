/**
 * Bad input, as users see it: every broken site file in test/fixtures/bad-sites/ (invalid YAML,
 * wrong types, unknown keys, impossible dates, …), an unknown SKU, a missing key variable, a pasted
 * API key and an unreachable URL each get one clear message located at `file:LINE:COL  key.path`,
 * exit 2 (bad input) or 3 (unreachable), and nothing is sent to the store but, for the unknown SKU,
 * the read-only lookups that found it unknown. Every store URL points at our logging proxy, so
 * "nothing was sent" is checked, not assumed.
 *
 * Run: node --import tsx --test test/cli/bad-input.test.ts
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatSiteErrors, loadSite, SITE_ERROR_CODES } from '../../src/config/load.ts';
import type { RunResults } from '../../src/findings/types.ts';
import { sandbox } from '../support/sandbox.ts';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.ts';
import { runCli } from '../support/cli.ts';
import { writeSite } from '../support/sandbox-instance.ts';

const CORPUS = fileURLToPath(new URL('../fixtures/bad-sites/', import.meta.url));
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hr-bad-input-'));
/** A located message: `sites/x.yml:14:7  key.path  what is wrong — how to fix it`. */
const LOCATED = /^sites\/[\w-]+\.yml:\d+:\d+ {2}\S+ {2}\S.*$/;
let proxy: FaultProxy;

before(async () => {
  // Logs whatever reaches it; behind it, the shared sandbox store, which only ever gets reads here.
  proxy = await startFaultProxy({ target: sandbox().url });
});
after(async () => {
  await proxy?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

/** Copies a site file under <root>/sites/, its store URL pointed at the proxy. */
function place(name: string, text: string): string {
  const dir = path.join(root, 'sites');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, text.replace(/http:\/\/127\.0\.0\.1:3000\b/g, proxy.url));
  return file;
}

const audit = (file: string, env: NodeJS.ProcessEnv = {}) =>
  runCli(['--site', path.relative(root, file), '--no-browser', '--no-audits', '--no-boundaries', '--reports', 'reports'], {
    cwd: root,
    root,
    env: { HOLIDAY_READY_FIXTURE_KEY: 'fixture-key', ...env },
  });

describe('the broken site files corpus', () => {
  const files = fs.readdirSync(CORPUS).filter((f) => f.endsWith('.yml')).sort();
  const codeOf = (file: string) => [...SITE_ERROR_CODES].sort((a, b) => b.length - a.length).find((c) => file.startsWith(c));

  for (const name of files) {
    test(`${name} exits 2 with a located ${codeOf(name)} message and sends nothing`, async () => {
      const file = place(name, fs.readFileSync(path.join(CORPUS, name), 'utf8'));
      const sent = proxy.log.length;
      const r = await audit(file);

      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stdout, '');
      const first = r.stderr.split('\n')[0];
      assert.match(first, LOCATED, 'the first line says file:line:col  key.path  message');
      assert.doesNotMatch(r.stderr, /<root>|\/tmp\//, 'paths are shown as the user typed them');
      assert.doesNotMatch(r.stderr, /internal error|\n\s+at /, 'no stack trace');
      if (name.startsWith('missing-env')) {
        // Checked by the CLI before any store is contacted (the loader leaves it to the CLI).
        assert.match(first, /^sites\/missing-env\.yml:8:16 {2}staging\.api_key_env {2}the environment variable HOLIDAY_READY_UNSET_FIXTURE_KEY is not set/);
      } else {
        // Exactly the loader's located errors, as formatted for the user, then the count.
        const loaded = loadSite(file, { env: { HOLIDAY_READY_FIXTURE_KEY: 'fixture-key' }, requireKey: false });
        assert.ok(!loaded.ok);
        assert.ok(loaded.errors.some((e) => e.code === codeOf(name)), `a ${codeOf(name)} error`);
        const n = loaded.errors.length;
        assert.equal(r.stderr, `${formatSiteErrors(loaded.errors, { cwd: root })}\n\n${n} problem${n === 1 ? '' : 's'} in the site file; nothing was sent to any store.\n`);
      }
      assert.deepEqual(proxy.log.slice(sent), [], 'nothing reached the store');
    });
  }
});

describe('input only the store or the environment can reveal', () => {
  const base = (name: string, o: { keyEnv?: string; campaigns?: string } = {}) =>
    writeSite(path.join(root, 'sites'), name, { url: proxy.url, keyEnv: o.keyEnv ?? 'HOLIDAY_READY_BAD_INPUT_KEY', campaigns: o.campaigns });

  test('an unknown SKU exits 2, located at the SKU, after nothing but read-only lookups', async () => {
    const { apiKey } = sandbox();
    const file = base('unknown-sku', { campaigns: `
  - name: Outerwear 20% off
    code: OUTERWEAR20
    carts:
      - { name: $120 jacket, items: { JKT-001: 1 }, expect: { items: 20% off } }
      - { name: parka, items: { JKT-999: 1, JKT-001: 1 }, expect: { items: 20% off } }
` });
    const sent = proxy.log.length;
    const r = await audit(file, { HOLIDAY_READY_BAD_INPUT_KEY: apiKey });
    assert.equal(r.code, 2, r.stderr);
    const lines = r.stderr.split('\n').filter((l) => LOCATED.test(l));
    // Where JKT-999 stands in the file writeSite wrote (its header above the campaigns may grow).
    const at = fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes('JKT-999: 1')) + 1;
    assert.deepEqual(lines, [
      `sites/unknown-sku.yml:${at}:42  campaigns[0].carts[1].items.JKT-999  the store at ${proxy.url} has no variant with SKU JKT-999: check the SKU with the client`,
    ]);
    const requests = proxy.log.slice(sent);
    assert.ok(requests.some((e) => /\/api\/variants\?.*JKT-999/.test(decodeURIComponent(e.path))), 'the SKU was looked up');
    assert.deepEqual([...new Set(requests.map((e) => e.method))], ['GET'], 'only reads reached the store');
  });

  test('a missing key variable exits 2, located at api_key_env, with nothing sent', async () => {
    const file = base('missing-key-variable', { keyEnv: 'HOLIDAY_READY_NEVER_SET_KEY' });
    const sent = proxy.log.length;
    const r = await audit(file, { HOLIDAY_READY_NEVER_SET_KEY: undefined });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr.split('\n')[0], /^sites\/missing-key-variable\.yml:6:16 {2}staging\.api_key_env {2}the environment variable HOLIDAY_READY_NEVER_SET_KEY is not set: export it/);
    assert.deepEqual(proxy.log.slice(sent), []);
  });

  test('an API key pasted into the site file exits 2 and is never shown', async () => {
    const pasted = 'sk_live_51PastedSecretKey0000000000';
    const file = base('pasted-key');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('  api_key_env: HOLIDAY_READY_BAD_INPUT_KEY\n', `  api_key_env: HOLIDAY_READY_BAD_INPUT_KEY\n  api_key: ${pasted}\n`));
    const sent = proxy.log.length;
    const r = await audit(file, { HOLIDAY_READY_BAD_INPUT_KEY: 'k' });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr.split('\n')[0], /^sites\/pasted-key\.yml:7:3 {2}staging\.api_key {2}/);
    assert.doesNotMatch(r.stdout + r.stderr, /PastedSecretKey/);
    assert.deepEqual(proxy.log.slice(sent), []);
  });

  test('an unreachable store exits 3, says which site and URL, and writes a run folder saying nothing was checked', async () => {
    const file = writeSite(path.join(root, 'sites'), 'unreachable', { url: 'http://127.0.0.1:1', keyEnv: 'HOLIDAY_READY_BAD_INPUT_KEY' });
    const r = await audit(file, { HOLIDAY_READY_BAD_INPUT_KEY: 'k' });
    assert.equal(r.code, 3, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^holiday-ready: cannot reach the staging store of Safety Outfitters at http:\/\/127\.0\.0\.1:1 \(sites\/unreachable\.yml\)\.\nCheck the URL and that the store is up, then run again\.\n/m);
    assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
    // The nightly report and the Slack message read results.json: they say nothing was checked.
    const report = /^Report for unreachable \(nothing checked\): (reports\/unreachable\/[\d-]+\/report\.html)$/m.exec(r.stderr);
    assert.ok(report, r.stderr);
    const results = JSON.parse(fs.readFileSync(path.join(root, path.dirname(report[1]), 'results.json'), 'utf8')) as RunResults;
    assert.equal(results.verdict, 'at-risk');
    assert.deepEqual(results.findings.map((f) => [f.id, f.level, f.notChecked]), [['harness:unreachable', 'warn', true]]);
    assert.ok(results.campaigns.length > 0 && results.campaigns.every((c) => c.outcome === 'not-checked'));
    assert.deepEqual(results.cases, []);
  });
});

/**
 * The inventory stage and audit end to end, through the CLI, on private sandbox copies:
 * - a store without the holiday-ready extension (startInstance `{ extension: false }`): the audit runs
 *   as it does without the inventory (the same blocker, exit 1) and one "not checked" finding says what
 *   could not be seen and how to install the extension;
 * - a store with it and a promotion nobody planned, with a code: the inventory audit finds it, and its
 *   code never appears in clear in stdout, stderr or any file of the run folder.
 *
 * Run: node --import tsx --test test/e2e/inventory.test.ts   (starts its own stores; needs sandbox/bin/setup once)
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunResults } from '../../src/findings/types.ts';
import { maskSecret } from '../../src/safety/redact.ts';
import { runCli } from '../support/cli.ts';
import { startInstance, writeSite, type SandboxInstance } from '../support/sandbox-instance.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'holiday-ready-inventory-'));
const stores: SandboxInstance[] = [];
after(async () => {
  await Promise.all(stores.map((s) => s.stop()));
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Every file under a folder, as text. */
function filesUnder(dir: string): { file: string; text: string }[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath, d.name))
    .map((file) => ({ file, text: fs.readFileSync(file, 'latin1') }));
}

describe('a store without the extension', () => {
  test('the audit runs as without the inventory (BLACKFRIDAY50 blocked, exit 1) and says once what it could not see', async () => {
    const store = await startInstance('inventory-none', { extension: false });
    stores.push(store);
    const inventory = await fetch(`${store.url}/api/holiday_ready/inventory`, { headers: { Authorization: `Bearer ${store.apiKey}` } });
    assert.equal(inventory.status, 404, 'the store really has no extension');
    // Every coded campaign live now, so the dry-run (no clock without the extension) runs them now.
    await store.change("UPDATE spree_promotions SET starts_at = datetime('now', '-1 day'), expires_at = datetime('now', '+30 days') WHERE apply_automatically = 0");
    const site = writeSite(path.join(tmp, 'sites'), 'noext', { url: store.url, keyEnv: 'NOEXT_KEY', clockEnv: null });
    const out = path.join(tmp, 'noext-run');
    const r = await runCli(['--site', site, '--out', out, '--no-browser'], { cwd: tmp, env: store.env('NOEXT_KEY') });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /✗ BLACKFRIDAY50 gives no discount on the \$120 jacket cart: Promotion \(Free Shipping on All Orders over \$85\) blocks it/);
    assert.match(r.stderr, /inventory of staging: not read: the store does not have the holiday-ready extension/);
    const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as RunResults;
    const mine = results.findings.filter((f) => f.audit === 'promotion-inventory');
    assert.deepEqual(mine.map((f) => [f.id, f.notChecked, f.level]), [['audit:promotion-inventory:no-inventory', true, 'warn']]);
    assert.match(mine[0].cause, /C1 promotions with no actions .* C10 automatic promotions competing .* and U1 promotions live during the holiday/);
    assert.match(mine[0].action, /install the solidus_holiday_ready extension .*extension\/README\.md/);
    assert.equal(results.inventory?.status, 'no-extension');
    assert.deepEqual(results.inventory?.promotions, []);
    // The other audits ran as before, on Solidus's own API.
    assert.ok(results.audits.some((a) => a.id === 'promotion-schedule' && a.outcome !== 'not-checked'));
    assert.equal(results.verdict, 'blocked');
    assert.equal(store.harnessFullCarts(), 0);
  });
});

describe('a store with the extension and a promotion nobody planned', () => {
  test('the inventory audit finds it, and its code never appears in clear in any output', async () => {
    const store = await startInstance('inventory-codes');
    stores.push(store);
    const CODE = 'hushhush4242';
    await store.change(`INSERT INTO spree_promotions (name, description, starts_at, expires_at, apply_automatically, created_at, updated_at)
      VALUES ('Quiet giveaway', 'made in the admin last night', '2026-11-20 05:00:00', '2026-12-05 05:00:00', 0, datetime('now'), datetime('now'));
      INSERT INTO spree_promotion_codes (promotion_id, value, created_at, updated_at) VALUES (last_insert_rowid(), '${CODE}', datetime('now'), datetime('now'));`);
    const id = Number(store.sql("SELECT id FROM spree_promotions WHERE name = 'Quiet giveaway'"));
    const site = writeSite(path.join(tmp, 'sites'), 'codes', { url: store.url, keyEnv: 'CODES_KEY' });
    const out = path.join(tmp, 'codes-run');
    const r = await runCli(['--site', site, '--out', out, '--no-browser'], { cwd: tmp, env: store.env('CODES_KEY') });
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    assert.match(r.stderr, /inventory of staging: 5 promotions \(legacy engine, 1 page\)/);
    const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as RunResults;
    const ids = results.findings.filter((f) => f.audit === 'promotion-inventory').map((f) => f.id);
    assert.ok(ids.includes(`audit:promotion-inventory:${id}:unplanned`), ids.join('\n'));
    assert.ok(ids.includes(`audit:promotion-inventory:${id}:no-actions`), ids.join('\n'));
    const row = results.inventory?.promotions.find((p) => p.id === id);
    assert.deepEqual(row && [row.codes, row.codeCount, row.on, row.campaign ?? null], [[maskSecret(CODE)], 1, ['staging'], null]);
    assert.ok(row?.findings.includes(`audit:promotion-inventory:${id}:unplanned`));
    // Never in clear, in any case or URL-encoded: not on the terminal, not in any file of the run folder.
    const forms = [CODE, CODE.toUpperCase(), encodeURIComponent(CODE)].map((s) => s.toLowerCase());
    const leaks = [{ file: 'stdout', text: r.stdout }, { file: 'stderr', text: r.stderr }, ...filesUnder(out)]
      .filter(({ text }) => forms.some((f) => text.toLowerCase().includes(f)))
      .map(({ file }) => file);
    assert.deepEqual(leaks, []);
    assert.ok(filesUnder(out).some(({ file, text }) => file.endsWith('report.html') && text.includes('Quiet giveaway')));
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { render, renderInventory, TYPES_FILE, INVENTORY_TYPES_FILE, applyCorrections, loadSpec, loadCorrections } from '../../src/solidus/openapi/build.ts';

test('generated/solidus-api.ts is what npm run generate makes from the pinned file and the corrections', async () => {
  assert.equal(readFileSync(TYPES_FILE, 'utf8'), await render(), 'generated/ is out of date: run npm run generate');
});

test('generated/holiday-ready-inventory.ts is what npm run generate makes from the extension\'s inventory document', async () => {
  assert.equal(readFileSync(INVENTORY_TYPES_FILE, 'utf8'), await renderInventory(), 'generated/ is out of date: run npm run generate');
});

test('every correction says why and still applies to the pinned OpenAPI file', () => {
  const corrections = loadCorrections();
  assert.ok(corrections.length > 10);
  for (const c of corrections) assert.ok(c.why.length > 10, `${c.op} ${c.path} needs a reason`);
  assert.doesNotThrow(() => applyCorrections(loadSpec(), corrections));
});

test('a correction that no longer matches the file fails loudly instead of being skipped', () => {
  assert.throws(
    () => applyCorrections(loadSpec(), [{ op: 'replace', path: '/components/schemas/no-such-schema/properties/x', value: 1, why: 'test' }]),
    /does not exist/,
  );
});

/**
 * The speed audit empties the carts it fills with the site's own storefront remove button (its
 * preset's, or the site file's `storefront.remove_button`), the one the browser dry-run's remove
 * steps click; its old `remove_button` option only overrides it.
 *
 * Run: node --import tsx --test test/unit/speed-remove.test.ts
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { parseSite } from '../../src/config/load.ts';
import type { Site } from '../../src/config/types.ts';
import { OPTIONS, removeButtonOf } from '../../audits/speed.ts';
import { readOptions } from '../../src/audits/options.ts';
import { PRESETS } from '../../src/browser/presets.ts';
import { runReadinessAudits as runAudits } from '../../src/pipeline/audits.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

function site(extra: string): Site {
  const yaml = `site: shop
name: Shop
currency: USD
staging: { url: 'http://127.0.0.1:9', api_key_env: SHOP_KEY }
holiday: { name: Thanksgiving, offices_closed: [2026-11-26, 2026-11-29], timezone: America/New_York }
people: { engineer: { name: Dana }, client_rep: { name: Sam }, slack_channel: '#shop' }
campaigns:
  - { name: Sale, code: SALE10, carts: [{ items: { JKT-001: 1 }, expect: { items: 10% off } }] }
${extra}`;
  const loaded = parseSite(yaml, path.join(ROOT, 'sites', 'shop.yml'), { env: { SHOP_KEY: 'x' } });
  assert.ok(loaded.ok, loaded.ok ? '' : JSON.stringify(loaded.errors));
  return loaded.site;
}

/** What the audit reads from the site file: its options, then the selector its visitors click. */
function removeOf(s: Site) {
  const rule = s.audits.speed;
  const raw = Array.isArray(rule) ? rule[1] : {};
  return removeButtonOf(s, readOptions('speed', raw, OPTIONS).remove_button);
}

describe('the speed audit\'s remove button', () => {
  test('is the storefront preset\'s when the audit\'s option is not set: the classic storefront\'s delete link', () => {
    const r = removeOf(site('storefront: { preset: solidus_frontend }\naudits: { rules: { speed: [warn, { runs: 1 }] } }'));
    assert.equal(r.selector, 'css=a.delete');
    assert.equal(r.selector, PRESETS.solidus_frontend.removeButton);
    assert.equal(r.key, 'storefront.remove_button');
    assert.equal(r.fix, 'Set `storefront.remove_button` in shop.yml to the cart\'s remove button');
  });

  test('is each preset\'s own, and the site file\'s storefront.remove_button on top of its preset', () => {
    for (const preset of ['sandbox', 'starter'] as const) {
      assert.equal(removeOf(site(`storefront: { preset: ${preset} }`)).selector, PRESETS[preset].removeButton, preset);
    }
    const own = removeOf(site('storefront: { preset: solidus_frontend, remove_button: \'role=link[name="Delete"]\' }'));
    assert.deepEqual([own.selector, own.key], ['role=link[name="Delete"]', 'storefront.remove_button']);
  });

  test('the audit\'s own option still overrides it, and the advice is to drop the option for storefront.remove_button', () => {
    const r = removeOf(site('storefront: { preset: solidus_frontend }\naudits: { rules: { speed: [warn, { remove_button: \'css=.remove-line\' }] } }'));
    assert.equal(r.selector, 'css=.remove-line');
    assert.equal(r.key, 'audits.rules.speed option `remove_button`');
    assert.match(r.fix, /^Remove the `remove_button:` option from audits\.rules\.speed in shop\.yml, so the audit uses `storefront\.remove_button` \(css=a\.delete\)/);
  });

  test('a bad override is refused with the storefront\'s own remove button as the example', async () => {
    const s = site('storefront: { preset: solidus_frontend }\naudits: { rules: { speed: [warn, { remove_button: ".remove" }] } }');
    const out = await runAudits({
      site: s, env: {}, now: new Date('2026-11-20T15:00:00Z'), only: ['speed'], fetch: async () => {
        throw new Error('no store here');
      },
    });
    assert.match(out.findings[0].cause, /option `remove_button` must start with role=, label=, text= or css=, like css=a\.delete — got "\.remove"/);
  });
});

/**
 * The site-file loader: good files load into typed sites; every kind of mistake comes back as a
 * located error with a stable code, formatted the way a user sees it (temp paths shown as <root>).
 *
 * Run: node --import tsx --test test/unit/config.test.ts
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { isMap, isSeq, LineCounter, parse as parseYaml, parseDocument } from 'yaml';
import { renderSchema, SCHEMA_FILE } from '../../src/config/build-schema.ts';
import {
  DRY_RUN_DEFAULTS,
  formatSiteErrors,
  loadSite,
  locateKey,
  resolveSitePath,
  SITE_ERROR_CODES,
  STOREFRONT_DEFAULTS,
  type LoadOptions,
  type SiteError,
} from '../../src/config/load.ts';
import { SITE_SCHEMA, type Schema as SiteSchema } from '../../src/config/validate.ts';
import { closest, levenshtein } from '../../src/config/suggest.ts';
import { PRESETS } from '../../src/browser/presets.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const SITES = path.join(REPO, 'sites');
const BAD_SITES = path.join(REPO, 'test/fixtures/bad-sites');
const ENV = { ACME_STAGING_API_KEY: 'test-key', EXAMPLE_STAGING_API_KEY: 'test-key' };

/** A small valid site; tests break one line of it. Line numbers in the tests refer to this text. */
const BASE = `# yaml-language-server: $schema=./schema.json
site: acme
name: Acme Outfitters
currency: USD
staging:
  url: http://127.0.0.1:3000
  api_key_env: ACME_STAGING_API_KEY
holiday:
  name: Thanksgiving
  offices_closed: [2026-11-26, 2026-11-29]
  timezone: America/New_York
people:
  engineer: { name: Dana Whitfield, slack: '@dana' }
  client_rep: { name: Sam Ortiz }
  slack_channel: '#acme-holiday'
campaigns:
  - name: Black Friday 50% off
    code: BLACKFRIDAY50
    window: [2026-11-27T00:00, 2026-11-30T23:59]
    carts:
      - name: $120 jacket
        items: { JKT-001: 1 }
        expect: { items: 50% off }
`;

const tempDirs: string[] = [];
after(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** Writes a site file into a fresh temp dir and returns its path. */
function writeSite(text: string, name = 'acme.yml'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'holiday-ready-config-'));
  tempDirs.push(dir);
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

/** BASE with `from` replaced by `to`; fails loudly if BASE no longer contains `from`. */
function edit(from: string, to: string, text = BASE): string {
  assert.ok(text.includes(from), `test setup: ${JSON.stringify(from)} is not in the site text`);
  return text.replace(from, to);
}

/** Loads a broken site and returns its errors as [code, line, col, path] and as the user sees them. */
function problems(text: string, opts: LoadOptions = {}) {
  const file = writeSite(text);
  const result = loadSite(file, { env: ENV, ...opts });
  assert.equal(result.ok, false, 'expected the site to be rejected');
  const errors = (result as { errors: SiteError[] }).errors;
  return {
    errors,
    located: errors.map((e) => [e.code, e.line, e.col, e.path]),
    output: formatSiteErrors(errors, { cwd: REPO }).replaceAll(path.dirname(file), '<root>'),
  };
}

describe('good site files', () => {
  test('sites/acme.yml loads cleanly when its staging API key variable is set', () => {
    const result = loadSite(path.join(SITES, 'acme.yml'), { env: ENV });
    assert.ok(result.ok, result.ok ? '' : formatSiteErrors(result.errors));
    const { site } = result;
    assert.equal(site.site, 'acme');
    assert.equal(site.file, path.join(SITES, 'acme.yml'));
    assert.deepEqual(site.staging, { kind: 'staging', url: 'http://127.0.0.1:3000', apiKeyEnv: 'ACME_STAGING_API_KEY', sandbox: true, clockSecretEnv: 'ACME_STAGING_CLOCK_SECRET' });
    assert.deepEqual(site.production, { kind: 'production', url: 'http://127.0.0.1:3001', apiKeyEnv: 'ACME_PRODUCTION_API_KEY', sandbox: true });
    assert.deepEqual(site.holiday, { name: 'Thanksgiving', officesClosed: ['2026-11-26', '2026-11-29'], timezone: 'America/New_York' });
    assert.equal(site.people.engineer.slack, '@dana');
    assert.equal(site.people.slackChannel, '#acme-holiday');
    assert.equal(site.people.ceo?.name, 'Tom Becker');
    assert.deepEqual(site.dryRun, { concurrency: 4, timeoutMs: 15000, retries: 2, moments: ['before-start', 'start', 'end'] });
    assert.equal(site.auditPreset, 'recommended');
    assert.deepEqual(site.audits, { catalog: ['error', { min_on_hand: 20 }], speed: 'warn' });
    // preset: sandbox, and the file writes the sandbox's selectors out: the same values, as its own.
    const { overrides, ...storefront } = site.storefront;
    assert.deepEqual(storefront, { ...PRESETS.sandbox, preset: 'sandbox', allowedOrigins: [] });
    // acme.yml leaves out the guest form's, the cart lines' and the checkout coupon field's selectors (the preset's stand).
    const unwritten = ['guestEmailField', 'guestContinueButton', 'cartLine', 'lineQuantityField', 'removeButton', 'updateButton', 'checkoutCouponSteps', 'checkoutCouponField', 'checkoutApplyButton'];
    assert.deepEqual(overrides, Object.fromEntries(Object.entries(PRESETS.sandbox).filter(([k]) => !unwritten.includes(k))));
    assert.deepEqual(
      site.campaigns.map((c) => [c.name, c.code, c.window, c.expectedRedemptions, c.carts.length]),
      [
        ['Black Friday 50% off', 'BLACKFRIDAY50', ['2026-11-27T00:00', '2026-11-30T23:59'], 40000, 2],
        ['Outerwear 20% off', 'OUTERWEAR20', ['2026-11-20T00:00', '2026-12-01T23:59'], 5000, 1],
        ['$10 off orders over $100', 'TAKE10', ['2026-11-27T00:00', '2026-12-01T23:59'], 3000, 1],
        ['Free Shipping on All Orders over $85', null, undefined, undefined, 2],
      ],
    );
    assert.deepEqual(site.campaigns[1].carts[0], { name: '$120 jacket', items: { 'JKT-001': 1 }, expect: { items: '20% off', shipping: 'free' } });
    assert.deepEqual(site.campaigns[2].carts[0].items, { 'TOP-001': 2, 'ACC-001': 1 });
    assert.deepEqual(site.campaigns[2].carts[0].expect, { order: '$10 off' });
    assert.deepEqual(site.campaigns[3].carts[1].expect, { shipping: 'paid' });
  });

  test('sites/example.annotated.yml loads cleanly, so the example people copy is always valid', () => {
    const result = loadSite(path.join(SITES, 'example.annotated.yml'), { env: ENV });
    assert.ok(result.ok, result.ok ? '' : formatSiteErrors(result.errors));
    assert.equal(result.site.site, 'example');
    const staff = result.site.campaigns.find((c) => c.name === 'Staff discount');
    assert.equal(staff?.secret, true);
    assert.equal(staff?.carts[0].name, 'TOP-001 ×2, ACC-001 ×1');
  });

  test('the annotated example explains every key where it first appears', () => {
    const text = fs.readFileSync(path.join(SITES, 'example.annotated.yml'), 'utf8');
    const lines = text.split('\n');
    const lc = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lc });
    const seen = new Set<string>();
    const uncommented: string[] = [];
    // Walk the file along the schema so `person.name` is one key whether under engineer or client_rep.
    const listItem = (s: SiteSchema) => (s.type === 'array' && s.items && !Array.isArray(s.items) ? s.items : undefined);
    const walk = (node: unknown, s: SiteSchema, at: string) => {
      if (!isMap(node)) return;
      const shape = s.title ?? at;
      for (const pair of node.items) {
        const key = String((pair.key as { value: unknown }).value);
        const sub = s.properties?.[key];
        if (!sub) continue;
        if (!seen.has(`${shape}.${key}`)) {
          seen.add(`${shape}.${key}`);
          const { line } = lc.linePos((pair.key as { range: number[] }).range[0]);
          if (!/^\s*#/.test(lines[line - 2] ?? '')) uncommented.push(`${line}: ${shape}.${key}`);
        }
        if (sub.type === 'object') walk(pair.value, sub, `${shape}.${key}`);
        const item = listItem(sub);
        if (item && isSeq(pair.value)) for (const each of pair.value.items) walk(each, item, `${shape}.${key}[]`);
      }
    };
    walk(doc.contents, SITE_SCHEMA, 'site');
    assert.deepEqual(uncommented, []);
    // ...and it shows every key there is.
    const all: string[] = [];
    const every = (s: SiteSchema, at: string) => {
      const shape = s.title ?? at;
      for (const [key, sub] of Object.entries(s.properties ?? {})) {
        all.push(`${shape}.${key}`);
        if (sub.type === 'object') every(sub, `${shape}.${key}`);
        const item = listItem(sub);
        if (item) every(item, `${shape}.${key}[]`);
      }
    };
    every(SITE_SCHEMA, 'site');
    assert.ok(all.length > 50);
    assert.deepEqual([...new Set(all)].filter((k) => !seen.has(k)), []);
  });

  test('fills in defaults for dry_run, storefront, audits, secret and cart names', () => {
    const file = writeSite(edit('      - name: $120 jacket\n        items', '      - items'));
    const result = loadSite(file, { env: ENV });
    assert.ok(result.ok, result.ok ? '' : formatSiteErrors(result.errors));
    const { site } = result;
    assert.deepEqual(site.dryRun, DRY_RUN_DEFAULTS);
    // No storefront block: the sandbox's values stand in until the run detects the preset.
    assert.deepEqual(site.storefront, STOREFRONT_DEFAULTS);
    assert.equal(site.storefront.preset, undefined);
    assert.equal(site.storefront.productPath, '/products/{slug}');
    assert.equal(site.auditPreset, 'recommended');
    assert.deepEqual(site.audits, {});
    assert.equal(site.production, undefined);
    assert.equal(site.staging.sandbox, false);
    assert.equal(site.campaigns[0].secret, false);
    assert.equal(site.campaigns[0].carts[0].name, 'JKT-001 ×1');
  });

  test('reads code: automatic as a promotion without a code (null)', () => {
    const result = loadSite(writeSite(edit('code: BLACKFRIDAY50', 'code: automatic')), { env: ENV });
    assert.ok(result.ok);
    assert.equal(result.site.campaigns[0].code, null);
  });

  test('does not ask for the API key variable when requireKey is false', () => {
    const result = loadSite(writeSite(BASE), { env: {}, requireKey: false });
    assert.ok(result.ok);
  });
});

describe('one error of each kind, located', () => {
  test('reports bad YAML with the position yaml gives and how to fix it', () => {
    const { located, output } = problems(edit("slack: '@dana'", 'slack: @dana'));
    assert.deepEqual(located, [['yaml-syntax', 13, 44, 'people.engineer.slack']]);
    assert.equal(
      output,
      `<root>/acme.yml:13:44  people.engineer.slack  plain value cannot start with reserved character @ — put the value in quotes, e.g. slack: '@dana'
  13 |   engineer: { name: Dana Whitfield, slack: @dana }
     |                                            ^`,
    );
  });

  test('points an unclosed bracket at the bracket, not at the line where yaml noticed it', () => {
    const { located, output } = problems(edit('[2026-11-26, 2026-11-29]', '[2026-11-26, 2026-11-29'));
    assert.deepEqual(located, [['yaml-syntax', 10, 19, 'holiday.offices_closed']]);
    assert.equal(
      output,
      `<root>/acme.yml:10:19  holiday.offices_closed  this [ is never closed — add ] at the end of the list
  10 |   offices_closed: [2026-11-26, 2026-11-29
     |                   ^`,
    );
  });

  test('reports a tab in the indentation once, without the errors that follow from it', () => {
    const { located } = problems(edit('  name: Thanksgiving', '\tname: Thanksgiving'));
    assert.deepEqual(located, [['yaml-syntax', 9, 1, '']]);
  });

  test('reports an unknown key with a did-you-mean and the missing key it was meant to be', () => {
    const { located, output } = problems(edit('  timezone:', '  timezon:'));
    assert.deepEqual(located, [
      ['missing-key', 8, 1, 'holiday.timezone'],
      ['unknown-key', 11, 3, 'holiday.timezon'],
    ]);
    assert.equal(
      output,
      `<root>/acme.yml:8:1  holiday.timezone  is missing — add \`timezone: America/New_York\` under \`holiday\`
  8 | holiday:
    | ^^^^^^^

<root>/acme.yml:11:3  holiday.timezon  is not a known key under \`holiday\` — did you mean \`timezone\`?
  11 |   timezon: America/New_York
     |   ^^^^^^^`,
    );
  });

  test('says where a misplaced key belongs', () => {
    const { located, output } = problems(edit('currency: USD\n', 'currency: USD\ntimezone: UTC\n'));
    assert.deepEqual(located, [['unknown-key', 5, 1, 'timezone']]);
    assert.match(output, /timezone {2}is not a known key at the top level — `timezone` belongs under `holiday:`/);
  });

  test('reports a wrong type with what was found', () => {
    const { located, output } = problems(edit('    code: BLACKFRIDAY50\n', '    code: BLACKFRIDAY50\n    expected_redemptions: forty thousand\n'));
    assert.deepEqual(located, [['wrong-type', 19, 27, 'campaigns[0].expected_redemptions']]);
    assert.equal(
      output,
      `<root>/acme.yml:19:27  campaigns[0].expected_redemptions  must be a whole number like 40000 — got the text "forty thousand"
  19 |     expected_redemptions: forty thousand
     |                           ^^^^^^^^^^^^^^`,
    );
  });

  test('reports a missing key at the map that should hold it', () => {
    const { located, output } = problems(edit('    carts:\n      - name: $120 jacket\n        items: { JKT-001: 1 }\n        expect: { items: 50% off }\n', ''));
    assert.deepEqual(located, [['missing-key', 17, 5, 'campaigns[0].carts']]);
    assert.equal(
      output,
      `<root>/acme.yml:17:5  campaigns[0].carts  is missing — add a \`carts:\` list, e.g. \`- { items: { JKT-001: 1 }, expect: { items: 50% off } }\` under \`campaigns[0]\`
  17 |   - name: Black Friday 50% off
     |     ^`,
    );
  });

  test('explains that an unquoted # turned a value into a comment', () => {
    const { located, output } = problems(edit("slack_channel: '#acme-holiday'", 'slack_channel: #acme-holiday'));
    assert.deepEqual(located, [['missing-value', 15, 3, 'people.slack_channel']]);
    assert.match(output, /put the value in quotes: slack_channel: '#acme-holiday'/);
  });

  test('reports an impossible date', () => {
    const { located, output } = problems(edit('[2026-11-27T00:00,', '[2026-02-30T00:00,'));
    assert.deepEqual(located, [['impossible-date', 19, 14, 'campaigns[0].window[0]']]);
    assert.equal(
      output,
      `<root>/acme.yml:19:14  campaigns[0].window[0]  is not a real date and time: February 2026 has 28 days — got "2026-02-30T00:00"
  19 |     window: [2026-02-30T00:00, 2026-11-30T23:59]
     |              ^^^^^^^^^^^^^^^^`,
    );
  });

  test('reports month 13 as an impossible date', () => {
    const { located, output } = problems(edit('[2026-11-26,', '[2026-13-26,'));
    assert.deepEqual(located, [['impossible-date', 10, 20, 'holiday.offices_closed[0]']]);
    assert.match(output, /there is no month 13 \(use 01 to 12\)/);
  });

  test('reports a window that ends before it starts', () => {
    const { located, output } = problems(edit('2026-11-30T23:59]', '2026-11-20T23:59]'));
    assert.deepEqual(located, [['bad-window', 19, 32, 'campaigns[0].window[1]']]);
    assert.equal(
      output,
      `<root>/acme.yml:19:32  campaigns[0].window[1]  ends before it starts (2026-11-20T23:59 is not after 2026-11-27T00:00) — write [start, end], and check the end date
  19 |     window: [2026-11-27T00:00, 2026-11-20T23:59]
     |                                ^^^^^^^^^^^^^^^^`,
    );
  });

  test('reports offices_closed that ends before it starts', () => {
    const { located } = problems(edit('[2026-11-26, 2026-11-29]', '[2026-11-29, 2026-11-26]'));
    assert.deepEqual(located, [['bad-window', 10, 32, 'holiday.offices_closed[1]']]);
  });

  test('reports the expectations in a client\'s words at their place: per-item SKUs not in the cart, taxon, total, discount and code shares outside the grammar', () => {
    const { located, output } = problems(edit('{ items: 50% off }', `{ items: { JKT-001: 20% off, JKT-002: 10% off } }
      - items: { JKT-001: 1 }
        expect: { discount: at least 120% off, taxon: 20% off, total: 60 }
      - items: { JKT-001: 2 }
        expect: { code: 50% of items, total: about $60 }`));
    assert.deepEqual(located, [
      ['bad-expectation', 23, 46, 'campaigns[0].carts[0].expect.items.JKT-002'],
      ['bad-expectation', 25, 29, 'campaigns[0].carts[1].expect.discount'],
      ['bad-expectation', 25, 55, 'campaigns[0].carts[1].expect.taxon'],
      ['bad-expectation', 25, 71, 'campaigns[0].carts[1].expect.total'],
      ['bad-expectation', 27, 25, 'campaigns[0].carts[2].expect.code'],
      ['bad-expectation', 27, 46, 'campaigns[0].carts[2].expect.total'],
    ]);
    assert.match(output, /acme\.yml:23:46 {2}campaigns\[0\]\.carts\[0\]\.expect\.items\.JKT-002 {2}is not in this cart's items \(JKT-001\) — did you mean `JKT-001`\?/);
    assert.match(output, /expect\.discount {2}must be "N% off" \(1 to 100\), "\$N off" or "none" \("at least 20% off" when more is fine\) — got the text "at least 120% off"/);
    assert.match(output, /expect\.taxon {2}must be a taxon name and a discount, like Outerwear 20% off .* — got the text "20% off"/);
    assert.match(output, /expect\.total {2}must be text like \$60 — got the number 60; write \$60/);
    assert.match(output, /expect\.code {2}must be accepted, rejected, or what the code itself gives, like 50% off items or \$10 off the order .* — got the text "50% of items"/);
    assert.match(output, /expect\.total {2}must be an amount like \$60, at most \$60 or at least \$10 — got the text "about \$60"/);
  });

  test('reads every expectation in a client\'s words: the code\'s share, discount, per item, taxon, total, at least', () => {
    const file = writeSite(edit('{ items: 50% off }', '{ code: 50% off items, discount: at least $60 off, total: at most $60, taxon: Outerwear at least 20% off, items: { JKT-001: 20% off } }'));
    const result = loadSite(file, { env: ENV });
    assert.ok(result.ok, result.ok ? '' : formatSiteErrors(result.errors));
    assert.deepEqual(result.site.campaigns[0].carts[0].expect, { code: '50% off items', discount: 'at least $60 off', total: 'at most $60', taxon: 'Outerwear at least 20% off', items: { 'JKT-001': '20% off' } });
  });

  test('refuses a code share on an automatic campaign, at the key', () => {
    const { located, output } = problems(edit('{ items: 50% off }', '{ code: 50% off items }', edit('code: BLACKFRIDAY50', 'code: automatic')));
    assert.deepEqual(located, [['bad-expectation', 23, 25, 'campaigns[0].carts[0].expect.code']]);
    assert.match(output, /is set, but this campaign is automatic \(it has no code to accept or reject, nor a share of its own\) — remove it; use discount: for what the customer gets/);
  });

  test('reports an expectation outside the grammar', () => {
    const { located, output } = problems(edit('{ items: 50% off }', '{ items: half price, shipping: gratis }'));
    assert.deepEqual(located, [
      ['bad-expectation', 23, 26, 'campaigns[0].carts[0].expect.items'],
      ['bad-expectation', 23, 48, 'campaigns[0].carts[0].expect.shipping'],
    ]);
    assert.equal(
      output,
      `<root>/acme.yml:23:26  campaigns[0].carts[0].expect.items  must be "N% off" (1 to 100), "$N off" or "none" ("at least 20% off" when more is fine) — got the text "half price"
  23 |         expect: { items: half price, shipping: gratis }
     |                          ^^^^^^^^^^

<root>/acme.yml:23:48  campaigns[0].carts[0].expect.shipping  must be one of free, paid — got the text "gratis"
  23 |         expect: { items: half price, shipping: gratis }
     |                                                ^^^^^^`,
    );
  });

  test('reports a cart quantity that is not a positive whole number', () => {
    const { located } = problems(edit('{ JKT-001: 1 }', '{ JKT-001: 0, FLC-002: 1.5 }'));
    assert.deepEqual(located, [
      ['bad-value', 22, 27, 'campaigns[0].carts[0].items.JKT-001'],
      ['bad-value', 22, 39, 'campaigns[0].carts[0].items.FLC-002'],
    ]);
  });

  test('reports an unknown time zone with the closest real one', () => {
    const { located, output } = problems(edit('America/New_York', 'America/NewYork'));
    assert.deepEqual(located, [['unknown-timezone', 11, 13, 'holiday.timezone']]);
    assert.equal(
      output,
      `<root>/acme.yml:11:13  holiday.timezone  is not a time zone — did you mean America/New_York? (got "America/NewYork")
  11 |   timezone: America/NewYork
     |             ^^^^^^^^^^^^^^^`,
    );
  });

  test('rejects a time zone abbreviation, which ignores daylight saving time', () => {
    const { located, output } = problems(edit('America/New_York', 'EST'));
    assert.deepEqual(located, [['unknown-timezone', 11, 13, 'holiday.timezone']]);
    assert.match(output, /write the IANA time zone instead, e.g. America\/New_York/);
  });

  test('reports a missing API key variable at staging.api_key_env', () => {
    const { located, output } = problems(BASE, { env: {} });
    assert.deepEqual(located, [['missing-env', 7, 16, 'staging.api_key_env']]);
    assert.equal(
      output,
      `<root>/acme.yml:7:16  staging.api_key_env  names the environment variable ACME_STAGING_API_KEY, which is not set — set it to the staging store's admin API key (export ACME_STAGING_API_KEY=…) and run again
  7 |   api_key_env: ACME_STAGING_API_KEY
    |                ^^^^^^^^^^^^^^^^^^^^`,
    );
  });

  test('treats an empty API key variable as missing', () => {
    const { located } = problems(BASE, { env: { ACME_STAGING_API_KEY: '  ' } });
    assert.deepEqual(located, [['missing-env', 7, 16, 'staging.api_key_env']]);
  });

  test('reports a SKU listed twice in a cart as a duplicate key', () => {
    const { located, output } = problems(edit('{ JKT-001: 1 }', '{ JKT-001: 1, JKT-001: 2 }'));
    assert.deepEqual(located, [['duplicate-key', 22, 30, 'campaigns[0].carts[0].items.JKT-001']]);
    assert.equal(
      output,
      `<root>/acme.yml:22:30  campaigns[0].carts[0].items.JKT-001  map keys must be unique — each key may appear once in a map; remove one, or add the quantities together
  22 |         items: { JKT-001: 1, JKT-001: 2 }
     |                              ^`,
    );
  });

  test('reports two campaigns with the same name', () => {
    const second = '  - name: Black Friday 50% off\n    code: OTHER\n    carts: [{ items: { JKT-001: 1 }, expect: { items: 50% off } }]\n';
    const { located } = problems(BASE + second);
    assert.deepEqual(located, [['duplicate-name', 24, 11, 'campaigns[1].name']]);
  });

  test('reports an api_key_env that is not a variable name, without showing what was written', () => {
    const { located, output } = problems(edit('api_key_env: ACME_STAGING_API_KEY', 'api_key_env: sk_live_4242abcd'));
    assert.deepEqual(located, [['bad-value', 7, 16, 'staging.api_key_env']]);
    assert.doesNotMatch(output, /sk_live_4242abcd/);
  });

  test('reports a url that is not http or https', () => {
    const { located } = problems(edit('url: http://127.0.0.1:3000', 'url: ftp://127.0.0.1'));
    assert.deepEqual(located, [['bad-value', 6, 8, 'staging.url']]);
  });

  test('reports a site id that does not match the file name', () => {
    const { located, output } = problems(edit('site: acme', 'site: globex'));
    assert.deepEqual(located, [['bad-value', 2, 7, 'site']]);
    assert.match(output, /must be the file name without \.yml, "acme"/);
  });

  test('reports a missing file with the closest known site', () => {
    const dir = path.dirname(writeSite(BASE));
    const result = loadSite(path.join(dir, 'acm.yml'), { env: ENV });
    assert.equal(result.ok, false);
    const errors = (result as { errors: SiteError[] }).errors;
    assert.deepEqual(errors.map((e) => [e.code, e.line, e.col, e.path]), [['file-not-found', 1, 1, '']]);
    assert.equal(formatSiteErrors(errors, { cwd: REPO }).replaceAll(dir, '<root>'), '<root>/acm.yml:1:1  there is no site file here — did you mean acme?');
  });

  test('reports an empty file', () => {
    const { located } = problems('# yaml-language-server: $schema=./schema.json\n');
    assert.deepEqual(located, [['missing-key', 1, 1, '']]);
  });
});

describe('storefront.allowed_origins', () => {
  /** BASE with a storefront section listing these origins, one per line from line 26, column 7. */
  const withOrigins = (...items: string[]) => `${BASE}storefront:\n  allowed_origins:\n${items.map((i) => `    - ${i}\n`).join('')}`;

  test('loads a list of origins, written as the browser compares them, and defaults to none', () => {
    const result = loadSite(writeSite(withOrigins("'HTTPS://CDN.Example.com/'", 'http://127.0.0.1:4000', 'https://fonts.example:443')), { env: ENV });
    assert.ok(result.ok, result.ok ? '' : formatSiteErrors(result.errors));
    assert.deepEqual(result.site.storefront, { ...STOREFRONT_DEFAULTS, allowedOrigins: ['https://cdn.example.com', 'http://127.0.0.1:4000', 'https://fonts.example'] });
    const none = loadSite(writeSite(BASE), { env: ENV });
    assert.ok(none.ok);
    assert.deepEqual(none.site.storefront.allowedOrigins, []);
    const empty = loadSite(writeSite(`${BASE}storefront: { allowed_origins: [] }\n`), { env: ENV });
    assert.ok(empty.ok);
    assert.deepEqual(empty.site.storefront.allowedOrigins, []);
  });

  test('reports each entry that is not an origin at its place, with the fix', () => {
    const { located, output } = problems(withOrigins(
      'https://cdn.example.com',
      'cdn.example.com',
      'ftp://cdn.example.com',
      'https://cdn.example.com/assets/',
      "'https://cdn.example.com?v=1'",
      "'https://*.example.com'",
      'https://user:hunter2@cdn.example.com',
      'https://CDN.example.com/',
      '8080',
    ));
    assert.deepEqual(located, [
      ['bad-value', 27, 7, 'storefront.allowed_origins[1]'],
      ['bad-value', 28, 7, 'storefront.allowed_origins[2]'],
      ['bad-value', 29, 7, 'storefront.allowed_origins[3]'],
      ['bad-value', 30, 7, 'storefront.allowed_origins[4]'],
      ['bad-value', 31, 7, 'storefront.allowed_origins[5]'],
      ['bad-value', 32, 7, 'storefront.allowed_origins[6]'],
      ['bad-value', 33, 7, 'storefront.allowed_origins[7]'],
      ['wrong-type', 34, 7, 'storefront.allowed_origins[8]'],
    ]);
    const messages = output.split('\n\n');
    assert.equal(
      messages[0],
      `<root>/acme.yml:27:7  storefront.allowed_origins[1]  must be an origin with its scheme, like https://cdn.example.com — got "cdn.example.com"; write https://cdn.example.com
  27 |     - cdn.example.com
     |       ^^^^^^^^^^^^^^^`,
    );
    assert.match(messages[1], /allowed_origins\[2\] {2}must start with http:\/\/ or https:\/\/, like https:\/\/cdn\.example\.com — got "ftp:\/\/cdn\.example\.com"/);
    assert.match(messages[2], /allowed_origins\[3\] {2}must be an origin only, without a path, query or #fragment — got "https:\/\/cdn\.example\.com\/assets\/"; write https:\/\/cdn\.example\.com\n/);
    assert.match(messages[3], /allowed_origins\[4\] {2}must be an origin only, without a path, query or #fragment — got "https:\/\/cdn\.example\.com\?v=1"; write https:\/\/cdn\.example\.com\n/);
    assert.match(messages[4], /allowed_origins\[5\] {2}must be one origin, without wildcards — list each host/);
    assert.match(messages[5], /allowed_origins\[6\] {2}must not contain a user name or password/);
    assert.match(messages[6], /allowed_origins\[7\] {2}is https:\/\/cdn\.example\.com again, already listed as storefront\.allowed_origins\[0\] — remove one/);
    assert.match(messages[7], /allowed_origins\[8\] {2}must be text like https:\/\/cdn\.example\.com — got the number 8080; put it in quotes/);
    assert.doesNotMatch(output, /hunter2/, 'a password in an origin is never shown');
  });

  test('asks for a list when given one origin, and suggests the key when it is misspelt', () => {
    const one = problems(`${BASE}storefront:\n  allowed_origins: https://cdn.example.com\n`);
    assert.deepEqual(one.located, [['wrong-type', 25, 20, 'storefront.allowed_origins']]);
    assert.match(one.output, /must be a list of origins, like \[https:\/\/cdn\.example\.com\] — got the text "https:\/\/cdn\.example\.com"; put it in a list: \[https:\/\/cdn\.example\.com\]/);
    const typo = problems(`${BASE}storefront:\n  allowed_origin: [https://cdn.example.com]\n`);
    assert.deepEqual(typo.located, [['unknown-key', 25, 3, 'storefront.allowed_origin']]);
    assert.match(typo.output, /did you mean `allowed_origins`\?/);
  });
});

describe('collect, then decide', () => {
  test('reports every problem in a file with several, in file order', () => {
    let text = edit('site: acme', 'site: acme\nwebsite: acme.example');
    text = edit('America/New_York', 'America/NewYork', text);
    text = edit('2026-11-30T23:59]', '2026-11-26T23:59]', text);
    text = edit('{ JKT-001: 1 }', '{ JKT-001: one }', text);
    text = edit('{ items: 50% off }', '{ items: 50 percent }', text);
    text = edit('  client_rep: { name: Sam Ortiz }\n', '', text);
    const { located } = problems(text, { env: {} });
    assert.deepEqual(located, [
      ['unknown-key', 3, 1, 'website'],
      ['missing-env', 8, 16, 'staging.api_key_env'],
      ['unknown-timezone', 12, 13, 'holiday.timezone'],
      ['missing-key', 13, 1, 'people.client_rep'],
      ['bad-window', 19, 32, 'campaigns[0].window[1]'],
      ['wrong-type', 22, 27, 'campaigns[0].carts[0].items.JKT-001'],
      ['bad-expectation', 23, 26, 'campaigns[0].carts[0].expect.items'],
    ]);
  });

  test('never puts the value of an environment variable in errors or in the loaded site', () => {
    const secret = 'sk_live_do_not_print_0xC0FFEE';
    const env = { ACME_STAGING_API_KEY: secret, ACME_PRODUCTION_API_KEY: secret, HOME: secret };
    const broken = edit('timezone: America/New_York', 'timezone: Mars/Olympus_Mons') + 'production: { url: nowhere, api_key_env: ACME_PRODUCTION_API_KEY }\n';
    const { output, errors } = problems(broken, { env });
    assert.ok(errors.length >= 2);
    assert.ok(!output.includes(secret));
    assert.ok(!JSON.stringify(errors).includes(secret));
    const good = loadSite(writeSite(BASE), { env });
    assert.ok(good.ok);
    assert.ok(!JSON.stringify(good.site).includes(secret));
    // A missing variable is named, never valued.
    const missing = problems(edit('ACME_STAGING_API_KEY', 'ACME_STAGING_KEY_TYPO'), { env });
    assert.ok(!missing.output.includes(secret));
  });

  test('never shows the code of a secret campaign in a message', () => {
    const secretCampaign = '  - name: Staff\n    secret: true\n    code: STAFF-XYZZY-99\n    carts: [{ items: { JKT-001: 1 }, expect: { items: 50% off } }]\n';
    const twice = secretCampaign + secretCampaign.replace('name: Staff', 'name: Staff again');
    const { located, output } = problems(BASE + twice);
    assert.deepEqual(located, [['duplicate-code', 30, 11, 'campaigns[2].code']]);
    assert.doesNotMatch(output, /XYZZY/);
  });

  test('never shows a line with a pasted API key', () => {
    const { located, output } = problems(edit('  api_key_env: ACME_STAGING_API_KEY', '  api_key_env: ACME_STAGING_API_KEY\n  api_key: sk_live_pasted_here'));
    assert.deepEqual(located, [['unknown-key', 8, 3, 'staging.api_key']]);
    assert.doesNotMatch(output, /sk_live_pasted_here/);
  });
});

describe('the bad-sites corpus', () => {
  const files = fs.readdirSync(BAD_SITES).filter((f) => f.endsWith('.yml')).sort();
  /** The code a corpus file is about: the longest error code its name starts with. */
  const codeOf = (file: string) => [...SITE_ERROR_CODES].sort((a, b) => b.length - a.length).find((c) => file.startsWith(c));

  for (const file of files) {
    test(`${file} yields a located ${codeOf(file) ?? '?'} error`, () => {
      const code = codeOf(file);
      assert.ok(code, `${file} must start with an error code (${SITE_ERROR_CODES.join(', ')})`);
      const text = fs.readFileSync(path.join(BAD_SITES, file), 'utf8');
      assert.match(text.split('\n')[0], /^# \S.*/, 'line 1 must be a comment saying what is wrong');
      const result = loadSite(path.join(BAD_SITES, file), { env: { HOLIDAY_READY_FIXTURE_KEY: 'fixture-key' } });
      assert.equal(result.ok, false);
      const errors = (result as { errors: SiteError[] }).errors;
      const hit = errors.find((e) => e.code === code);
      assert.ok(hit, `expected a ${code} error, got ${errors.map((e) => e.code).join(', ')}`);
      assert.ok(hit.line > 1 && hit.col >= 1 && hit.excerpt, 'the error must point at a line of the file');
    });
  }

  test('has a file for every error a site file can have', () => {
    const notAboutContents = ['file-not-found', 'file-unreadable', 'internal-error'];
    const covered = new Set(files.map(codeOf));
    assert.deepEqual(SITE_ERROR_CODES.filter((c) => !notAboutContents.includes(c) && !covered.has(c)), []);
  });
});

describe('the clock and the moments', () => {
  test('staging.clock_secret_env names a variable and dry_run.moments takes labels and times', () => {
    const text = edit('  api_key_env: ACME_STAGING_API_KEY\n', '  api_key_env: ACME_STAGING_API_KEY\n  clock_secret_env: ACME_STAGING_CLOCK_SECRET\n') +
      'dry_run:\n  moments: [start, 2026-11-28T12:00, 2026-11-28T12:00-05:00]\n';
    const result = loadSite(writeSite(text), { env: ENV });
    assert.ok(result.ok, result.ok ? '' : formatSiteErrors(result.errors));
    assert.equal(result.site.staging.clockSecretEnv, 'ACME_STAGING_CLOCK_SECRET');
    assert.deepEqual(result.site.dryRun.moments, ['start', '2026-11-28T12:00', '2026-11-28T12:00-05:00']);
  });

  test('a clock secret on production, a pasted secret, and unknown or repeated moments are located errors', () => {
    const prod = edit('people:\n', 'production:\n  url: https://shop.example\n  api_key_env: ACME_PRODUCTION_API_KEY\n  clock_secret_env: ACME_PRODUCTION_CLOCK\npeople:\n');
    const { located } = problems(prod);
    assert.deepEqual(located, [['bad-value', 15, 3, 'production.clock_secret_env']]);
    const pasted = problems(edit('  api_key_env: ACME_STAGING_API_KEY\n', '  api_key_env: ACME_STAGING_API_KEY\n  clock_secret_env: s3cr3t-clock-value\n'));
    assert.deepEqual(pasted.located, [['bad-value', 8, 21, 'staging.clock_secret_env']]);
    assert.equal(pasted.output.includes('s3cr3t-clock-value'), false, 'the value is never echoed');
    const bad = problems(BASE + 'dry_run:\n  moments: [start, begin, start, 12:00]\n');
    assert.deepEqual(bad.errors.map((e) => [e.path, e.message.split(' — ')[0]]), [
      ['dry_run.moments[1]', 'must be before-start, start, end or a date-time like 2026-11-27T12:00 (local to holiday.timezone)'],
      ['dry_run.moments[2]', 'lists "start" twice'],
      ['dry_run.moments[3]', 'must be before-start, start, end or a date-time like 2026-11-27T12:00 (local to holiday.timezone)'],
    ]);
    assert.deepEqual(problems(BASE + 'dry_run:\n  moments: []\n').located.map((l) => l[3]), ['dry_run.moments']);
  });
});

describe('schema.json, generated from the one definition of the site file', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON document walked by key
  type Schema = Record<string, any>;
  const schema: Schema = JSON.parse(fs.readFileSync(path.join(SITES, 'schema.json'), 'utf8'));
  const deref = (s: Schema): Schema => (s.$ref ? { ...deref(schema.definitions[s.$ref.replace('#/definitions/', '')]), ...s, $ref: undefined } : s);

  test('sites/schema.json is what npm run generate:schema makes from src/config/schema.ts, and says so', () => {
    assert.equal(SCHEMA_FILE, path.join(SITES, 'schema.json'));
    assert.equal(fs.readFileSync(SCHEMA_FILE, 'utf8'), renderSchema(), 'sites/schema.json is out of date: run npm run generate:schema');
    assert.match(schema.$comment, /Generated by `npm run generate:schema` from src\/config\/schema\.ts\. Do not edit by hand\./);
  });

  test('every key in schema.json has a description for editors to show', () => {
    const missing: string[] = [];
    const walk = (s: Schema, at: string) => {
      for (const [key, raw] of Object.entries<Schema>(s.properties ?? {})) {
        if (!deref(raw).description) missing.push(`${at}${key}`);
        walk(deref(raw), `${at}${key}.`);
        const sub = deref(raw);
        if (sub.type === 'array' && sub.items && !Array.isArray(sub.items)) walk(deref(sub.items), `${at}${key}[].`);
      }
    };
    walk(schema, '');
    assert.deepEqual(missing, []);
  });

  test('every object in schema.json forbids unknown keys', () => {
    const open: string[] = [];
    const walk = (s: unknown, at: string) => {
      if (!s || typeof s !== 'object') return;
      const o = s as Schema;
      // Audit options are the one open map: which options exist depends on the audit.
      if (o.type === 'object' && o.additionalProperties !== false && !at.endsWith('anyOf.1.items.1')) open.push(at);
      for (const [k, v] of Object.entries(o)) walk(v, at ? `${at}.${k}` : k);
    };
    walk(schema, '');
    assert.deepEqual(open, []);
  });

  test('documents the same defaults the loader fills in', () => {
    const dry = schema.properties.dry_run.properties;
    assert.deepEqual(
      { concurrency: dry.concurrency.default, timeoutMs: dry.timeout_ms.default, retries: dry.retries.default, moments: dry.moments.default },
      { ...DRY_RUN_DEFAULTS },
    );
    // The storefront's come from its preset (src/browser/presets.ts), not from the schema: a key the
    // file leaves out is the preset's, so the schema gives none, and a file without a storefront
    // block starts from the sandbox's until the run detects its preset.
    const sf = schema.properties.storefront.properties;
    assert.deepEqual(Object.entries<Schema>(sf).filter(([k, v]) => k !== 'allowed_origins' && v.default !== undefined), []);
    assert.deepEqual({ ...STOREFRONT_DEFAULTS }, { ...PRESETS.sandbox, overrides: {}, allowedOrigins: [] });
  });

  /** What an editor shows: a standard JSON Schema validator (ajv) given sites/schema.json as editors get it. */
  const editor = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(schema);
  function schemaErrors(value: unknown): string[] {
    editor(value);
    const words: Record<string, (p: Record<string, unknown>) => string> = {
      additionalProperties: (p) => `unknown key ${String(p.additionalProperty)}`,
      pattern: () => 'does not match',
      minimum: () => 'below minimum',
      type: (p) => `not ${String(p.type)}`,
    };
    return (editor.errors ?? []).map((e) => `$${e.instancePath.replaceAll('/', '.')}: ${words[e.keyword]?.(e.params) ?? e.message}`);
  }

  for (const file of ['acme.yml', 'example.annotated.yml']) {
    test(`schema.json accepts sites/${file}, so editors show no false alarms`, () => {
      const value = parseYaml(fs.readFileSync(path.join(SITES, file), 'utf8'));
      assert.deepEqual(schemaErrors(value), []);
    });
  }

  test('schema.json rejects the mistakes an editor can catch as you type', () => {
    const cases: [string, string, RegExp][] = [
      ['  timezone:', '  timezon:', /unknown key timezon/],
      ['{ items: 50% off }', '{ items: half price }', /does not match/],
      ['{ JKT-001: 1 }', '{ JKT-001: 0 }', /below minimum/],
      ['api_key_env: ACME_STAGING_API_KEY', 'api_key_env: sk_live_x', /does not match/],
      ['currency: USD\n', 'currency: USD\nstorefront: { allowed_origins: [https://cdn.example.com/assets] }\n', /does not match/],
      ['currency: USD\n', 'currency: USD\nstorefront: { allowed_origins: [cdn.example.com] }\n', /does not match/],
      ['currency: USD\n', 'currency: USD\nstorefront: { allowed_origins: https://cdn.example.com }\n', /not array/],
    ];
    for (const [from, to, expected] of cases) {
      assert.match(schemaErrors(parseYaml(edit(from, to))).join('\n'), expected, to);
    }
  });
});

describe('locateKey, for problems found after loading', () => {
  test('points at the value of a key path, so a SKU the store lacks is shown in the site file', () => {
    const file = writeSite(BASE);
    const at = locateKey(file, 'campaigns[0].carts[0].items.JKT-001');
    assert.deepEqual(at, { line: 22, col: 27, excerpt: '        items: { JKT-001: 1 }', span: 1 });
    const error: SiteError = { code: 'bad-value', file, ...at, path: 'campaigns[0].carts[0].items.JKT-001', message: 'is not a SKU of the staging store' };
    assert.equal(
      formatSiteErrors([error], { cwd: REPO }).replaceAll(path.dirname(file), '<root>'),
      `<root>/acme.yml:22:27  campaigns[0].carts[0].items.JKT-001  is not a SKU of the staging store
  22 |         items: { JKT-001: 1 }
     |                           ^`,
    );
  });

  test('falls back to the nearest key that exists, and to 1:1 when the file is gone', () => {
    const file = writeSite(BASE);
    assert.deepEqual(locateKey(file, 'campaigns[0].carts[0].items.NOPE-404'), { line: 22, col: 16, excerpt: '        items: { JKT-001: 1 }', span: 14 });
    assert.deepEqual(locateKey(file, 'staging.api_key_env'), { line: 7, col: 16, excerpt: '  api_key_env: ACME_STAGING_API_KEY', span: 20 });
    assert.deepEqual(locateKey(path.join(path.dirname(file), 'gone.yml'), 'site'), { line: 1, col: 1 });
  });

  test('never shows the line with a secret campaign\'s code', () => {
    const file = writeSite(edit('    code: BLACKFRIDAY50\n', '    code: BLACKFRIDAY50\n    secret: true\n'));
    assert.deepEqual(locateKey(file, 'campaigns[0].code'), { line: 18, col: 11 });
  });
});

describe('resolveSitePath and did-you-mean', () => {
  test('reads a bare site name from <root>/sites/<name>.yml', () => {
    assert.equal(resolveSitePath('acme', '/repo', '/elsewhere'), path.join('/repo', 'sites', 'acme.yml'));
  });

  test('treats an argument with a slash or a .yml/.yaml ending as a path from the working directory', () => {
    assert.equal(resolveSitePath('sites/acme.yml', '/repo', '/work'), path.resolve('/work', 'sites/acme.yml'));
    assert.equal(resolveSitePath('globex.yaml', '/repo', '/work'), path.resolve('/work', 'globex.yaml'));
    assert.equal(resolveSitePath('/abs/globex.yml', '/repo', '/work'), '/abs/globex.yml');
  });

  test('suggests the closest key for a typo but not for an unrelated word', () => {
    assert.equal(levenshtein('timezon', 'timezone'), 1);
    assert.equal(closest('timezon', ['name', 'offices_closed', 'timezone']), 'timezone');
    assert.equal(closest('officesClosed', ['name', 'offices_closed', 'timezone']), 'offices_closed');
    assert.equal(closest('colour', ['name', 'offices_closed', 'timezone']), undefined);
  });
});

describe('storefront.checkout_coupon_*', () => {
  test('a site file names the checkout steps with a coupon field and its selectors, on top of the preset', () => {
    const result = loadSite(writeSite(`${BASE}storefront:\n  preset: solidus_frontend\n  checkout_coupon_steps: [delivery, payment]\n  checkout_coupon_field: css=#promo\n`), { env: ENV });
    assert.ok(result.ok, JSON.stringify(!result.ok && result.errors));
    assert.deepEqual(result.site.storefront.checkoutCouponSteps, ['delivery', 'payment']);
    assert.equal(result.site.storefront.checkoutCouponField, 'css=#promo');
    assert.equal(result.site.storefront.checkoutApplyButton, PRESETS.solidus_frontend.checkoutApplyButton);
  });

  test('a step that is not delivery or payment, and a selector the browser cannot use, are located errors naming the key', () => {
    const { located, output } = problems(`${BASE}storefront:\n  checkout_coupon_steps: [cart]\n  checkout_apply_button: role=button[name="Apply\n`);
    // At the value: line 25 column 27 is "cart", line 26 column 26 the selector.
    assert.deepEqual(located, [
      ['bad-value', 25, 27, 'storefront.checkout_coupon_steps[0]'],
      ['bad-value', 26, 26, 'storefront.checkout_apply_button'],
    ]);
    assert.match(output, /storefront\.checkout_coupon_steps\[0\]/);
    assert.match(output, /storefront\.checkout_apply_button\s+is not a selector the browser can use/);
  });
});

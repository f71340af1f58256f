/**
 * The audit runner (src/audits/run.ts): eslint-style severities, collect-then-decide (an audit that
 * throws or hangs becomes a "could not run" finding and never stops the others), severity to
 * finding level, the read-only production client, and the registry the CLI passes to loadSite.
 * No store: fake audits and an injected fetch.
 *
 * Run: node --import tsx --test test/unit/audits-run.test.ts
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveRule, runAudits } from '../../src/audits/run.ts';
import { AUDIT_IDS, AUDITS, runReadinessAudits } from '../../src/pipeline/audits.ts';
import type { Audit } from '../../src/audits/types.ts';
import { loadSite, parseSite } from '../../src/config/load.ts';
import type { Site } from '../../src/config/types.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const ENV = { UNIT_STAGING_KEY: 'staging-key-123', UNIT_PRODUCTION_KEY: 'production-key-456', ACME_STAGING_API_KEY: 'k', ACME_PRODUCTION_API_KEY: 'k' };
const NOW = new Date('2026-11-25T15:00:00Z');

function site(audits = '', extra = '', auditIds: readonly string[] | null = AUDIT_IDS): Site {
  const yaml = `site: unit-site
name: Unit Outfitters
currency: USD
staging: { url: 'http://127.0.0.1:9', api_key_env: UNIT_STAGING_KEY }
production: { url: 'http://127.0.0.2:9', api_key_env: UNIT_PRODUCTION_KEY }
holiday: { name: Thanksgiving, offices_closed: [2026-11-26, 2026-11-29], timezone: America/New_York }
people: { engineer: { name: Dana Whitfield, slack: '@dana' }, client_rep: { name: Sam Ortiz }, slack_channel: '#unit' }
${audits}
${extra}
campaigns:
  - { name: Black Friday, code: BLACKFRIDAY50, window: [2026-11-27T00:00, 2026-11-30T23:59], expected_redemptions: 100, carts: [{ items: { JKT-001: 1 }, expect: { items: 50% off } }] }
`;
  const r = parseSite(yaml, '/nowhere/unit-site.yml', { env: ENV, auditIds: auditIds ?? undefined });
  assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.errors));
  return r.site;
}

/** A fake audit: `run` is what it does. */
function fake(id: string, run: Audit['run'], over: Partial<Audit> = {}): Audit {
  return { id, title: `${id} passes`, failureTitle: `${id} fails`, recommended: 'error', shouldRun: () => true, run, ...over };
}

const noFetch: typeof fetch = async () => {
  throw new Error('no store in unit tests');
};

describe('registry and severities', () => {
  test('has one audit per file in audits/, the id equal to the file name, each listed once in audits/index.ts', () => {
    const files = fs.readdirSync(path.join(REPO, 'audits')).filter((f) => f.endsWith('.ts') && f !== 'index.ts').map((f) => f.replace(/\.ts$/, '')).sort();
    assert.equal(new Set(AUDIT_IDS).size, AUDIT_IDS.length, 'no audit listed twice');
    assert.deepEqual([...AUDIT_IDS].sort(), files);
    for (const a of AUDITS) assert.ok(a.title && a.failureTitle && ['off', 'warn', 'error'].includes(a.recommended), a.id);
  });

  test('lets loadSite accept the acme rules and point at a misspelt audit id', () => {
    const acme = loadSite(path.join(REPO, 'sites', 'acme.yml'), { env: ENV, auditIds: AUDIT_IDS });
    assert.ok(acme.ok, acme.ok ? '' : JSON.stringify(acme.errors));
    const bad = parseSite(fs.readFileSync(path.join(REPO, 'sites', 'acme.yml'), 'utf8').replace('catalog: [error', 'catalogue: [error'), path.join(REPO, 'sites', 'acme.yml'), { env: ENV, auditIds: AUDIT_IDS });
    assert.equal(bad.ok, false);
    assert.ok(!bad.ok && bad.errors.some((e) => e.code === 'unknown-key' && e.path === 'audits.rules.catalogue' && /did you mean `catalog`\?/.test(e.message)));
  });

  test('resolves severities eslint-style: the preset, then the site rule, with options', () => {
    const audit = fake('speed', async () => ({ summary: '', findings: [] }), { recommended: 'warn' });
    assert.deepEqual(resolveRule(site(), audit), { severity: 'warn', options: {} });
    assert.deepEqual(resolveRule(site('audits: { preset: all }'), audit), { severity: 'error', options: {} });
    assert.deepEqual(resolveRule(site('audits: { preset: none }'), audit), { severity: 'off', options: {} });
    assert.deepEqual(resolveRule(site('audits: { preset: none, rules: { speed: [warn, { ttfb_ms: 500 }] } }'), audit), { severity: 'warn', options: { ttfb_ms: 500 } });
    assert.deepEqual(resolveRule(site('audits: { rules: { speed: off } }'), audit), { severity: 'off', options: {} });
  });
});

describe('collect, then decide', () => {
  test('an audit that throws, one that hangs and one with a bad option become findings; the others still run', async () => {
    const ran: string[] = [];
    const audits: Audit[] = [
      fake('throws', async () => {
        throw new Error('boom: key staging-key-123 leaked into a message');
      }),
      fake('hangs', () => new Promise(() => undefined), { timeoutMs: 50 }),
      fake('problem', async () => {
        ran.push('problem');
        return { summary: 'one problem', findings: [{ key: 'p', title: 'A problem', expected: 'e', actual: 'a', cause: 'c', action: 'x', campaign: 'Black Friday' }] };
      }, { recommended: 'warn' }),
      fake('informs', async () => {
        ran.push('informs');
        return { summary: 'fine', findings: [{ key: 'i', kind: 'info', title: 'FYI', expected: 'e', actual: 'a', cause: 'c', action: 'x' }] };
      }),
      fake('off-by-site', async () => assert.fail('an audit that is off must not run')),
      fake('not-here', async () => assert.fail('an audit that does not apply must not run'), { shouldRun: () => false, notApplicable: 'No https store.' }),
      AUDITS.find((a) => a.id === 'catalog')!,
    ];
    const s = site('audits: { rules: { off-by-site: off, catalog: [error, { min_onhand: 5 }] } }', '', null);
    const out = await runAudits({ site: s, env: ENV, now: NOW, audits, fetch: noFetch });

    assert.deepEqual(ran.sort(), ['informs', 'problem']);
    assert.deepEqual(out.audits.map((a) => [a.id, a.outcome, a.severity]), [
      ['throws', 'not-checked', 'error'],
      ['hangs', 'not-checked', 'error'],
      ['problem', 'fail', 'warn'],
      ['informs', 'pass', 'error'],
      ['catalog', 'not-checked', 'error'],
    ]);
    assert.deepEqual(out.skipped, [
      { id: 'off-by-site', title: 'off-by-site passes', reason: 'off in the site file' },
      { id: 'not-here', title: 'not-here passes', reason: 'No https store.' },
    ]);
    const byId = Object.fromEntries(out.findings.map((f) => [f.id, f]));
    const thrown = byId['audit:throws:could-not-run'];
    assert.equal(thrown.notChecked, true);
    assert.equal(thrown.title, 'throws passes: could not run');
    assert.equal(thrown.actual, 'it stopped: boom: key st•••••••••••23 leaked into a message', 'the API key never reaches a finding (masked in the one form)');
    assert.match(byId['audit:hangs:could-not-run'].actual, /did not finish within 0 seconds/);
    assert.match(byId['audit:catalog:could-not-run'].cause, /option `min_onhand` is not an option of this audit — did you mean `min_on_hand`\?/);
    assert.match(byId['audit:catalog:could-not-run'].action, /^Fix the option in \/nowhere\/unit-site\.yml under audits\.rules\.catalog/);
    assert.deepEqual(
      { level: byId['audit:problem:p'].level, audit: byId['audit:problem:p'].audit, source: byId['audit:problem:p'].source, campaign: byId['audit:problem:p'].campaign },
      { level: 'warn', audit: 'problem', source: 'audit', campaign: 'Black Friday' },
    );
    assert.equal(byId['audit:informs:i'].level, 'info');
    assert.equal(out.audits[2].title, 'problem fails', 'a failing audit shows its failure title');
  });

  test('runs only the audits asked for, and refuses an unknown id', async () => {
    const out = await runReadinessAudits({ site: site(), env: ENV, now: NOW, only: ['code-freeze'], fetch: noFetch });
    assert.deepEqual(out.audits.map((a) => [a.id, a.outcome, a.severity]), [['code-freeze', 'fail', 'warn']]);
    assert.equal(out.findings[0].id, 'audit:code-freeze:in-effect');
    assert.equal(out.findings[0].level, 'warn');
    await assert.rejects(runReadinessAudits({ site: site(), env: ENV, now: NOW, only: ['code-freze'], fetch: noFetch }), /unknown audit code-freze/);
  });

  test('the production client only reads: a write is refused before it leaves', async () => {
    const sent: string[] = [];
    const recording: typeof fetch = async (input) => {
      const req = input as Request;
      sent.push(`${req.method} ${new URL(req.url).host}${new URL(req.url).pathname}`);
      return new Response(JSON.stringify({ id: 1, starts_at: null, expires_at: null }), { status: 200, headers: { 'content-type': 'application/json' } });
    };
    const writer = fake('writes-production', async (ctx) => {
      await ctx.production!.GET('/promotions/{id}', { params: { path: { id: 'BLACKFRIDAY50' } } });
      await ctx.production!.POST('/orders', { body: { order: { email: 'x@holiday-ready.invalid' } } });
      return { summary: 'wrote to production', findings: [] };
    });
    const out = await runAudits({ site: site(), env: ENV, now: NOW, audits: [writer], fetch: recording });
    assert.deepEqual(sent, ['GET 127.0.0.2:9/api/promotions/BLACKFRIDAY50']);
    assert.equal(out.audits[0].outcome, 'not-checked');
    assert.match(out.findings[0].cause, /the safety guard refused POST \/api\/orders on the production store: production is read-only/);
    assert.match(out.findings[0].action, /The safety guard stopped a request the audit should not make \(read-only\)/);
  });
});

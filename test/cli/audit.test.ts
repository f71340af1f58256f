/** The audit command as users see it: exit codes, what it prints, and what it writes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../support/cli.ts';
import { ROOT, sandbox } from '../support/sandbox.ts';
import { execFileSync } from 'node:child_process';
import net from 'node:net';

const { envName, apiKey } = sandbox();

test('--help lists every option and the exit codes', async () => {
  const r = await runCli(['--help']);
  assert.equal(r.code, 0);
  for (const opt of ['--site', '--all', '--out', '--reports', '--concurrency', '--shard', '--no-browser', '--no-audits', '--no-boundaries', '--no-unplanned', '--no-start', '--json', '--help', '--version']) {
    assert.match(r.stdout, new RegExp(`\\s${opt}\\b`), `--help mentions ${opt}`);
  }
  assert.match(r.stdout, /Exit codes: 0 nothing blocked.*1 blocked, 2 bad input.*3 the store cannot be reached/s);
});

test('an unknown option is bad input: exit 2 with a pointer to --help', async () => {
  const r = await runCli(['--site', 'acme', '--colour']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /Unknown option '--colour'.*\nRun with --help/s);
});

test('no site is bad input: exit 2', async () => {
  const r = await runCli([]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /name a site with --site <name> \(or --all\)/);
});

test('a concurrency that is not a whole number is bad input: exit 2', async () => {
  const r = await runCli(['--site', 'acme', '--concurrency', 'lots']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--concurrency must be a whole number from 1 to 64, got "lots"/);
});

test('a site that does not exist is bad input, located at the file', async () => {
  const r = await runCli(['--site', 'nosuchsite']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /sites\/nosuchsite\.yml/);
});

test('the acme audit exits 1, names the blocker and the boundary, and writes the run folder', async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'hr-cli-'));
  const r = await runCli(['--site', 'acme', '--out', out, '--no-browser', '--no-audits'], { env: { [envName]: apiKey }, root: out });
  assert.equal(r.code, 1, r.stderr);
  assert.equal(
    r.stdout,
    [
      // Staging's windows are acme.yml's (in the past or future of any day the test runs): the
      // store's signed clock puts each campaign at its own moments.
      'Acme Outfitters: BLOCKED',
      '  BLOCKED  Black Friday 50% off (BLACKFRIDAY50) · before-start, start, end',
      // Each code of a pair whose cart loses at checkout what it showed (the At risk lines below).
      '  AT RISK  Outerwear 20% off (OUTERWEAR20) · before-start, start, end',
      '  AT RISK  $10 off orders over $100 (TAKE10) · before-start, start, end',
      '  works    Free Shipping on All Orders over $85 (automatic) · start',
      // Staging's promotions the site file does not mention, each at its first live minute of the holiday.
      '  AT RISK  Cozy Home 15% off the Wool Throw (automatic, unplanned) · live Thu, Nov 26, 12:00 AM EST',
      '  works    Wool Throw Blanket $20 off (automatic, unplanned) · live Thu, Nov 26, 12:00 AM EST',
      '  works    Doorbuster $25 off orders of $300 or more (automatic, unplanned) · live Fri, Nov 27, 12:01 AM EST',
      '  not checked  Free mug with orders of $75 or more (FR•••UG, unplanned)',
      '  AT RISK  Thank-you 10% off (TH••••••10, unplanned) · live Thu, Nov 26, 12:01 AM EST',
      '  works    Cyber Monday 25% off tops (CY•••25, unplanned) · live Sun, Nov 29, 7:01 PM EST',
      '  AT RISK  $15 off orders over $100 (MA•••15, unplanned) · live Thu, Nov 26, 12:01 AM EST',
      '  not checked  Welcome back 15% off your second order (WE•••••••••15, unplanned)',
      '  works    TEST staff discount 40% (do not use) (ST•••40, unplanned) · live Thu, Nov 26, 12:00 AM EST',
      '',
      'Blocking:',
      '  ✗ BLACKFRIDAY50 gives no discount on the $120 jacket cart: Promotion (Free Shipping on All Orders over $85) blocks it, as on Fri, Nov 27, 12:01 AM EST',
      '    works below $85, fails from $85 up (Free Shipping on All Orders over $85; tried carts of $84.00 and $85.00)',
      '',
      'At risk:',
      '  ! BLACKFRIDAY50 then OUTERWEAR20 on the $120 jacket cart: the cart shows $60.00 off, checkout only $24.00, as on Fri, Nov 27, 12:01 AM EST',
      '  ! BLACKFRIDAY50 then TAKE10 on the $120 jacket + $130 basket cart: the cart shows $125.00 off, checkout only $10.00, as on Fri, Nov 27, 12:01 AM EST',
      '  ! Unplanned: Cozy Home 15% off the Wool Throw gives more than planned on the Wool Throw Blanket cart: $20.00 off items: $3.50 more than planned, as on Thu, Nov 26, 12:00 AM EST',
      '  ! Unplanned: TH••••••10 is refused on the Wool Beanie cart, as on Thu, Nov 26, 12:01 AM EST',
      '  ! Unplanned: MA•••15 does not give what its actions say on the $101 (over $100) cart, as on Thu, Nov 26, 12:01 AM EST',
      '',
      r.stdout.split('\n').find((l) => l.startsWith('Orders: '))!,
      'Report: <root>/report.html',
      '',
    ].join('\n'),
  );
  assert.match(r.stdout, /Orders: (\d+) created, \1 emptied/);
  for (const f of ['results.json', 'report.html', 'junit.xml', 'summary.md']) assert.ok(fs.existsSync(path.join(out, f)), f);
  const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8'));
  assert.equal(results.schemaVersion, 1);
  assert.equal(results.site, 'acme');
  assert.equal(results.verdict, 'blocked');
  assert.ok(!fs.readFileSync(path.join(out, 'report.html'), 'utf8').includes(apiKey), 'the key is nowhere in the report');
});

test('the README\'s first command with the sandbox\'s production store stopped and no production key: the CLI starts it, reads its key, and every audit runs', async (t) => {
  // A private copy of the production store (SANDBOX_INSTANCE) on a free port, so that the shared
  // stores are not touched: the site file is acme's with that port.
  const name = 'cli-start-production';
  const port = await new Promise<number>((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
  const env = { SANDBOX_INSTANCE: name, PORT: String(port) };
  const stop = () => {
    execFileSync(path.join(ROOT, 'sandbox', 'bin', 'stop'), ['production'], { env: { ...process.env, ...env } });
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(path.join(ROOT, 'sandbox', 'db', `instance-${name}.sqlite3${suffix}`), { force: true });
  };
  stop(); // a copy left by an interrupted run
  t.after(stop);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hr-cli-production-'));
  const file = path.join(dir, 'acme.yml');
  const acme = fs.readFileSync(path.join(ROOT, 'sites', 'acme.yml'), 'utf8');
  assert.match(acme, /production:\n  url: http:\/\/127\.0\.0\.1:3001\n  api_key_env: ACME_PRODUCTION_API_KEY\n  sandbox: true/);
  fs.writeFileSync(file, acme.replace('url: http://127.0.0.1:3001', `url: http://127.0.0.1:${port}`));

  const r = await runCli(['--site', file, '--out', path.join(dir, 'run'), '--no-browser', '--no-boundaries', '--no-pairs', '--json'], {
    env: { [envName]: apiKey, ACME_PRODUCTION_API_KEY: '', ...env },
  });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, new RegExp(`The sandbox's production store is not running at http://127\\.0\\.0\\.1:${port}: starting it`));
  const results = JSON.parse(r.stdout);
  assert.deepEqual(results.findings.filter((f: { title: string }) => /could not run/.test(f.title)).map((f: { title: string }) => f.title), [], 'every audit ran');
  const ran = new Map<string, string>(results.audits.map((a: { id: string; outcome: string }) => [a.id, a.outcome]));
  for (const id of ['promotion-schedule', 'usage-limits', 'catalog', 'indexing']) assert.ok(ran.has(id) && ran.get(id) !== 'not-checked', `${id}: ${ran.get(id)}`);
  // The promotion inventory read both stores: each seeded problem is found once, production's own
  // promotion is on the timeline as production's only, and the unplanned promotions were dry-run.
  assert.equal(ran.get('promotion-inventory'), 'fail');
  const slugs = results.findings.map((f: { id: string }) => /^audit:promotion-inventory:[^:]+:([a-z-]+)$/.exec(f.id)?.[1]).filter(Boolean);
  for (const slug of ['no-actions', 'per-code-zero', 'usage-too-low', 'window-misses-plan', 'wrong-zone', 'other-currency', 'contradictory-rules', 'test-looking', 'automatic-boundary', 'automatic-compete', 'store-difference']) {
    assert.equal(slugs.filter((s: string) => s === slug).length, 1, `one ${slug} finding`);
  }
  assert.equal(results.inventory.store, 'production');
  assert.equal(results.inventory.status, 'read');
  assert.deepEqual(results.inventory.promotions.filter((p: { on: string[] }) => p.on.length === 1).map((p: { name: string; on: string[] }) => [p.name, p.on]), [['Last call 30% off', ['production']]]);
  const unplanned = results.campaigns.filter((c: { unplanned?: boolean }) => c.unplanned);
  assert.ok(unplanned.length >= 5, `${unplanned.length} unplanned campaigns dry-run`);
  assert.ok(unplanned.some((c: { outcome: string }) => c.outcome === 'fail'), 'an unplanned promotion fails its own rules\' carts');
  // Inventory codes are masked: production's LASTCALL30 appears nowhere in what was printed.
  assert.doesNotMatch(r.stdout + r.stderr, /lastcall30/i);
  // The key was read from the store, and never printed.
  const key = execFileSync(path.join(ROOT, 'sandbox', 'bin', 'api-key'), ['production'], { env: { ...process.env, ...env }, encoding: 'utf8' }).trim();
  assert.ok(key.length > 10);
  assert.ok(!r.stdout.includes(key) && !r.stderr.includes(key));
});

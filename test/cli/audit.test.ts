/** The audit command as users see it: exit codes, what it prints, and what it writes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../support/cli.ts';
import { sandbox } from '../support/sandbox.ts';

const { envName, apiKey } = sandbox();

test('--help lists every option and the exit codes', async () => {
  const r = await runCli(['--help']);
  assert.equal(r.code, 0);
  for (const opt of ['--site', '--all', '--out', '--reports', '--concurrency', '--shard', '--no-browser', '--no-audits', '--no-boundaries', '--no-start', '--json', '--help', '--version']) {
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
      'Acme Outfitters: BLOCKED',
      '  BLOCKED  Black Friday 50% off (BLACKFRIDAY50)',
      '  works    Outerwear 20% off (OUTERWEAR20)',
      '  works    $10 off orders over $100 (TAKE10)',
      '  works    Free Shipping on All Orders over $85 (automatic)',
      '',
      'Blocking:',
      '  ✗ BLACKFRIDAY50 gives no discount on the $120 jacket cart: Promotion (Free Shipping on All Orders over $85) blocks it',
      '    works below $85, fails from $85 up (Free Shipping on All Orders over $85; tried carts of $84.00 and $85.00)',
      '',
      'At risk:',
      '  ! BLACKFRIDAY50 then OUTERWEAR20 on the $120 jacket cart: the cart shows $60.00 off, checkout only $24.00',
      '  ! BLACKFRIDAY50 then TAKE10 on the $120 jacket + $130 basket cart: the cart shows $125.00 off, checkout only $10.00',
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

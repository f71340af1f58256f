/**
 * The sandbox's setup leaves a user's checkout as it found it: installing the gems (sandbox/bin/gems,
 * the step bin/setup runs when `bundle check` finds some missing) in a fresh clone changes no
 * tracked file, adds no file, and the gems stay outside the checkout. `bundle install` writes the
 * flags it is given (--jobs, --retry, --path …) into sandbox/.bundle/config, a tracked file.
 *
 * The clone is of this checkout with its uncommitted changes under sandbox/ laid over and
 * committed, so it tests the scripts as they are on disk. The gems are already installed
 * (test/run-all.sh runs bin/setup first), so `bundle install` only confirms them: a second or two.
 *
 * Run: node --import tsx --test test/e2e/sandbox-setup.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../support/sandbox.ts';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=holiday-ready', '-c', 'user.email=dev@holiday-ready.invalid', ...args], { cwd, encoding: 'utf8' });

/** `git status` as a user sees it, with ignored files too: nothing may land in the checkout. */
const status = (dir: string) => git(dir, 'status', '--porcelain', '--untracked-files=all', '--ignored');

/** A clone of this checkout, with the working tree's changes under sandbox/ committed in it. */
function freshClone(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hr-clone-'));
  git(os.tmpdir(), 'clone', '--quiet', ROOT, dir);
  const list = (...flags: string[]) => git(ROOT, 'ls-files', '-z', ...flags, '--', 'sandbox').split('\0').filter(Boolean);
  for (const file of list('--modified', '--others', '--exclude-standard')) {
    const from = path.join(ROOT, file);
    const to = path.join(dir, file);
    if (!fs.existsSync(from)) continue;
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(from, to);
    fs.chmodSync(to, fs.statSync(from).mode);
  }
  for (const file of list('--deleted')) fs.rmSync(path.join(dir, file), { force: true });
  git(dir, 'add', '-A');
  git(dir, 'commit', '--quiet', '--allow-empty', '-m', 'the working tree under sandbox/');
  return dir;
}

test('installing the sandbox gems in a fresh clone leaves git status clean and the gems outside the checkout', () => {
  const dir = freshClone();
  try {
    assert.equal(status(dir), '', 'the fresh clone starts clean');
    // Only where the gems are comes from this environment; every other bundler setting from sandbox/bin/_env.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BUNDLE_') || k === 'BUNDLE_PATH'));
    const out = execFileSync(path.join(dir, 'sandbox', 'bin', 'gems'), { cwd: dir, env, encoding: 'utf8', timeout: 120_000 });
    assert.match(out, /Bundle complete!/);
    assert.equal(status(dir), '', `the checkout is unchanged after sandbox/bin/gems; sandbox/.bundle/config:\n${fs.readFileSync(path.join(dir, 'sandbox', '.bundle', 'config'), 'utf8')}`);

    const gems = execFileSync('bash', ['-c', 'source sandbox/bin/_env && exec bundle exec ruby -e "print Bundler.bundle_path"'], { cwd: dir, env, encoding: 'utf8' });
    const rel = path.relative(dir, fs.realpathSync(gems));
    assert.ok(rel.startsWith('..') || path.isAbsolute(rel), `the gems are outside the checkout (${gems})`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * When the sandbox store takes SQLite's one write lock (sandbox/config/initializers/sqlite_concurrency.rb):
 * at a transaction's first write or explicit row lock, never for reads. Requests for different
 * orders can then overlap (what `npm run bench` measures as throughput at concurrency 4 vs 1);
 * if the initializer broke, every transaction would lock at its first query again, or writers
 * would no longer exclude each other.
 *
 * Runs sandbox/script/sqlite_locking_check.rb in the real app (rails runner) against a copy of the
 * pristine staging database, with a second SQLite connection probing the lock.
 *
 * Run: node --import tsx --test test/e2e/sandbox-sqlite.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../support/sandbox.ts';

test('a sandbox transaction takes the write lock at its first write or row lock, not at its first read', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hr-sqlite-'));
  try {
    const db = path.join(tmp, 'store.sqlite3');
    fs.copyFileSync(path.join(ROOT, 'sandbox', 'db', 'staging.pristine.sqlite3'), db);
    const out = execFileSync('bash', ['-c', 'source bin/_env && SANDBOX_DB="$1" exec bundle exec rails runner script/sqlite_locking_check.rb', '_', db], {
      cwd: path.join(ROOT, 'sandbox'),
      encoding: 'utf8',
      timeout: 120_000,
    });
    const line = out.split('\n').find((l) => l.startsWith('SQLITE_LOCKING '));
    assert.ok(line, `no result line in:\n${out}`);
    const r = JSON.parse(line.slice('SQLITE_LOCKING '.length));
    assert.deepEqual(r, {
      journalMode: 'wal', // readers never wait for the writer
      readOnlyTransaction: true, // a transaction that only reads never locks
      beforeFirstWrite: true, // reads at the start of a writing transaction do not lock either
      afterFirstWrite: false, // from the first write to the commit, other writers wait
      afterCommit: true,
      insideWithLock: false, // with_lock / lock! still exclude other writers (no SELECT FOR UPDATE in SQLite)
      afterRelationLock: false, // so does Model.lock
    });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

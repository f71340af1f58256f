/**
 * The pipeline's pure parts: one limiter per store (src/pipeline/limits.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Site } from '../../src/config/types.ts';
import { storeLimits } from '../../src/pipeline/limits.ts';

const site = (id: string, url: string, concurrency: number) => ({ site: id, staging: { url }, dryRun: { concurrency } }) as unknown as Site;

test('sites on one store share its limiter; another store has its own, and lowering one leaves the other alone', () => {
  const a = site('a', 'http://127.0.0.1:3000', 2);
  const b = site('b', 'http://127.0.0.1:3000/', 6);
  const c = site('c', 'http://127.0.0.1:4000', 4);
  const limitOf = storeLimits([a, b, c]);
  assert.equal(limitOf(a), limitOf(b), 'one limiter for the store at :3000');
  assert.notEqual(limitOf(a), limitOf(c));
  assert.equal(limitOf(a).concurrency, 6, 'the highest dry_run.concurrency of the sites on the store');
  assert.equal(limitOf(c).concurrency, 4);
  limitOf(c).concurrency = 1; // the dry-run backing off on a slow store
  assert.equal(limitOf(a).concurrency, 6);
});

test('--concurrency sets every store\'s limiter', () => {
  const limitOf = storeLimits([site('a', 'http://127.0.0.1:3000', 2), site('b', 'http://127.0.0.1:3000', 8)], 3);
  assert.equal(limitOf(site('a', 'http://127.0.0.1:3000', 2)).concurrency, 3);
});

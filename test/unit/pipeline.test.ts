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

test('a production store has its own limiter, shared by the sites that name it, never the staging one', () => {
  const withProduction = (id: string, staging: string, production: string, concurrency: number) =>
    ({ site: id, staging: { url: staging }, production: { url: production }, dryRun: { concurrency } }) as unknown as Site;
  const a = withProduction('a', 'http://127.0.0.1:3000', 'http://127.0.0.1:3001', 2);
  const b = withProduction('b', 'http://127.0.0.1:4000', 'http://127.0.0.1:3001/', 5);
  const limitOf = storeLimits([a, b]);
  assert.equal(limitOf(a, 'production'), limitOf(b, 'production'));
  assert.notEqual(limitOf(a, 'production'), limitOf(a));
  assert.equal(limitOf(a, 'production').concurrency, 5);
  assert.throws(() => limitOf(site('c', 'http://127.0.0.1:3000', 2), 'production'), /no limiter for the production store of site c/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { clockHeaders } from '../../src/solidus/clock.ts';
import { isoInZone } from '../../src/text/time.ts';

/** The vector the extension's specs verify too (extension/spec/signature_spec.rb). */
const vector = JSON.parse(readFileSync(new URL('../../extension/spec/fixtures/clock-vector.json', import.meta.url), 'utf8')) as {
  secret: string;
  moment: { instant: string; timeZone: string };
  signedAt: number;
  headers: { 'Holiday-Ready-At': string; 'Holiday-Ready-Signature': string };
};
const signedAt = new Date(vector.signedAt * 1000);

test('signs a moment in a time zone exactly as the store verifies it (the shared vector)', () => {
  const headers = clockHeaders({ at: new Date(vector.moment.instant), timeZone: vector.moment.timeZone }, vector.secret, signedAt);
  assert.deepEqual(headers, vector.headers);
});

test('signs an ISO time with an offset as written', () => {
  assert.deepEqual(clockHeaders(vector.headers['Holiday-Ready-At'], vector.secret, signedAt), vector.headers);
  const utc = clockHeaders('2026-11-27T05:01:00Z', vector.secret, signedAt);
  assert.equal(utc['Holiday-Ready-At'], '2026-11-27T05:01:00Z');
  assert.notEqual(utc['Holiday-Ready-Signature'], vector.headers['Holiday-Ready-Signature']);
});

test('the signature carries the real time of signing and changes with it and with the secret', () => {
  const later = clockHeaders(vector.headers['Holiday-Ready-At'], vector.secret, new Date(signedAt.getTime() + 61_500));
  assert.match(later['Holiday-Ready-Signature'], new RegExp(`^t=${vector.signedAt + 61},v1=[0-9a-f]{64}$`));
  const other = clockHeaders(vector.headers['Holiday-Ready-At'], `${vector.secret}x`, signedAt);
  assert.notEqual(other['Holiday-Ready-Signature'], vector.headers['Holiday-Ready-Signature']);
});

test('writes the zone offset in force at the moment (daylight saving time)', () => {
  assert.equal(isoInZone(new Date('2026-07-04T16:00:00.750Z'), 'America/New_York'), '2026-07-04T12:00:00-04:00');
  assert.equal(isoInZone(new Date('2026-11-27T05:01:00Z'), 'Asia/Kolkata'), '2026-11-27T10:31:00+05:30');
  assert.equal(isoInZone(new Date('2026-11-27T05:01:00Z'), 'UTC'), '2026-11-27T05:01:00+00:00');
});

test('refuses a moment without an offset, which the store would read in its own zone', () => {
  assert.throws(() => clockHeaders('2026-11-27T00:01', vector.secret, signedAt), /not an ISO time with an offset/);
  assert.throws(() => clockHeaders('2026-11-27T00:01:00-05:00', '', signedAt), /no clock secret/);
});

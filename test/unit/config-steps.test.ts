/** Site files: a cart's customer and steps, loaded into the Site, and their mistakes located at the key. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSite } from '../../src/config/load.ts';

const HEAD = `site: x
name: X
currency: USD
staging: { url: http://127.0.0.1:3000, api_key_env: X_KEY }
holiday: { name: T, offices_closed: [2026-11-26, 2026-11-29], timezone: America/New_York }
people: { engineer: { name: D }, client_rep: { name: S }, slack_channel: '#x' }
campaigns:
  - name: A
    code: ABC
    carts:
`;
const env = { X_KEY: 'k', MEMBER_KEY: 'm' };

test('a cart\'s customer and steps load into the Site, each step one action, codes at the cart by default', () => {
  const r = parseSite(`${HEAD}      - items: { JKT-001: 1 }
        customer: { returning: jo@example.com }
        steps:
          - add: { ACC-001: 1 }
          - { remove: ACC-001 }
          - { quantity: { JKT-001: 2 } }
          - { code: ABC }
          - { code: ABC, at: payment }
        expect: { items: 10% off }
      - { items: { JKT-001: 1 }, customer: { user_key_env: MEMBER_KEY }, expect: { items: 10% off } }
      - { items: { JKT-001: 1 }, customer: guest, expect: { items: 10% off } }
`, '/tmp/sites/x.yml', { env });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
  const [a, b, c] = r.site.campaigns[0].carts;
  assert.deepEqual(a.customer, { kind: 'returning', email: 'jo@example.com' });
  assert.equal(a.name, 'JKT-001 ×1, returning customer jo@example.com');
  assert.deepEqual(a.steps, [{ add: { 'ACC-001': 1 } }, { remove: 'ACC-001' }, { quantity: { 'JKT-001': 2 } }, { code: 'ABC', at: 'cart' }, { code: 'ABC', at: 'payment' }]);
  assert.deepEqual(b.customer, { kind: 'user', keyEnv: 'MEMBER_KEY' });
  assert.equal(c.customer, undefined);
  assert.equal(c.steps, undefined);
});

test('mistakes in customers and steps are located at sites/x.yml:LINE:COL with the key', () => {
  const r = parseSite(`${HEAD}      - items: { JKT-001: 1 }
        steps:
          - { remove: ACC-001, add: { X: 1 } }
          - { at: payment }
          - { quantity: { JKT-001: 2 }, at: delivery }
          - { code: ABC, at: checkout }
        expect: { items: 10% off }
      - { items: { JKT-001: 1 }, customer: { user_key_env: NOPE_KEY, returning: a@b.co }, expect: { items: 10% off } }
      - { items: { JKT-001: 2 }, customer: { user_key_env: NOPE_KEY }, expect: { items: 10% off } }
      - { items: { JKT-001: 3 }, customer: { returning: not-an-email }, expect: { items: 10% off } }
`, '/tmp/sites/x.yml', { env });
  assert.ok(!r.ok);
  const got = r.errors.map((e) => `${e.line}:${e.col} ${e.code} ${e.path}`);
  assert.deepEqual(got, [
    '13:15 bad-value campaigns[0].carts[0].steps[0].remove',
    '14:15 missing-key campaigns[0].carts[0].steps[1]',
    '15:41 bad-value campaigns[0].carts[0].steps[2].at',
    '16:30 bad-value campaigns[0].carts[0].steps[3].at',
    '18:46 bad-value campaigns[0].carts[1].customer.user_key_env',
    '19:60 missing-env campaigns[0].carts[2].customer.user_key_env',
    '20:57 bad-value campaigns[0].carts[3].customer.returning',
  ]);
  assert.match(r.errors[0].message, /one thing per step/);
  assert.match(r.errors[5].message, /NOPE_KEY, which is not set/);
});

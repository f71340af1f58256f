/**
 * The Slack message of a nightly run (src/notify), posted for real over HTTP to a local
 * node:http server on 127.0.0.1 that stands in for Slack's incoming webhook and captures each POST.
 *
 * Run: node --import tsx --test test/e2e/slack.test.ts
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Finding, RunResults } from '../../src/findings/types.ts';
import { notify, NotifyError, MAX_FINDING_LINES, type SlackPayload } from '../../src/notify/slack.ts';
import { notifyMain } from '../../src/notify/cli.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const load = (name: string) => JSON.parse(fs.readFileSync(path.join(REPO, 'test/fixtures/results', `${name}.json`), 'utf8')) as RunResults;
const REPORT = 'https://github.com/acme/holiday-ready/actions/runs/42/artifacts/7';
/** The secret part of a webhook URL: never printed, never in an error. */
const HOOK_PATH = '/services/T0000/B0000/XXXXXXXXXXXXXXXXXXXXXXXX';

interface Captured {
  method: string;
  url: string;
  contentType: string;
  body: SlackPayload;
}

/** A stand-in for Slack: answers each POST with the next queued reply (default 200 "ok"). */
const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    captured.push({ method: req.method!, url: req.url!, contentType: String(req.headers['content-type']), body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
    const [status, text, headers] = replies.shift() ?? [200, 'ok', {}];
    res.writeHead(status, { 'content-type': 'text/plain', ...headers });
    res.end(text);
  });
});
let captured: Captured[] = [];
let replies: [number, string, Record<string, string>][] = [];
let webhookUrl = '';

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}${HOOK_PATH}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  captured = [];
  replies = [];
});

/** Every mrkdwn text of the payload (the fallback text and the blocks' texts). */
function mrkdwn(p: SlackPayload): string[] {
  const texts = [p.text];
  for (const b of p.blocks) {
    if (b.type === 'section' && b.text.type === 'mrkdwn') texts.push(b.text.text);
    if (b.type === 'context') texts.push(...b.elements.filter((e) => e.type === 'mrkdwn').map((e) => e.text));
  }
  return texts;
}

/** The `<…>` sequences of a mrkdwn text: links and mentions Slack would act on. */
const controls = (s: string) => s.match(/<[^>]*>/g) ?? [];

const warning: Finding = {
  id: 'audit:stock', source: 'audit', audit: 'stock', level: 'warn', title: 'JKT-001 has 12 on hand, fewer than 20',
  expected: 'at least 20 on hand', actual: '12 on hand', cause: 'Stock is low.', action: 'Restock before Black Friday.',
};

function atRisk(): RunResults {
  const r = load('acme-ready');
  return { ...r, verdict: 'at-risk', findings: [warning] };
}

describe('the Slack message', () => {
  test('posts a blocked run to the site channel with each blocking finding on one line and the report link', async () => {
    const results = load('acme-blocked');
    const r = await notify(results, { webhookUrl, reportUrl: REPORT });
    assert.deepEqual([r.sent, r.reason, r.status], [true, 'not-ready', 200]);
    assert.equal(captured.length, 1);
    const [req] = captured;
    assert.equal(req.method, 'POST');
    assert.equal(req.url, HOOK_PATH);
    assert.match(req.contentType, /^application\/json/);
    const p = req.body;
    assert.equal(p.channel, '#acme-holiday');
    assert.equal(p.unfurl_links, false);
    assert.equal(p.text, `❌ Acme Outfitters: Blocked (1 blocking finding). Report: <${REPORT}|acme report>`);
    assert.deepEqual(p.blocks[0], { type: 'header', text: { type: 'plain_text', text: '❌ Acme Outfitters: Blocked', emoji: true } });
    const blocking = p.blocks.find((b) => b.type === 'section' && b.text.text.startsWith('*Blocking'));
    assert.deepEqual(blocking, {
      type: 'section',
      text: { type: 'mrkdwn', text: '*Blocking (1):*\n• BLACKFRIDAY50 gives no discount on the $120 jacket cart: Promotion (Free Shipping on All Orders over $85) blocks it' },
    });
    assert.ok(p.blocks.some((b) => b.type === 'section' && b.text.text === `<${REPORT}|Open the full report>`));
    assert.ok(mrkdwn(p).some((t) => t.includes('Thanksgiving: offices closed 2026-11-26 to 2026-11-29.')));
    // Nothing about people or the store beyond the site: no names, no URLs of the store.
    assert.doesNotMatch(JSON.stringify(p), /Dana|Whitfield|127\.0\.0\.1:3000/);
  });

  test('sends nothing for a ready site that was ready on the previous run, or on its first run', async () => {
    const ready = load('acme-ready');
    assert.deepEqual(await notify(ready, { webhookUrl, reportUrl: REPORT, previous: ready }), { sent: false, reason: 'ready' });
    assert.deepEqual(await notify(ready, { webhookUrl, reportUrl: REPORT }), { sent: false, reason: 'ready-first-run' });
    assert.equal(captured.length, 0);
  });

  test('sends an at-risk run every night, listing the warnings when nothing blocks', async () => {
    const r = await notify(atRisk(), { webhookUrl, reportUrl: REPORT, previous: atRisk() });
    assert.equal(r.sent, true);
    const p = captured[0].body;
    assert.equal(p.blocks[0].type === 'header' && p.blocks[0].text.text, '⚠️ Acme Outfitters: At risk');
    assert.ok(mrkdwn(p).includes('*At risk (1):*\n• JKT-001 has 12 on hand, fewer than 20'));
    assert.match(p.text, /\(1 warning\)/);
  });

  test('announces a site that is ready again after being blocked as fixed', async () => {
    const r = await notify(load('acme-ready'), { webhookUrl, reportUrl: REPORT, previous: load('acme-blocked') });
    assert.deepEqual([r.sent, r.reason], [true, 'fixed']);
    const p = captured[0].body;
    assert.equal(p.blocks[0].type === 'header' && p.blocks[0].text.text, '✅ Acme Outfitters: Ready');
    const lines = mrkdwn(p).join('\n');
    assert.match(lines, /\*Fixed:\* ready again \(was Blocked on the previous run\)\./);
    assert.match(lines, /Since the previous run: 0 new, 1 fixed\./);
    assert.match(p.text, /Ready \(fixed\)/);
  });

  test('says what changed when a site goes from ready to at risk', async () => {
    await notify(atRisk(), { webhookUrl, reportUrl: REPORT, previous: load('acme-ready') });
    const lines = mrkdwn(captured[0].body).join('\n');
    assert.match(lines, /\*Changed:\* was Ready on the previous run\./);
    assert.match(lines, /Since the previous run: 1 new, 0 fixed\./);
  });

  test('escapes <, > and & in store text so it cannot ping a channel or forge a link', async () => {
    const results = load('acme-hostile');
    results.siteName = 'Acme <!channel> & Co';
    results.findings = [
      { ...results.findings[0], title: 'Promotion (<!here> <https://evil.example|Click me>) & more\nblocks it' },
      ...results.findings.slice(1),
    ];
    await notify(results, { webhookUrl, reportUrl: `${REPORT}?a=1&b=<x>|y` });
    const p = captured[0].body;
    for (const t of mrkdwn(p)) {
      for (const c of controls(t)) assert.match(c, /^<https:\/\/github\.com\/acme\/holiday-ready\/[^<>| ]*\|[^<>]*>$/, `only our own link is a control sequence: ${c} in ${t}`);
    }
    const all = mrkdwn(p).join('\n');
    assert.match(all, /• Promotion \(&lt;!here&gt; &lt;https:\/\/evil\.example\|Click me&gt;\) &amp; more blocks it/, 'escaped, on one line');
    assert.match(p.text, /Acme &lt;!channel&gt; &amp; Co: Blocked/);
    assert.match(all, /artifacts\/7\?a=1&amp;b=%3Cx%3E%7Cy\|Open the full report>/, 'the report URL cannot break out of its link');
    // The header is plain text: Slack shows it as written and acts on nothing in it.
    assert.equal(p.blocks[0].type === 'header' && p.blocks[0].text.type, 'plain_text');
  });

  test('lists at most 15 findings and counts the rest', async () => {
    const results = load('acme-blocked');
    const f = results.findings[0];
    results.findings = Array.from({ length: 40 }, (_, i) => ({ ...f, id: `${f.id} ${i}`, title: `finding ${i + 1}` }));
    await notify(results, { webhookUrl, reportUrl: REPORT });
    const list = mrkdwn(captured[0].body).find((t) => t.startsWith('*Blocking'))!;
    const lines = list.split('\n');
    assert.equal(lines[0], '*Blocking (40):*');
    assert.equal(lines.length, 1 + MAX_FINDING_LINES + 1);
    assert.equal(lines.at(-1), `…and ${40 - MAX_FINDING_LINES} more in the report`);
    assert.ok(list.length < 3000, 'within the 3000 characters Slack allows in a section');
  });

  test('retries once when Slack is busy, then reports the refusal without the webhook URL', async () => {
    replies = [[503, 'busy', {}], [200, 'ok', {}]];
    const ok = await notify(load('acme-blocked'), { webhookUrl, reportUrl: REPORT, retryDelayMs: 10 });
    assert.equal(ok.sent, true);
    assert.equal(captured.length, 2);

    replies = [[404, 'no_service', {}]];
    await assert.rejects(notify(load('acme-blocked'), { webhookUrl, reportUrl: REPORT, retryDelayMs: 10 }), (e: unknown) => {
      assert.ok(e instanceof NotifyError);
      assert.equal(e.message, 'Slack refused the message: HTTP 404 no_service');
      assert.equal(e.status, 404);
      return true;
    });
    await assert.rejects(notify(load('acme-blocked'), { webhookUrl: 'http://hooks.slack.com/services/T/B/SECRET', reportUrl: REPORT }), (e: unknown) =>
      e instanceof NotifyError && /must start with https:\/\//.test(e.message) && !e.message.includes('SECRET'));
  });
});

describe('tsx src/notify/cli.ts', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hr-notify-'));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const write = (name: string, r: RunResults) => {
    const file = path.join(tmp, name, 'results.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(r));
    return file;
  };

  async function run(args: string[], env: NodeJS.ProcessEnv) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await notifyMain(args, { out: (s) => out.push(s), err: (s) => err.push(s), env, cwd: tmp });
    return { code, out: out.join(''), err: err.join('') };
  }

  test('reads the webhook from SLACK_WEBHOOK_URL, posts, and never sends a key that leaked into the results', async () => {
    const key = 'sk_live_4f9a8b7c6d5e4f3a2b1c';
    const leaky = load('acme-blocked');
    leaky.findings[0] = { ...leaky.findings[0], title: `${leaky.findings[0].title} (key ${key})` };
    const results = write('tonight', leaky);
    const r = await run(['--results', results, '--previous', path.join(tmp, 'none', 'results.json'), '--report-url', REPORT], { SLACK_WEBHOOK_URL: webhookUrl, ACME_STAGING_API_KEY: key });
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, 'notify: posted acme (blocked, not-ready) to Slack for #acme-holiday\n');
    assert.equal(captured.length, 1);
    const body = JSON.stringify(captured[0].body);
    assert.ok(!body.includes(key), 'the key is redacted');
    assert.match(body, /\(key sk•{24}1c\)/, 'masked in the one form');
    assert.ok(!(r.out + r.err).includes(HOOK_PATH), 'the webhook URL is never printed');
  });

  test('shows a secret code only masked, as results.json carries it', async () => {
    // What runSite writes for a campaign marked secret: the code masked everywhere.
    const masked = 'BL•••••••••50';
    const results = JSON.parse(JSON.stringify(load('acme-blocked')).replaceAll('BLACKFRIDAY50', masked)) as RunResults;
    await notify(results, { webhookUrl, reportUrl: REPORT });
    const body = JSON.stringify(captured[0].body);
    assert.ok(body.includes(masked));
    assert.ok(!body.includes('BLACKFRIDAY50'));
  });

  test('stays silent for ready after ready and warns when the site has no webhook', async () => {
    const ready = write('ready', load('acme-ready'));
    const quiet = await run(['--results', ready, '--previous', ready, '--report-url', REPORT], { SLACK_WEBHOOK_URL: webhookUrl });
    assert.deepEqual([quiet.code, quiet.out], [0, 'notify: acme is ready and was ready on the previous run: no message\n']);

    const blocked = write('blocked', load('acme-blocked'));
    const unset = await run(['--results', blocked, '--report-url', REPORT], {});
    assert.equal(unset.code, 0);
    assert.match(unset.err, /^::warning::notify: SLACK_WEBHOOK_URL is not set: acme \(blocked\) was not posted/);
    assert.equal(captured.length, 0);

    const refused = await run(['--results', blocked, '--report-url', REPORT], { SLACK_WEBHOOK_URL: webhookUrl.replace(HOOK_PATH, '/nope') });
    assert.equal(refused.code, 0, 'the stand-in accepts any path');
    replies = [[403, 'invalid_token', {}]];
    const denied = await run(['--results', blocked, '--report-url', REPORT], { SLACK_WEBHOOK_URL: webhookUrl });
    assert.deepEqual([denied.code, denied.err], [1, 'notify: Slack refused the message: HTTP 403 invalid_token\n']);
  });
});

/**
 * The run-folder reporters: report.html (what client reps read and engineers act on), junit.xml
 * and summary.md, rendered from results.json fixtures. No test depends on today's date: every
 * render passes `now`.
 *
 * Run: node --import tsx --test test/unit/report.test.ts
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunResults } from '../../src/findings/types.ts';
import { compileTemplate, renderHtml, renderJunit, renderSummaryMarkdown, writeRunFolder } from '../../reports/render.ts';
import { escapeMarkdown, escapeXml } from '../../reports/format.ts';
import { freezeFor } from '../../audits/code-freeze.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURES = path.join(REPO, 'test/fixtures/results');
const TEMPLATES = path.join(REPO, 'reports/templates');
const NOW = new Date('2026-11-26T20:00:00Z');

function load(name: 'acme-blocked' | 'acme-ready' | 'acme-hostile'): RunResults {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')) as RunResults;
}

/** Intl puts thin and narrow no-break spaces into dates ("2:42 PM", "26 – 29"); tests compare plain spaces. */
const plain = (s: string) => s.replace(/[\u2009\u202f\u00a0]/g, ' ');

/** The text between two markers, for asserting on one part of the page. */
function between(html: string, start: string, end: string): string {
  const i = html.indexOf(start);
  assert.ok(i >= 0, `missing ${start}`);
  const j = html.indexOf(end, i + start.length);
  assert.ok(j > i, `missing ${end} after ${start}`);
  return html.slice(i, j);
}

/** The <tr> of the matrix whose row header links the given cart, inside the given code's block. */
function matrixRow(html: string, code: string, cart: string): string {
  const matrix = between(html, 'id="matrix"', 'id="campaigns"');
  const block = between(matrix, `<code class="code">${code}</code>`, '</table>');
  const rows = block.split('<tr role="row"').slice(2); // [before, header row, ...body rows]
  const row = rows.find((r) => r.includes(`>${cart}</a>`));
  assert.ok(row, `no row for ${cart} under ${code}`);
  return row;
}

/**
 * A tiny well-formedness check for the XML we write: tags balance, attributes are quoted,
 * and no raw `<` or stray `&` appears in text or attribute values.
 */
function assertWellFormedXml(xml: string): void {
  const stack: string[] = [];
  let i = 0;
  const text = (s: string, where: string) => {
    assert.ok(!s.includes('<'), `raw < in ${where}`);
    assert.ok(!/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i.test(s), `stray & in ${where}: ${s.slice(0, 80)}`);
  };
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) {
      text(xml.slice(i), 'trailing text');
      break;
    }
    text(xml.slice(i, lt), 'text');
    if (xml.startsWith('<?', lt)) {
      i = xml.indexOf('?>', lt) + 2;
      continue;
    }
    let j = lt + 1;
    let quote = '';
    for (; j < xml.length; j++) {
      const ch = xml[j];
      if (quote) {
        if (ch === quote) quote = '';
        else if (ch === '<') assert.fail(`raw < inside an attribute near: ${xml.slice(lt, lt + 80)}`);
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '>') break;
    }
    const tag = xml.slice(lt + 1, j);
    i = j + 1;
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      assert.equal(stack.pop(), name, `</${name}> closes the wrong element`);
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const name = body.split(/\s/)[0];
    assert.match(name, /^[A-Za-z_][\w.-]*$/, `bad tag name in <${tag}>`);
    const attrs = body.slice(name.length);
    const rest = attrs.replace(/\s+[A-Za-z_][\w.-]*="[^"]*"/g, (a) => {
      text(a.slice(a.indexOf('"') + 1, -1), `attribute of <${name}>`);
      return '';
    });
    assert.equal(rest.trim(), '', `unquoted or malformed attributes in <${tag}>`);
    if (!selfClosing) stack.push(name);
  }
  assert.deepEqual(stack, [], 'unclosed elements');
}

function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

const tempDirs: string[] = [];
after(() => {
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'holiday-ready-report-'));
  tempDirs.push(d);
  return d;
}

describe('report.html', () => {
  const blocked = renderHtml(load('acme-blocked'), { now: NOW });

  test('opens with a Blocked badge and one sentence a client rep can forward', () => {
    const top = between(blocked, '<section class="hero', '</section>');
    assert.match(top, /class="verdict__badge verdict__badge--fail">.*Blocked<\/p>/s);
    assert.ok(
      top.includes(
        'Acme Outfitters is not ready for Thanksgiving: 1 planned campaign (Black Friday 50% off, code BLACKFRIDAY50) will not give customers the discount on carts from $85 up.',
      ),
    );
  });

  test('says Ready with a forwardable sentence when every case passes', () => {
    const html = renderHtml(load('acme-ready'), { now: NOW });
    assert.match(html, /verdict__badge--pass">.*Ready<\/p>/s);
    assert.ok(html.includes('Acme Outfitters is ready for Thanksgiving: all 4 planned campaigns gave customers what was planned on every cart tried (7 carts), and all 2 readiness checks passed.'));
    assert.ok(html.includes('Nothing to escalate: no blocking findings.'));
  });

  test('shows the holiday, who is on watch, when it ran and against which store', () => {
    const top = plain(between(blocked, '<section class="hero', '</section>'));
    assert.ok(top.includes('Offices closed Thursday, November 26 – Sunday, November 29, 2026'));
    assert.ok(top.includes('Engineer: <strong>Dana Whitfield</strong> (@dana)'));
    assert.ok(top.includes('Client rep: Sam Ortiz'));
    assert.ok(top.includes('Slack: #acme-holiday'));
    assert.ok(top.includes('Thursday, November 26, 2026 at 2:42 PM EST'), 'startedAt in the holiday timezone');
    assert.ok(top.includes('<a href="http://127.0.0.1:3000">http://127.0.0.1:3000</a>'));
    assert.ok(top.includes('>staging</strong>'));
  });

  test('puts the sections in order: verdict, matrix, campaigns, readiness, escalation, history, housekeeping, footer', () => {
    const marks = ['class="hero', 'id="matrix"', 'id="campaigns"', 'id="readiness"', 'id="escalation"', 'id="history"', 'id="housekeeping"', '<footer'];
    const at = marks.map((m) => blocked.indexOf(m));
    assert.ok(at.every((x) => x >= 0), `missing a section: ${marks.filter((_, k) => at[k] < 0).join(',')}`);
    assert.deepEqual([...at].sort((a, b) => a - b), at);
  });

  test('marks the BLACKFRIDAY50 $120 jacket cart Blocked and shows where the code stops working', () => {
    const row = matrixRow(blocked, 'BLACKFRIDAY50', '$120 jacket');
    assert.ok(row.includes('class="row--fail"'));
    assert.match(row, /status--fail">.*Blocked<\/span>/s);
    assert.ok(row.includes('Code accepted, $60.00 off shown'), 'what the customer sees in the cart');
    assert.ok(row.includes('$127.20'), 'what they pay at checkout');
    assert.match(matrixRow(blocked, 'BLACKFRIDAY50', '$60 fleece'), /status--pass">.*Works<\/span>/s);
    const block = between(blocked, '<code class="code">BLACKFRIDAY50</code>', '</table>');
    assert.ok(block.includes('<strong>Works below $85, fails from $85 up</strong>'));
  });

  test('names the free-shipping promotion as what removed the Black Friday discount', () => {
    const row = matrixRow(blocked, 'BLACKFRIDAY50', '$120 jacket');
    assert.ok(row.includes('<del>Black Friday 50% off</del>'));
    assert.ok(row.includes('removed by Free Shipping on All Orders over $85'));
    const card = between(blocked, 'id="campaign-0"', 'id="campaign-1"');
    assert.ok(card.includes('<dt>Why</dt><dd>The code is accepted in the cart, but once Promotion (Free Shipping on All Orders over $85) applies'));
    assert.ok(card.includes('<p class="todo__title">What to do</p>'));
    assert.ok(card.includes('let it combine with Free Shipping on All Orders over $85'));
  });

  test('gives every campaign a card, automatic ones included, with code, window and expected redemptions', () => {
    const campaigns = plain(between(blocked, 'id="campaigns"', 'id="readiness"'));
    assert.equal(count(campaigns, '<article class="card campaign"'), 4);
    assert.ok(campaigns.includes('Code <code class="code">BLACKFRIDAY50</code>'));
    assert.ok(campaigns.includes('Fri, Nov 27, 12:00 AM – Mon, Nov 30, 11:59 PM (New York time)'));
    assert.ok(campaigns.includes('40,000 expected redemptions'));
    assert.ok(campaigns.includes('Applied automatically, no code'));
    assert.ok(campaigns.includes('<strong>Planned:</strong> The code is accepted, 50% off items ($60.00 off)'));
    assert.ok(campaigns.includes('<strong>Planned:</strong> Shipping is charged'));
  });

  test('keeps the engineers’ detail in a Technical detail disclosure', () => {
    const tech = between(blocked, '<details class="tech">', '</details>');
    assert.ok(tech.includes('<summary>Technical detail</summary>'));
    assert.ok(tech.includes('HTTP 200 · coupon_code_applied · applied'));
    assert.ok(tech.includes('<dt>HTTP status</dt><dd>422</dd>'));
    assert.ok(tech.includes('<dt>status_code</dt><dd>site_exclusive</dd>'));
    assert.match(tech, /<td>Promotion \(Black Friday 50% off\)<\/td><td>item JKT-001<\/td><td class="num">\$0\.00<\/td><td>No \(not applied\)<\/td>/);
  });

  test('escalates a revenue finding to the technical lead or VP, then the CTO, then the CEO, by name', () => {
    const esc = between(blocked, 'id="escalation"', 'id="history"');
    assert.ok(esc.includes('Costs client revenue'));
    const steps = ['At once', 'After 30 min', 'After 2 h', 'After 3 h'].map((s) => esc.indexOf(`>${s}<`));
    assert.ok(steps.every((x) => x > 0));
    assert.deepEqual([...steps].sort((a, b) => a - b), steps);
    assert.ok(esc.includes('contact Priya Natarajan (Technical Lead) or Marcus Lee (VP of Engineering)'));
    assert.ok(esc.includes('contact Elena Rossi (CTO)'));
    assert.ok(esc.includes('Elena Rossi contacts Tom Becker (CEO), who decides the next steps'));
  });

  test('stops the ladder at the technical lead or VP when a finding only breaks site function', () => {
    const results = load('acme-blocked');
    results.findings[0].impact = 'function';
    const esc = between(renderHtml(results, { now: NOW }), 'id="escalation"', 'id="history"');
    assert.ok(esc.includes('Breaks site function'));
    assert.ok(esc.includes('They decide the next steps.'));
    assert.ok(!esc.includes('After 2 h') && !esc.includes('CTO'));
  });

  test('offers tracker card text with summary, workaround and resolution to paste', () => {
    const card = between(blocked, '<pre class="card-text"', '</pre>');
    assert.ok(card.includes('Summary: [Acme Outfitters] BLACKFRIDAY50 gives no discount on the $120 jacket cart'));
    assert.ok(card.includes('Workaround: Before BLACKFRIDAY50 is emailed'));
    assert.ok(card.includes('Resolution: (to be journaled)'));
  });

  test('says it is the first run for the site when there is no previous run', () => {
    assert.ok(between(blocked, 'id="history"', 'id="housekeeping"').includes('First run for this site'));
  });

  test('lists new, fixed and still-failing findings against a previous run', () => {
    const fixed = between(renderHtml(load('acme-ready'), { now: NOW, previous: load('acme-blocked') }), 'id="history"', 'id="housekeeping"');
    assert.match(fixed, /Fixed <span class="muted">1<\/span>.*BLACKFRIDAY50 gives no discount/s);
    assert.match(fixed, /New <span class="muted">0<\/span>/);
    const still = between(renderHtml(load('acme-blocked'), { now: NOW, previous: load('acme-blocked') }), 'id="history"', 'id="housekeeping"');
    assert.match(still, /Still failing <span class="muted">1<\/span>.*Blocked:<\/strong> BLACKFRIDAY50 gives no discount/s);
    const added = between(renderHtml(load('acme-blocked'), { now: NOW, previous: load('acme-ready') }), 'id="history"', 'id="housekeeping"');
    assert.match(added, /New <span class="muted">1<\/span>/);
  });

  test('history counts problems only: an information is never failing, and a warning that became information is fixed', () => {
    const pair = { id: 'api:pair:Black Friday 50% off + $10 off orders over $100', source: 'api', campaign: 'Black Friday 50% off', code: 'BLACKFRIDAY50', cart: '$120 jacket + $130 basket', expected: 'x', actual: 'y', cause: 'z', action: 'w' } as const;
    const warned = { ...load('acme-ready'), findings: [{ ...pair, level: 'warn' as const, title: 'BLACKFRIDAY50 then TAKE10: the cart shows $125.00 off, checkout only $10.00' }] };
    const informed = { ...load('acme-ready'), findings: [{ ...pair, level: 'info' as const, title: 'BLACKFRIDAY50 and TAKE10 stack' }] };
    const fixed = between(renderHtml(informed, { now: NOW, previous: warned }), 'id="history"', 'id="housekeeping"');
    assert.match(fixed, /Fixed <span class="muted">1<\/span>.*checkout only \$10\.00/s);
    assert.match(fixed, /Still failing <span class="muted">0<\/span>/);
    const same = between(renderHtml(informed, { now: NOW, previous: informed }), 'id="history"', 'id="housekeeping"');
    assert.match(same, /New <span class="muted">0<\/span>/);
    assert.match(same, /Still failing <span class="muted">0<\/span>/);
  });

  test('the code freeze at the top starts as many days before the closure as the site says', () => {
    const results = load('acme-blocked');
    // As the run writes it for a site whose code-freeze audit sets days_before: 3.
    const three = { ...results, holiday: { ...results.holiday!, codeFreeze: freezeFor({ holiday: { ...results.holiday! }, audits: { 'code-freeze': ['warn', { days_before: 3 }] } }, new Date(results.startedAt)) } };
    const top = between(renderHtml(three, { now: NOW }), '<body', 'id="campaigns"');
    assert.match(top, /Monday, November 23, 2026/);
    assert.match(top, /3 days before offices close/);
    assert.doesNotMatch(between(renderHtml(results, { now: NOW }), '<body', 'id="campaigns"'), /3 days before/);
  });

  test('says no readiness audits ran when there are none', () => {
    assert.ok(between(blocked, 'id="readiness"', 'id="escalation"').includes('No readiness audits ran.'));
  });

  test('shows readiness audits as a table and not-checked items with the reason', () => {
    const ready = between(renderHtml(load('acme-ready'), { now: NOW }), 'id="readiness"', 'id="escalation"');
    assert.ok(ready.includes('Promoted products have stock'));
    assert.equal(count(ready, 'status--pass">'), 2);
    const hostile = between(renderHtml(load('acme-hostile'), { now: NOW }), 'id="readiness"', 'id="escalation"');
    assert.ok(hostile.includes('Not checked because: The store answered: &lt;script&gt;'));
    assert.ok(hostile.includes('<h3 class="sub">Not checked</h3>'));
  });

  test('shows housekeeping counts and the footer with schema version and generator', () => {
    const hk = between(blocked, 'id="housekeeping"', '</section>');
    assert.match(hk, /Orders created<\/dt><dd>12</);
    assert.match(hk, /Leftovers swept from earlier runs<\/dt><dd>10</);
    const footer = plain(between(blocked, '<footer', '</footer>'));
    assert.ok(footer.includes('schemaVersion 1'));
    assert.match(footer, /Generated by holiday-ready/);
    assert.ok(footer.includes('Rendered Thursday, November 26, 2026 at 3:00 PM EST'), 'rendered at `now`');
  });

  test('puts browser cases beside API cases, with screenshots that have alt text', () => {
    const html = renderHtml(load('acme-ready'), { now: NOW });
    const cart = between(html, 'id="campaign-0-cart-1"', '<details class="tech">');
    const api = cart.indexOf('Through the store API');
    const browser = cart.indexOf('In a browser');
    assert.ok(api > 0 && browser > api, 'API pane first, browser pane next to it');
    assert.match(
      cart,
      /<img src="screenshots\/black-friday-50-off\/60-fleece-cart\.png" alt="Screenshot 1 of 2 from the browser run: Black Friday 50% off, \$60 fleece cart with code BLACKFRIDAY50 \(60-fleece-cart\.png\)">/,
    );
  });

  test('lists a cart\'s steps in order with what the customer saw after each, marks the judged one and names the customer', () => {
    const results = load('acme-blocked');
    const c = results.cases.find((x) => x.campaign === '$10 off orders over $100' && x.cart === '$130 basket')!;
    c.customer = 'returning customer jo@example.com';
    c.steps = [
      { step: 'remove ACC-001', state: 'cart', sees: 'At the cart step: TOP-001 ×2; items $100.00, $10.00 off, total $96.00.' },
      { step: 'enter TAKE10 at the payment step', state: 'payment', coupon: { httpStatus: 422, statusCode: 'coupon_code_already_applied', message: 'The coupon code has already been applied to this order', success: false }, sees: 'TAKE10 already on the order: “<b>already</b>”. At the payment step: TOP-001 ×2; items $100.00, $10.00 off, total $103.95.' },
    ];
    const html = renderHtml(results, { now: NOW });
    const ci = results.campaigns.findIndex((x) => x.name === '$10 off orders over $100');
    const cart = between(html, `id="campaign-${ci}-cart-0"`, '<details class="tech">');
    assert.match(cart, /<p class="pane__customer"><strong>Customer:<\/strong> returning customer jo@example.com<\/p>/);
    const list = between(cart, '<ol class="steps"', '</ol>');
    const items = list.split('<li').slice(1);
    assert.equal(items.length, 2);
    assert.match(items[0], /^ class="step"><strong class="step__what">remove ACC-001<\/strong> <span class="step__sees">At the cart step: TOP-001 ×2; items \$100\.00, \$10\.00 off, total \$96\.00\.<\/span><\/li>/);
    assert.doesNotMatch(items[0], /Judged/);
    assert.match(items[1], /^ class="step step--judged"><strong class="step__what">enter TAKE10 at the payment step<\/strong>/);
    assert.match(items[1], /“&lt;b&gt;already&lt;\/b&gt;”/, 'store text is escaped');
    assert.match(items[1], /Judged against the plan at the payment step after this one\./);
    // A cart without steps or a named customer shows neither.
    const other = between(html, 'id="campaign-0-cart-0"', '<details class="tech">');
    assert.doesNotMatch(other, /class="steps"|pane__customer/);
  });

  test('does not load screenshots from outside the run folder', () => {
    const results = load('acme-ready');
    results.cases.find((c) => c.source === 'browser')!.screenshots = ['javascript:alert(1)', '../../etc/shot.png', '/abs/shot.png', 'https://evil.test/x.png'];
    const html = renderHtml(results, { now: NOW });
    assert.ok(!/<img src="(?:javascript|\.\.|\/|https)/.test(html));
    assert.equal(count(html, 'Screenshot not shown'), 4);
  });

  test('is one self-contained file: inline CSS with print styles, no scripts, no external assets', () => {
    assert.ok(blocked.startsWith('<!doctype html>'));
    assert.ok(!/<script|<link|@import|url\(/i.test(blocked));
    assert.ok(!/src="https?:/.test(blocked));
    assert.ok(blocked.includes('@media print'));
    assert.ok(blocked.includes('@media (max-width: 640px)'));
    assert.ok(blocked.includes('<meta name="viewport" content="width=device-width, initial-scale=1">'));
  });

  test('is accessible: language, landmarks, headings in order, scoped headers, status in words', () => {
    for (const results of [load('acme-blocked'), load('acme-ready'), load('acme-hostile')]) {
      const html = renderHtml(results, { now: NOW });
      assert.ok(html.includes('<html lang="en">'));
      for (const landmark of ['<header class="masthead">', '<nav ', '<main id="main"', '<footer']) assert.ok(html.includes(landmark), landmark);
      const levels = [...html.matchAll(/<h([1-6])\b/g)].map((m) => Number(m[1]));
      assert.equal(levels[0], 1);
      assert.equal(levels.filter((l) => l === 1).length, 1, 'one h1');
      levels.forEach((l, k) => assert.ok(k === 0 || l <= levels[k - 1] + 1, `h${l} follows h${levels[k - 1]}`));
      const ths = [...html.matchAll(/<th\b[^>]*>/g)].map((m) => m[0]);
      assert.ok(ths.length > 0 && ths.every((t) => /scope="(?:col|row)"/.test(t)), 'every <th> has a scope');
      const pills = count(html, '<span class="status status--');
      const worded = [...html.matchAll(/<span class="status status--\w+"><svg[^]*?<\/svg>([^<]+)<\/span>/g)].filter((m) => m[1].trim());
      assert.equal(worded.length, pills, 'every status pill says its status in words');
      assert.ok(!/<img(?![^>]*\balt=")/.test(html), 'every image has alt text');
    }
  });

  test('escapes hostile store text everywhere and never writes it raw', () => {
    const results = load('acme-hostile');
    const html = renderHtml(results, { now: NOW, previous: load('acme-blocked') });
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(!html.includes('<script'), 'no <script> anywhere');
    assert.ok(!html.includes('<b onmouseover'));
    assert.ok(html.includes('&lt;/pre&gt;&lt;script&gt;alert(3)'), 'evidence detail escaped inside the technical detail');
    const junit = renderJunit(results);
    assert.ok(!junit.includes('<script') && junit.includes('&lt;script&gt;'));
    assertWellFormedXml(junit);
    const md = renderSummaryMarkdown(results);
    assert.ok(!md.includes('<script') && md.includes('&lt;script&gt;'));
  });

  test('never uses triple-stash or unescaped output in its templates', () => {
    for (const file of fs.readdirSync(TEMPLATES)) {
      const source = fs.readFileSync(path.join(TEMPLATES, file), 'utf8');
      assert.ok(!source.includes('{{{') && !source.includes('{{&'), `${file} prints unescaped output`);
    }
  });

  test('fails the render when results.json lacks a field the report needs', () => {
    const noHoliday = load('acme-blocked');
    delete noHoliday.holiday;
    assert.throws(
      () => renderHtml(noHoliday, { now: NOW }),
      /^Error: Cannot render report\.html for site "acme": results\.json has no holiday \(templates\/layout\.hbs:\d+:\d+ \{\{run\.holiday\.name\}\}\)$/,
    );
    const noEngineer = load('acme-blocked');
    delete noEngineer.people!.engineer;
    assert.throws(() => renderHtml(noEngineer, { now: NOW }), /results\.json has no people\.engineer \(templates\/top\.hbs:\d+:\d+/);
    const noTotal = load('acme-blocked');
    delete (noTotal.cases[0].totals as Partial<NonNullable<RunResults['cases'][0]['totals']>>).taxTotal;
    assert.throws(() => renderHtml(noTotal, { now: NOW }), /expected an amount of money, got undefined \(templates\/case-pane\.hbs\)/);
  });

  test('compiles templates in strict mode so a missing field throws instead of printing nothing', () => {
    const template = compileTemplate<{ run: Record<string, unknown> }>('<p>{{run.siteName}}</p>');
    assert.equal(template({ run: { siteName: 'A & B' } }), '<p>A &amp; B</p>');
    assert.throws(() => template({ run: {} }), /"siteName" not defined/);
  });

  test('renders the same report from the same results and date', () => {
    assert.equal(renderHtml(load('acme-blocked'), { now: NOW }), blocked);
  });
});

describe('junit.xml', () => {
  const xml = renderJunit(load('acme-blocked'));

  test('has one testsuite per campaign plus readiness audits, with the right counts', () => {
    assert.match(xml, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites [^>]*tests="6" failures="1" errors="0" skipped="0"/);
    assert.equal(count(xml, '<testsuite '), 5);
    assert.equal(count(xml, '<testcase '), 6);
    assert.match(xml, /<testsuite name="Black Friday 50% off" tests="2" failures="1" errors="0" skipped="0"/);
    assert.match(xml, /<testsuite name="readiness audits" tests="0" failures="0"/);
  });

  test('says what was expected, what happened and why in the failure', () => {
    const failure = between(xml, '<failure ', '</failure>');
    assert.ok(failure.includes('message="BLACKFRIDAY50 gives no discount on the $120 jacket cart'));
    assert.ok(failure.includes('type="error"'));
    assert.ok(failure.includes('Expected: the store accepts the code, 50% off items ($60.00 off)'));
    assert.ok(failure.includes('Actual: full price for items (no discount)'));
    assert.ok(failure.includes('Cause: The code is accepted in the cart'));
    assert.ok(failure.includes('What to do: Before BLACKFRIDAY50 is emailed'));
  });

  test('marks cases and audits that could not be checked as skipped', () => {
    const results = load('acme-hostile');
    results.cases[1].outcome = 'not-checked';
    results.cases[1].error = 'store did not answer';
    const out = renderJunit(results);
    assert.match(out, /<testsuites [^>]*tests="7" failures="1" errors="0" skipped="2"/);
    assert.match(out, /<testsuite name="readiness audits" tests="1" failures="0" errors="0" skipped="1"/);
    assert.ok(out.includes('<skipped message="store did not answer"/>'));
  });

  test('counts passing audits and fails failing ones', () => {
    const results = load('acme-ready');
    results.audits[1] = { ...results.audits[1], outcome: 'fail', findings: [] };
    const out = renderJunit(results);
    assert.match(out, /<testsuite name="readiness audits" tests="2" failures="1" errors="0" skipped="0"/);
    assert.match(out, /<testsuites [^>]*tests="9" failures="1" errors="0" skipped="0"/);
  });

  test('is well-formed XML for every fixture', () => {
    for (const name of ['acme-blocked', 'acme-ready', 'acme-hostile'] as const) assertWellFormedXml(renderJunit(load(name)));
  });

  test('escapes XML special characters and drops characters XML cannot hold', () => {
    assert.equal(escapeXml(`<a href="x">Tom's & Co\u0001</a>`), '&lt;a href=&quot;x&quot;&gt;Tom&apos;s &amp; Co\uFFFD&lt;/a&gt;');
  });
});

describe('summary.md', () => {
  const md = renderSummaryMarkdown(load('acme-blocked'), { reportPath: 'reports/acme/report.html' });

  test('starts with the verdict line and the forwardable sentence', () => {
    const lines = md.split('\n');
    assert.equal(lines[0], '## ❌ Blocked: Acme Outfitters, Thanksgiving');
    assert.equal(
      lines[2],
      'Acme Outfitters is not ready for Thanksgiving: 1 planned campaign (Black Friday 50% off, code BLACKFRIDAY50) will not give customers the discount on carts from \\$85 up.',
    );
  });

  test('has a table of campaigns with their outcome', () => {
    assert.ok(md.includes('| Campaign | Code | Outcome | Carts |\n| --- | --- | --- | --- |\n'));
    assert.ok(md.includes('| Black Friday 50% off | `BLACKFRIDAY50` | ❌ Blocked | 1 of 2 carts fails |'));
    assert.ok(md.includes('| Outerwear 20% off | `OUTERWEAR20` | ✅ Works | the 1 cart tried works |'));
    assert.ok(md.includes('| Free Shipping on All Orders over \\$85 | automatic (no code) | ✅ Works | all 2 carts work |'));
  });

  test('lists each blocking finding on one line with what to do', () => {
    const section = md.slice(md.indexOf('### Blocking findings (1)'));
    const bullets = section.split('\n').filter((l) => l.startsWith('- '));
    assert.equal(bullets.length, 1);
    assert.match(bullets[0], /^- \*\*BLACKFRIDAY50 gives no discount on the \\\$120 jacket cart.*\*\* \(works below \\\$85, fails from \\\$85 up\)\. What to do: Before BLACKFRIDAY50 is emailed/);
  });

  test('links the full report when given its path', () => {
    assert.ok(md.includes('[Full report](reports/acme/report.html)'));
  });

  test('says there are no blocking findings when the site is ready', () => {
    const ready = renderSummaryMarkdown(load('acme-ready'));
    assert.ok(ready.startsWith('## ✅ Ready: Acme Outfitters, Thanksgiving'));
    assert.ok(ready.includes('### Blocking findings (0)\n\nNone.'));
  });

  test('escapes Markdown and HTML in store text so a table row stays one row', () => {
    assert.equal(escapeMarkdown('a | b\n<i>$10</i>'), 'a \\| b &lt;i&gt;\\$10&lt;/i&gt;');
  });
});

describe('writeRunFolder', () => {
  test('writes results.json, report.html, junit.xml and summary.md into a new folder', () => {
    const dir = path.join(tempDir(), 'reports', 'acme', 'run-1');
    const { files } = writeRunFolder(dir, load('acme-blocked'));
    assert.deepEqual(files.map((f) => path.relative(dir, f)), ['results.json', 'report.html', 'junit.xml', 'summary.md']);
    for (const f of files) assert.ok(fs.statSync(f).size > 0, f);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['junit.xml', 'report.html', 'results.json', 'summary.md']);
    assert.ok(fs.readFileSync(path.join(dir, 'summary.md'), 'utf8').includes('[Full report]('));
  });

  test('writes a results.json the report can be re-rendered from without the store', () => {
    const dir = tempDir();
    writeRunFolder(dir, load('acme-blocked'));
    const text = fs.readFileSync(path.join(dir, 'results.json'), 'utf8');
    assert.ok(text.startsWith('{\n  "schemaVersion": 1,'), 'pretty-printed');
    const again = JSON.parse(text) as RunResults;
    assert.equal(renderHtml(again, { now: NOW }), renderHtml(load('acme-blocked'), { now: NOW }));
  });

  test('writes nothing when the report cannot be rendered', () => {
    const dir = path.join(tempDir(), 'broken');
    const results = load('acme-blocked');
    delete results.holiday;
    assert.throws(() => writeRunFolder(dir, results), /results\.json has no holiday/);
    assert.ok(!fs.existsSync(dir));
  });
});

/**
 * A campaign's standing (src/findings/standing.ts) and the four outputs that say it: the terminal
 * summary, report.html, summary.md and junit.xml. Each campaign of the fixture had every cart pass;
 * findings of other kinds name some of them (what the customer pays, a readiness audit, a pair of
 * codes), and no output may call those campaigns "works".
 *
 * Run: node --import tsx --test test/unit/standing.test.ts
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { verdictOf, type Finding, type RunResults } from '../../src/findings/types.ts';
import { campaignStanding, type Standing } from '../../src/findings/standing.ts';
import { summary } from '../../src/cli/audit.ts';
import { renderHtml, renderJunit, renderSummaryMarkdown } from '../../reports/render.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const NOW = new Date('2026-11-26T20:00:00Z');

const BF = 'Black Friday 50% off';
const OUTERWEAR = 'Outerwear 20% off';
const TAKE10 = '$10 off orders over $100';
const SHIPPING = 'Free Shipping on All Orders over $85';

/** acme-ready (every cart passes) with the given findings added and the verdict decided from them. */
function withFindings(findings: Finding[]): RunResults {
  const r = JSON.parse(fs.readFileSync(path.join(REPO, 'test/fixtures/results/acme-ready.json'), 'utf8')) as RunResults;
  for (const c of r.cases) assert.equal(c.outcome, 'pass', `the fixture's ${c.id} passes`);
  r.findings = [...r.findings, ...findings];
  r.verdict = verdictOf(r.findings);
  return r;
}

const base = { expected: 'as planned', actual: 'something else', cause: 'a cause', action: 'an action' } as const;

/** A separate "what the customer pays" error on a cart whose own expectation was met. */
const pays: Finding = {
  ...base, id: `api:${OUTERWEAR} / $120 jacket:pays`, source: 'api', level: 'error', campaign: OUTERWEAR, code: 'OUTERWEAR20', cart: '$120 jacket',
  title: 'The customer would pay -$5.00 for the $120 jacket cart with OUTERWEAR20', impact: 'revenue',
};
/** A readiness audit's finding (the promotion inventory) that names the campaign and no cart. */
const inventory: Finding = {
  ...base, id: 'audit:promotion-inventory:window:production:14', source: 'audit', audit: 'promotion-inventory', level: 'error', campaign: SHIPPING, code: 'automatic',
  title: '"Free Shipping on All Orders over $85" (promotion 14 in production) does not cover its planned window: it ends 332 days early',
};
/** Two codes on one cart: a warning about the first. */
const pair: Finding = {
  ...base, id: `api:pair:${TAKE10} + ${OUTERWEAR}`, source: 'api', level: 'warn', campaign: TAKE10, code: 'TAKE10', cart: '$130 basket',
  title: 'TAKE10 then OUTERWEAR20 on the $130 basket cart: the cart shows $36.00 off, checkout only $10.00',
};
/** Information (two codes that stack as planned): no problem, the campaign still works. */
const note: Finding = {
  ...base, id: `api:pair:${BF} + ${TAKE10}`, source: 'api', level: 'info', campaign: BF, code: 'BLACKFRIDAY50', cart: '$120 jacket',
  title: 'BLACKFRIDAY50 then TAKE10 on the $120 jacket cart: both apply',
};

/** What each output says of a campaign, read from the rendered text. */
function terminalWord(out: string, campaign: string): string {
  const line = out.split('\n').find((l) => l.includes(` ${campaign} (`));
  assert.ok(line, `the terminal summary has a line for ${campaign}`);
  return /^ {2}(works|BLOCKED|AT RISK|not checked|skipped \(over\)) {2}/.exec(line)?.[1] ?? `?${line}`;
}

function htmlWords(html: string, campaign: string): string[] {
  // The campaign's card header, and its code block in the matrix when it has a code.
  const words: string[] = [];
  const card = new RegExp(`<h3 id="(campaign-\\d+)-title">${campaign.replace(/[$]/g, '\\$')}</h3>`).exec(html);
  assert.ok(card, `report.html has a card for ${campaign}`);
  const head = html.slice(card.index, html.indexOf('<p class="tally">', card.index));
  words.push(/<span class="status status--(\w+)">.*?([A-Z][a-z ]+)<\/span>\s*<\/div>\s*$/s.exec(head)?.slice(1, 3).join(':') ?? `?${head}`);
  const block = html.indexOf(`<span class="code-block__name">${campaign}</span>`);
  if (block >= 0) {
    const blockHead = html.slice(block, html.indexOf('</div>', block));
    words.push(/<span class="status status--(\w+)">.*?([A-Z][a-z ]+)<\/span>/s.exec(blockHead)?.slice(1, 3).join(':') ?? `?${blockHead}`);
  }
  return words;
}

function markdownWord(md: string, campaign: string): string {
  const escaped = campaign.replace(/\$/g, '\\$');
  // An unplanned campaign's row says so after its name.
  const row = md.split('\n').find((l) => [escaped, campaign].some((n) => l.startsWith(`| ${n} |`) || l.startsWith(`| ${n} (unplanned) |`)));
  assert.ok(row, `summary.md has a row for ${campaign}`);
  return row.split(' | ')[2];
}

function junitSuite(xml: string, campaign: string): { standing: string; failures: number; types: string[] } {
  const name = campaign.replace(/&/g, '&amp;');
  // An unplanned campaign's suite says so after its name.
  const at = (n: string) => xml.indexOf(`<testsuite name="${n}"`);
  const start = at(name) >= 0 ? at(name) : at(`${name} (unplanned)`);
  assert.ok(start >= 0, `junit.xml has a suite for ${campaign}`);
  const suite = xml.slice(start, xml.indexOf('</testsuite>', start));
  return {
    standing: /<property name="standing" value="([^"]*)"\/>/.exec(suite)?.[1] ?? '?',
    failures: Number(/failures="(\d+)"/.exec(suite)?.[1]),
    types: [...suite.matchAll(/<failure [^>]*type="(\w+)"/g)].map((m) => m[1]),
  };
}

/** What all four outputs say of one campaign. */
function said(r: RunResults, campaign: string) {
  return {
    terminal: terminalWord(summary(r, '<root>/report.html'), campaign),
    html: htmlWords(renderHtml(r, { now: NOW }), campaign),
    markdown: markdownWord(renderSummaryMarkdown(r), campaign),
    junit: junitSuite(renderJunit(r), campaign),
  };
}

/** What each output says for each standing. */
const EXPECTED: Record<Standing, { terminal: string; html: string; markdown: string; junit: string }> = {
  works: { terminal: 'works', html: 'pass:Works', markdown: '✅ Works', junit: 'works' },
  blocked: { terminal: 'BLOCKED', html: 'fail:Blocked', markdown: '❌ Blocked', junit: 'blocked' },
  'at-risk': { terminal: 'AT RISK', html: 'warn:At risk', markdown: '⚠️ At risk', junit: 'at risk' },
  'not-checked': { terminal: 'not checked', html: 'skip:Not checked', markdown: '⏭️ Not checked', junit: 'not checked' },
};

function assertAgree(r: RunResults, campaign: string, standing: Standing) {
  assert.equal(campaignStanding(r, campaign), standing, campaign);
  const s = said(r, campaign);
  const e = EXPECTED[standing];
  assert.equal(s.terminal, e.terminal, `terminal summary for ${campaign}`);
  for (const w of s.html) assert.equal(w, e.html, `report.html for ${campaign}`);
  assert.equal(s.markdown, e.markdown, `summary.md for ${campaign}`);
  assert.equal(s.junit.standing, e.junit, `junit.xml standing for ${campaign}`);
  // A suite fails exactly when the campaign is blocked or at risk.
  if (standing === 'works' || standing === 'not-checked') assert.equal(s.junit.failures, 0, `junit.xml failures for ${campaign}`);
  else assert.ok(s.junit.failures > 0, `junit.xml has a failure for ${campaign}`);
  return s;
}

describe("a campaign's standing in every output", () => {
  test('a campaign whose carts all pass is blocked everywhere when a separate error about what the customer pays names it', () => {
    const r = withFindings([pays]);
    const s = assertAgree(r, OUTERWEAR, 'blocked');
    assert.deepEqual(s.junit.types, ['error']);
    // The others still work, in every output.
    for (const c of [BF, TAKE10, SHIPPING]) assertAgree(r, c, 'works');
  });

  test('a readiness audit finding that names a campaign and no cart blocks it everywhere, and junit.xml says it as a testcase of the campaign', () => {
    const r = withFindings([inventory]);
    assertAgree(r, SHIPPING, 'blocked');
    const xml = renderJunit(r);
    const suite = xml.slice(xml.indexOf(`<testsuite name="${SHIPPING}"`), xml.indexOf('</testsuite>', xml.indexOf(`<testsuite name="${SHIPPING}"`)));
    assert.ok(suite.includes(`<testcase name="${inventory.title.replace(/"/g, '&quot;')}" classname="${SHIPPING}"`), suite);
    // The report's tally counts it out of the campaigns that work.
    assert.match(renderHtml(r, { now: NOW }), /<strong>3 of 4<\/strong> campaigns work/);
  });

  test('a warning from a pair of codes puts the campaign at risk everywhere, its carts passing', () => {
    const r = withFindings([pair, note]);
    const s = assertAgree(r, TAKE10, 'at-risk');
    assert.deepEqual(s.junit.types, ['warn']);
    // Information names Black Friday: it still works.
    assertAgree(r, BF, 'works');
  });

  test('every output agrees on every campaign with findings of all kinds at once', () => {
    const r = withFindings([pays, inventory, pair, note]);
    assert.equal(r.verdict, 'blocked');
    const standings: [string, Standing][] = [[BF, 'works'], [OUTERWEAR, 'blocked'], [TAKE10, 'at-risk'], [SHIPPING, 'blocked']];
    for (const [c, s] of standings) assertAgree(r, c, s);
  });
});

describe('a finding about more than one campaign, or about an unplanned one (#16)', () => {
  /** Two codes on one cart, about both campaigns: TAKE10's, then Outerwear's. */
  const both: Finding = { ...pair, campaigns: [TAKE10, OUTERWEAR] };

  test("a pair's warning puts both codes' campaigns at risk in every output, and junit.xml fails both suites", () => {
    const r = withFindings([both]);
    for (const c of [TAKE10, OUTERWEAR]) assert.deepEqual(assertAgree(r, c, 'at-risk').junit.types, ['warn'], c);
    // Both campaign cards show it.
    const html = renderHtml(r, { now: NOW });
    assert.equal(html.split(both.title).length - 1 >= 2, true, 'the pair shows on both campaigns');
    for (const c of [BF, SHIPPING]) assertAgree(r, c, 'works');
    // Without the list it is about the first campaign only, as results.json written before it says.
    const old = withFindings([pair]);
    assertAgree(old, TAKE10, 'at-risk');
    assertAgree(old, OUTERWEAR, 'works');
  });

  test('a readiness warning about an unplanned promotion puts its unplanned campaign at risk in every output, its carts passing', () => {
    const CYBER = 'Cyber Monday 25% off tops';
    const r = withFindings([{
      ...base, id: 'audit:promotion-inventory:10:wrong-zone', source: 'audit', audit: 'promotion-inventory', level: 'warn', campaign: CYBER, code: 'CY•••25',
      title: `"${CYBER}" (promotion 10 in production) starts Sun, Nov 29, 2026, 7:00 PM EST: midnight UTC, not in America/New_York`,
    }]);
    const model = r.cases.find((c) => c.campaign === TAKE10 && c.source === 'api')!;
    r.cases.push({ ...model, id: `api:${CYBER} / $75 (at least $75)`, campaign: CYBER, code: 'CY•••25', cart: '$75 (at least $75)', unplanned: true });
    r.campaigns.push({ name: CYBER, code: 'CY•••25', automatic: false, unplanned: true, outcome: 'pass' });
    assertAgree(r, CYBER, 'at-risk');
    assertAgree({ ...r, findings: r.findings.filter((f) => f.campaign !== CYBER), verdict: 'ready' }, CYBER, 'works');
  });
});

describe('campaignStanding', () => {
  const r = withFindings([]);
  const failing = (outcome: 'fail' | 'not-checked', source: 'api' | 'browser' = 'api'): RunResults => ({
    ...r,
    cases: r.cases.map((c) => (c.campaign === BF && c.source === source ? { ...c, outcome } : c)),
    campaigns: r.campaigns.map((c) => (c.name === BF && source === 'api' ? { ...c, outcome } : c)),
  });

  test('a failing cart without a blocking finding puts its campaign at risk (a code live too early is a warning)', () => {
    assert.equal(campaignStanding(failing('fail'), BF), 'at-risk');
  });

  test('a cart that could not be checked leaves its campaign not checked, unless a warning names it', () => {
    const x = failing('not-checked');
    assert.equal(campaignStanding(x, BF), 'not-checked');
    assert.equal(campaignStanding({ ...x, findings: [{ ...pair, campaign: BF }] }, BF), 'at-risk');
  });

  test('a browser run that could not run, or a check that could not run, leaves the API carts standing', () => {
    assert.equal(campaignStanding(failing('not-checked', 'browser'), BF), 'works');
    const notChecked: Finding = { ...pair, id: 'api:pair:x', campaign: BF, level: 'warn', notChecked: true };
    assert.equal(campaignStanding({ ...r, findings: [notChecked] }, BF), 'works');
  });

  test('an error that could not be checked does not block; one someone saw does', () => {
    assert.equal(campaignStanding({ ...r, findings: [{ ...pays, campaign: BF, notChecked: true }] }, BF), 'works');
    assert.equal(campaignStanding({ ...r, findings: [{ ...pays, campaign: BF }] }, BF), 'blocked');
  });

  test('a run that reached no store has every campaign not checked', () => {
    const none: RunResults = { ...r, cases: [], campaigns: r.campaigns.map((c) => ({ ...c, outcome: 'not-checked' })) };
    for (const c of none.campaigns) assertAgree({ ...none, findings: [] }, c.name, 'not-checked');
  });
});

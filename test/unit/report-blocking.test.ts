/**
 * A blocking finding that names several campaigns (Finding.campaigns: a pair of codes, competing
 * automatics) in the report: the verdict sentence counts every campaign it blocks, and the
 * Escalation list shows it once (one problem, one ladder, one tracker card) naming every campaign,
 * each linked to its campaign's card, where the finding is shown in full.
 *
 * Run: node --import tsx --test test/unit/report-blocking.test.ts
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { verdictOf, type Finding, type RunResults } from '../../src/findings/types.ts';
import { campaignStanding } from '../../src/findings/standing.ts';
import { renderHtml } from '../../reports/render.ts';
import { verdictSentence } from '../../reports/view.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const NOW = new Date('2026-11-26T20:00:00Z');
const OUTERWEAR = 'Outerwear 20% off';
const TAKE10 = '$10 off orders over $100';

/** acme-ready (every cart passes) with the given findings added and the verdict decided from them. */
function withFindings(findings: Finding[]): RunResults {
  const r = JSON.parse(fs.readFileSync(path.join(REPO, 'test/fixtures/results/acme-ready.json'), 'utf8')) as RunResults;
  r.findings = [...r.findings, ...findings];
  r.verdict = verdictOf(r.findings);
  return r;
}

/** Two codes on one cart that together lose a discount at checkout: an error about both campaigns, TAKE10's first. */
const pair: Finding = {
  id: `api:pair:${TAKE10} + ${OUTERWEAR}`, source: 'api', level: 'error', impact: 'revenue', campaign: TAKE10, campaigns: [TAKE10, OUTERWEAR],
  code: 'TAKE10', cart: '$130 basket',
  title: 'TAKE10 then OUTERWEAR20 on the $130 basket cart: the cart shows $36.00 off, checkout only $10.00',
  expected: '$36.00 off at checkout', actual: '$10.00 off at checkout', cause: 'a cause', action: 'an action',
};

const between = (html: string, from: string, to: string) => html.slice(html.indexOf(from), html.indexOf(to, html.indexOf(from)));
const count = (s: string, part: string) => s.split(part).length - 1;

describe('a blocking finding about two campaigns in the report', () => {
  const r = withFindings([pair]);
  const html = renderHtml(r, { now: NOW });
  const anchorOf = (name: string) => `campaign-${r.campaigns.findIndex((c) => c.name === name)}`;

  test('blocks both campaigns, and the verdict sentence names both, not the first alone', () => {
    for (const c of [TAKE10, OUTERWEAR]) assert.equal(campaignStanding(r, c), 'blocked', c);
    assert.match(
      verdictSentence(r),
      /: 2 planned campaigns \(\$10 off orders over \$100, code TAKE10; Outerwear 20% off, code OUTERWEAR20\) will not give customers the discount\.$/,
    );
    // A finding about its first campaign only (results.json written before the list) still names that one alone.
    const old = withFindings([{ ...pair, campaigns: undefined }]);
    assert.match(verdictSentence(old), /: 1 planned campaign \(\$10 off orders over \$100, code TAKE10\) will not/);
  });

  test('is escalated once, naming every campaign it blocks with a link to each campaign\'s card', () => {
    const esc = between(html, 'id="escalation"', 'id="history"');
    assert.equal(count(esc, '<article class="card escalation"'), 1, 'one problem, one escalation');
    assert.equal(count(esc, '<pre class="card-text">'), 1, 'and one tracker card to paste');
    assert.ok(
      esc.includes(`<p class="escalation__campaigns">Blocks 2 campaigns: <a href="#${anchorOf(TAKE10)}">$10 off orders over $100</a> (code TAKE10); <a href="#${anchorOf(OUTERWEAR)}">Outerwear 20% off</a> (code OUTERWEAR20)</p>`),
      esc,
    );
    // Each link leads to a campaign card that shows the finding in full.
    for (const c of [TAKE10, OUTERWEAR]) {
      const card = between(html, `id="${anchorOf(c)}"`, '</article>');
      assert.ok(card.includes(`<h3 id="${anchorOf(c)}-title">${c}</h3>`), c);
      assert.ok(card.includes(pair.title), `the ${c} card shows the finding`);
    }
  });

  test('its tracker card names both campaigns on the impact line', () => {
    const card = between(html, '<pre class="card-text">', '</pre>');
    const impact = card.split('\n').find((l) => l.startsWith('Impact: '));
    assert.match(impact ?? '', /^Impact: Revenue\. Campaigns \$10 off orders over \$100 \(code TAKE10\)[^;]*; Outerwear 20% off \(code OUTERWEAR20\)[^;]*\.$/, impact);
  });

  test('a finding about one campaign says "Blocks the campaign" and links that one', () => {
    const one = renderHtml(withFindings([{ ...pair, campaigns: undefined }]), { now: NOW });
    const esc = between(one, 'id="escalation"', 'id="history"');
    assert.ok(esc.includes(`<p class="escalation__campaigns">Blocks the campaign: <a href="#${anchorOf(TAKE10)}">$10 off orders over $100</a> (code TAKE10)</p>`), esc);
    assert.match(between(one, '<pre class="card-text">', '</pre>'), /\nImpact: Revenue\. Campaign \$10 off orders over \$100 \(code TAKE10\)/);
  });
});

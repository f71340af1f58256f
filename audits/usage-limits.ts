/**
 * Usage limits: a promotion's usage limit (all codes together) and its per-code limit against the
 * campaign's expected redemptions. Solidus counts completed orders against both; once a limit is
 * reached, customers are told "Coupon code usage limit exceeded" for the rest of the campaign.
 *
 * Solidus's API shows `usage_limit`; the per-code limit only when the store adds
 * `per_code_usage_limit` to Spree::Config.promotions.promotion_api_attributes (the sandbox does).
 */
import type { Audit, AuditFinding } from '../src/audits/types.ts';
import { readOptions } from '../src/audits/options.ts';
import { showCode } from '../src/safety/redact.ts';
import { count, listWords, plural } from '../src/text/words.ts';
import { codeFinding, LOOKS_UP_CODES, readCodes, STORE_OPTION, storeFor } from '../src/audits/store.ts';
import type { Promotion } from '../src/solidus/queries.ts';

export const OPTIONS = {
  ...STORE_OPTION,
  /** Extra room a limit must leave above the expected redemptions, in percent (20: a limit of at least 1.2 × expected). */
  headroom_pct: { type: 'number', default: 0, min: 0, max: 1000 },
} as const;

export interface LimitInput {
  label: string;
  store: string;
  expected?: number;
  usageLimit: number | null | undefined;
  /** undefined: the store's API does not show it. */
  perCodeLimit: number | null | undefined;
  perCodeShown: boolean;
  headroomPct: number;
}

/** Compares the limits with the expected redemptions. Pure. Keys: `usage-limit`, `per-code-limit`, `limit-no-estimate`. */
export function checkLimits(input: LimitInput): Omit<AuditFinding, 'campaign' | 'code'>[] {
  const { label, store, expected } = input;
  const needed = expected === undefined ? undefined : Math.ceil(expected * (1 + input.headroomPct / 100));
  const out: Omit<AuditFinding, 'campaign' | 'code'>[] = [];
  const limits: [string, string, number | null | undefined, string][] = [
    ['usage-limit', 'usage limit', input.usageLimit, 'all orders together'],
    ['per-code-limit', 'per-code usage limit', input.perCodeShown ? input.perCodeLimit : undefined, `each code, so ${label} itself`],
  ];
  const expectedWords = needed === undefined ? '' : `${count(needed)} or more uses${input.headroomPct ? ` (${count(expected!)} expected plus ${input.headroomPct}% headroom)` : ` (the expected redemptions)`}`;
  for (const [key, words, limit, scope] of limits) {
    if (limit === null || limit === undefined) continue;
    if (needed === undefined) {
      out.push({
        key: 'limit-no-estimate', kind: 'info',
        title: `${label} has a ${words} of ${count(limit)}, and the site file has no expected redemptions to compare`,
        expected: 'expected_redemptions in the site file', actual: `${words} ${count(limit)} in ${store}`,
        cause: `The ${words} counts ${scope}; without an estimate nobody can tell whether it is enough.`,
        action: 'Ask the client how many orders they expect and add `expected_redemptions:` to the campaign.',
      });
    } else if (limit < needed) {
      out.push({
        key,
        title: `${label} stops working after ${count(limit)} orders, below the ${count(expected!)} expected`,
        expected: `a ${words} of ${expectedWords}, or none`,
        actual: `${words} ${count(limit)} in ${store}`,
        cause: `Solidus counts completed orders against the ${words} (${scope}); from order ${count(limit + 1)} on, customers are told "Coupon code usage limit exceeded" for the rest of the campaign.`,
        action: `Raise the promotion's ${words} to at least ${count(needed)} in the store admin, or remove it — after confirming with the client that the limit is not deliberate.`,
        impact: 'revenue',
      });
    }
  }
  return out;
}

const audit: Audit = {
  id: 'usage-limits',
  title: 'Usage limits cover the expected redemptions',
  failureTitle: 'A usage limit is below the expected redemptions',
  recommended: 'error',
  ...LOOKS_UP_CODES,
  async run(ctx) {
    const opts = readOptions('usage-limits', ctx.options, OPTIONS);
    const store = storeFor(ctx, opts.store);
    const findings: AuditFinding[] = [];
    const read = await readCodes(ctx, store);
    const described: string[] = [];
    for (const { campaign, promotion } of read) {
      const label = showCode(campaign);
      if (!promotion) {
        findings.push(codeFinding(campaign, {
          key: 'not-found', notChecked: true,
          title: `The usage limit of ${label} could not be checked: the code does not exist in ${store.name}`,
          expected: `a promotion with the code ${label} in ${store.name}`, actual: `${store.name} answers 404`,
          cause: 'There is no promotion to read limits from.',
          action: `Create the promotion in ${store.name} (see the promotion-schedule audit), then run again.`,
        }));
        continue;
      }
      described.push(`${label} ${limitWords(promotion)}`);
      findings.push(...checkLimits({
        label, store: store.name, expected: campaign.expectedRedemptions,
        usageLimit: promotion.usage_limit, perCodeLimit: promotion.per_code_usage_limit,
        perCodeShown: 'per_code_usage_limit' in promotion, headroomPct: opts.headroom_pct,
      }).map((f) => codeFinding(campaign, f)));
    }
    const hidden = read.filter((r) => r.promotion && !('per_code_usage_limit' in r.promotion));
    if (hidden.length) {
      findings.push({
        key: 'per-code-hidden', kind: 'info',
        title: `The store's API does not show per-code usage limits (${listWords(hidden.map((r) => showCode(r.campaign)))})`,
        expected: 'the per-code usage limit of each planned code',
        actual: `not in ${store.name}'s answer to GET /api/promotions`,
        cause: 'Solidus only shows usage_limit unless the store lists per_code_usage_limit in its promotion API attributes.',
        action: 'Check "Per code usage limit" on these promotions in the store admin, or add :per_code_usage_limit to Spree::Config.promotions.promotion_api_attributes on the store so this audit can read it.',
      });
    }
    const problems = findings.filter((f) => f.kind !== 'info' && !f.notChecked);
    const summary = problems.length
      ? `${plural(problems.length, 'limit')} below the expected redemptions in ${store.name}: ${listWords(problems.map((f) => f.code!))}.`
      : `${plural(read.length, 'code')} checked in ${store.name}: ${described.length ? listWords(described) : 'none found'}.`;
    return { summary, findings };
  },
};

function limitWords(p: Promotion): string {
  const total = p.usage_limit == null ? 'no usage limit' : `usage limit ${count(p.usage_limit)}`;
  if (!('per_code_usage_limit' in p)) return total;
  return `${total}, ${p.per_code_usage_limit == null ? 'no per-code limit' : `per-code limit ${count(p.per_code_usage_limit)}`}`;
}

export default audit;

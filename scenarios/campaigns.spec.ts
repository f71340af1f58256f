/**
 * The browser dry-run: one test per campaign × cart of every site in the run. Each site's tests
 * carry its tag, and its project (playwright.config.ts) runs only those, with the site as the
 * `site` option. Never places an order.
 */
import { test, expect } from './fixtures.ts';
import { sitesForRun, siteTag } from './support/sites.ts';
import { runCampaignCase } from './support/run-case.ts';

for (const { site: listed } of sitesForRun()) {
  test.describe(listed.site, { tag: siteTag(listed.site) }, () => {
    listed.campaigns.forEach((listedCampaign, ci) => {
      listedCampaign.carts.forEach((listedCart, ki) => {
        test(`${listedCampaign.name} / ${listedCart.name}`, async ({ page, site, runDir, runId, storefront, mask, blockedRequests, _catalog }, testInfo) => {
          const campaign = site.campaigns[ci];
          const cart = campaign.carts[ki];
          const out = await runCampaignCase({
            page, site, campaign, cart, storefront, catalog: _catalog, runDir, runId, mask, blockedRequests, repeat: testInfo.repeatEachIndex,
          });
          // Price checks are soft: every difference from the plan is reported, not just the first.
          for (const check of out.checks) {
            expect.soft(check.ok ? check.expected : check.actual, `${check.what}: what the customer gets at the ${out.result.stepReached} step`).toBe(check.expected);
          }
          expect(blockedRequests, 'requests that would have placed the order').toEqual([]);
          if (out.error) throw out.error;
        });
      });
    });
  });
}

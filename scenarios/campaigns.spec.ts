/**
 * The browser dry-run: one test per campaign × cart of every site in the run. Each site's tests
 * carry its tag, and its project (playwright.config.ts) runs only those, with the site as the
 * `site` option. Never places an order.
 */
import { test, expect } from './fixtures.ts';
import { sitesForRun, siteTag } from './support/sites.ts';
import { runCampaignCase } from './support/run-case.ts';
import { CAMPAIGN_FAILS } from './reporter.ts';

for (const { site: listed } of sitesForRun()) {
  test.describe(listed.site, { tag: siteTag(listed.site) }, () => {
    listed.campaigns.forEach((listedCampaign, ci) => {
      listedCampaign.carts.forEach((listedCart, ki) => {
        test(`${listedCampaign.name} / ${listedCart.name}`, async ({ page, site, runDir, runId, storefront, mask, blockedRequests, otherOrigins, _catalog, storeClock, emptyCart }, testInfo) => {
          const campaign = site.campaigns[ci];
          const cart = campaign.carts[ki];
          // The store answers at the campaign's moment (its first minute) when the run has the clock.
          const moment = await storeClock(campaign);
          const out = await runCampaignCase({
            page, site, campaign, cart, storefront, catalog: _catalog, runDir, runId, mask, blockedRequests, otherOrigins, repeat: testInfo.repeatEachIndex, moment, emptyCart,
          });
          // A campaign that fails is a finding about the store, not a broken test: each difference
          // from the plan is an annotation (CAMPAIGN_FAILS) and the test passes. Playwright replaces
          // the worker and its browser after every failed test, which would slow down exactly the
          // runs that find blocked campaigns. The reporter marks these cases FAIL and keeps their
          // traces. A case that could not be checked, or a request to the store that the guard
          // refused, fails the test. Requests to other hosts (fonts, analytics) are only recorded.
          for (const check of out.checks.filter((c) => !c.ok)) {
            testInfo.annotations.push({ type: CAMPAIGN_FAILS, description: `${check.what}: expected ${check.expected}, the customer gets ${check.actual} at the ${out.result.stepReached} step` });
          }
          expect(blockedRequests, 'requests to the store that a dry-run must not send').toEqual([]);
          // eslint-disable-next-line @typescript-eslint/only-throw-error -- rethrows what the case caught, as it was
          if (out.error) throw out.error;
        });
      });
    });
  });
}

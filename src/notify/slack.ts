/**
 * The Slack message of a nightly run: one per site, posted to the site's own channel through a
 * Slack incoming webhook, and only when there is something to say.
 *
 * When: the verdict is not Ready, or it changed since the previous run (Ready after Blocked is
 * announced as fixed). Ready after Ready, and Ready on a first run, stay silent.
 *
 * Where: an incoming webhook posts to the one channel it was created for, so the workflow keeps one
 * webhook per site channel, in the secret SLACK_WEBHOOK_<SITE> (see .github/workflows/README.md).
 * The payload also carries `channel: people.slack_channel`: a legacy multi-channel webhook posts
 * there; a Slack-app webhook ignores it and posts to its own channel.
 *
 * What: the site, the verdict (and what it was before), each blocking finding on one line (when
 * nothing blocks, each warning), and a link to the report. Nothing else from results.json: no API
 * keys (results.json has none), no secret codes (findings carry them masked; `secrets` redacts any
 * value given as a last guard), no people's details. Store text is escaped for Slack mrkdwn
 * (`&`, `<`, `>`), so a promotion named `<!channel>` cannot ping anyone or forge a link.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { isBlocking, VERDICT_WORDS, type Finding, type RunResults } from '../findings/types.ts';
import { redactDeep, redactor } from '../safety/redact.ts';
import { plural } from '../text/words.ts';

/** At most this many finding lines; the rest are counted ("…and 3 more in the report"). */
export const MAX_FINDING_LINES = 15;

/** Escapes text for Slack mrkdwn: the three control characters Slack asks to escape. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** One line of text: newlines and runs of spaces from the store become single spaces. */
function oneLine(text: string, max = 300): string {
  const s = text.replace(/\s+/g, ' ').trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

const isWarning = (f: Finding) => !isBlocking(f) && (f.level === 'warn' || !!f.notChecked);

export type NotifyReason = 'not-ready' | 'changed' | 'fixed' | 'ready' | 'ready-first-run';

/** Whether a run is worth a message, and why. */
export function shouldNotify(results: Pick<RunResults, 'verdict'>, previous?: Pick<RunResults, 'verdict'>): { send: boolean; reason: NotifyReason } {
  if (results.verdict !== 'ready') return { send: true, reason: 'not-ready' };
  if (!previous) return { send: false, reason: 'ready-first-run' };
  if (previous.verdict !== 'ready') return { send: true, reason: 'fixed' };
  return { send: false, reason: 'ready' };
}

/** A Slack channel name as the site file writes it ('#acme-holiday'), or undefined. */
export function channelOf(results: Pick<RunResults, 'people'>): string | undefined {
  const c = results.people?.slackChannel;
  return typeof c === 'string' && /^#[a-z0-9][a-z0-9._-]*$/.test(c) ? c : undefined;
}

/** An http(s) URL safe inside Slack's `<url|text>`: `|`, `<`, `>` and spaces percent-encoded, `&` escaped. */
function linkUrl(url: string): string {
  const href = new URL(url).href.replace(/[|<> ]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return href.replace(/&/g, '&amp;');
}

export interface SlackText {
  type: 'plain_text' | 'mrkdwn';
  text: string;
  emoji?: boolean;
}

export type SlackBlock =
  | { type: 'header'; text: SlackText }
  | { type: 'section'; text: SlackText }
  | { type: 'context'; elements: SlackText[] }
  | { type: 'actions'; elements: { type: 'button'; text: SlackText; url: string; action_id: string }[] };

/** The body of an incoming-webhook POST. */
export interface SlackPayload {
  /** Fallback for notifications and clients without blocks (mrkdwn, escaped). */
  text: string;
  /** For legacy multi-channel webhooks; app webhooks post to their own channel and ignore it. */
  channel?: string;
  blocks: SlackBlock[];
  unfurl_links: false;
  unfurl_media: false;
}

export interface PayloadOptions {
  /** Where the full report is (the workflow run's report artifact). http(s) only. */
  reportUrl: string;
  previous?: RunResults;
  /** Values that must never appear in the message (redacted wherever they occur). */
  secrets?: readonly string[];
}

/** The incoming-webhook payload for a run: blocks plus a text fallback. */
export function buildPayload(results: RunResults, opts: PayloadOptions): SlackPayload {
  const v = VERDICT_WORDS[results.verdict] ?? { label: String(results.verdict), emoji: '' };
  const reason = shouldNotify(results, opts.previous).reason;
  const site = oneLine(results.siteName || results.site, 100);
  const blocking = results.findings.filter(isBlocking);
  const warnings = results.findings.filter(isWarning);

  const lines: string[] = [];
  const was = opts.previous ? VERDICT_WORDS[opts.previous.verdict]?.label ?? opts.previous.verdict : undefined;
  if (reason === 'fixed') lines.push(`*Fixed:* ready again (was ${escapeSlack(String(was))} on the previous run).`);
  else if (was && opts.previous!.verdict !== results.verdict) lines.push(`*Changed:* was ${escapeSlack(String(was))} on the previous run.`);
  if (results.holiday) {
    const [from, to] = results.holiday.officesClosed;
    lines.push(`${escapeSlack(oneLine(results.holiday.name, 100))}: offices closed ${from} to ${to}.`);
  }
  if (opts.previous) {
    const before = new Set(opts.previous.findings.filter((f) => isBlocking(f) || isWarning(f)).map((f) => f.id));
    const now = new Set([...blocking, ...warnings].map((f) => f.id));
    const added = [...now].filter((id) => !before.has(id)).length;
    const fixed = [...before].filter((id) => !now.has(id)).length;
    if (added || fixed) lines.push(`Since the previous run: ${added} new, ${fixed} fixed.`);
  }

  const list = (title: string, fs: Finding[], mark: string) => {
    const shown = fs.slice(0, MAX_FINDING_LINES).map((f) => `${mark} ${escapeSlack(oneLine(f.title))}`);
    if (fs.length > MAX_FINDING_LINES) shown.push(`…and ${fs.length - MAX_FINDING_LINES} more in the report`);
    return `*${title} (${fs.length}):*\n${shown.join('\n')}`;
  };

  const url = linkUrl(opts.reportUrl);
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: oneLine(`${v.emoji} ${site}: ${v.label}`, 150), emoji: true } },
  ];
  if (lines.length) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } });
  if (blocking.length) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: list('Blocking', blocking, '•') } });
  else if (warnings.length) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: list('At risk', warnings, '•') } });
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `<${url}|Open the full report>` } });
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `holiday-ready · ${escapeSlack(results.site)} · ${escapeSlack(results.target?.name ?? 'staging')} · ${escapeSlack(results.startedAt)}` }] });

  const count = blocking.length
    ? plural(blocking.length, 'blocking finding')
    : warnings.length
      ? plural(warnings.length, 'warning')
      : reason === 'fixed' ? 'fixed' : 'nothing blocks';
  const text = `${v.emoji} ${escapeSlack(site)}: ${v.label} (${count}). Report: <${url}|${escapeSlack(results.site)} report>`;

  const channel = channelOf(results);
  const payload: SlackPayload = { text, ...(channel ? { channel } : {}), blocks, unfurl_links: false, unfurl_media: false };
  return redactDeep(payload, redactor(opts.secrets ?? []));
}

/** Slack refused the message, or could not be reached. The message never contains the webhook URL. */
export class NotifyError extends Error {
  readonly code = 'notify-failed';
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = 'NotifyError';
  }
}

export interface NotifyOptions extends PayloadOptions {
  /** The incoming-webhook URL (a secret). https, or http to a loopback address (tests). */
  webhookUrl: string;
  fetch?: typeof fetch;
  /** Wait before the one retry after a 429 or 5xx (Slack's Retry-After is honoured up to 5 s). */
  retryDelayMs?: number;
}

export interface NotifyResult {
  sent: boolean;
  reason: NotifyReason;
  status?: number;
  payload?: SlackPayload;
}

/** The webhook URL, checked; the error never repeats the URL (it is a secret). */
export function checkWebhookUrl(url: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new NotifyError('the Slack webhook URL is not a URL (it is not shown: it is a secret)');
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && loopback)) {
    throw new NotifyError('the Slack webhook URL must start with https:// (it is not shown: it is a secret)');
  }
  return u;
}

/** Posts the run's message to the site's channel when there is something to say (see the top of this file). */
export async function notify(results: RunResults, opts: NotifyOptions): Promise<NotifyResult> {
  const { send, reason } = shouldNotify(results, opts.previous);
  if (!send) return { sent: false, reason };
  const url = checkWebhookUrl(opts.webhookUrl);
  const payload = buildPayload(results, opts);
  const doFetch = opts.fetch ?? fetch;
  const body = JSON.stringify(payload);
  for (let attempt = 1; ; attempt++) {
    let res: Response;
    try {
      res = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body,
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      if (attempt < 2) {
        await sleep(opts.retryDelayMs ?? 1000);
        continue;
      }
      throw new NotifyError(`Slack could not be reached (${(error as Error).name}: ${(error as Error).message.replace(url.href, '<webhook>')})`);
    }
    const answer = (await res.text().catch(() => '')).slice(0, 200);
    if (res.ok) return { sent: true, reason, status: res.status, payload };
    if ((res.status === 429 || res.status >= 500) && attempt < 2) {
      const after = Number(res.headers.get('retry-after'));
      await sleep(Number.isFinite(after) && after > 0 ? Math.min(after * 1000, 5000) : opts.retryDelayMs ?? 1000);
      continue;
    }
    throw new NotifyError(`Slack refused the message: HTTP ${res.status} ${oneLine(answer, 200)}`, res.status);
  }
}

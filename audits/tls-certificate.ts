/**
 * TLS certificate: each https store in the site file (production and staging) presents a
 * certificate that is valid now and stays valid past the holiday (plus a margin), so nobody has to
 * renew one while the offices are closed. The dates are compared with the run's `now`, not the
 * machine's clock.
 */
import net from 'node:net';
import tls from 'node:tls';
import type { Site } from '../src/config/types.ts';
import type { Audit, AuditFinding } from '../src/audits/types.ts';
import { readOptions } from '../src/audits/options.ts';
import { listWords, plural } from '../src/text/words.ts';
import { addDays, formatDate, formatDuration, formatLocal, localToInstant } from '../src/text/time.ts';

export const OPTIONS = {
  /** Days the certificate must stay valid after the last day the offices are closed. */
  min_days_after_holiday: { type: 'number', default: 7, min: 0, max: 365, integer: true },
  timeout_ms: { type: 'number', default: 10000, min: 500, max: 60000 },
} as const;

/** The certificate facts the check needs. */
export interface CertFacts {
  validFrom: Date;
  validTo: Date;
  subject: string;
  issuer: string;
  /** Why Node does not trust it (self-signed, wrong host, ...), dates aside; undefined when trusted. */
  untrusted?: string;
}

function httpsTargets(site: Site): { kind: 'production' | 'staging'; url: URL }[] {
  const https = [site.production, site.staging].flatMap((t) => (t && new URL(t.url).protocol === 'https:' ? [{ kind: t.kind, url: new URL(t.url) }] : []));
  return https.filter((t, i) => https.findIndex((o) => o.url.host === t.url.host) === i);
}

/** Connects and reads the certificate without trusting it (an expired or self-signed one is still read). */
export function readCertificate(url: URL, timeoutMs: number): Promise<CertFacts> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || 443);
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host, port, rejectUnauthorized: false, ...(net.isIP(host) ? {} : { servername: host }) });
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no TLS handshake with ${url.host} within ${timeoutMs} ms`)));
    socket.once('error', reject);
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate(true);
      const reason = socket.authorizationError ? String((socket.authorizationError as Error & { code?: string }).code ?? socket.authorizationError) : undefined;
      socket.end();
      if (!cert || !cert.valid_to) {
        reject(new Error(`${url.host} presented no certificate`));
        return;
      }
      // Expiry is judged against the run's `now` below, not against this machine's clock. OpenSSL
      // reports one error, so a date error can hide that the certificate signs itself.
      const dateOnly = !!reason && /CERT_HAS_EXPIRED|CERT_NOT_YET_VALID/.test(reason);
      const selfSigned = !!cert.issuerCertificate && cert.issuerCertificate.fingerprint256 === cert.fingerprint256;
      resolve({
        validFrom: new Date(cert.valid_from),
        validTo: new Date(cert.valid_to),
        subject: [cert.subject?.CN ?? ''].flat().join(', '),
        issuer: [cert.issuer?.CN ?? cert.issuer?.O ?? ''].flat().join(', '),
        untrusted: dateOnly ? (selfSigned ? 'DEPTH_ZERO_SELF_SIGNED_CERT' : undefined) : reason,
      });
    });
  });
}

/** The certificate against `now` and the holiday. Pure. Keys: `<host>:expired|not-yet-valid|expires-soon|untrusted`. */
export function checkCertificate(c: CertFacts, o: { host: string; kind: 'production' | 'staging'; now: Date; holidayEnd: Date; mustLastUntil: Date; holidayWords: string; timeZone: string }): AuditFinding[] {
  const fmt = (d: Date) => formatLocal(d, o.timeZone);
  const out: AuditFinding[] = [];
  const expected = `a certificate valid until at least ${fmt(o.mustLastUntil)}`;
  const actual = `valid ${fmt(c.validFrom)} to ${fmt(c.validTo)} (subject ${c.subject || '—'}, issuer ${c.issuer || '—'})`;
  const impact = o.kind === 'production' ? ('revenue' as const) : ('function' as const);
  const problem = (key: string, title: string, cause: string, action: string, actualTail = ''): AuditFinding =>
    ({ key: `${o.host}:${key}`, title: `The certificate of ${o.host} (${o.kind}) ${title}`, expected, actual: `${actual}${actualTail}`, cause, action, impact });
  if (c.validTo.getTime() <= o.now.getTime()) {
    out.push(problem(
      'expired', 'has expired', 'Browsers show a full-page security warning instead of the store.', `Renew the certificate of ${o.host} now.`,
      `; expired ${formatDuration(o.now.getTime() - c.validTo.getTime())} ago`,
    ));
  } else if (c.validFrom.getTime() > o.now.getTime()) {
    out.push(problem(
      'not-yet-valid', 'is not valid yet', 'Browsers reject a certificate before its start date.',
      `Install a certificate for ${o.host} that is valid today (check the server's clock too).`,
    ));
  } else if (c.validTo.getTime() < o.mustLastUntil.getTime()) {
    out.push(problem(
      'expires-soon', `expires ${fmt(c.validTo)}, before the holiday is safely over`,
      c.validTo.getTime() <= o.holidayEnd.getTime()
        ? `It expires before the end of ${o.holidayWords}, when nobody is in the office to renew it.`
        : `It expires within days of the end of ${o.holidayWords}, too close to renew safely.`,
      `Renew the certificate of ${o.host} before the code freeze (automatic renewal: check that it actually ran).`,
    ));
  }
  if (c.untrusted) {
    out.push({
      key: `${o.host}:untrusted`, kind: o.kind === 'production' ? 'problem' : 'info',
      title: `The certificate of ${o.host} (${o.kind}) is not trusted (${c.untrusted})`,
      expected: 'a certificate from a trusted authority, for this host name', actual: `${actual}; ${c.untrusted}`,
      cause: o.kind === 'production' ? 'Browsers show a security warning instead of the store.' : 'Usual for a staging store; customers never see it.',
      action: o.kind === 'production' ? `Install a certificate from a trusted authority for ${o.host}.` : 'Nothing to do unless the client needs a trusted certificate on staging.',
      ...(o.kind === 'production' ? { impact } : {}),
    });
  }
  return out;
}

const audit: Audit = {
  id: 'tls-certificate',
  title: 'TLS certificates stay valid past the holiday',
  failureTitle: 'A TLS certificate expires too soon',
  recommended: 'error',
  shouldRun: (site) => httpsTargets(site).length > 0,
  notApplicable: 'No store in the site file is served over https.',
  async run(ctx) {
    const opts = readOptions('tls-certificate', ctx.options, OPTIONS);
    const { holiday } = ctx.site;
    const lastDay = holiday.officesClosed[1];
    const holidayEnd = localToInstant(`${addDays(lastDay, 1)}T00:00`, holiday.timezone);
    const mustLastUntil = localToInstant(`${addDays(lastDay, 1 + opts.min_days_after_holiday)}T00:00`, holiday.timezone);
    const holidayWords = `${holiday.name} (offices closed until ${formatDate(lastDay)})`;
    const findings: AuditFinding[] = [];
    const seen: string[] = [];
    for (const { kind, url } of httpsTargets(ctx.site)) {
      let cert: CertFacts;
      try {
        cert = await readCertificate(url, opts.timeout_ms);
      } catch (err) {
        findings.push({
          key: `${url.host}:unreachable`, notChecked: true,
          title: `The certificate of ${url.host} (${kind}) could not be read`,
          expected: 'a TLS handshake', actual: (err as Error).message,
          cause: 'The store did not complete a TLS handshake from here.', action: `Check that ${url.origin} is up and reachable from this machine, then run again.`,
        });
        continue;
      }
      seen.push(`${url.host} until ${formatLocal(cert.validTo, holiday.timezone)}`);
      findings.push(...checkCertificate(cert, { host: url.host, kind, now: ctx.now, holidayEnd, mustLastUntil, holidayWords, timeZone: holiday.timezone }));
    }
    const problems = findings.filter((f) => f.kind !== 'info' && !f.notChecked);
    const summary = problems.length
      ? `${plural(problems.length, 'certificate problem')}: ${listWords(problems.map((f) => f.title))}.`
      : `${seen.length ? `Valid: ${listWords(seen)}` : 'No certificate could be read'}; required until ${formatLocal(mustLastUntil, holiday.timezone)} (${opts.min_days_after_holiday} days after the offices reopen).`;
    return { summary, findings };
  },
};

export default audit;

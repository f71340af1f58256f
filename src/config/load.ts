/**
 * Loads a site file (`sites/<site>.yml`) into a typed Site, or into every problem found in it,
 * each with a stable code and the line and column it is about. Never throws for bad input and never
 * exits: the CLI decides what to do with the errors.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isMap, isPair, isScalar, LineCounter, parseDocument, type YAMLError } from 'yaml';
import { closest } from './suggest.ts';
import type { Site } from './types.ts';
import type { CheckOptions } from './checks.ts';
import { isNull, locate, nodeAt, segmentsOf, validateSite } from './validate.ts';
export { DRY_RUN_DEFAULTS, STOREFRONT_DEFAULTS } from './validate.ts';
export { SITE_ERROR_CODES, type SiteError, type SiteErrorCode } from './errors.ts';
import type { SiteError } from './errors.ts';

export type LoadResult = { ok: true; site: Site } | { ok: false; errors: SiteError[] };

export type LoadOptions = Partial<CheckOptions>;

/** Every site file under `<root>/sites/` (not the annotated example, not `_`-prefixed drafts), sorted. */
export function siteFiles(root: string): string[] {
  const dir = path.join(root, 'sites');
  return fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f) && !f.includes('.annotated.') && !f.startsWith('_'))
    .sort()
    .map((f) => path.join(dir, f));
}

/**
 * The site file an argument means: a bare name (`acme`) is `<root>/sites/acme.yml`; an argument
 * with a `/` or ending in .yml/.yaml is a path, relative to `cwd`.
 */
export function resolveSitePath(arg: string, root: string, cwd: string = process.cwd()): string {
  if (/[/\\]/.test(arg) || /\.ya?ml$/i.test(arg)) return path.resolve(cwd, arg);
  return path.join(root, 'sites', `${arg}.yml`);
}

/** Reads and validates a site file. */
export function loadSite(file: string, opts: LoadOptions = {}): LoadResult {
  const abs = path.resolve(file);
  let source: string;
  try {
    source = fs.readFileSync(abs, 'utf8');
  } catch (err) {
    return { ok: false, errors: [readError(abs, err as NodeJS.ErrnoException)] };
  }
  return parseSite(source, abs, opts);
}

const byPlace = (a: SiteError, b: SiteError) => a.line - b.line || a.col - b.col;

/** Validates the text of a site file; `file` is used for locations and for the expected `site:` id. */
export function parseSite(source: string, file: string, opts: LoadOptions = {}): LoadResult {
  const abs = path.resolve(file);
  const lc = new LineCounter();
  try {
    // Keep the original source: errors point into it, and the caret display shows its lines.
    const doc = parseDocument(source, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
    const errors = yamlErrors(abs, source, lc, [...doc.errors, ...doc.warnings]);
    // Past a syntax error the tree is yaml's best guess, so checking it would report phantom
    // problems; duplicate keys leave a sound tree, so those files are checked further.
    if (errors.some((e) => e.code === 'yaml-syntax')) return { ok: false, errors: errors.sort(byPlace) };
    const { site, errors: invalid } = validateSite(abs, source, lc, doc, { ...opts, env: opts.env ?? process.env, requireKey: opts.requireKey ?? true });
    errors.push(...invalid);
    if (errors.length || !site) return { ok: false, errors: errors.sort(byPlace) };
    return { ok: true, site };
  } catch (err) {
    const message = `the loader failed on this file (${(err as Error).message}) — this is a bug in holiday-ready; please report it with the file`;
    return { ok: false, errors: [{ code: 'internal-error', file: abs, line: 1, col: 1, path: '', message }] };
  }
}

/**
 * Where a key path (as in SiteError.path, e.g. `campaigns[0].carts[1].items.JKT-999`) is in a site
 * file, for problems found after loading (a SKU the store does not have). Points at the value, or at
 * the nearest enclosing key that exists; at 1:1 when the file cannot be read. Never throws.
 * Spread it into a SiteError: `{ code, file, ...locateKey(file, path), path, message }`.
 */
export function locateKey(file: string, keyPath: string): Pick<SiteError, 'line' | 'col' | 'excerpt' | 'span'> {
  let src: string;
  try {
    src = fs.readFileSync(file, 'utf8');
  } catch {
    return { line: 1, col: 1 };
  }
  const lc = new LineCounter();
  const doc = parseDocument(src, { lineCounter: lc, uniqueKeys: false });
  const found = nodeAt(doc, segmentsOf(keyPath));
  const at = ((isNull(found.value) && found.key) || found.value) as { range?: [number, number, number] } | null;
  // A secret campaign's code is never shown.
  const hide = isScalar(found.key) && found.key.value === 'code' && isMap(found.map) && found.map.get('secret') === true;
  const [start, end] = at?.range ?? [0, 1];
  const { line, col, excerpt, span } = locate(path.resolve(file), src, lc, start, end, { code: 'bad-value', path: keyPath, message: '', hide });
  return { line, col, ...(excerpt !== undefined && { excerpt, span }) };
}

/**
 * One block per problem:
 *
 *     sites/acme.yml:14:7  campaigns[0].window[1]  is not a real date: … — got "2026-02-30T00:00"
 *       14 |     window: [2026-11-27T00:00, 2026-02-30T00:00]
 *          |                                ^^^^^^^^^^^^^^^^
 *
 * File paths inside `cwd` are shown relative to it.
 */
export function formatSiteErrors(errors: readonly SiteError[], opts: { cwd?: string } = {}): string {
  const cwd = opts.cwd ?? process.cwd();
  return errors
    .map((e) => {
      const head = [`${displayPath(cwd, e.file)}:${e.line}:${e.col}`, e.path, e.message].filter(Boolean).join('  ');
      if (e.excerpt === undefined) return head;
      const gutter = ' '.repeat(String(e.line).length);
      const { text, col } = clip(e.excerpt, e.col);
      const carets = '^'.repeat(Math.max(1, Math.min(e.span ?? 1, text.length - col + 1)));
      return `${head}\n  ${e.line} | ${text}\n  ${gutter} | ${' '.repeat(col - 1)}${carets}`;
    })
    .join('\n\n');
}

/** A path as the user would type it: relative under the working directory, absolute elsewhere. */
export function displayPath(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  const shown = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
  return shown.split(path.sep).join('/');
}

/** Long lines are cut around the column, like yaml's prettifyError. */
function clip(text: string, col: number): { text: string; col: number } {
  const max = 100;
  if (text.length <= max) return { text, col };
  const start = col > 60 ? Math.min(col - 40, text.length - max + 1) : 0;
  let out = text.slice(start, start + max);
  if (start > 0) out = '…' + out;
  if (start + max < text.length) out += '…';
  return { text: out, col: col - start + (start > 0 ? 1 : 0) };
}

/** A fix for each yaml error people actually make in a site file. */
const YAML_HINTS: Partial<Record<YAMLError['code'], string>> = {
  BAD_SCALAR_START: "put the value in quotes, e.g. slack: '@dana'",
  TAB_AS_INDENT: 'replace the tab at the start of this line with spaces',
  BAD_INDENT: 'check the indentation (two spaces per level) and that every [ has its ] and every { its }',
  MISSING_CHAR: 'close the quote or bracket that was opened',
  BLOCK_AS_IMPLICIT_KEY: 'a value with ": " in it needs quotes, e.g. name: "Acme: Outfitters"',
  MULTILINE_IMPLICIT_KEY: 'check the indentation: a key must be on one line and the lines below it indented',
  MULTIPLE_DOCS: 'a site file holds one document; remove the --- line and what follows, or move it to its own file',
  UNEXPECTED_TOKEN: 'check the indentation and the brackets around this point',
  DUPLICATE_KEY: 'each key may appear once in a map; remove one, or add the quantities together',
  TAG_RESOLVE_FAILED: 'site files do not use ! tags; remove it',
  BAD_ALIAS: 'check the *alias name matches an &anchor above it',
};

function yamlErrors(file: string, src: string, lc: LineCounter, raw: YAMLError[]): SiteError[] {
  // A tab in the indentation derails everything after it; its follow-on errors only confuse.
  const tabs = raw.filter((e) => e.code === 'TAB_AS_INDENT');
  const seen = new Set<string>();
  return (tabs.length ? tabs : raw)
    .map((e) => yamlError(file, src, lc, e))
    .filter((e) => !seen.has(`${e.line}:${e.col}`) && seen.add(`${e.line}:${e.col}`));
}

function yamlError(file: string, src: string, lc: LineCounter, e: YAMLError): SiteError {
  const code = e.code === 'DUPLICATE_KEY' ? 'duplicate-key' : 'yaml-syntax';
  // yaml notices an unclosed quote or bracket only further down; point at where it was opened.
  const quote = /missing closing .*quote/i.test(e.message);
  const open = quote || /flow (sequence|map|collection)|missing closing/i.test(e.message) ? unclosed(src, e.pos[0]) : undefined;
  const c = open === undefined ? '' : src[open];
  if (quote ? /["']/.test(c) : /[[{]/.test(c)) {
    const add = quote ? `${c} at the end of the value` : c === '[' ? '] at the end of the list' : '} at the end of the map';
    return locate(file, src, lc, open!, open! + 1, { code, path: pathAt(src, open!), message: `this ${c} is never closed — add ${add}` });
  }
  const hint = YAML_HINTS[e.code] ?? 'check the syntax near this point';
  const message = `${e.message.charAt(0).toLowerCase()}${e.message.slice(1)} — ${hint}`;
  return locate(file, src, lc, e.pos[0], e.pos[1], { code, path: pathAt(src, e.pos[0]), message });
}

/**
 * Offset of the quote, or else the last [ or {, that is still open at `end`. A rough scan (quotes
 * count only where a value can start, comments are skipped), good enough to point at the culprit.
 */
function unclosed(src: string, end: number): number | undefined {
  const open: number[] = [];
  for (let i = 0; i < end; i++) {
    const c = src[i];
    const prev = src.slice(0, i).trimEnd().slice(-1);
    if (c === '#' && (i === 0 || /\s/.test(src[i - 1]))) {
      while (i < end && src[i] !== '\n') i++;
    } else if ((c === '"' || c === "'") && (prev === '' || '[{,:-\n'.includes(prev) || src[i - 1] === '\n')) {
      let close = i + 1;
      while (close < src.length && (src[close] !== c || (c === '"' && src[close - 1] === '\\'))) close++;
      if (close >= end) return i;
      i = close;
    } else if (c === '[' || c === '{') open.push(i);
    else if (c === ']' || c === '}') open.pop();
  }
  return open.at(-1);
}

/** Best-effort key path of the node at an offset (re-parsed without the duplicate-key check). */
function pathAt(src: string, offset: number): string {
  const doc = parseDocument(src, { uniqueKeys: false });
  let found = '';
  const within = (r: unknown) => Array.isArray(r) && offset >= r[0] && offset < Math.max(r[2], r[0] + 1);
  const visit = (node: unknown, p: string): void => {
    const n = node as { range?: number[]; items?: unknown[] } | null;
    if (!n || !within(n.range)) return;
    found = p;
    if (!Array.isArray(n.items)) return;
    n.items.forEach((item, i) => {
      if (isPair(item)) {
        const k = String((item.key as { value?: unknown } | null)?.value);
        const kp = p ? (/^[A-Za-z0-9_-]+$/.test(k) ? `${p}.${k}` : `${p}[${JSON.stringify(k)}]`) : k;
        if (within((item.key as { range?: number[] } | null)?.range)) found = kp;
        visit(item.value, kp);
      } else visit(item, `${p}[${i}]`);
    });
  };
  visit(doc.contents, '');
  return found;
}

function readError(file: string, err: NodeJS.ErrnoException): SiteError {
  if (err.code === 'ENOENT') {
    const dir = path.dirname(file);
    let known: string[] = [];
    try {
      known = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f) && !f.includes('.annotated.')).map((f) => f.replace(/\.ya?ml$/, ''));
    } catch {
      // the folder is missing too; say so below
    }
    const name = path.basename(file).replace(/\.ya?ml$/, '');
    const guess = closest(name, known);
    const fix = guess
      ? `did you mean ${guess}?`
      : known.length
        ? `known sites: ${known.join(', ')}`
        : 'create it by copying sites/example.annotated.yml';
    return { code: 'file-not-found', file, line: 1, col: 1, path: '', message: `there is no site file here — ${fix}` };
  }
  const why = err.code === 'EISDIR' ? 'is a folder, not a site file' : `cannot be read (${err.code ?? err.message})`;
  return { code: 'file-unreadable', file, line: 1, col: 1, path: '', message: `${why} — pass the path of a .yml site file, or a site name like acme` };
}

/**
 * Renders a run folder's results.json into the files people read: report.html (client reps and
 * engineers), junit.xml (CI test views) and summary.md (CI step summaries, chat).
 * Rendering only reads results, so a report can be re-rendered from results.json without the store.
 *
 * The HTML comes from Handlebars templates in reports/templates/, compiled in strict mode: a field
 * the templates use but results.json lacks fails the render instead of printing nothing. All store
 * text goes through `{{ }}` (HTML-escaped); the templates never use triple-stash.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import type { RunResults } from '../src/findings/types.ts';
import { formatCount, formatDateRange, formatInstant, formatMoney, formatWindow } from './format.ts';
import { renderJunit } from './junit.ts';
import { renderSummaryMarkdown } from './summary.ts';
import { buildView, type HtmlView } from './view.ts';

export { renderJunit } from './junit.ts';
export { renderSummaryMarkdown } from './summary.ts';

const TEMPLATES = fileURLToPath(new URL('./templates/', import.meta.url));

/** Options every template is compiled with: strict lookups, HTML escaping on. */
export const COMPILE_OPTIONS = { strict: true, noEscape: false } as const;

const GENERATOR = (() => {
  try {
    const pkg = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name?: string; version?: string };
    return `${pkg.name ?? 'holiday-ready'}${pkg.version ? ` ${pkg.version}` : ''}`;
  } catch {
    return 'holiday-ready';
  }
})();

type HelperOptions = Handlebars.HelperOptions & { data: { root: HtmlView } };

/** Where a render failed: the template, line, column and the `{{ … }}` expression there. */
interface RenderFailure extends Error {
  /** Set by Handlebars on strict-mode errors (column is 0-based and read-only). */
  lineNumber?: number;
  column?: number;
  /** Set here. */
  template?: string;
  at?: string;
  expression?: string;
}

/** Marks an error with the innermost template it came from (partials nest, so the first mark wins). */
function annotate(error: unknown, template: string, source: string): unknown {
  if (!(error instanceof Error)) return error;
  const e = error as RenderFailure;
  if (e.template) return e;
  e.template = template;
  e.at = `templates/${template}.hbs`;
  if (typeof e.lineNumber === 'number' && typeof e.column === 'number') {
    // Handlebars points (0-based) at the path inside the mustache; report the whole `{{ … }}`, 1-based like editors.
    const line = source.split('\n')[e.lineNumber - 1] ?? '';
    const open = line.lastIndexOf('{{', e.column);
    const close = line.indexOf('}}', e.column);
    const found = open >= 0 && close >= 0;
    if (found) e.expression = line.slice(open, close + 2);
    e.at += `:${e.lineNumber}:${(found ? open : e.column) + 1}`;
  }
  return e;
}

/**
 * Turns a strict-mode lookup error ('"name" not defined in undefined - 8:46') into the field that
 * is missing, said in terms of results.json: 'results.json has no holiday'.
 */
function missingField(e: RenderFailure): string | undefined {
  const m = /^"([^"]+)" not defined in (.*?)(?: - \d+:\d+)?$/.exec(e.message);
  if (!m || !e.expression) return undefined;
  const [, name, container] = m;
  const paths = (e.expression.match(/[A-Za-z_@][\w@]*(?:\.[\w@]+)+|[A-Za-z_@][\w@]*/g) ?? []).map((p) => p.split('.'));
  const segs = paths.find((p) => p.includes(name));
  if (!segs) return undefined;
  const k = segs.indexOf(name);
  // "x not defined in undefined": the parent is what is missing; otherwise x itself.
  const missing = (container === 'undefined' || container === 'null') && k > 0 ? segs.slice(0, k) : segs.slice(0, k + 1);
  if (missing[0] === 'this') missing.shift();
  return missing[0] === 'run' && missing.length > 1 ? `results.json has no ${missing.slice(1).join('.')}` : `missing field ${missing.join('.')}`;
}

function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const e = error as RenderFailure;
  // A helper argument whose parent is missing ({{count run.housekeeping.ordersCreated}}) fails as a TypeError.
  const parent = /^Cannot read properties of (?:undefined|null) \(reading '([^']+)'\)$/.exec(e.message);
  const what = missingField(e) ?? (parent ? `missing field: the record holding ${parent[1]} is not there` : e.message.replace(/ - \d+:\d+$/, ''));
  if (!e.at) return what;
  return `${what} (${e.at}${e.expression ? ` ${e.expression}` : ''})`;
}

function createEnvironment() {
  const hb = Handlebars.create();
  hb.registerHelper({
    /** {{money totals.total}}: in the store currency; throws on a missing amount. */
    money: (value: unknown, options: HelperOptions) => formatMoney(value, options.data.root.currency),
    /** {{count 40000}} → "40,000" */
    count: (value: unknown) => formatCount(value),
    /** {{dateTime run.startedAt}}: an instant, in the holiday timezone. */
    dateTime: (value: unknown, options: HelperOptions) => formatInstant(value, options.data.root.timeZone),
    /** {{dateRange run.holiday.officesClosed}}: calendar dates. */
    dateRange: (value: unknown) => formatDateRange(value),
    /** {{campaignWindow window}}: local times in the holiday timezone. */
    campaignWindow: (value: unknown, options: HelperOptions) => formatWindow(value, options.data.root.timeZone),
    /** {{plural n "warning" "warnings"}}: the word only. */
    plural: (n: unknown, one: unknown, many: unknown) => (n === 1 ? String(one) : String(many)),
    eq: (a: unknown, b: unknown) => a === b,
    or: (...args: unknown[]) => args.slice(0, -1).some(Boolean),
  });
  const compile = <T>(name: string, source: string): Handlebars.TemplateDelegate<T> => {
    const template = hb.compile<T>(source, COMPILE_OPTIONS);
    return (context, options) => {
      try {
        return template(context, options);
      } catch (error) {
        throw annotate(error, name, source);
      }
    };
  };
  for (const file of fs.readdirSync(TEMPLATES).sort()) {
    if (!file.endsWith('.hbs') || file === 'layout.hbs') continue;
    const name = file.slice(0, -'.hbs'.length);
    // Compiled here (not registered as source) so partials get the same strict options as the layout.
    hb.registerPartial(name, compile(name, fs.readFileSync(path.join(TEMPLATES, file), 'utf8')));
  }
  const layout = compile<HtmlView>('layout', fs.readFileSync(path.join(TEMPLATES, 'layout.hbs'), 'utf8'));
  return { hb, layout };
}

let env: ReturnType<typeof createEnvironment> | undefined;
const environment = () => (env ??= createEnvironment());

/**
 * Compiles a template with the report's Handlebars environment (helpers, partials, strict mode).
 * For tests and for new templates; the report itself uses renderHtml.
 */
export function compileTemplate<T = unknown>(source: string): Handlebars.TemplateDelegate<T> {
  return environment().hb.compile<T>(source, COMPILE_OPTIONS);
}

/** report.html: one self-contained file (inline CSS, no scripts, no external assets). */
export function renderHtml(results: RunResults, opts: { previous?: RunResults; now?: Date } = {}): string {
  try {
    const view = buildView(results, { previous: opts.previous, now: opts.now ?? new Date(), generator: GENERATOR });
    return environment().layout(view);
  } catch (error) {
    throw new Error(`Cannot render report.html for site ${JSON.stringify(results?.site)}: ${describeFailure(error)}`, { cause: error });
  }
}

/** A file of the run folder and how it is produced from the results. */
export interface Reporter {
  file: string;
  render(results: RunResults, ctx: { previous?: RunResults; dir: string }): string;
}

function reportLink(dir: string): string {
  const abs = path.resolve(dir, 'report.html');
  const rel = path.relative(process.cwd(), abs);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : abs;
}

/** The files of a run folder, in the order they are written. */
export const REPORTERS: readonly Reporter[] = [
  { file: 'results.json', render: (results) => `${JSON.stringify(results, null, 2)}\n` },
  { file: 'report.html', render: (results, { previous }) => renderHtml(results, { previous }) },
  { file: 'junit.xml', render: (results) => renderJunit(results) },
  { file: 'summary.md', render: (results, { dir }) => renderSummaryMarkdown(results, { reportPath: reportLink(dir) }) },
];

/**
 * Writes results.json, report.html, junit.xml and summary.md into `dir` (created if needed).
 * Everything is rendered before anything is written, so a render error leaves no half-written folder.
 */
export function writeRunFolder(dir: string, results: RunResults, opts: { previous?: RunResults } = {}): { files: string[] } {
  const rendered = REPORTERS.map((r) => ({ file: path.join(dir, r.file), text: r.render(results, { previous: opts.previous, dir }) }));
  fs.mkdirSync(dir, { recursive: true });
  for (const { file, text } of rendered) {
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  }
  return { files: rendered.map((r) => r.file) };
}

/**
 * The one Handlebars environment every HTML page is rendered with: helpers, partials (one per file
 * in reports/templates/) and pages (layout.hbs = report.html, index.hbs = reports/index.html), all
 * compiled in strict mode, so a field a template prints that the view lacks fails the render.
 * Errors are annotated with the template, line and `{{ … }}` expression they came from.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import pkg from '../package.json' with { type: 'json' };
import { formatCount, formatDateRange, formatInstant, formatMoney, formatWindow } from './format.ts';

const TEMPLATES = fileURLToPath(new URL('./templates/', import.meta.url));

/** Options every template is compiled with: strict lookups, HTML escaping on. */
export const COMPILE_OPTIONS = { strict: true, noEscape: false } as const;

/** "holiday-ready 0.1.0", for the footers. */
export const GENERATOR = `${pkg.name} ${pkg.version}`;

/** Templates rendered as whole pages; every other .hbs file is a partial named after its file. */
const PAGES = ['layout', 'index'] as const;
type Page = (typeof PAGES)[number];

/** The helpers' options, with what they read from the page's root context. */
type HelperOptions = Handlebars.HelperOptions & { data: { root: { currency?: string; timeZone?: string } } };

const zoneOf = (options: HelperOptions) => {
  const zone = options.data.root.timeZone;
  if (!zone) throw new Error('report: this page has no time zone for dates');
  return zone;
};

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

/** One line saying what was missing and where: 'results.json has no holiday (templates/layout.hbs:8:45 {{run.holiday.name}})'. */
export function describeFailure(error: unknown): string {
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
    dateTime: (value: unknown, options: HelperOptions) => formatInstant(value, zoneOf(options)),
    /** {{dateRange run.holiday.officesClosed}}: calendar dates. */
    dateRange: (value: unknown) => formatDateRange(value),
    /** {{campaignWindow window}}: local times in the holiday timezone. */
    campaignWindow: (value: unknown, options: HelperOptions) => formatWindow(value, zoneOf(options)),
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
  const read = (name: string) => fs.readFileSync(path.join(TEMPLATES, `${name}.hbs`), 'utf8');
  for (const file of fs.readdirSync(TEMPLATES).sort()) {
    const name = file.slice(0, -'.hbs'.length);
    if (!file.endsWith('.hbs') || (PAGES as readonly string[]).includes(name)) continue;
    // Compiled here (not registered as source) so partials get the same strict options as the pages.
    hb.registerPartial(name, compile(name, read(name)));
  }
  const pages = Object.fromEntries(PAGES.map((p) => [p, compile<unknown>(p, read(p))])) as Record<Page, Handlebars.TemplateDelegate<unknown>>;
  return { hb, pages };
}

let env: ReturnType<typeof createEnvironment> | undefined;
export const environment = () => (env ??= createEnvironment());

/** Renders a page (layout.hbs or index.hbs) with a view. */
export function renderPage(page: Page, view: unknown): string {
  return environment().pages[page](view);
}

/**
 * Compiles a template with the report's Handlebars environment (helpers, partials, strict mode).
 * For tests and for new templates; the pages themselves use renderPage.
 */
export function compileTemplate<T = unknown>(source: string): Handlebars.TemplateDelegate<T> {
  return environment().hb.compile<T>(source, COMPILE_OPTIONS);
}

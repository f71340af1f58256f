/**
 * Site-file selectors to Playwright locators: the one parser, for the browser dry-run's page
 * objects (scenarios/pages/), the speed audit, and the site-file check (every selector is parsed
 * when the site file loads, so a broken one is a located error there, never a failure per case).
 *
 *   role=button[name="Add To Cart"]  an ARIA role and the start of its accessible name: real
 *                                    buttons add to it ("Add To Cart — $60.00"); case and spacing
 *                                    are ignored. `[name="…"s]` asks for the whole name, exactly.
 *                                    Other ARIA states: [checked], [checked=false], [level=2], …
 *   label=Coupon code                a form field whose label contains the text, any case
 *   label="City"                     the whole label, any case, with or without a trailing colon or
 *                                    asterisk ("City:", "City *")
 *   text=Order summary               visible text (Playwright's text engine)
 *   css=[data-hook="order-summary"]  a CSS selector (several, comma-separated: the first found)
 */
import type { Locator, Page } from 'playwright';

/** The selector syntax the site file and the audits' options accept. */
export const SELECTOR = /^(role|label|text|css)=(.+)$/s;

/** Words for an error about a value that is not a selector. */
export const SELECTOR_WORDS = 'must start with role=, label=, text= or css=';

/** The ARIA roles Playwright's role engine knows (WAI-ARIA 1.2). */
const ROLES = new Set(
  ('alert alertdialog application article banner blockquote button caption cell checkbox code columnheader combobox complementary ' +
    'contentinfo definition deletion dialog directory document emphasis feed figure form generic grid gridcell group heading img ' +
    'insertion link list listbox listitem log main marquee math meter menu menubar menuitem menuitemcheckbox menuitemradio navigation ' +
    'none note option paragraph presentation progressbar radio radiogroup region row rowgroup rowheader scrollbar search searchbox ' +
    'separator slider spinbutton status strong subscript superscript switch tab table tablist tabpanel term textbox time timer ' +
    'toolbar tooltip tree treegrid treeitem').split(' '),
);

/** The ARIA states a role selector may ask for, as Playwright's getByRole takes them. */
const ROLE_STATES = new Set(['checked', 'disabled', 'expanded', 'pressed', 'selected', 'level', 'include-hidden']);

type RoleOptions = NonNullable<Parameters<Page['getByRole']>[1]>;

/** A selector, parsed: what locate() builds its locator from. */
export type ParsedSelector =
  | { engine: 'role'; role: string; name?: { text: string; exact: boolean }; options: Omit<RoleOptions, 'name' | 'exact'> }
  | { engine: 'label'; text: string; whole: boolean }
  | { engine: 'text'; body: string }
  | { engine: 'css'; css: string };

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Text as a pattern that ignores how the page spaces it. */
const spaced = (text: string) => text.trim().split(/\s+/).map(escapeRegExp).join('\\s+');

/** An accessible name that starts with `text` (a word boundary after it), any case. */
export const namePattern = (text: string) => new RegExp(`^\\s*${spaced(text)}(?![\\p{L}\\p{N}])`, 'iu');
/** A whole label, any case, with or without a trailing colon or required-field asterisk. */
export const labelPattern = (text: string) => new RegExp(`^\\s*${spaced(text)}\\s*:?\\s*\\*?\\s*:?\\s*$`, 'iu');

const HINT = ' (an unquoted " #" in a YAML value starts a comment and cuts the selector there: put the whole selector in quotes)';

/**
 * Parses a site-file selector; `{ error }` says in plain words what is wrong with it. Everything the
 * browser would reject is caught here (unknown role, unclosed quote or bracket, a CSS that cannot
 * be a selector), so that the site file's loader can point at it.
 */
export function parseSelector(selector: string): ParsedSelector | { error: string } {
  const m = SELECTOR.exec(selector.trim());
  if (!m) return { error: SELECTOR_WORDS };
  const [, engine, raw] = m;
  const body = raw.trim();
  if (!body) return { error: `has nothing after ${engine}=` };
  if (engine === 'role') return parseRole(body);
  if (engine === 'label') {
    const quoted = /^"(.*)"$/s.exec(body) ?? /^'(.*)'$/s.exec(body);
    if (!quoted && /^["']/.test(body)) return { error: `opens a quote that is never closed${HINT}` };
    const text = (quoted ? quoted[1] : body).trim();
    if (!text) return { error: 'has an empty label' };
    return { engine: 'label', text, whole: !!quoted };
  }
  const unbalanced = balanceError(body);
  if (unbalanced) return { error: unbalanced };
  if (engine === 'css') {
    if (/(^|,)\s*(,|$)|[>+~]\s*(,|$)|^\s*[>+~]/.test(body)) return { error: `is not a complete CSS selector${HINT}` };
    return { engine: 'css', css: body };
  }
  return { engine: 'text', body };
}

function parseRole(body: string): ParsedSelector | { error: string } {
  const role = /^[a-z]+/i.exec(body)?.[0] ?? '';
  if (!ROLES.has(role.toLowerCase())) {
    return { error: `names the role ${JSON.stringify(role || body)}, which is not an ARIA role (button, link, textbox, checkbox, radio, combobox, heading, …)` };
  }
  const unbalanced = balanceError(body);
  if (unbalanced) return { error: unbalanced };
  let rest = body.slice(role.length);
  let name: { text: string; exact: boolean } | undefined;
  const options: Record<string, boolean | number> = {};
  while (rest.trim()) {
    const attr = /^\s*\[\s*([a-z-]+)\s*(?:=\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\]\s]+)\s*([is])?\s*)?\]/i.exec(rest);
    if (!attr) return { error: `has ${JSON.stringify(rest.trim())} after the role, where only [name="…"] and ARIA states like [checked] may follow${HINT}` };
    const [whole, key, value, flag] = attr;
    rest = rest.slice(whole.length);
    if (key === 'name') {
      if (!value) return { error: 'has [name] without a value: write [name="Add To Cart"]' };
      const text = /^["']/.test(value) ? (JSON.parse(value.startsWith("'") ? `"${value.slice(1, -1).replace(/"/g, '\\"')}"` : value) as string) : value;
      if (!text.trim()) return { error: 'has an empty name' };
      name = { text, exact: flag === 's' };
      continue;
    }
    if (!ROLE_STATES.has(key)) return { error: `asks for [${key}], which a role selector does not have (name, ${[...ROLE_STATES].join(', ')})` };
    const v = value?.replace(/^["']|["']$/g, '');
    if (key === 'level') {
      if (!v || !/^\d+$/.test(v)) return { error: 'has [level] without a number: write [level=2]' };
      options.level = Number(v);
    } else {
      if (v !== undefined && v !== 'true' && v !== 'false') return { error: `has [${key}=${v}]: write [${key}], [${key}=true] or [${key}=false]` };
      options[key === 'include-hidden' ? 'includeHidden' : key] = v !== 'false';
    }
  }
  return { engine: 'role', role: role.toLowerCase(), ...(name ? { name } : {}), options };
}

/** An unclosed quote, bracket or parenthesis, in words; undefined when everything closes. */
function balanceError(s: string): string | undefined {
  const closing: Record<string, string> = { '[': ']', '(': ')' };
  const stack: string[] = [];
  let quote: string | undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '(') stack.push(closing[c]);
    else if (c === ']' || c === ')') {
      if (stack.pop() !== c) return `has a ${c} that closes nothing`;
    }
  }
  if (quote) return `opens a quote (${quote}) that is never closed${HINT}`;
  if (stack.length) return `opens a ${stack.at(-1) === ']' ? '[' : '('} that is never closed${HINT}`;
  return undefined;
}

/** The CSS of a `css=` selector (which a page can look up itself), else undefined. */
export function cssOf(selector: string): string | undefined {
  const p = parseSelector(selector);
  return 'engine' in p && p.engine === 'css' ? p.css : undefined;
}

export function locate(scope: Page | Locator, selector: string): Locator {
  const p = parseSelector(selector);
  if ('error' in p) throw new Error(`not a storefront selector (role=, label=, text= or css=): ${selector} ${p.error}`);
  switch (p.engine) {
    case 'role':
      return scope.getByRole(p.role as Parameters<Page['getByRole']>[0], {
        ...p.options,
        ...(p.name ? { name: p.name.exact ? p.name.text : namePattern(p.name.text), exact: p.name.exact } : {}),
      });
    case 'label':
      return scope.getByLabel(p.whole ? labelPattern(p.text) : new RegExp(spaced(p.text), 'iu'));
    case 'text':
      return scope.locator(`text=${p.body}`);
    case 'css':
      return scope.locator(`css=${p.css}`);
  }
}

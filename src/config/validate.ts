/**
 * Walks a parsed site file (the yaml AST, so every value keeps its position) and turns it into
 * a typed Site, or into every problem found, each located at the node it is about.
 *
 * The keys accepted here (SITE_KEYS) mirror sites/schema.json; test/unit/config.test.ts walks
 * both and fails when they drift apart.
 */
import path from 'node:path';
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type Document,
  type LineCounter,
  type ParsedNode,
  type Scalar,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import type { CartExpectation, Severity } from '../findings/types.ts';
import type { SiteError, SiteErrorCode } from './load.ts';
import { closest } from './suggest.ts';
import type { AuditPreset, Campaign, Cart, Holiday, People, Person, Site, Storefront, Target } from './types.ts';
import { MOMENT_LABELS } from './types.ts';


export const DRY_RUN_DEFAULTS: Site['dryRun'] = Object.freeze({ concurrency: 4, timeoutMs: 15000, retries: 2, moments: MOMENT_LABELS });

export const STOREFRONT_DEFAULTS: Storefront = Object.freeze({
  productPath: '/products/{slug}',
  cartPath: '/cart',
  addToCart: 'role=button[name="Add To Cart"]',
  variantField: 'css=[name="variant_id"]',
  quantityField: 'label=Quantity',
  couponField: 'label=Coupon code',
  applyButton: 'role=button[name="Apply Code"]',
  message: 'css=.flash',
  totals: 'css=[data-hook="order-summary"]',
  checkoutButton: 'role=button[name="Checkout"]',
  continueButton: 'role=button[name="Save and Continue"]',
  placeOrderButton: 'role=button[name="Place Order"]',
  allowedOrigins: Object.freeze([]),
});

export const AUDIT_PRESETS: readonly AuditPreset[] = ['recommended', 'all', 'none'];
const SEVERITIES: readonly Severity[] = ['off', 'warn', 'error'];

/** One key of a map in the site file. `add` is what a missing-key message tells the user to write. */
export interface KeySpec {
  required?: boolean;
  add?: string;
  /** The value is a map with the keys of this shape. */
  object?: ShapeName;
  /** The value is a list of maps with the keys of this shape. */
  list?: ShapeName;
  /** The value is a map with free-form keys (SKUs, audit ids). */
  map?: boolean;
}

export type ShapeName =
  | 'site'
  | 'target'
  | 'holiday'
  | 'people'
  | 'person'
  | 'dry_run'
  | 'audits'
  | 'storefront'
  | 'campaign'
  | 'cart'
  | 'expectation';

/** Every key a site file may hold, by map. The validator and sites/schema.json must agree on these. */
export const SITE_KEYS: Record<ShapeName, Record<string, KeySpec>> = {
  site: {
    site: { required: true, add: '`site: <the file name without .yml>`' },
    name: { required: true, add: '`name: Acme Outfitters` (the store name)' },
    currency: { required: true, add: '`currency: USD`' },
    staging: { required: true, object: 'target', add: 'a `staging:` section with `url:` and `api_key_env:`' },
    production: { object: 'target' },
    holiday: { required: true, object: 'holiday', add: 'a `holiday:` section with `name:`, `offices_closed:` and `timezone:`' },
    people: { required: true, object: 'people', add: 'a `people:` section with `engineer:`, `client_rep:` and `slack_channel:`' },
    dry_run: { object: 'dry_run' },
    audits: { object: 'audits' },
    storefront: { object: 'storefront' },
    campaigns: { required: true, list: 'campaign', add: 'a `campaigns:` list with at least one campaign' },
  },
  target: {
    url: { required: true, add: '`url: https://staging.example.com`' },
    api_key_env: { required: true, add: '`api_key_env: ACME_STAGING_API_KEY` (the name of the variable holding the key)' },
    sandbox: {},
    clock_secret_env: {},
  },
  holiday: {
    name: { required: true, add: '`name: Thanksgiving`' },
    offices_closed: { required: true, add: '`offices_closed: [2026-11-26, 2026-11-29]` (first and last day)' },
    timezone: { required: true, add: '`timezone: America/New_York`' },
  },
  people: {
    engineer: { required: true, object: 'person', add: '`engineer: { name: Dana Whitfield, slack: \'@dana\' }`' },
    client_rep: { required: true, object: 'person', add: '`client_rep: { name: Sam Ortiz }`' },
    slack_channel: { required: true, add: '`slack_channel: \'#acme-holiday\'`' },
    technical_lead: { object: 'person' },
    vp_engineering: { object: 'person' },
    cto: { object: 'person' },
    ceo: { object: 'person' },
  },
  person: {
    name: { required: true, add: '`name: Dana Whitfield`' },
    slack: {},
    phone: {},
    email: {},
  },
  dry_run: { concurrency: {}, timeout_ms: {}, retries: {}, moments: {} },
  audits: { preset: {}, rules: { map: true } },
  storefront: {
    product_path: {},
    cart_path: {},
    add_to_cart: {},
    variant_field: {},
    quantity_field: {},
    coupon_field: {},
    apply_button: {},
    message: {},
    totals: {},
    checkout_button: {},
    continue_button: {},
    place_order_button: {},
    allowed_origins: {},
  },
  campaign: {
    name: { required: true, add: '`name: Black Friday 50% off` (the promotion name in the store admin)' },
    code: { required: true, add: '`code: BLACKFRIDAY50`, or `code: automatic` for a promotion without a code' },
    secret: {},
    window: {},
    expected_redemptions: {},
    carts: { required: true, list: 'cart', add: 'a `carts:` list, e.g. `- { items: { JKT-001: 1 }, expect: { items: 50% off } }`' },
  },
  cart: {
    name: {},
    items: { required: true, map: true, add: '`items: { JKT-001: 1 }` (SKU: quantity)' },
    expect: { required: true, object: 'expectation', add: '`expect: { items: 50% off }` (what the customer should get)' },
  },
  expectation: { items: {}, order: {}, shipping: {}, code: {} },
};

/** Where each key may appear, to say "`timezone` belongs under `holiday:`" when it is misplaced. */
const KEY_HOMES: Map<string, string[]> = (() => {
  const homes = new Map<string, string[]>();
  const walk = (shape: ShapeName, at: string) => {
    for (const [key, spec] of Object.entries(SITE_KEYS[shape])) {
      if (at) homes.set(key, [...(homes.get(key) ?? []), at]);
      const child = spec.object ?? spec.list;
      if (child) walk(child, `${at ? `${at}.` : ''}${key}${spec.list ? '[]' : ''}`);
    }
  };
  walk('site', '');
  return homes;
})();

/** Time zone abbreviations people write, and the IANA zone they usually mean. */
const ZONE_ABBREVIATIONS: Record<string, string> = {
  EST: 'America/New_York', EDT: 'America/New_York', ET: 'America/New_York',
  CST: 'America/Chicago', CDT: 'America/Chicago', CT: 'America/Chicago',
  MST: 'America/Denver', MDT: 'America/Denver', MT: 'America/Denver',
  PST: 'America/Los_Angeles', PDT: 'America/Los_Angeles', PT: 'America/Los_Angeles',
  GMT: 'Europe/London', BST: 'Europe/London', CET: 'Europe/Paris',
};

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DISCOUNT = /^(?:none|(\d+(?:\.\d+)?)% off|\$(\d+(?:\.\d{1,2})?) off)$/;
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;
/** A moment of dry_run.moments written as a time: local (holiday.timezone) or with an offset. */
const MOMENT_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?$/;
const SELECTOR = /^(role|label|text|css)=.+/;
/** Keys that suggest somebody pasted a credential into the file. */
const SECRET_KEY = /key|token|secret|password|passwd|credential/i;

export interface ValidateOptions {
  env: NodeJS.ProcessEnv;
  requireKey: boolean;
  /** Known audit ids; when given, unknown ids under audits.rules are errors. */
  auditIds?: readonly string[];
}

type Node = ParsedNode;
interface Field {
  key: Scalar.Parsed;
  value: Node;
}

/** Path segment for a key: `items.JKT-001`, or `items["odd key"]` when it is not a plain word. */
const seg = (key: string) => (/^[A-Za-z0-9_-]+$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`);
const join = (parent: string, key: string) => (parent ? parent + seg(key) : seg(key).replace(/^\./, ''));
const quote = (s: string) => JSON.stringify(s);

export class SiteValidator {
  readonly errors: SiteError[] = [];
  /** Lines that may hold a secret (a secret campaign's code): never echoed in messages. */
  private readonly secretLines = new Set<number>();

  constructor(
    private readonly file: string,
    private readonly src: string,
    private readonly lc: LineCounter,
    private readonly doc: Document.Parsed,
    private readonly opts: ValidateOptions,
  ) {}

  // ---------------------------------------------------------------- reporting

  /** Records a problem at a node (or offset), with the source line for the caret. */
  report(code: SiteErrorCode, at: Node | number | null | undefined, path: string, message: string, hide = false): void {
    const [start, end] = typeof at === 'number' ? [at, at + 1] : at ? [at.range[0], at.range[1]] : [0, 1];
    this.errors.push(locate(this.file, this.src, this.lc, start, end, { code, path, message, hide, secretLines: this.secretLines }));
  }

  // ---------------------------------------------------------------- generic readers

  /** Follows `*alias` to its `&anchor`. */
  private deref(node: unknown, path: string): Node | null {
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      if (!target) {
        this.report('yaml-syntax', node as unknown as Node, path, `uses the alias *${node.source}, but no &${node.source} is defined above it — define the anchor first or write the value out`);
        return null;
      }
      return target as Node;
    }
    return (node as Node | null) ?? null;
  }

  /** What a node holds, in words, for "got …" in messages. */
  private describe(node: Node): string {
    if (isMap(node)) return 'a map of keys';
    if (isSeq(node)) return 'a list';
    if (isScalar(node)) {
      const v = node.value;
      if (typeof v === 'string') return `the text ${quote(v)}`;
      if (typeof v === 'number') return `the number ${node.source ?? v}`;
      if (typeof v === 'boolean') return `${v}`;
      if (v === null) return 'nothing';
    }
    return 'something else';
  }

  /** A scalar that is not text (a number, true/false) where text is expected: quoting fixes it. */
  private quoteHint(node: Node): string {
    return isScalar(node) && (typeof node.value === 'number' || typeof node.value === 'boolean') ? `; put it in quotes: '${node.source}'` : '';
  }

  private asMap(node: Node, path: string, what: string): YAMLMap.Parsed | undefined {
    if (isMap(node)) return node as YAMLMap.Parsed;
    this.report('wrong-type', node, path, `must be ${what} — got ${this.describe(node)}`);
    return undefined;
  }

  private asSeq(node: Node, path: string, what: string): YAMLSeq.Parsed | undefined {
    if (isSeq(node)) return node as YAMLSeq.Parsed;
    this.report('wrong-type', node, path, `must be ${what} — got ${this.describe(node)}`);
    return undefined;
  }

  /** Non-empty text. `example` completes "must be text like …". */
  private text(node: Node | undefined, path: string, example: string, hide = false): string | undefined {
    if (!node) return undefined;
    if (isScalar(node) && typeof node.value === 'string') {
      const s = node.value.trim();
      if (s) return s;
      this.report('missing-value', node, path, `is empty — write ${example}`);
      return undefined;
    }
    const got = hide ? 'something that is not text' : this.describe(node);
    this.report('wrong-type', node, path, `must be text like ${example} — got ${got}${hide ? '' : this.quoteHint(node)}`, hide);
    return undefined;
  }

  /** A whole number within [min, max]. */
  private int(node: Node | undefined, path: string, min: number, max: number, example: string): number | undefined {
    if (!node) return undefined;
    if (!isScalar(node) || typeof node.value !== 'number') {
      const unquote = isScalar(node) && typeof node.value === 'string' && /^\s*-?\d+\s*$/.test(node.value) ? '; remove the quotes' : '';
      this.report('wrong-type', node, path, `must be a whole number like ${example} — got ${this.describe(node)}${unquote}`);
      return undefined;
    }
    const n = node.value;
    if (!Number.isInteger(n) || n < min || n > max) {
      const range = max === Infinity ? `${min} or more` : `from ${min} to ${max}`;
      this.report('bad-value', node, path, `must be a whole number ${range} — got ${node.source ?? n}`);
      return undefined;
    }
    return n;
  }

  /** true or false; undefined when absent, null when not a boolean (reported). */
  private bool(node: Node | undefined, path: string): boolean | undefined | null {
    if (!node) return undefined;
    if (isScalar(node) && typeof node.value === 'boolean') return node.value;
    this.report('wrong-type', node, path, `must be true or false — got ${this.describe(node)}`);
    return null;
  }

  /** One of a few words. */
  private oneOf<T extends string>(node: Node | undefined, path: string, choices: readonly T[], code: SiteErrorCode = 'bad-value'): T | undefined {
    if (!node) return undefined;
    const v = isScalar(node) ? node.value : undefined;
    if (typeof v === 'string' && (choices as readonly string[]).includes(v)) return v as T;
    const guess = typeof v === 'string' ? closest(v, choices) : undefined;
    const fix = guess ? `; did you mean \`${guess}\`?` : '';
    this.report(code, node, path, `must be one of ${choices.join(', ')} — got ${this.describe(node)}${fix}`);
    return undefined;
  }

  /**
   * Reads a map's keys: reports unknown keys (with a suggestion), keys with no value, and missing
   * required keys (at `owner`, the key the map hangs from, or at the map itself).
   */
  private fields(map: YAMLMap.Parsed, path: string, shape: ShapeName, owner: Node | undefined): Map<string, Field> {
    const spec = SITE_KEYS[shape];
    const found = new Map<string, Field>();
    const seen = new Set<string>();
    const where = path ? `under \`${path}\`` : 'at the top level';
    for (const pair of map.items) {
      const key = pair.key as Node | null;
      if (!isScalar(key) || (typeof key.value !== 'string' && typeof key.value !== 'number')) {
        this.report('wrong-type', key ?? map, path, 'has a key that is not a plain word — write keys like `name:`');
        continue;
      }
      const name = String(key.value);
      const keyPath = join(path, name);
      if (seen.has(name)) continue; // yaml already reported the duplicate key
      seen.add(name);
      if (!(name in spec)) {
        this.unknownKey(key as Scalar.Parsed, name, keyPath, path, shape, where);
        continue;
      }
      const value = this.deref(pair.value, keyPath);
      if (value === null || (isScalar(value) && value.value === null)) {
        this.report('missing-value', key, keyPath, `has no value — ${this.addHint(shape, name, key)}`);
        continue;
      }
      found.set(name, { key: key as Scalar.Parsed, value });
    }
    for (const [name, s] of Object.entries(spec)) {
      if (s.required && !seen.has(name)) {
        this.report('missing-key', owner ?? map, join(path, name), `is missing — add ${s.add} ${where}`);
      }
    }
    return found;
  }

  private addHint(shape: ShapeName, name: string, key: Node): string {
    // `slack_channel: #acme` is a comment to YAML, so the value silently disappears.
    const comment = this.lineText(key.range[0]).match(/:\s+(#.*?)\s*$/)?.[1];
    if (comment) return `# starts a comment in YAML, so everything after it was ignored; put the value in quotes: ${name}: '${comment}'`;
    const s = SITE_KEYS[shape][name];
    return `write a value or remove the line${s.add ? `, e.g. ${s.add}` : ''}`;
  }

  private unknownKey(key: Scalar.Parsed, name: string, keyPath: string, path: string, shape: ShapeName, where: string): void {
    const known = Object.keys(SITE_KEYS[shape]);
    if (SECRET_KEY.test(name) && !known.includes(name)) {
      this.report('unknown-key', key, keyPath, 'is not a known key — never write an API key or password in a site file: put it in an environment variable and write that variable\'s name in `api_key_env`', true);
      return;
    }
    const guess = closest(name, known);
    if (guess) {
      this.report('unknown-key', key, keyPath, `is not a known key ${where} — did you mean \`${guess}\`?`);
      return;
    }
    const homes = KEY_HOMES.get(name)?.filter((h) => h !== path.replace(/\[\d+\]/g, '[]'));
    if (homes?.length) {
      const show = (h: string) => (h.endsWith('[]') ? `each item of \`${h.slice(0, -2)}:\`` : `\`${h}:\``);
      const list = homes.slice(0, 2).map(show).join(' or ');
      this.report('unknown-key', key, keyPath, `is not a known key ${where} — \`${name}\` belongs under ${list}`);
      return;
    }
    this.report('unknown-key', key, keyPath, `is not a known key ${where} — remove it, or use one of: ${known.join(', ')}`);
  }

  private lineText(offset: number): string {
    const { line } = this.lc.linePos(offset);
    return this.src.slice(this.lc.lineStarts[line - 1], this.lc.lineStarts[line] ?? this.src.length);
  }

  // ---------------------------------------------------------------- the site

  validate(): Site | undefined {
    const root = this.doc.contents as Node | null;
    if (root === null || (isScalar(root) && root.value === null)) {
      this.report('missing-key', 0, '', 'the file has no keys — copy sites/example.annotated.yml and fill it in');
      return undefined;
    }
    const map = this.asMap(this.deref(root, '')!, '', 'a map of keys like `site: acme` at the top level');
    if (!map) return undefined;
    const f = this.fields(map, '', 'site', undefined);

    const siteId = this.siteId(f.get('site')?.value);
    const name = this.text(f.get('name')?.value, 'name', '"Acme Outfitters"');
    const currency = this.currency(f.get('currency')?.value);
    const staging = this.target(f.get('staging'), 'staging', 'staging');
    const production = this.target(f.get('production'), 'production', 'production');
    if (staging && production && sameStore(staging.url, production.url)) {
      this.report('bad-value', (f.get('staging')!.value as YAMLMap).get('url', true) as Node, 'staging.url', `is the same store as production.url — dry-runs write carts to staging, so it must be a separate store; point staging.url at the staging store`);
    }
    const holiday = this.holiday(f.get('holiday'));
    const people = this.people(f.get('people'));
    const dryRun = this.dryRun(f.get('dry_run'));
    const audits = this.audits(f.get('audits'));
    const storefront = this.storefront(f.get('storefront'));
    const campaigns = this.campaigns(f.get('campaigns'));

    if (this.errors.length) return undefined;
    return {
      site: siteId!,
      name: name!,
      file: this.file,
      staging: staging!,
      ...(production ? { production } : {}),
      holiday: holiday!,
      people: people!,
      currency: currency!,
      dryRun: dryRun!,
      auditPreset: audits!.preset,
      audits: audits!.rules,
      storefront: storefront!,
      campaigns: campaigns!,
    };
  }

  private siteId(node: Node | undefined): string | undefined {
    const id = this.text(node, 'site', 'acme');
    if (id === undefined) return undefined;
    const expected = path.basename(this.file).split('.')[0];
    if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) {
      this.report('bad-value', node, 'site', `must be lower-case letters, digits and dashes, like ${expected || 'acme'} — got ${quote(id)}`);
    } else if (id !== expected) {
      this.report('bad-value', node, 'site', `must be the file name without .yml, ${quote(expected)} (reports go to reports/<site>/) — got ${quote(id)}; rename the file or change the value`);
    }
    return id;
  }

  private currency(node: Node | undefined): string | undefined {
    const c = this.text(node, 'currency', 'USD');
    if (c === undefined) return undefined;
    if (!/^[A-Z]{3}$/.test(c) || !Intl.supportedValuesOf('currency').includes(c)) {
      this.report('bad-value', node, 'currency', `must be a three-letter currency code like USD — got ${quote(c)}`);
      return undefined;
    }
    return c;
  }

  private target(field: Field | undefined, path: string, kind: Target['kind']): Target | undefined {
    if (!field) return undefined;
    const map = this.asMap(field.value, path, '`url:` and `api_key_env:` on separate lines below it');
    if (!map) return undefined;
    const f = this.fields(map, path, 'target', field.key);
    const url = this.url(f.get('url')?.value, `${path}.url`);
    const apiKeyEnv = this.envName(f.get('api_key_env')?.value, `${path}.api_key_env`, kind);
    const sandbox = this.bool(f.get('sandbox')?.value, `${path}.sandbox`);
    const clock = f.get('clock_secret_env');
    let clockSecretEnv: string | undefined;
    if (clock && kind === 'production') {
      this.report('bad-value', clock.key, `${path}.clock_secret_env`, 'is for the staging store only — the harness never sends the clock to production; remove it here (and never set a clock secret on the production store)');
    } else if (clock) {
      // As for the API key: never echoed, in case the secret itself was pasted here.
      const name = this.text(clock.value, `${path}.clock_secret_env`, 'ACME_STAGING_CLOCK_SECRET', true);
      if (name !== undefined && !ENV_NAME.test(name)) {
        this.report('bad-value', clock.value, `${path}.clock_secret_env`, 'must be the NAME of an environment variable, in capitals and underscores like ACME_STAGING_CLOCK_SECRET — the value written here is not (it is not shown, in case it is the secret itself)', true);
      } else clockSecretEnv = name;
    }
    if (url === undefined || apiKeyEnv === undefined || sandbox === null) return undefined;
    return { kind, url, apiKeyEnv, sandbox: sandbox ?? false, ...(clockSecretEnv ? { clockSecretEnv } : {}) };
  }

  private url(node: Node | undefined, path: string): string | undefined {
    const s = this.text(node, path, 'https://staging.example.com');
    if (s === undefined) return undefined;
    let u: URL | undefined;
    try {
      u = new URL(s);
    } catch {
      u = undefined;
    }
    if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:')) {
      this.report('bad-value', node, path, `must be a web address starting with http:// or https:// — got ${quote(s)}`);
      return undefined;
    }
    if (u.username || u.password) {
      this.report('bad-value', node, path, 'must not contain a user name or password (the part before @) — remove it; the API key comes from the variable named in api_key_env', true);
      return undefined;
    }
    return s.replace(/\/+$/, '');
  }

  private envName(node: Node | undefined, path: string, kind: Target['kind']): string | undefined {
    if (!node) return undefined;
    const example = `${kind === 'staging' ? 'ACME_STAGING' : 'ACME_PRODUCTION'}_API_KEY`;
    // The value is never echoed: if it is not a variable name, it may well be the key itself.
    const name = this.text(node, path, example, true);
    if (name === undefined) return undefined;
    if (!ENV_NAME.test(name)) {
      this.report('bad-value', node, path, `must be the NAME of an environment variable, in capitals and underscores like ${example} — the value written here is not (it is not shown, in case it is the key itself); set the key in that variable and write its name here`, true);
      return undefined;
    }
    if (kind === 'staging' && this.opts.requireKey && !this.opts.env[name]?.trim()) {
      this.report('missing-env', node, path, `names the environment variable ${name}, which is not set — set it to the staging store's admin API key (export ${name}=…) and run again`);
    }
    return name;
  }

  private holiday(field: Field | undefined): Holiday | undefined {
    if (!field) return undefined;
    const map = this.asMap(field.value, 'holiday', '`name:`, `offices_closed:` and `timezone:` on separate lines below it');
    if (!map) return undefined;
    const f = this.fields(map, 'holiday', 'holiday', field.key);
    const name = this.text(f.get('name')?.value, 'holiday.name', 'Thanksgiving');
    const officesClosed = this.officesClosed(f.get('offices_closed')?.value);
    const timezone = this.timezone(f.get('timezone')?.value, 'holiday.timezone');
    if (name === undefined || officesClosed === undefined || timezone === undefined) return undefined;
    return { name, officesClosed, timezone };
  }

  private officesClosed(node: Node | undefined): [string, string] | undefined {
    if (!node) return undefined;
    const p = 'holiday.offices_closed';
    const pair = this.pairOf(node, p, 'the first and last day closed, like [2026-11-26, 2026-11-29]');
    if (!pair) return undefined;
    const [a, b] = pair.map((n, i) => this.date(n, `${p}[${i}]`));
    if (a === undefined || b === undefined) return undefined;
    if (b < a) {
      this.report('bad-window', pair[1], `${p}[1]`, `ends before it starts (${b} is before ${a}) — write the first day closed, then the last: [${b}, ${a}]`);
      return undefined;
    }
    return [a, b];
  }

  /** A two-element list. */
  private pairOf(node: Node, path: string, what: string): [Node, Node] | undefined {
    const seq = this.asSeq(node, path, `a list of two dates: ${what}`);
    if (!seq) return undefined;
    if (seq.items.length !== 2) {
      this.report('bad-value', seq, path, `must have exactly two dates, ${what} — got ${seq.items.length}`);
      return undefined;
    }
    const items = seq.items.map((n, i) => this.deref(n, `${path}[${i}]`));
    if (!items[0] || !items[1]) return undefined;
    return [items[0], items[1]];
  }

  private date(node: Node, path: string): string | undefined {
    const s = isScalar(node) && typeof node.value === 'string' ? node.value.trim() : undefined;
    const m = s?.match(/^(\d{4})-(\d{2})-(\d{2})$/);
    if (!s || !m) {
      this.report('bad-value', node, path, `must be a date like 2026-11-26 — got ${this.describe(node)}`);
      return undefined;
    }
    const problem = impossible(+m[1], +m[2], +m[3]);
    if (problem) {
      this.report('impossible-date', node, path, `is not a real date: ${problem} — got ${quote(s)}`);
      return undefined;
    }
    return s;
  }

  private dateTime(node: Node, path: string, end: boolean): string | undefined {
    const s = isScalar(node) && typeof node.value === 'string' ? node.value.trim() : undefined;
    const example = end ? '2026-11-30T23:59' : '2026-11-27T00:00';
    if (!s) {
      this.report('bad-value', node, path, `must be a date and time like ${example} — got ${this.describe(node)}`);
      return undefined;
    }
    const m = s.match(/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/);
    if (!m) {
      let fix = '';
      if (/^\d{4}-\d{2}-\d{2}$/.test(s)) fix = `; add a time: ${s}T${end ? '23:59' : '00:00'}`;
      else if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/.test(s)) fix = `; put a T between date and time: ${s.replace(' ', 'T')}`;
      else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/.test(s)) {
        fix = '; leave out the time zone offset — times are local to holiday.timezone';
      }
      this.report('bad-value', node, path, `must be a date and time like ${example} — got ${quote(s)}${fix}`);
      return undefined;
    }
    const [, y, mo, d, h, mi, sec] = m;
    const problem = impossible(+y, +mo, +d) ?? (+h > 23 ? `there is no hour ${+h} (use 00 to 23)` : +mi > 59 || +(sec ?? 0) > 59 ? 'minutes and seconds go from 00 to 59' : undefined);
    if (problem) {
      this.report('impossible-date', node, path, `is not a real date and time: ${problem} — got ${quote(s)}`);
      return undefined;
    }
    return s;
  }

  private timezone(node: Node | undefined, path: string): string | undefined {
    const tz = this.text(node, path, 'America/New_York');
    if (tz === undefined) return undefined;
    if (ZONE_ABBREVIATIONS[tz.toUpperCase()]) {
      this.report('unknown-timezone', node, path, `is an abbreviation, which ignores daylight saving time — write the IANA time zone instead, e.g. ${ZONE_ABBREVIATIONS[tz.toUpperCase()]}`);
      return undefined;
    }
    let valid = tz === 'UTC' || tz.includes('/');
    if (valid) {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: tz });
      } catch {
        valid = false;
      }
    }
    if (!valid) {
      const guess = closest(tz, Intl.supportedValuesOf('timeZone'));
      const fix = guess ? `did you mean ${guess}?` : 'write an IANA time zone like America/New_York';
      this.report('unknown-timezone', node, path, `is not a time zone — ${fix} (got ${quote(tz)})`);
      return undefined;
    }
    return tz;
  }

  private people(field: Field | undefined): People | undefined {
    if (!field) return undefined;
    const map = this.asMap(field.value, 'people', '`engineer:`, `client_rep:` and `slack_channel:` on separate lines below it');
    if (!map) return undefined;
    const f = this.fields(map, 'people', 'people', field.key);
    const person = (key: string) => this.person(f.get(key), `people.${key}`);
    const engineer = person('engineer');
    const clientRep = person('client_rep');
    const slackChannel = this.text(f.get('slack_channel')?.value, 'people.slack_channel', "'#acme-holiday'");
    if (slackChannel !== undefined && !/^#[a-z0-9][a-z0-9._-]*$/.test(slackChannel)) {
      this.report('bad-value', f.get('slack_channel')!.value, 'people.slack_channel', `must be a Slack channel like '#acme-holiday' (with #, lower case, no spaces) — got ${quote(slackChannel)}`);
    }
    const optional = {
      technicalLead: person('technical_lead'),
      vpEngineering: person('vp_engineering'),
      cto: person('cto'),
      ceo: person('ceo'),
    };
    if (!engineer || !clientRep || slackChannel === undefined) return undefined;
    const people: People = { engineer, clientRep, slackChannel };
    for (const [k, v] of Object.entries(optional)) if (v) (people as unknown as Record<string, Person>)[k] = v;
    return people;
  }

  private person(field: Field | undefined, path: string): Person | undefined {
    if (!field) return undefined;
    const map = this.asMap(field.value, path, "a person like `{ name: Dana Whitfield, slack: '@dana' }`");
    if (!map) return undefined;
    const f = this.fields(map, path, 'person', field.key);
    const name = this.text(f.get('name')?.value, `${path}.name`, 'Dana Whitfield');
    const check = (key: string, re: RegExp, example: string) => {
      const node = f.get(key)?.value;
      const v = this.text(node, `${path}.${key}`, example);
      if (v !== undefined && !re.test(v)) {
        this.report('bad-value', node, `${path}.${key}`, `must look like ${example} — got ${quote(v)}`);
        return undefined;
      }
      return v;
    };
    const slack = check('slack', /^@\S+$/, "'@dana' (with @, in quotes)");
    const phone = check('phone', /^\+?[0-9][0-9 ().-]{5,}$/, "'+1 555 010 0199' (in quotes)");
    const email = check('email', /^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'dana@example.com');
    if (name === undefined) return undefined;
    return { name, ...(slack && { slack }), ...(phone && { phone }), ...(email && { email }) };
  }

  private dryRun(field: Field | undefined): Site['dryRun'] | undefined {
    if (!field) return { ...DRY_RUN_DEFAULTS };
    const map = this.asMap(field.value, 'dry_run', 'a map like `{ concurrency: 4 }`');
    if (!map) return undefined;
    const f = this.fields(map, 'dry_run', 'dry_run', field.key);
    return {
      concurrency: this.int(f.get('concurrency')?.value, 'dry_run.concurrency', 1, 16, '4') ?? DRY_RUN_DEFAULTS.concurrency,
      timeoutMs: this.int(f.get('timeout_ms')?.value, 'dry_run.timeout_ms', 1000, 600000, '15000') ?? DRY_RUN_DEFAULTS.timeoutMs,
      retries: this.int(f.get('retries')?.value, 'dry_run.retries', 0, 10, '2') ?? DRY_RUN_DEFAULTS.retries,
      moments: this.moments(f.get('moments')?.value) ?? DRY_RUN_DEFAULTS.moments,
    };
  }

  /** dry_run.moments: a non-empty list of `before-start`, `start`, `end` or date-times, each once. */
  private moments(node: Node | undefined): readonly string[] | undefined {
    if (!node) return undefined;
    const what = 'a list like [before-start, start, end] (or date-times like 2026-11-27T12:00)';
    const seq = this.asSeq(node, 'dry_run.moments', what);
    if (!seq) return undefined;
    if (!seq.items.length) {
      this.report('missing-value', seq, 'dry_run.moments', `is an empty list — write ${what}, or leave it out for all three`);
      return undefined;
    }
    const out: string[] = [];
    seq.items.forEach((item, i) => {
      const p = `dry_run.moments[${i}]`;
      const n = this.deref(item, p);
      const v = n && isScalar(n) && typeof n.value === 'string' ? n.value.trim() : undefined;
      if (v === undefined || !n) {
        if (n) this.report('wrong-type', n, p, `must be before-start, start, end or a date-time like 2026-11-27T12:00 — got ${this.describe(n)}`);
        return;
      }
      if ((MOMENT_LABELS as readonly string[]).includes(v) || MOMENT_TIME.test(v)) {
        if (out.includes(v)) this.report('bad-value', n, p, `lists ${quote(v)} twice — write each moment once`);
        else out.push(v);
        return;
      }
      const guess = closest(v, MOMENT_LABELS);
      this.report('bad-value', n, p, `must be before-start, start, end or a date-time like 2026-11-27T12:00 (local to holiday.timezone) — got ${quote(v)}${guess ? `; did you mean \`${guess}\`?` : ''}`);
    });
    return out.length === seq.items.length ? out : undefined;
  }

  private audits(field: Field | undefined): { preset: AuditPreset; rules: Site['audits'] } | undefined {
    const result: { preset: AuditPreset; rules: Site['audits'] } = { preset: 'recommended', rules: {} };
    if (!field) return result;
    const map = this.asMap(field.value, 'audits', 'a map like `{ preset: recommended, rules: { stock: warn } }`');
    if (!map) return undefined;
    const f = this.fields(map, 'audits', 'audits', field.key);
    const preset = f.get('preset');
    if (preset) result.preset = this.oneOf(preset.value, 'audits.preset', AUDIT_PRESETS) ?? 'recommended';
    const rulesField = f.get('rules');
    const rules = rulesField && this.asMap(rulesField.value, 'audits.rules', 'a map of audit id: level, like `{ stock: [error, { min_on_hand: 20 }], speed: warn }`');
    for (const pair of rules?.items ?? []) {
      const key = pair.key as Node;
      const id = isScalar(key) ? String(key.value) : '';
      const p = join('audits.rules', id);
      if (!/^[a-z][a-z0-9-]*$/.test(id)) {
        this.report('bad-value', key, p, `is not an audit id — audit ids are lower-case words joined by dashes, like stock-on-hand`);
        continue;
      }
      if (this.opts.auditIds && !this.opts.auditIds.includes(id)) {
        const guess = closest(id, this.opts.auditIds);
        this.report('unknown-key', key, p, `is not a known audit — ${guess ? `did you mean \`${guess}\`?` : `known audits: ${this.opts.auditIds.join(', ')}`}`);
        continue;
      }
      const rule = this.rule(this.deref(pair.value, p), p);
      if (rule !== undefined) result.rules[id] = rule;
    }
    return result;
  }

  private rule(node: Node | null, path: string): Site['audits'][string] | undefined {
    const what = 'off, warn, error, or [level, { options }]';
    if (node && isScalar(node)) return this.oneOf(node, path, SEVERITIES);
    if (node && isSeq(node) && (node.items.length === 1 || node.items.length === 2)) {
      const level = this.oneOf(this.deref(node.items[0], `${path}[0]`) ?? undefined, `${path}[0]`, SEVERITIES);
      const optsNode = node.items.length === 2 ? this.deref(node.items[1], `${path}[1]`) : undefined;
      if (optsNode && !isMap(optsNode)) {
        this.report('wrong-type', optsNode, `${path}[1]`, `must be the audit's options as a map, like { min_on_hand: 20 } — got ${this.describe(optsNode)}`);
        return undefined;
      }
      if (level === undefined) return undefined;
      return optsNode ? [level, (optsNode as YAMLMap).toJSON() as Record<string, unknown>] : level;
    }
    this.report('wrong-type', node ?? undefined, path, `must be ${what} — got ${node ? this.describe(node) : 'nothing'}`);
    return undefined;
  }

  private storefront(field: Field | undefined): Storefront | undefined {
    if (!field) return { ...STOREFRONT_DEFAULTS, allowedOrigins: [] };
    const map = this.asMap(field.value, 'storefront', 'a map of selectors like `add_to_cart: role=button[name="Add To Cart"]`');
    if (!map) return undefined;
    const f = this.fields(map, 'storefront', 'storefront', field.key);
    const out: Storefront = { ...STOREFRONT_DEFAULTS, allowedOrigins: [] };
    const productPath = this.text(f.get('product_path')?.value, 'storefront.product_path', '/products/{slug}');
    if (productPath !== undefined) {
      if (!/^\/.*\{(slug|sku)\}/.test(productPath)) {
        this.report('bad-value', f.get('product_path')!.value, 'storefront.product_path', `must be a path starting with / and containing {slug} (the product's slug) or {sku}, like /products/{slug} — got ${quote(productPath)}`);
      } else out.productPath = productPath;
    }
    const cartPath = this.text(f.get('cart_path')?.value, 'storefront.cart_path', '/cart');
    if (cartPath !== undefined) {
      if (!/^\/\S*$/.test(cartPath)) {
        this.report('bad-value', f.get('cart_path')!.value, 'storefront.cart_path', `must be a path starting with /, like /cart — got ${quote(cartPath)}`);
      } else out.cartPath = cartPath;
    }
    const selectors = [
      ['add_to_cart', 'addToCart'],
      ['variant_field', 'variantField'],
      ['quantity_field', 'quantityField'],
      ['coupon_field', 'couponField'],
      ['apply_button', 'applyButton'],
      ['message', 'message'],
      ['totals', 'totals'],
      ['checkout_button', 'checkoutButton'],
      ['continue_button', 'continueButton'],
      ['place_order_button', 'placeOrderButton'],
    ] as const;
    for (const [key, prop] of selectors) {
      const node = f.get(key)?.value;
      const s = this.text(node, `storefront.${key}`, STOREFRONT_DEFAULTS[prop]);
      if (s === undefined) continue;
      if (!SELECTOR.test(s)) {
        this.report('bad-value', node, `storefront.${key}`, `must start with role=, label=, text= or css=, like ${STOREFRONT_DEFAULTS[prop]} — got ${quote(s)}`);
      } else out[prop] = s;
    }
    const origins = f.get('allowed_origins');
    if (origins) {
      const list = this.origins(origins.value, 'storefront.allowed_origins');
      if (list) out.allowedOrigins = list;
    }
    return out;
  }

  /**
   * `storefront.allowed_origins`: a list of origins (`https://cdn.example.com`, a port if any, no
   * path), each as `URL.origin` writes it, so the guard compares like with like.
   */
  private origins(node: Node, path: string): string[] | undefined {
    const example = 'https://cdn.example.com';
    if (isScalar(node) && typeof node.value === 'string') {
      this.report('wrong-type', node, path, `must be a list of origins, like [${example}] — got the text ${quote(node.value)}; put it in a list: [${node.value.trim()}]`);
      return undefined;
    }
    const seq = this.asSeq(node, path, `a list of origins the storefront loads images, scripts or fonts from, like [${example}]`);
    if (!seq) return undefined;
    const out: string[] = [];
    const seen = new Map<string, number>();
    let ok = true;
    seq.items.forEach((item, i) => {
      const p = `${path}[${i}]`;
      const n = this.deref(item, p);
      const origin = n && this.origin(n, p, example);
      if (!origin) {
        ok = false;
        return;
      }
      const first = seen.get(origin);
      if (first !== undefined) {
        this.report('bad-value', n, p, `is ${origin} again, already listed as ${path}[${first}] — remove one`);
        ok = false;
        return;
      }
      seen.set(origin, i);
      out.push(origin);
    });
    return ok ? out : undefined;
  }

  /** One origin: http or https, a host (and port), nothing else. */
  private origin(node: Node, path: string, example: string): string | undefined {
    const s = this.text(node, path, example);
    if (s === undefined) return undefined;
    const got = ` — got ${quote(s)}`;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s) && !/^https?:\/\//i.test(s)) {
      this.report('bad-value', node, path, `must start with http:// or https://, like ${example}${got}`);
      return undefined;
    }
    if (!/^https?:\/\//i.test(s)) {
      const host = s.replace(/^(?:https?:)?\/*/i, '');
      this.report('bad-value', node, path, `must be an origin with its scheme, like ${example}${got}; write https://${host}`);
      return undefined;
    }
    if (s.includes('*')) {
      this.report('bad-value', node, path, `must be one origin, without wildcards — list each host the pages load from, like ${example}${got}`);
      return undefined;
    }
    let u: URL | undefined;
    try {
      u = new URL(s);
    } catch {
      u = undefined;
    }
    if (!u || !u.hostname || /\s/.test(s)) {
      this.report('bad-value', node, path, `must be an origin like ${example} (scheme, host and an optional port)${got}`);
      return undefined;
    }
    if (u.username || u.password) {
      this.report('bad-value', node, path, 'must not contain a user name or password (the part before @) — write only the scheme and host, like https://cdn.example.com', true);
      return undefined;
    }
    if (u.pathname !== '/' || u.search || u.hash || /[?#]/.test(s)) {
      this.report('bad-value', node, path, `must be an origin only, without a path, query or #fragment${got}; write ${u.origin}`);
      return undefined;
    }
    return u.origin;
  }

  // ---------------------------------------------------------------- campaigns

  private campaigns(field: Field | undefined): Campaign[] | undefined {
    if (!field) return undefined;
    const seq = this.asSeq(field.value, 'campaigns', 'a list of campaigns, each starting with `- name:`');
    if (!seq) return undefined;
    if (seq.items.length === 0) {
      this.report('missing-value', seq, 'campaigns', 'is an empty list — add at least one campaign with name, code and carts');
      return undefined;
    }
    const names = new Map<string, { line: number }>();
    const codes = new Map<string, { line: number; name: string; secret: boolean }>();
    const out: Campaign[] = [];
    seq.items.forEach((item, i) => {
      const c = this.campaign(this.deref(item, `campaigns[${i}]`), `campaigns[${i}]`, names, codes);
      if (c) out.push(c);
    });
    return out.length === seq.items.length ? out : undefined;
  }

  private campaign(
    node: Node | null,
    path: string,
    names: Map<string, { line: number }>,
    codes: Map<string, { line: number; name: string; secret: boolean }>,
  ): Campaign | undefined {
    if (!node) return undefined;
    const map = this.asMap(node, path, 'a campaign: a map with name, code and carts');
    if (!map) return undefined;
    const f = this.fields(map, path, 'campaign', undefined);

    // Read `secret` first: it decides whether the code may be echoed back.
    const secret = this.bool(f.get('secret')?.value, `${path}.secret`) ?? false;
    const codeNode = f.get('code')?.value;
    if (secret && codeNode) this.secretLines.add(this.lc.linePos(codeNode.range[0]).line);

    const nameNode = f.get('name')?.value;
    const name = this.text(nameNode, `${path}.name`, '"Black Friday 50% off"');
    if (name !== undefined) {
      const k = name.toLowerCase();
      const first = names.get(k);
      if (first) {
        this.report('duplicate-name', nameNode, `${path}.name`, `is the same as the campaign on line ${first.line} — give each campaign its own name (the promotion's name in the store admin)`);
      } else names.set(k, { line: this.lc.linePos(nameNode!.range[0]).line });
    }

    let code: string | null | undefined;
    const rawCode = this.text(codeNode, `${path}.code`, 'BLACKFRIDAY50', secret);
    if (rawCode !== undefined) {
      if (rawCode === 'automatic') code = null;
      else if (/\s/.test(rawCode)) {
        this.report('bad-value', codeNode, `${path}.code`, `must be one word without spaces, as customers type it${secret ? '' : ` — got ${quote(rawCode)}`}`, secret);
      } else {
        code = rawCode;
        const k = rawCode.toLowerCase(); // Solidus matches codes case-insensitively
        const first = codes.get(k);
        if (first) {
          const shown = secret || first.secret ? 'is' : `${rawCode} is`;
          this.report('duplicate-code', codeNode, `${path}.code`, `${shown} also the code of campaign ${quote(first.name)} on line ${first.line} — each campaign needs its own code; put both sets of carts under one campaign`, secret || first.secret);
        } else codes.set(k, { line: this.lc.linePos(codeNode!.range[0]).line, name: name ?? '?', secret });
      }
    }

    const window = this.window(f.get('window')?.value, `${path}.window`);
    const redemptions = this.int(f.get('expected_redemptions')?.value, `${path}.expected_redemptions`, 1, Infinity, '40000');
    const carts = this.carts(f.get('carts')?.value, `${path}.carts`, code === null);

    if (name === undefined || code === undefined || carts === undefined || window === null) return undefined;
    if (f.get('expected_redemptions') && redemptions === undefined) return undefined;
    return {
      name,
      code,
      secret,
      ...(window && { window }),
      ...(redemptions !== undefined && { expectedRedemptions: redemptions }),
      carts,
    };
  }

  /** undefined: no window (always on); null: a broken window (already reported). */
  private window(node: Node | undefined, path: string): [string, string] | undefined | null {
    if (!node) return undefined;
    const pair = this.pairOf(node, path, 'start and end, like [2026-11-27T00:00, 2026-11-30T23:59]');
    if (!pair) return null;
    const start = this.dateTime(pair[0], `${path}[0]`, false);
    const end = this.dateTime(pair[1], `${path}[1]`, true);
    if (start === undefined || end === undefined) return null;
    if (normal(end) <= normal(start)) {
      this.report('bad-window', pair[1], `${path}[1]`, `ends before it starts (${end} is not after ${start}) — write [start, end], and check the end date`);
      return null;
    }
    return [start, end];
  }

  private carts(node: Node | undefined, path: string, automatic: boolean): Cart[] | undefined {
    if (!node) return undefined;
    const seq = this.asSeq(node, path, 'a list of carts, each starting with `- items:`');
    if (!seq) return undefined;
    if (seq.items.length === 0) {
      this.report('missing-value', seq, path, 'is an empty list — add at least one cart, e.g. `- { items: { JKT-001: 1 }, expect: { items: 50% off } }`');
      return undefined;
    }
    const names = new Map<string, number>();
    const out: Cart[] = [];
    seq.items.forEach((item, i) => {
      const p = `${path}[${i}]`;
      const n = this.deref(item, p);
      const found = n && this.cart(n, p, automatic);
      if (!found) return;
      const { cart, at } = found;
      const first = names.get(cart.name.toLowerCase());
      if (first !== undefined) {
        this.report('duplicate-name', at, `${p}.name`, `${quote(cart.name)} is also the name of the cart on line ${first} — give each cart of a campaign its own name`);
        return;
      }
      names.set(cart.name.toLowerCase(), this.lc.linePos(at.range[0]).line);
      out.push(cart);
    });
    return out.length === seq.items.length ? out : undefined;
  }

  /** The cart, and the node that names it (its name, or its items when the name is left out). */
  private cart(node: Node, path: string, automatic: boolean): { cart: Cart; at: Node } | undefined {
    const map = this.asMap(node, path, 'a cart: a map with items and expect, like `{ items: { JKT-001: 1 }, expect: { items: 50% off } }`');
    if (!map) return undefined;
    const f = this.fields(map, path, 'cart', undefined);
    const name = this.text(f.get('name')?.value, `${path}.name`, '"$120 jacket"');
    const items = this.items(f.get('items')?.value, `${path}.items`);
    const expect = this.expectation(f.get('expect'), `${path}.expect`, automatic);
    if (!items || !expect || (f.get('name') && name === undefined)) return undefined;
    const label = Object.entries(items).map(([sku, qty]) => `${sku} ×${qty}`).join(', ');
    return { cart: { name: name ?? label, items, expect }, at: (f.get('name') ?? f.get('items'))!.value };
  }

  private items(node: Node | undefined, path: string): Record<string, number> | undefined {
    if (!node) return undefined;
    const map = this.asMap(node, path, 'SKU: quantity pairs, like { JKT-001: 1 }');
    if (!map) return undefined;
    if (map.items.length === 0) {
      this.report('missing-value', map, path, 'is empty — add at least one SKU: quantity, like { JKT-001: 1 }');
      return undefined;
    }
    const out: Record<string, number> = {};
    let ok = true;
    for (const pair of map.items) {
      const key = pair.key as Node;
      // Numeric SKUs (`12345: 1`) are fine; their source keeps any leading zeros.
      const sku = isScalar(key) && key.value !== null && typeof key.value !== 'boolean' ? String(key.source ?? key.value).trim() : '';
      if (!sku || /\s/.test(sku)) {
        this.report('bad-value', key, path, `has a key that is not a SKU — write SKU: quantity, like JKT-001: 1`);
        ok = false;
        continue;
      }
      if (sku in out) continue; // yaml already reported the duplicate key
      const p = join(path, sku);
      const value = this.deref(pair.value, p);
      if (!value || (isScalar(value) && value.value === null)) {
        this.report('missing-value', key, p, `has no quantity — write ${sku}: 1`);
        ok = false;
        continue;
      }
      const qty = this.int(value, p, 1, Infinity, '1');
      if (qty === undefined) ok = false;
      else out[sku] = qty;
    }
    return ok ? out : undefined;
  }

  private expectation(field: Field | undefined, path: string, automatic: boolean): CartExpectation | undefined {
    if (!field) return undefined;
    const map = this.asMap(field.value, path, 'what the customer should get, like { items: 50% off } or { shipping: free }');
    if (!map) return undefined;
    const f = this.fields(map, path, 'expectation', field.key);
    if (map.items.length === 0) {
      this.report('bad-expectation', map, path, 'is empty — say what the customer should get: items, order, shipping or code, like { items: 50% off }');
      return undefined;
    }
    const out: CartExpectation = {};
    let ok = true;
    for (const key of ['items', 'order'] as const) {
      const node = f.get(key)?.value;
      if (!node) continue;
      const v = isScalar(node) && typeof node.value === 'string' ? node.value.trim() : undefined;
      const m = v?.match(DISCOUNT);
      const zero = m && (m[1] !== undefined ? +m[1] : m[2] !== undefined ? +m[2] : 1) === 0;
      if (!v || !m || zero || (m[1] !== undefined && +m[1] > 100)) {
        const got = isScalar(node) && typeof node.value === 'number' ? `the number ${node.source}; write ${node.source}% off or $${node.source} off` : this.describe(node);
        this.report('bad-expectation', node, `${path}.${key}`, `must be "N% off" (1 to 100), "$N off" or "none" — got ${got}`);
        ok = false;
      } else out[key] = v;
    }
    const shipping = this.oneOf(f.get('shipping')?.value, `${path}.shipping`, ['free', 'paid'] as const, 'bad-expectation');
    if (shipping) out.shipping = shipping;
    else if (f.get('shipping')) ok = false;
    const codeNode = f.get('code')?.value;
    const code = this.oneOf(codeNode, `${path}.code`, ['accepted', 'rejected'] as const, 'bad-expectation');
    if (code && automatic) {
      this.report('bad-expectation', codeNode, `${path}.code`, 'is set, but this campaign is automatic (it has no code to accept or reject) — remove it');
      ok = false;
    } else if (code === 'rejected' && [out.items, out.order].some((d) => d && d !== 'none')) {
      this.report('bad-expectation', codeNode, `${path}.code`, 'is rejected, but items or order expects a discount — a rejected code gives none; write `none` or remove them');
      ok = false;
    } else if (code) out.code = code;
    else if (codeNode) ok = false;
    return ok ? out : undefined;
  }
}

/** Why y-m-d is not a real date, or undefined. */
function impossible(y: number, m: number, d: number): string | undefined {
  if (m < 1 || m > 12) return `there is no month ${m} (use 01 to 12)`;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d < 1 || d > days) return `${MONTHS[m - 1]} ${y} has ${days} days`;
  return undefined;
}

/** `2026-11-27T00:00` and `2026-11-27T00:00:00` compare equal. */
const normal = (s: string) => (s.length === 16 ? `${s}:00` : s);

function sameStore(a: string, b: string): boolean {
  try {
    return new URL(a).host === new URL(b).host && new URL(a).pathname.replace(/\/+$/, '') === new URL(b).pathname.replace(/\/+$/, '');
  } catch {
    return false;
  }
}

/** A SiteError located by offsets into the source, with the excerpt line and caret width. */
export function locate(
  file: string,
  src: string,
  lc: LineCounter,
  start: number,
  end: number,
  e: { code: SiteErrorCode; path: string; message: string; hide?: boolean; secretLines?: Set<number> },
): SiteError {
  let { line, col } = lc.linePos(Math.min(start, src.length));
  let text = src.slice(lc.lineStarts[line - 1] ?? 0, lc.lineStarts[line] ?? src.length).replace(/\r?\n$/, '');
  // An error at the very end of the file (an unclosed quote or bracket) points after the last line.
  if (!text.trim() && line > 1 && start >= src.trimEnd().length) {
    const last = src.trimEnd();
    ({ line, col } = lc.linePos(last.length - 1));
    col += 1;
    text = src.slice(lc.lineStarts[line - 1], lc.lineStarts[line] ?? src.length).replace(/\r?\n$/, '');
  }
  const endPos = lc.linePos(Math.min(end, src.length));
  const span = endPos.line === line && endPos.col > col ? endPos.col - col : 1;
  const hide = e.hide || e.secretLines?.has(line);
  return {
    code: e.code,
    file,
    line,
    col,
    path: e.path,
    message: e.message,
    ...(hide || !text.trim() ? {} : { excerpt: text.replace(/\t/g, ' '), span }),
  };
}

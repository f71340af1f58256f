/**
 * Validates a parsed site file: ajv checks it against the schema (schema.ts), each ajv error becomes
 * a plain-words SiteError located at the YAML node it is about, the checks a schema cannot express
 * run on what the schema found sound (checks.ts), and a sound file is normalised into the Site the
 * engine uses (camelCase keys, defaults from the schema filled in).
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { isAlias, isMap, isScalar, isSeq, stringify, type Document, type LineCounter, type Node as YamlNode } from 'yaml';
import type { SiteError, SiteErrorCode } from './errors.ts';
import { cartLabel, crossChecks, FORMATS, quote, writtenCustomer, type CheckOptions, type Problem } from './checks.ts';
import { SiteFileSchema, type SiteFile } from './schema.ts';
import { closest } from './suggest.ts';
import { listWords } from '../text/words.ts';
import type { Severity } from '../findings/types.ts';
import type { AuditPreset, CartStep, CodeStep, Site, Storefront } from './types.ts';
import { PRESETS, type PresetName, type StorefrontPreset } from '../browser/presets.ts';

/** A node of the schema, as JSON Schema (the keywords schema.ts uses). */
export interface Schema {
  type?: string;
  title?: string;
  examples?: unknown[];
  default?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  patternProperties?: Record<string, Schema>;
  items?: Schema | Schema[];
  anyOf?: Schema[];
  enum?: string[];
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  patternErrorMessage?: string;
  format?: string;
}

export const SITE_SCHEMA = SiteFileSchema as Schema;

const camel = (key: string) => key.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());
const defaultsOf = <T>(s: Schema) => Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [camel(k), v.default])) as T;
export const DRY_RUN_DEFAULTS: Site['dryRun'] = Object.freeze(defaultsOf<Site['dryRun']>(SITE_SCHEMA.properties!.dry_run));
/** A site file without a storefront block: the sandbox's values until the run detects the preset. */
export const STOREFRONT_DEFAULTS: Storefront = Object.freeze({ ...PRESETS.sandbox, overrides: Object.freeze({}), allowedOrigins: Object.freeze([]) });

let compiled: ValidateFunction | undefined;
function schemaValidator(): ValidateFunction {
  if (!compiled) {
    // Formats are annotations for checks.ts; the rule tuple [level, options?] is open-ended on purpose.
    const ajv = new Ajv({ allErrors: true, verbose: true, validateFormats: false, strictTuples: false });
    ajv.addKeyword('patternErrorMessage');
    compiled = ajv.compile(SiteFileSchema);
  }
  return compiled;
}

// ---------------------------------------------------------------- key paths and YAML nodes

type Segment = string | number;

/** Path segment for a key: `items.JKT-001`, or `items["odd key"]` when it is not a plain word. */
const seg = (key: string) => (/^[A-Za-z0-9_-]+$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`);
export const keyPath = (segments: readonly Segment[]) =>
  segments.reduce<string>((p, s) => (typeof s === 'number' ? `${p}[${s}]` : p ? p + seg(s) : seg(s).replace(/^\./, '')), '');

/** The segments of a key path as keyPath writes it. */
export const segmentsOf = (p: string): Segment[] =>
  [...p.matchAll(/\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|([^.[\]]+)/g)].map((m) => (m[1] !== undefined ? Number(m[1]) : m[2] !== undefined ? (JSON.parse(m[2]) as string) : m[3]));

export interface At {
  /** The value at the path (as far as the path exists), and the key it hangs from when in a map. */
  value: YamlNode | null;
  key?: YamlNode;
  /** The map holding the last key found. */
  map?: YamlNode;
  complete: boolean;
}

/** Walks a parsed file along a key path (following aliases), as far as the path exists. */
export function nodeAt(doc: Document, segments: readonly Segment[]): At {
  let at: At = { value: doc.contents, complete: true };
  for (const s of segments) {
    const node = isAlias(at.value) ? at.value.resolve(doc) ?? null : at.value;
    if (typeof s === 'number' && isSeq(node) && node.items[s] !== undefined) {
      at = { value: node.items[s] as YamlNode, complete: true };
      continue;
    }
    const pair = isMap(node) ? node.items.find((p) => isScalar(p.key) && String(p.key.source ?? p.key.value) === String(s)) : undefined;
    if (!pair) return { ...at, complete: false };
    at = { value: (pair.value as YamlNode | null) ?? null, key: pair.key as YamlNode, map: node!, complete: true };
  }
  return at;
}

export const isNull = (n: unknown) => n === null || (isScalar(n) && n.value === null);

// ---------------------------------------------------------------- plain words

/** A value as it would be written in a flow-style site file: `{ items: { JKT-001: 1 } }`, `[a, b]`. */
export function flow(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(flow).join(', ')}]`;
  if (v && typeof v === 'object') return `{ ${Object.entries(v).map(([k, x]) => `${k}: ${flow(x)}`).join(', ')} }`;
  return stringify(v, { singleQuote: true, lineWidth: 0 }).trimEnd();
}

const plural = (noun: string) => (noun.endsWith('s') ? noun : `${noun}s`);
const article = (noun: string) => (/^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`);
const exampleText = (s: Schema) => {
  const ex = s.examples?.[0] ?? s.default;
  return typeof ex === 'string' ? ex : ex === undefined ? '' : flow(ex);
};
/** An example in a sentence: in quotes when it has spaces. */
const shown = (ex: string) => (/\s/.test(ex) ? quote(ex) : ex);
const itemsOf = (s: Schema): Schema[] => (Array.isArray(s.items) ? s.items : s.items ? [s.items] : []);

/** What a node holds, in words, for "got …" in messages. */
function describe(node: YamlNode | null): string {
  if (isMap(node)) return 'a map of keys';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const v = node.value;
    if (typeof v === 'string') return `the text ${quote(v)}`;
    if (typeof v === 'number') return `the number ${node.source ?? v}`;
    if (typeof v === 'boolean') return `${v}`;
  }
  return 'nothing';
}

/** What a schema node must be, completing "must be …". */
function what(s: Schema): string {
  if (s.anyOf) return s.anyOf.map(what).join(', or ');
  if (s.enum) return `one of ${s.enum.join(', ')}`;
  const ex = exampleText(s);
  const like = ex ? ` like ${ex}` : '';
  switch (s.type) {
    case 'string':
      return `text${ex ? ` like ${shown(ex)}` : ''}`;
    case 'integer':
      return `a whole number${like}`;
    case 'boolean':
      return 'true or false';
    case 'array': {
      const items = itemsOf(s);
      const noun = items[0]?.title;
      if (Array.isArray(s.items)) {
        const same = noun && items.every((i) => i.title === noun);
        return same ? `a list of ${s.minItems === 2 ? 'two' : s.minItems} ${plural(noun)}, like ${ex}` : `a list like ${ex}`;
      }
      const first = items[0]?.required?.[0];
      return `a list of ${noun ? plural(noun) : 'values'}${first ? `, each starting with \`- ${first}:\`` : ex ? `, like ${ex}` : ''}`;
    }
    case 'object': {
      if (!s.properties) return `${s.title ?? 'a map'}${ex ? `, like ${ex}` : ''}`;
      const keys = s.required?.length ? listWords(s.required.map((k) => `\`${k}:\``)) : '';
      const map = keys ? `a map with ${keys}${ex ? `, like \`${ex}\`` : ''}` : `a map${ex ? ` like \`${ex}\`` : ''}`;
      return s.title ? `${article(s.title)}: ${map}` : map;
    }
  }
  return 'something else';
}

/** What to write for a key, completing "add …" and "e.g. …". */
function addHint(key: string, s: Schema): string {
  if (s.type === 'object' && !s.examples && s.required?.length) return `a \`${key}:\` section with ${listWords(s.required.map((k) => `\`${k}:\``))}`;
  if (s.type === 'array' && !s.examples) {
    const item = itemsOf(s)[0] ?? {};
    return item.examples ? `a \`${key}:\` list, e.g. \`- ${flow(item.examples[0])}\`` : `a \`${key}:\` list with at least one ${item.title ?? 'item'}`;
  }
  return (s.examples ?? (s.default === undefined ? [] : [s.default])).map((ex) => `\`${key}: ${flow(ex)}\``).join(' or ');
}

const range = (s: Schema) => (s.maximum === undefined ? `${s.minimum} or more` : `from ${s.minimum} to ${s.maximum}`);

/** Keys of the site file (`timezone`) and where they belong (`holiday`), for "belongs under". */
const KEY_HOMES = (() => {
  const homes = new Map<string, string[]>();
  const walk = (s: Schema, at: string) => {
    for (const [key, sub] of Object.entries(s.properties ?? {})) {
      if (at) homes.set(key, [...(homes.get(key) ?? []), at]);
      const next = `${at ? `${at}.` : ''}${key}`;
      if (sub.type === 'array' && !Array.isArray(sub.items)) walk(itemsOf(sub)[0], `${next}[]`);
      else walk(sub, next);
    }
  };
  walk(SITE_SCHEMA, '');
  return homes;
})();

/** Keys that suggest somebody pasted a credential into the file. */
const SECRET_KEY = /key|token|secret|password|passwd|credential/i;

// ---------------------------------------------------------------- the validator

/** A problem found by ajv or a check, before it is located. */
interface Found {
  code: SiteErrorCode;
  segments: Segment[];
  message: string;
  /** Point at the key rather than the value (unknown keys, missing values, missing keys). */
  onKey?: boolean;
  /** Point at another path than the one reported, or at this node. */
  at?: Segment[];
  node?: YamlNode;
  hide?: boolean;
}

export function validateSite(
  file: string,
  src: string,
  lc: LineCounter,
  doc: Document.Parsed,
  opts: CheckOptions,
): { site?: Site; errors: SiteError[] } {
  const errors: SiteError[] = [];
  const locateFound = (f: Found, secretLines: Set<number>) => {
    const at = nodeAt(doc, f.at ?? f.segments);
    const node = (f.node ?? (f.onKey || !at.complete || isNull(at.value) ? at.key ?? at.value : at.value)) as { range?: [number, number, number] } | null;
    const [start, end] = node?.range ?? [0, 1];
    errors.push(locate(file, src, lc, start, end, { code: f.code, path: keyPath(f.segments), message: f.message, hide: f.hide, secretLines }));
  };

  if (isNull(doc.contents)) {
    errors.push(locate(file, src, lc, 0, 1, { code: 'missing-key', path: '', message: 'the file has no keys — copy sites/example.annotated.yml and fill it in' }));
    return { errors };
  }
  // Keys are words: a numeric or boolean key keeps its spelling (a SKU 007 stays 007); any other is reported and dropped.
  const badKeys: Found[] = [];
  const words = (node: unknown, segments: Segment[]): void => {
    if (isSeq(node)) node.items.forEach((item, i) => words(item, [...segments, i]));
    if (!isMap(node)) return;
    node.items = node.items.filter((pair) => {
      if (!isScalar(pair.key) || pair.key.value === null) {
        badKeys.push({ code: 'wrong-type', segments, node: (pair.key ?? node) as YamlNode, message: 'has a key that is not a plain word — write keys like `name:`' });
        return false;
      }
      if (typeof pair.key.value !== 'string') pair.key.value = pair.key.source ?? JSON.stringify(pair.key.value);
      words(pair.value, [...segments, pair.key.value as string]);
      return true;
    });
  };
  words(doc.contents, []);
  const raw = doc.toJS() as SiteFile;
  const validate = schemaValidator();
  validate(raw);

  // Secrets: a secret campaign's code (never echoed, nor its line) and every api_key_env value.
  const secretLines = new Set<number>();
  const secretPaths = new Set(['staging.api_key_env', 'production.api_key_env', 'staging.clock_secret_env', 'production.clock_secret_env']);
  if (Array.isArray(raw?.campaigns)) {
    raw.campaigns.forEach((c, i) => {
      if (c?.secret !== true) return;
      secretPaths.add(`campaigns[${i}].code`);
      const code = nodeAt(doc, ['campaigns', i, 'code']);
      if (code.complete && code.value?.range) secretLines.add(lc.linePos(code.value.range[0]).line);
    });
  }

  const found = [...badKeys, ...fromAjv(validate.errors ?? [], raw, doc, src, secretPaths)];
  /** a is b, or under b. */
  const within = (a: string, b: string) => a === b || b === '' || (a.startsWith(b) && /^[.[]/.test(a.slice(b.length)));
  /** Nothing was found wrong at, above or under this key path. */
  const ok = (p: string) => !found.some((f) => within(p, keyPath(f.segments)) || within(keyPath(f.segments), p));

  // Strings of a format (dates, time zones, …) that the schema found sound still get their check.
  const formats = (s: Schema, v: unknown, segments: Segment[]): Found[] => {
    const p = keyPath(segments);
    if (typeof v === 'string' && s.format && ok(p)) {
      const problem = FORMATS[s.format]?.check?.(v.trim(), exampleText(s));
      return problem ? [formatFound(problem, s, segments, v, secretPaths.has(p))] : [];
    }
    if (Array.isArray(v)) return v.flatMap((x, i) => formats(Array.isArray(s.items) ? s.items[i] ?? {} : s.items ?? {}, x, [...segments, i]));
    if (v && typeof v === 'object' && s.properties) return Object.entries(s.properties).flatMap(([k, sub]) => formats(sub, (v as Record<string, unknown>)[k], [...segments, k]));
    return [];
  };
  found.push(...formats(SITE_SCHEMA, raw, []));
  for (const f of found) locateFound(f, secretLines);

  crossChecks(raw, {
    file,
    ...opts,
    ok,
    line: (p) => {
      const at = nodeAt(doc, segmentsOf(p));
      return lc.linePos((at.value ?? at.key)?.range?.[0] ?? 0).line;
    },
    report: (code, p, message, o = {}) =>
      locateFound({ code, segments: segmentsOf(p), message, onKey: o.key, at: o.at ? segmentsOf(o.at) : undefined, hide: o.hide }, secretLines),
  });

  if (errors.length) return { errors };
  return { site: toSite(normalize(SITE_SCHEMA, raw) as Normalised, file), errors };
}

/** A format check's problem (or a value that does not match the pattern) as a Found. */
function formatFound(problem: Problem, s: Schema, segments: Segment[], value: string, secret: boolean): Found {
  const hide = problem.hide || secret;
  const hint = FORMATS[s.format ?? '']?.hint?.(value.trim(), exampleText(s)) ?? '';
  const message = problem.message ?? `${s.patternErrorMessage ?? `must look like ${exampleText(s)}`}${hide ? '' : ` — got the text ${quote(value)}${hint}`}`;
  return { code: codeIn(problem.code ?? 'bad-value', segments), segments, message, hide };
}

/** Inside a cart's `expect:`, a bad value is a bad expectation. */
function codeIn(code: SiteErrorCode, segments: Segment[]): SiteErrorCode {
  const i = segments.lastIndexOf('expect');
  return (code === 'bad-value' || code === 'wrong-type') && i >= 0 && i < segments.length - 1 ? 'bad-expectation' : code;
}

const POINTER = /\/([^/]*)/g;
const pointerSegments = (pointer: string, data: unknown): Segment[] => {
  const out: Segment[] = [];
  let v = data as Record<string, unknown> | unknown[] | undefined;
  for (const [, raw] of pointer.matchAll(POINTER)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const s = Array.isArray(v) ? Number(key) : key;
    out.push(s);
    v = (v as Record<string, unknown>)?.[s as string] as typeof v;
  }
  return out;
};

/** ajv's errors as located problems in plain words: one per place, the most useful one. */
function fromAjv(all: ErrorObject[], root: unknown, doc: Document.Parsed, src: string, secretPaths: Set<string>): Found[] {
  // Of a union (a rule: `warn` or `[warn, { … }]`), keep the errors of the branch of the value's type.
  let errors = all;
  for (const e of all.filter((x) => x.keyword === 'anyOf')) {
    const branches = e.schema as Schema[];
    const i = branches.findIndex((b) => b.type === (Array.isArray(e.data) ? 'array' : e.data === null ? 'null' : typeof e.data === 'object' ? 'object' : typeof e.data));
    const under = (x: ErrorObject) => x.schemaPath.startsWith(`${e.schemaPath}/`) && (x.instancePath === e.instancePath || x.instancePath.startsWith(`${e.instancePath}/`));
    errors = errors.filter((x) => (x === e ? i < 0 : !under(x) || (i >= 0 && x.schemaPath.startsWith(`${e.schemaPath}/${i}/`))));
  }
  // A key that fails propertyNames is reported once, as that.
  const badNames = new Set(errors.filter((e) => e.propertyName !== undefined).map((e) => `${e.instancePath}/${e.propertyName}`));
  errors = errors.filter((e) => e.keyword !== 'propertyNames' && !(e.keyword === 'additionalProperties' && badNames.has(`${e.instancePath}/${(e.params as { additionalProperty: string }).additionalProperty}`)));

  const out: Found[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    const s = e.parentSchema as Schema;
    const segments = pointerSegments(e.instancePath, root);
    const p = keyPath(segments);
    const params = e.params as Record<string, unknown>;
    const child = (params.missingProperty ?? params.additionalProperty ?? e.propertyName) as string | undefined;
    const where = p ? `under \`${p}\`` : 'at the top level';
    const at = nodeAt(doc, child === undefined ? segments : [...segments, child]);
    const node = at.value;
    const id = `${p}/${child ?? ''}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const add = (f: Omit<Found, 'segments'> & { segments?: Segment[] }) => out.push({ segments, ...f, code: codeIn(f.code, f.segments ?? segments) });
    const hidden = secretPaths.has(p);

    if (e.propertyName !== undefined) {
      add({ code: 'bad-value', segments: [...segments, e.propertyName], message: s.patternErrorMessage ?? 'is not a valid key here', onKey: true });
    } else if (e.keyword === 'additionalProperties') {
      add({ segments: [...segments, child!], onKey: true, ...unknownKey(child!, p, Object.keys(s.properties ?? {}), where) });
    } else if (e.keyword === 'required') {
      const sub = s.properties?.[child!] ?? {};
      add({ code: 'missing-key', segments: [...segments, child!], at: segments, onKey: true, message: `is missing — add ${addHint(child!, sub)} ${where}` });
    } else if (isNull(node) && !isSeq(at.map ?? null) && at.key) {
      // `key:` with nothing after it. An unquoted # turns the rest of the line into a comment.
      const line = src.slice(at.key.range![0]).split('\n')[0];
      const comment = line.match(/:\s+(#.*?)\s*$/)?.[1];
      const key = segments.at(-1) as string;
      const hint = addHint(key, s);
      const message = comment
        ? `has no value — # starts a comment in YAML, so everything after it was ignored; put the value in quotes: ${key}: '${comment}'`
        : `has no value — write a value or remove the line${hint ? `, e.g. ${hint}` : ''}`;
      add({ code: 'missing-value', message, onKey: true });
    } else if ((e.keyword === 'type' && s.type === 'integer' && typeof e.data === 'number') || e.keyword === 'minimum' || e.keyword === 'maximum') {
      add({ code: 'bad-value', message: `must be a whole number ${range(s)} — got ${describe(node).replace('the number ', '')}` });
    } else if ((e.keyword === 'type' && !s.enum) || e.keyword === 'anyOf') {
      const v = isScalar(node) ? node.value : undefined;
      let hint = '';
      if (s.type === 'string' && (typeof v === 'number' || typeof v === 'boolean') && !hidden) {
        const source = (node as { source?: string }).source ?? String(v);
        hint = FORMATS[s.format ?? '']?.hint?.(source, exampleText(s)) || `; put it in quotes: '${source}'`;
      }
      if (s.type === 'integer' && typeof v === 'string' && /^\s*-?\d+\s*$/.test(v)) hint = '; remove the quotes';
      if (s.type === 'array' && !Array.isArray(s.items) && itemsOf(s)[0]?.type === 'string' && typeof v === 'string') hint = `; put it in a list: [${v.trim()}]`;
      const must = p === '' ? 'a map of keys like `site: acme` at the top level' : what(s);
      add({ code: 'wrong-type', message: `must be ${must} — got ${hidden && s.type === 'string' ? 'something that is not text' : describe(node)}${hint}`, hide: hidden });
    } else if (e.keyword === 'pattern' && typeof e.data === 'string' && !e.data.trim()) {
      add({ code: 'missing-value', message: `is empty — write ${shown(exampleText(s))}` });
    } else if (e.keyword === 'pattern') {
      out.push(formatFound(FORMATS[s.format ?? '']?.check?.((e.data as string).trim(), exampleText(s)) ?? {}, s, segments, e.data as string, hidden));
    } else if (e.keyword === 'enum' || e.keyword === 'type') {
      const guess = typeof e.data === 'string' ? closest(e.data, s.enum!) : undefined;
      add({ code: 'bad-value', message: `must be one of ${s.enum!.join(', ')} — got ${describe(node)}${guess ? `; did you mean \`${guess}\`?` : ''}` });
    } else if ((e.keyword === 'minItems' || e.keyword === 'minProperties') && !Array.isArray(s.items) && Object.keys(e.data as object).length === 0) {
      const item = s.patternProperties ? undefined : itemsOf(s)[0];
      const ex = item?.examples ? `, e.g. \`- ${flow(item.examples[0])}\`` : s.examples ? `, like ${exampleText(s)}` : '';
      const some = item ? `one ${item.title ?? 'item'}` : s.properties ? `one of ${Object.keys(s.properties).join(', ')}` : 'one';
      add({ code: p.endsWith('.expect') ? 'bad-expectation' : 'missing-value', message: `is ${item ? 'an empty list' : 'empty'} — add at least ${some}${ex}` });
    } else if (['minItems', 'maxItems', 'additionalItems'].includes(e.keyword)) {
      const [min, max] = [s.minItems ?? 0, s.maxItems ?? Infinity];
      const noun = itemsOf(s).every((i) => i.title && i.title === itemsOf(s)[0].title) ? plural(itemsOf(s)[0].title!) : 'items';
      add({ code: 'bad-value', message: `must have ${min === max ? `exactly ${min === 2 ? 'two' : min}` : `${min} to ${max}`} ${noun}, like ${exampleText(s)} — got ${(e.data as unknown[]).length}` });
    } else {
      add({ code: 'bad-value', message: e.message ?? 'is not valid here' });
    }
  }
  return out;
}

function unknownKey(name: string, parent: string, known: string[], where: string): Pick<Found, 'code' | 'message' | 'hide'> {
  const code = 'unknown-key';
  if (SECRET_KEY.test(name)) {
    return { code, hide: true, message: "is not a known key — never write an API key or password in a site file: put it in an environment variable and write that variable's name in `api_key_env`" };
  }
  const guess = closest(name, known);
  if (guess) return { code, message: `is not a known key ${where} — did you mean \`${guess}\`?` };
  const homes = KEY_HOMES.get(name)?.filter((h) => h !== parent.replace(/\[\d+\]/g, '[]'));
  if (homes?.length) {
    const show = (h: string) => (h.endsWith('[]') ? `each item of \`${h.slice(0, -2)}:\`` : `\`${h}:\``);
    return { code, message: `is not a known key ${where} — \`${name}\` belongs under ${homes.slice(0, 2).map(show).join(' or ')}` };
  }
  return { code, message: `is not a known key ${where} — remove it, or use one of: ${known.join(', ')}` };
}

// ---------------------------------------------------------------- the Site

/** A sound file with camelCase keys, trimmed text and the schema's defaults filled in. */
type Normalised = Omit<Site, 'file' | 'staging' | 'production' | 'auditPreset' | 'audits' | 'campaigns'> & {
  staging: Omit<Site['staging'], 'kind'>;
  production?: Omit<Site['staging'], 'kind'>;
  audits: { preset: AuditPreset; rules: Record<string, Site['audits'][string] | [Severity]> };
  campaigns: (Omit<Site['campaigns'][number], 'code' | 'carts'> & { code: string; carts: (Omit<Site['campaigns'][number]['carts'][number], 'name'> & { name?: string })[] })[];
};

/** Walks a sound value along its schema: camelCase keys, trimmed text, defaults for what is left out. */
function normalize(s: Schema, v: unknown): unknown {
  if (v === undefined) v = structuredClone(s.default) ?? (s.type === 'object' && !s.required?.length ? {} : undefined);
  if (typeof v === 'string') return v.trim();
  if (Array.isArray(v)) return v.map((x, i) => normalize(Array.isArray(s.items) ? s.items[i] : s.items ?? {}, x));
  if (!v || typeof v !== 'object' || !(s.properties || s.patternProperties)) return v;
  const entries = s.properties
    ? Object.entries(s.properties).map(([k, sub]) => [camel(k), normalize(sub, (v as Record<string, unknown>)[k])])
    : Object.entries(v).map(([k, x]) => [k, normalize(Object.values(s.patternProperties!)[0], x)]);
  return Object.fromEntries(entries.filter(([, x]) => x !== undefined));
}

function toSite(f: Normalised, file: string): Site {
  // site, name, currency, holiday, people and dryRun are as normalised.
  const { staging, production, audits, storefront, campaigns, ...same } = f;
  return {
    ...same,
    file,
    staging: { kind: 'staging', ...staging, url: staging.url.replace(/\/+$/, '') },
    ...(production && { production: { kind: 'production' as const, ...production, url: production.url.replace(/\/+$/, '') } }),
    auditPreset: audits.preset,
    // `[warn]` means `warn`.
    audits: Object.fromEntries(Object.entries(audits.rules).map(([id, r]) => [id, Array.isArray(r) && r.length === 1 ? r[0] : r])) as Site['audits'],
    storefront: storefrontOf(storefront),
    campaigns: campaigns.map((c) => ({
      ...c,
      code: c.code === 'automatic' ? null : c.code,
      carts: c.carts.map((cart) => {
        const customer = writtenCustomer(cart.customer);
        const steps = cart.steps?.map(stepOf);
        return {
          name: cart.name ?? cartLabel(cart.items, customer),
          items: cart.items,
          expect: cart.expect,
          ...(customer.kind !== 'guest' && { customer }),
          ...(steps?.length && { steps }),
        };
      }),
    })),
  };
}

/** A step as written (sound: exactly one action, checks.ts). */
function stepOf(written: { add?: Record<string, number>; remove?: string; quantity?: Record<string, number>; code?: string; at?: CodeStep }): CartStep {
  // normalize() gave the maps a step does not have an empty default: the one action is what is left.
  if (written.remove !== undefined) return { remove: written.remove };
  if (written.code !== undefined) return { code: written.code, at: written.at ?? 'cart' };
  if (Object.keys(written.quantity ?? {}).length) return { quantity: written.quantity! };
  return { add: written.add! };
}

/** The storefront block as the file wrote it, on top of its preset (the sandbox's while it is to be detected). */
function storefrontOf(written: Normalised['storefront']): Storefront {
  const { preset, allowedOrigins, ...keys } = written as typeof written & { preset?: PresetName };
  const overrides = Object.fromEntries(Object.entries(keys).filter(([, v]) => v !== undefined)) as Partial<StorefrontPreset>;
  return {
    ...PRESETS[preset ?? 'sandbox'],
    ...overrides,
    ...(preset ? { preset } : {}),
    overrides,
    // As URL.origin writes them, so the browser's guard compares like with like.
    allowedOrigins: allowedOrigins.map((o) => new URL(o).origin),
  };
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
  const lineText = (n: number) => src.slice(lc.lineStarts[n - 1] ?? 0, lc.lineStarts[n] ?? src.length).replace(/\r?\n$/, '');
  let { line, col } = lc.linePos(Math.min(start, src.length));
  // An error at the very end of the file (an unclosed quote or bracket) points after the last line.
  if (!lineText(line).trim() && line > 1 && start >= src.trimEnd().length) {
    ({ line, col } = lc.linePos(src.trimEnd().length - 1));
    col += 1;
  }
  const text = lineText(line);
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

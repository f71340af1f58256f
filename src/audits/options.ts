/**
 * Audit options, as written in the site file (`audits.rules.<id>: [level, { key: value }]`): each
 * audit declares its keys with defaults, and a wrong option is a finding that names the key and
 * the fix (the audit then counts as "could not run"), never a silent default.
 */
import { closest } from '../config/suggest.ts';

/** A bad option in the site file; runAudits turns it into a "could not run" finding. */
export class AuditOptionError extends Error {
  readonly code = 'bad-audit-option';
  constructor(readonly audit: string, readonly key: string, message: string) {
    super(`audits.rules.${audit} option \`${key}\` ${message}`);
    this.name = 'AuditOptionError';
  }
}

type Spec =
  | { type: 'number'; default: number; min?: number; max?: number; integer?: boolean }
  | { type: 'string'; default: string; choices?: readonly string[] }
  | { type: 'boolean'; default: boolean }
  | { type: 'numberMap'; default: Record<string, number> }
  | { type: 'stringList'; default: readonly string[] }
  | { type: 'stringMap'; default: Record<string, string> }
  | { type: 'optionalString' };

/** The value each kind of option reads as. */
interface ValueOfType {
  number: number;
  string: string;
  boolean: boolean;
  numberMap: Record<string, number>;
  stringList: string[];
  stringMap: Record<string, string>;
  optionalString: string | undefined;
}

export type OptionSpecs = Record<string, Spec>;
export type Options<T extends OptionSpecs> = { [K in keyof T]: ValueOfType[T[K]['type']] };

/** Reads an audit's options against its declared keys; throws AuditOptionError on the first problem. */
export function readOptions<T extends OptionSpecs>(audit: string, raw: Record<string, unknown>, specs: T): Options<T> {
  const unknown = Object.keys(raw).find((key) => !(key in specs));
  if (unknown !== undefined) {
    const guess = closest(unknown, Object.keys(specs));
    const known = Object.keys(specs).join(', ') || 'none';
    throw new AuditOptionError(audit, unknown, `is not an option of this audit — ${guess ? `did you mean \`${guess}\`?` : `its options are: ${known}`}`);
  }
  // An option left out (or null) takes its default; the others are read in the order the audit declares them.
  const read = (key: string, spec: Spec) => (raw[key] == null ? ('default' in spec ? structuredClone(spec.default) : undefined) : readOne(audit, key, raw[key], spec));
  return Object.fromEntries(Object.entries(specs).map(([key, spec]) => [key, read(key, spec)])) as Options<T>;
}

function readOne(audit: string, key: string, value: unknown, spec: Spec): unknown {
  const fail = (msg: string): never => {
    throw new AuditOptionError(audit, key, `${msg} — got ${JSON.stringify(value)}`);
  };
  switch (spec.type) {
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return fail(`must be a number like ${spec.default}`);
      if (spec.integer && !Number.isInteger(value)) return fail('must be a whole number');
      if (spec.min !== undefined && value < spec.min) return fail(`must be at least ${spec.min}`);
      if (spec.max !== undefined && value > spec.max) return fail(`must be at most ${spec.max}`);
      return value;
    }
    case 'string':
    case 'optionalString': {
      if (typeof value !== 'string' || !value.trim()) return fail('must be text');
      if (spec.type === 'string' && spec.choices && !spec.choices.includes(value)) return fail(`must be one of ${spec.choices.join(', ')}`);
      return value.trim();
    }
    case 'boolean':
      if (typeof value !== 'boolean') return fail('must be true or false');
      return value;
    case 'numberMap':
    case 'stringMap': {
      const numbers = spec.type === 'numberMap';
      if (!value || typeof value !== 'object' || Array.isArray(value)) return fail(numbers ? 'must be a map like { JKT-001: 500 }' : 'must be a map of text values');
      return Object.fromEntries(Object.entries(value).map(([k, v]) => {
        const ok = numbers ? typeof v === 'number' && Number.isFinite(v) && v >= 0 : typeof v === 'string' || typeof v === 'number';
        if (!ok) throw new AuditOptionError(audit, `${key}.${k}`, `${numbers ? 'must be a number of 0 or more' : 'must be text'} — got ${JSON.stringify(v)}`);
        return [k, numbers ? v : String(v)];
      }));
    }
    case 'stringList': {
      const list = typeof value === 'string' ? [value] : value;
      if (!Array.isArray(list) || list.some((v) => typeof v !== 'string' || !v.trim())) return fail('must be a list of names like [Ground, Express]');
      return (list as string[]).map((v) => v.trim());
    }
  }
}

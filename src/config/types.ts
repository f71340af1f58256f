/**
 * A client site as the engine uses it: the site file (its schema, and each key's description, is in
 * schema.ts) loaded, checked and normalised: camelCase keys, the schema's defaults filled in,
 * `code: automatic` as null, every cart named.
 */
import type { CartExpectation, Severity } from '../findings/types.ts';
import type { SiteFile } from './schema.ts';
import type { StorefrontSetting } from '../browser/presets.ts';
export { MOMENT_LABELS } from './schema.ts';

/** `offices_closed` -> `officesClosed`. */
type Camel<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;
/** The site file's keys in camelCase, deeply (a map of SKUs or audit ids keeps its keys). */
type CamelKeys<T> = T extends readonly unknown[]
  ? { [K in keyof T]: CamelKeys<T[K]> }
  : T extends object
    ? { [K in keyof T as K extends string ? Camel<K> : K]: CamelKeys<T[K]> }
    : T;
type File = CamelKeys<SiteFile>;
type FileCampaign = File['campaigns'][number];

/** A store the harness talks to. Staging takes dry-runs; production is read-only. */
export interface Target extends NonNullable<File['production']> {
  kind: 'staging' | 'production';
}

export type People = File['people'];
export type Holiday = File['holiday'];

/**
 * Who fills a cart (`customer:` in the site file): a new guest (the default), a returning customer
 * (a guest checkout with the e-mail of a customer with completed orders) or a registered test user
 * (signed in by the API key in the environment variable `keyEnv`; the key itself is never kept).
 */
export type Customer = { kind: 'guest' } | { kind: 'returning'; email: string } | { kind: 'user'; keyEnv: string };

/** The checkout step a code is entered at (`at:`). */
export type CodeStep = 'cart' | 'delivery' | 'payment';

/** One thing the customer does after the cart is built (`steps:`; src/dryrun/steps.ts runs them). */
export type CartStep =
  | { add: Record<string, number> }
  | { remove: string }
  | { quantity: Record<string, number> }
  | { code: string; at: CodeStep };

export interface Cart extends Omit<FileCampaign['carts'][number], 'name' | 'expect' | 'customer' | 'steps'> {
  /** Human label, e.g. "$120 jacket". Defaults to the items (and the customer when not a guest). */
  name: string;
  expect: CartExpectation;
  /** Who fills the cart; absent: a new guest. */
  customer?: Customer;
  /** What the customer does after the cart is built, in order; absent: nothing. */
  steps?: CartStep[];
}

export interface Campaign extends Omit<FileCampaign, 'code' | 'secret' | 'carts'> {
  /** The coupon code, or null for an automatic promotion. */
  code: string | null;
  /** The code must never appear in logs or reports. */
  secret: boolean;
  carts: Cart[];
}

/**
 * How the browser scenarios find their way around the storefront; every key filled in: the
 * preset's values (src/browser/presets.ts) under the site file's own (`overrides`). Without a
 * preset in the file, the sandbox's values stand in until the run detects it (`detected`).
 * `allowedOrigins` are written as URL.origin writes them.
 */
export type Storefront = StorefrontSetting & { detected?: boolean };

/**
 * Which audits run before the site's own `rules` are applied, eslint-style:
 * `recommended` (the default), `all`, or `none` (only the audits named in `rules`).
 */
export type AuditPreset = NonNullable<NonNullable<File['audits']>['preset']>;

export interface Site extends Pick<File, 'site' | 'name' | 'currency' | 'holiday' | 'people'> {
  /** Absolute path of the site file the site came from. */
  file: string;
  staging: Target;
  production?: Target;
  dryRun: Required<NonNullable<File['dryRun']>>;
  /** The audit preset the rules below start from. */
  auditPreset: AuditPreset;
  /** Audit id -> severity or [severity, options], as written under `audits.rules` (overrides the preset). */
  audits: Record<string, Severity | [Severity, Record<string, unknown>]>;
  storefront: Storefront;
  campaigns: Campaign[];
  /** When this is one shard of the site (`--shard`): every campaign of the file, so code pairs span shards. */
  allCampaigns?: Campaign[];
}

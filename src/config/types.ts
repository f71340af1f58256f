/**
 * A client site, as loaded and validated from `sites/<site>.yml`.
 * The YAML keys are snake_case (what client reps write); these types are the validated, camelCase form.
 */
import type { CartExpectation, Severity } from '../findings/types.ts';

/** The moments of a campaign's window a dry-run can look at (`dry_run.moments`; src/dryrun/moments.ts). */
export const MOMENT_LABELS = Object.freeze(['before-start', 'start', 'end'] as const);

/** A store the harness talks to. Staging takes dry-runs; production is read-only. */
export interface Target {
  kind: 'staging' | 'production';
  /** Base URL of the storefront; the API is at `${url}/api`. */
  url: string;
  /** Name of the environment variable holding the admin API key (never the key itself). */
  apiKeyEnv: string;
  /**
   * True when this store is the embedded sandbox (sandbox/): the CLI may start it when it is not
   * running and read its API key from it. Filled in by the loader (false unless the site says so).
   */
  sandbox?: boolean;
  /**
   * Staging only: name of the environment variable holding the secret of the store's signed clock
   * (the solidus_holiday_ready extension), so that campaigns are dry-run at their own moments. With
   * `sandbox: true` it is read from the sandbox (sandbox/bin/clock-secret) when the variable is not set.
   */
  clockSecretEnv?: string;
}

export interface Person {
  name: string;
  slack?: string;
  phone?: string;
  email?: string;
}

export interface People {
  /** The engineer on watch, who approves deploys during the code freeze. */
  engineer: Person;
  clientRep: Person;
  slackChannel: string;
  technicalLead?: Person;
  vpEngineering?: Person;
  cto?: Person;
  ceo?: Person;
}

export interface Holiday {
  name: string;
  /** First and last day the offices are closed, ISO dates (YYYY-MM-DD). */
  officesClosed: [string, string];
  /** IANA time zone of the store, e.g. America/New_York. */
  timezone: string;
}

export interface Cart {
  /** Human label, e.g. "$120 jacket". Defaults to the items. */
  name: string;
  /** SKU -> quantity. */
  items: Record<string, number>;
  expect: CartExpectation;
}

export interface Campaign {
  name: string;
  /** The coupon code, or null for an automatic promotion. */
  code: string | null;
  /** The code must never appear in logs or reports. */
  secret: boolean;
  /** Start and end, local to the holiday time zone (ISO without offset, e.g. 2026-11-27T00:00). */
  window?: [string, string];
  expectedRedemptions?: number;
  carts: Cart[];
}

/**
 * How the browser scenarios find their way around the storefront. Paths are relative to the
 * staging URL; every other value is a role=, label=, text= or css= selector. The defaults fit
 * Solidus's starter storefront conventions and the sandbox (see STOREFRONT_DEFAULTS).
 */
export interface Storefront {
  /** Path of a product page: `{slug}` is the product's slug, `{sku}` the SKU. */
  productPath: string;
  /** Path of the cart page. */
  cartPath: string;
  addToCart: string;
  /** The size/colour choice on a product page (a select or radio buttons), for SKUs of variants. */
  variantField: string;
  quantityField: string;
  couponField: string;
  applyButton: string;
  message: string;
  totals: string;
  checkoutButton: string;
  /** The button that saves a checkout step and goes to the next one. */
  continueButton: string;
  /** The button that places the order: only looked for, to know the last step is reached; never clicked. */
  placeOrderButton: string;
  /**
   * Other origins (`scheme://host[:port]`, lower-case, no path) the storefront's pages load images,
   * scripts or fonts from, e.g. a CDN. The browser (the browser dry-run and the speed audit) only
   * reads from them (GET, HEAD); every other origin is refused, and so is any write to these.
   * From `storefront.allowed_origins`; empty by default.
   */
  allowedOrigins: readonly string[];
}

/**
 * Which audits run before the site's own `rules` are applied, eslint-style:
 * `recommended` (the default), `all`, or `none` (only the audits named in `rules`).
 */
export type AuditPreset = 'recommended' | 'all' | 'none';

export interface Site {
  /** Short id, equal to the file name. */
  site: string;
  name: string;
  /** Absolute path of the site file the site came from. */
  file: string;
  staging: Target;
  production?: Target;
  holiday: Holiday;
  people: People;
  currency: string;
  dryRun: {
    concurrency: number;
    timeoutMs: number;
    retries: number;
    /**
     * The moments each campaign is dry-run at (`dry_run.moments`): `before-start`, `start`, `end`,
     * or a date-time (local in holiday.timezone, or with an offset). Default all three labels.
     */
    moments?: readonly string[];
  };
  /** The audit preset the rules below start from. */
  auditPreset: AuditPreset;
  /** Audit id -> severity or [severity, options], as written under `audits.rules` (overrides the preset). */
  audits: Record<string, Severity | [Severity, Record<string, unknown>]>;
  storefront: Storefront;
  campaigns: Campaign[];
  /** When this is one shard of the site (`--shard`): every campaign of the file, so code pairs span shards. */
  allCampaigns?: Campaign[];
}

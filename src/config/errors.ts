/** The located problems of a site file: the one list of their codes, and their shape. */
/** Stable codes of site-file problems, and what each means; tests and the CLI assert on these, so never rename one. */
export const SITE_ERROR_CODES = [
  'file-not-found', // the site file is not there
  'file-unreadable', // it is there but cannot be read (a folder, no permission)
  'yaml-syntax', // not valid YAML (yaml's own message and position)
  'duplicate-key', // the same key twice in one map (e.g. a SKU listed twice in a cart)
  'unknown-key', // a key the site file does not have (with a "did you mean")
  'wrong-type', // e.g. text where a number or a list is expected
  'missing-key', // a required key is absent (located at the map that should hold it)
  'missing-value', // a key is present with nothing after the colon, or an empty list
  'bad-value', // right type, wrong value (a URL without http://, a quantity of 0, ...)
  'impossible-date', // 2026-02-30, month 13, hour 24
  'bad-window', // a window or offices_closed that ends before it starts
  'unknown-timezone', // not an IANA time zone
  'bad-expectation', // an expect: value outside the grammar
  'duplicate-name', // two campaigns (or two carts of one campaign) with the same name
  'duplicate-code', // two campaigns with the same coupon code
  'missing-env', // the variable named by staging.api_key_env is not set
  'internal-error', // the loader itself failed; a bug to report
] as const;
export type SiteErrorCode = (typeof SITE_ERROR_CODES)[number];

/** One problem in a site file, located at the line and column it is about. */
export interface SiteError {
  code: SiteErrorCode;
  /** Absolute path of the site file. */
  file: string;
  /** 1-based line and column. */
  line: number;
  col: number;
  /** Key path of the value, e.g. `campaigns[0].window[1]`; '' for the file as a whole. */
  path: string;
  /** What is wrong and how to fix it. Never contains the value of an environment variable. */
  message: string;
  /** The source line, for the caret display. Absent when there is none or it may hold a secret. */
  excerpt?: string;
  /** How many characters the caret line underlines. */
  span?: number;
}

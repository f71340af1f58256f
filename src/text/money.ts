/** Money in words, one formatter for the dry-run, the audits and the reports. Imports nothing else of ours. */

/** An amount rounded to whole cents. */
export const cents = (amount: number): number => Math.round(amount * 100) / 100;

/**
 * "$1,234.50" in the store currency. Negative amounts are written as stores print them ("-$7.95"),
 * or with a true minus sign ("−$7.95") where the reports typeset them (`minus: '−'`).
 */
export function formatMoney(amount: number, currency = 'USD', minus: '-' | '\u2212' = '-'): string {
  const text = new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(Math.abs(amount));
  return amount < 0 && Math.abs(amount) >= 0.005 ? `${minus}${text}` : text;
}

/**
 * Plain words shared by the audits, the dry-run, the browser findings and the reports. Imports
 * nothing else of ours.
 */

/** "1,234" */
export const count = (n: number): string => new Intl.NumberFormat('en-US').format(n);

/** "1 code", "2 codes" */
export const plural = (n: number, one: string, many = `${one}s`): string => `${count(n)} ${n === 1 ? one : many}`;

/** "A", "A and B", "A, B and C" */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export function capitalize(text: string): string {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}

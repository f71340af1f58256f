/**
 * `npm run bench`: speed and memory targets, measured against the sandbox store (never by timed tests).
 */
import type { Measurement } from './stats.ts';
import { benchApi } from './api.ts';
import { benchBrowser } from './browser.ts';
import { benchClock } from './clock.ts';
import { benchInventory } from './inventory.ts';

const suites: [string, () => Promise<Measurement[]>][] = [
  ['api', benchApi],
  ['browser', benchBrowser],
  ['clock', benchClock],
  ['inventory', benchInventory],
];

const only = process.argv.slice(2);
const rows: Measurement[] = [];
for (const [name, run] of suites) {
  if (only.length && !only.includes(name)) continue;
  process.stderr.write(`bench: ${name}…\n`);
  rows.push(...(await run()));
}
const width = Math.max(...rows.map((r) => r.name.length));
for (const r of rows) {
  console.log(`${r.name.padEnd(width)}  ${String(r.value).padStart(8)} ${r.unit}${r.target ? `   (target ${r.target})` : ''}`);
}

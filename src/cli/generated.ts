/**
 * Generated files (`npm run generate`): written, or with --check compared with what is on disk
 * (a missing file counts as out of date; exit 1 names the command that regenerates it).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';

export function writeOrCheck(file: string, text: string, command: string): void {
  const shown = relative(process.cwd(), file);
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      // missing counts as out of date
    }
    if (current !== text) console.error(`${shown} is out of date: run ${command}`);
    process.exit(current === text ? 0 : 1);
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  console.log(`wrote ${shown}`);
}

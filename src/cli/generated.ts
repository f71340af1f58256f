/**
 * Generated files (`npm run generate`): written, or with --check compared with what is on disk
 * (a missing file counts as out of date: it is named with the command that regenerates it, and the
 * process exits 1 once every file of the run has been checked).
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
    if (current !== text) {
      console.error(`${shown} is out of date: run ${command}`);
      process.exitCode = 1;
    }
    return;
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  console.log(`wrote ${shown}`);
}

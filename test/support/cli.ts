/** Runs the CLI the way a user does, and makes its output comparable (temp paths -> <root>). */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './sandbox.ts';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; root?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), path.join(ROOT, 'src', 'cli', 'main.ts'), ...args], {
      cwd: opts.cwd ?? ROOT,
      env: { ...process.env, INIT_CWD: opts.cwd ?? ROOT, NO_COLOR: '1', ...opts.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const clean = (s: string) => (opts.root ? s.split(opts.root).join('<root>') : s);
      resolve({ code, stdout: clean(stdout), stderr: clean(stderr) });
    });
  });
}

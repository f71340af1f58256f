/**
 * Runs the CLI the way a user does (`node --import tsx src/cli/main.ts …`), from any working
 * directory (the repository by default), with NO_COLOR set:
 *
 *   const r = await runCli(['--site', 'acme'], { cwd: tmp, env: { KEY: key }, root: tmp });  // to the end
 *   const cli = spawnCli(args, { cwd: tmp });  cli.child.kill('SIGINT');  await cli.exit;    // with a handle
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './sandbox.ts';

/** tsx's loader as an absolute URL: `node --import <TSX>` works from any working directory. */
const TSX = import.meta.resolve('tsx');

export interface CliOptions {
  /** Working directory (and INIT_CWD); the repository when not given. */
  cwd?: string;
  /** Added to this process's environment. */
  env?: NodeJS.ProcessEnv;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliRun {
  child: ChildProcess;
  /** Resolves when the process has exited (code, or the signal that ended it); rejects if it could not start. */
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves when stderr matches (rejects after `ms`). */
  waitFor(re: RegExp, ms?: number): Promise<void>;
  output(): { stdout: string; stderr: string };
}

/** Starts the CLI and returns a handle to signal it, wait for its stderr and read its output. */
export function spawnCli(args: string[], o: CliOptions = {}): CliRun {
  const cwd = o.cwd ?? ROOT;
  const child = spawn(process.execPath, ['--import', TSX, path.join(ROOT, 'src', 'cli', 'main.ts'), ...args], {
    cwd,
    env: { ...process.env, INIT_CWD: cwd, NO_COLOR: '1', ...o.env },
  });
  let stdout = '';
  let stderr = '';
  const listeners: (() => void)[] = [];
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => {
    stderr += d;
    listeners.forEach((l) => l());
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  const waitFor = (re: RegExp, ms = 60_000) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${re} on stderr within ${ms} ms:\n${stderr}`)), ms);
      const check = () => {
        if (re.test(stderr)) {
          clearTimeout(timer);
          resolve();
        }
      };
      listeners.push(check);
      check();
    });
  return { child, exit, waitFor, output: () => ({ stdout, stderr }) };
}

/** Runs the CLI to the end; temp paths in its output are replaced by `<root>` when `root` is given. */
export async function runCli(args: string[], o: CliOptions & { root?: string } = {}): Promise<CliResult> {
  const run = spawnCli(args, o);
  const { code } = await run.exit;
  const clean = (s: string) => (o.root ? s.split(o.root).join('<root>') : s);
  const { stdout, stderr } = run.output();
  return { code, stdout: clean(stdout), stderr: clean(stderr) };
}

/**
 * The one way our commands start: when the file is the script node was asked to run, call its
 * main with the real terminal and environment, and turn its answer into the process exit code.
 * Everything else imports the main function and passes its own io (tests).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** What a command reads and writes; tests pass their own. */
export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  env: NodeJS.ProcessEnv;
  /** The user's working directory (npm scripts run in the package root; INIT_CWD is where npm was called). */
  cwd: string;
}

/** A command's arguments, or undefined once `<name>: <what is wrong>` is written to `err` (the command then exits 2). */
export function parseArgsOr<T extends ParseArgsConfig>(config: T, name: string, err: (s: string) => void, hint = ''): ReturnType<typeof parseArgs<T>> | undefined {
  try {
    return parseArgs(config);
  } catch (error) {
    err(`${name}: ${(error as Error).message}\n${hint}`);
    return undefined;
  }
}

/** For a command's `return bad(message)`: writes `<name>: <message>` to `err` and gives the exit code. */
export const failWith = (err: (s: string) => void, name: string, code: number) => (message: string): number => {
  err(`${name}: ${message}\n`);
  return code;
};

export function runIfScript(moduleUrl: string, name: string, main: (argv: string[], io: Io) => Promise<number>): void {
  if (!process.argv[1] || fileURLToPath(moduleUrl) !== path.resolve(process.argv[1])) return;
  main(process.argv.slice(2), {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    env: process.env,
    cwd: process.env.INIT_CWD ?? process.cwd(),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`${name}: internal error: ${(error as Error)?.stack ?? error}\n`);
      process.exitCode = 70;
    },
  );
}

import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
// tsx's loader by absolute URL, so the process can run in any folder, as on a fresh machine.
const tsx = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;

export interface BotExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * `npm start` as a separate process, with only the given variables (and PATH): what an
 * operator runs, so signals, exit codes and crashes are real. Its JSON log lines are parsed as
 * they arrive; `ready` resolves with the port once it logs that it is running.
 */
export function spawnBot(
  env: Record<string, string>,
  options: {
    cwd: string;
    runAs?: 'nobody';
    /** A compiled entry point (dist/main.js) to run as is, instead of the sources through tsx. */
    compiled?: string;
  },
) {
  const args = options.compiled ? [options.compiled] : ['--import', tsx, main];
  // Root can write any file, so a read-only database is only read-only to another user.
  const [command, argv] =
    options.runAs === 'nobody'
      ? ['setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, ...args]]
      : [process.execPath, args];
  const child = spawn(command, argv, {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', HOME: options.cwd, PORT: '0', HOST: '127.0.0.1', ...env },
  });
  const logs: Record<string, unknown>[] = [];
  let stdout = '';
  let stderr = '';
  let announce: (port: number) => void = () => {};
  const ready = new Promise<number>((resolve) => {
    announce = resolve;
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    stdout += `${line}\n`;
    try {
      const record = JSON.parse(line) as Record<string, unknown>;
      logs.push(record);
      if (record.msg === 'Opscoach is running') announce(Number(record.port));
    } catch {
      // Not JSON: kept in stdout for the assertion that shows it.
    }
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const exited = new Promise<BotExit>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  return {
    child,
    logs,
    output: () => ({ stdout, stderr }),
    exited,
    /** Resolves with the port, or rejects if the process ends (or takes too long) first. */
    async started(timeoutMs = 45_000): Promise<number> {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`bot did not start: ${stderr || stdout}`)), timeoutMs);
      });
      const died = exited.then((exit): never => {
        throw new Error(`bot exited (${exit.code ?? exit.signal}) before starting: ${stderr}`);
      });
      try {
        return await Promise.race([ready, timeout, died]);
      } finally {
        clearTimeout(timer);
      }
    },
    /** Stops it for good (tests clean up even after a failure). */
    async kill(): Promise<void> {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

export type BotProcess = ReturnType<typeof spawnBot>;

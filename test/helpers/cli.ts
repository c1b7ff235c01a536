import { execFile, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const bin = fileURLToPath(new URL('../../bin/opscoach.js', import.meta.url));

export interface CliOptions {
  input?: string;
  env?: Record<string, string>;
  /** How long the command may take before it is killed (25 seconds unless given). */
  timeoutMs?: number;
}

/**
 * The real `opscoach` command as a person runs it: from a folder of its own, with no credentials
 * and nothing from this process's environment but PATH.
 */
export function cliIn(folder: string, db: string) {
  const env = (extra: Record<string, string> = {}) => ({
    PATH: process.env.PATH ?? '',
    HOME: folder,
    OPSCOACH_DB: db,
    ...extra,
  });
  return {
    run(args: string[], options: CliOptions = {}) {
      const result = spawnSync(process.execPath, [bin, ...args], {
        cwd: folder,
        input: options.input ?? '',
        encoding: 'utf8',
        env: env(options.env),
        timeout: options.timeoutMs ?? 25_000,
      });
      return { code: result.status, stdout: result.stdout, stderr: result.stderr };
    },
    /** Without blocking this process, for when a fake API living here must answer the command. */
    async runAsync(args: string[], options: CliOptions = {}) {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...args], {
        cwd: folder,
        env: env(options.env),
        timeout: options.timeoutMs ?? 25_000,
      });
      return { stdout, stderr };
    },
  };
}

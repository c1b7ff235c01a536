import { execFile, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
// tsx's loader by absolute URL, so the command runs from any folder, as on a fresh machine.
const tsx = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;

/**
 * Node's arguments for the `opscoach` command from the sources being tested (`bin/opscoach.js`
 * runs the same code compiled; test/build.test.ts checks that build).
 */
export const CLI_ARGS: readonly string[] = ['--import', tsx, main];

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
      const result = spawnSync(process.execPath, [...CLI_ARGS, ...args], {
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
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [...CLI_ARGS, ...args], {
        cwd: folder,
        env: env(options.env),
        timeout: options.timeoutMs ?? 25_000,
      });
      return { stdout, stderr };
    },
  };
}

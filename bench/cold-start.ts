import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { percentile } from './stats.ts';
import type { BenchRow } from './table.ts';

const RUNS = 15;
const bin = fileURLToPath(new URL('../bin/opscoach.js', import.meta.url));

/**
 * `opscoach ask` from a cold process (the compiled command, with its database and index already
 * built by an earlier run, as on any day after the first) against `node -e 0`, each spawned and
 * timed to its exit the same way, alternating so a drift in machine load falls on both alike.
 */
export function coldStart(workDir: string): BenchRow[] {
  const env = { PATH: process.env.PATH ?? '', HOME: workDir, OPSCOACH_DB: join(workDir, 'cold-start.db') };
  const timed = (args: string[]) => {
    const started = performance.now();
    const run = spawnSync(process.execPath, args, { cwd: workDir, env, encoding: 'utf8' });
    const ms = performance.now() - started;
    if (run.status !== 0) throw new Error(`cold start benchmark: ${args.join(' ')} failed: ${run.stderr}`);
    return ms;
  };
  const ask = [bin, 'ask', 'Who gets paged at 3am?'];
  timed(ask); // creates the database and the search index, which later starts only check
  const ours: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    if (i % 2 === 0) {
      ours.push(timed(ask));
      bare.push(timed(['-e', '0']));
    } else {
      bare.push(timed(['-e', '0']));
      ours.push(timed(ask));
    }
  }
  return [
    {
      name: 'opscoach ask, cold start',
      p50: percentile(ours, 50),
      p99: percentile(ours, 99),
      baseline: 'node -e 0, timed the same way',
      baselineP50: percentile(bare, 50),
      baselineP99: percentile(bare, 99),
      note: `${RUNS} runs each of the compiled \`opscoach ask "Who gets paged at 3am?"\` (offline) and of \`node -e 0\`, each a new process timed from spawn to exit, alternating. The database and search index exist already (built by one untimed run first), as on every start after the first.`,
    },
  ];
}

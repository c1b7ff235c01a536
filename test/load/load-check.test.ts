import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The load check itself must keep working: a small run, judged on what it counted (every
 * request acked and answered once, every diagnostic stored), never on timing, which belongs to
 * `npm run load` on a quiet machine.
 */
describe('npm run load', () => {
  it('drives the real bot and accounts for every request, reply and diagnostic', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        'load/run.ts',
        '--requests',
        '60',
        '--rounds',
        '2',
        '--warmup',
        '0',
        '--rate',
        '60',
        '--json',
      ],
      { cwd: root, timeout: 60_000 },
    ).catch((failure: { stdout?: string }) => ({ stdout: failure.stdout ?? '' })); // exit 1 may be a timing miss
    const report = JSON.parse(stdout) as {
      overall: { counts: Record<string, number>; diagnostics: { expected: number; finished: number; stored?: number } };
      rounds: unknown[];
      memory: { liveHeapAfterRound: (number | undefined)[] };
    };
    expect(report.rounds).toHaveLength(2);
    expect(report.overall.counts).toMatchObject({ sent: 120, acked: 120, errors: 0, lost: 0, duplicated: 0 });
    expect(report.overall.counts.repliesDelivered).toBe(report.overall.counts.repliesExpected);
    const { diagnostics } = report.overall;
    expect(diagnostics.expected).toBeGreaterThan(0);
    expect([diagnostics.finished, diagnostics.stored]).toEqual([diagnostics.expected, diagnostics.expected]);
    expect(report.memory.liveHeapAfterRound.every((bytes) => typeof bytes === 'number' && bytes > 1_000_000)).toBe(
      true,
    );
  });
});

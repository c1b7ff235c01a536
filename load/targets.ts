import type { Stats } from './tally.ts';

/** The bot's memory before the first round and after each round, in bytes (undefined: unreadable). */
export interface MemoryReadings {
  /** RSS (/proc/<pid>/status VmRSS): what the machine sees, including heap V8 keeps spare. */
  before?: number;
  afterRound: (number | undefined)[];
  /** Reachable heap after a forced full collection: what a leak would make grow. */
  liveHeapAfterRound: (number | undefined)[];
}

export interface MemoryVerdict {
  /** Live heap after round 1, the baseline: round 1 warms up (JIT, caches, SQLite pages). */
  baseline?: number;
  last?: number;
  growth?: number;
  allowance?: number;
  flat?: boolean;
  rule: string;
}

/** A target and whether it was met; pass undefined means it could not be judged in this run. */
export interface Target {
  name: string;
  pass: boolean | undefined;
  detail: string;
}

export const P99_LIMIT_MS = 100;
const MiB = 1024 * 1024;
const FLAT_BYTES = 10 * MiB;
const FLAT_SHARE = 0.1;

export const MEMORY_RULE =
  'flat = the live heap after a full garbage collection is, after the last round, at most 10 MiB or 10% (whichever is larger) above its size after round 1 (round 1 is warm-up); RSS is shown too, but V8 keeps spare heap after busy rounds, so RSS alone cannot tell a leak';

/** Judges memory from round 1 on: live heap that keeps growing after warm-up would be a leak. */
export function judgeMemory(memory: MemoryReadings): MemoryVerdict {
  const baseline = memory.liveHeapAfterRound[0];
  const last = memory.liveHeapAfterRound.length >= 2 ? memory.liveHeapAfterRound.at(-1) : undefined;
  if (baseline === undefined || last === undefined) return { baseline, last, rule: MEMORY_RULE };
  const allowance = Math.max(FLAT_BYTES, baseline * FLAT_SHARE);
  const growth = last - baseline;
  return { baseline, last, growth, allowance, flat: growth <= allowance, rule: MEMORY_RULE };
}

const mib = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;
const ms = (value: number | undefined) => (value === undefined ? 'n/a' : `${value.toFixed(1)} ms`);

export function judgeTargets(rounds: readonly Stats[], overall: Stats, memory: MemoryVerdict): Target[] {
  const c = overall.counts;
  const targets: Target[] = [];
  const short = c.sent < overall.planned ? `; only ${c.sent} of ${overall.planned} planned requests were sent` : '';
  targets.push({
    name: 'every request acked',
    pass: c.acked === c.sent && c.sent >= overall.planned && c.sent > 0,
    detail: `${c.acked}/${c.sent} acked with HTTP 200${short}`,
  });
  const p99s = [...rounds, overall].map((s) => s.ack.p99);
  targets.push({
    name: `p99 ack under ${P99_LIMIT_MS} ms`,
    pass: p99s.every((p) => p !== undefined && p < P99_LIMIT_MS),
    detail: `${rounds.map((r) => `${r.label} ${ms(r.ack.p99)}`).join(', ')}, overall ${ms(overall.ack.p99)}`,
  });
  targets.push({
    name: 'no errors',
    pass: c.errors === 0,
    detail: `${c.errors} (non-200 ${c.non200}, network ${c.network}, error replies ${c.errorReplies})`,
  });
  targets.push({
    name: 'no reply lost or duplicated',
    pass: c.lost === 0 && c.duplicated === 0 && c.repliesExpected > 0,
    detail: `${c.repliesDelivered}/${c.repliesExpected} answered, ${c.lost} lost, ${c.duplicated} duplicated`,
  });
  const d = overall.diagnostics;
  targets.push({
    name: 'every diagnostic completed',
    pass: d.finished === d.expected && (d.stored === undefined || d.stored === d.expected),
    detail: `${d.finished}/${d.expected} reached the result screen, ${d.stored ?? 'n/a'} stored in the database`,
  });
  targets.push({
    name: 'memory flat across rounds',
    pass: memory.flat,
    detail:
      memory.growth === undefined || memory.allowance === undefined || memory.baseline === undefined
        ? 'not judged: needs two or more rounds and the bot inspector'
        : `live heap ${memory.growth >= 0 ? '+' : ''}${mib(memory.growth)} (${((memory.growth / memory.baseline) * 100).toFixed(1)}%) after round 1, allowed ${mib(memory.allowance)}`,
  });
  return targets;
}

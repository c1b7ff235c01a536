import type { BotLogTally } from './bot-process.ts';
import type { LoadOptions } from './options.ts';
import type { RequestKind } from './people.ts';
import type { Counts, Stats } from './tally.ts';
import type { MemoryReadings, MemoryVerdict, Target } from './targets.ts';

export interface LoadReport {
  options: LoadOptions;
  rounds: Stats[];
  overall: Stats;
  memory: MemoryReadings & MemoryVerdict & { metricsRssBytes?: number };
  botLogs: BotLogTally;
  targets: Target[];
  pass: boolean;
  /** Why the run ended early, if it did. */
  cutShort?: string;
  environment: { node: string; platform: string; cpus: number };
}

const MiB = 1024 * 1024;
const fmtMs = (v: number | undefined) => (v === undefined ? 'n/a' : v >= 100 ? v.toFixed(0) : v.toFixed(1));
const fmtMiB = (v: number | undefined) => (v === undefined ? 'n/a' : `${(v / MiB).toFixed(1)} MiB`);

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

function summaryRows(columns: readonly Stats[]): string[][] {
  const row = (name: string, cell: (s: Stats) => string) => [name, ...columns.map(cell)];
  return [
    row('requests sent (planned)', (s) => `${s.counts.sent} (${s.planned})`),
    row('acked (HTTP 200)', (s) => String(s.counts.acked)),
    row(
      'errors: non-200/network/error reply',
      (s) => `${s.counts.errors}: ${s.counts.non200}/${s.counts.network}/${s.counts.errorReplies}`,
    ),
    row('ack p50 ms', (s) => fmtMs(s.ack.p50)),
    row('ack p95 ms', (s) => fmtMs(s.ack.p95)),
    row('ack p99 ms', (s) => fmtMs(s.ack.p99)),
    row('ack max ms', (s) => fmtMs(s.ack.max)),
    row('answer after send p50/p99 ms', (s) => `${fmtMs(s.answer.p50)} / ${fmtMs(s.answer.p99)}`),
    row('replies delivered / expected', (s) => `${s.counts.repliesDelivered} / ${s.counts.repliesExpected}`),
    row('replies lost / duplicated', (s) => `${s.counts.lost} / ${s.counts.duplicated}`),
    row('diagnostics finished / expected', (s) => `${s.diagnostics.finished} / ${s.diagnostics.expected}`),
    row('diagnostics stored in database', (s) => String(s.diagnostics.stored ?? 'n/a')),
    row('sending time s', (s) => (s.sendingMs / 1000).toFixed(1)),
    row('throughput req/s', (s) => s.throughput.toFixed(0)),
    row('bot RSS after round', (s) => fmtMiB(s.rssBytes)),
    row('bot heap used after round', (s) => fmtMiB(s.bot?.heapUsedBytes)),
    row('bot live heap after full GC', (s) => fmtMiB(s.liveHeapBytes)),
    row('bot CPU ms per request', (s) => fmtMs(s.bot?.cpuMsPerRequest)),
    row('bot CPU cores busy (1 = one core)', (s) => s.bot?.cores?.toFixed(2) ?? 'n/a'),
    row(
      'bot event-loop lag p99 / max ms',
      (s) => `${fmtMs(s.bot?.eventLoopLagP99Ms)} / ${fmtMs(s.bot?.eventLoopLagMaxMs)}`,
    ),
    row('bot-timed acks under 100 ms', (s) =>
      s.bot?.serverAcks ? `${(((s.bot.serverAcksUnder100ms ?? 0) / s.bot.serverAcks) * 100).toFixed(1)}%` : 'n/a',
    ),
  ];
}

function kindRows(overall: Stats): string[][] {
  const order: RequestKind[] = ['ask', 'quick', 'dm', 'diagnostic-start', 'diagnostic-click'];
  return order.flatMap((kind) => {
    const c: Counts | undefined = overall.byKind[kind];
    return c
      ? [
          [
            kind,
            String(c.sent),
            String(c.acked),
            String(c.errors),
            `${c.repliesDelivered}/${c.repliesExpected}`,
            String(c.lost),
            String(c.duplicated),
          ],
        ]
      : [];
  });
}

/** The human-readable report: round table, kinds, memory, bot logs, targets and one verdict line. */
export function printReport(report: LoadReport): void {
  const out: string[] = [];
  const { options, rounds, overall, memory } = report;
  out.push(
    `Opscoach load check: ${options.rounds} round(s) of ${options.requests} requests, ${options.rate > 0 ? `${options.rate} per second (open loop)` : 'closed loop'}, at most ${options.concurrency} at once, after ${options.warmup} warm-up requests (Node ${report.environment.node}, ${report.environment.cpus} CPUs)`,
  );
  if (report.cutShort) out.push(`Cut short: ${report.cutShort}`);
  out.push('', table(['', ...rounds.map((r) => r.label), 'overall'], summaryRows([...rounds, overall])));
  out.push('', table(['kind', 'sent', 'acked', 'errors', 'answered', 'lost', 'dup'], kindRows(overall)));
  const readings = [
    `before ${fmtMiB(memory.before)}`,
    ...memory.afterRound.map((v, i) => `after round ${i + 1} ${fmtMiB(v)}`),
  ];
  out.push('', `Bot RSS (/proc/${'<pid>'}/status VmRSS): ${readings.join(', ')}.`);
  if (memory.metricsRssBytes !== undefined)
    out.push(`GET /metrics resident memory at the end: ${fmtMiB(memory.metricsRssBytes)}.`);
  out.push(`Memory rule: ${memory.rule}.`);
  out.push(
    `Bot log (LOG_LEVEL=warn): ${report.botLogs.warnings} warning(s), ${report.botLogs.errors} error(s)${report.botLogs.samples.length ? `; first: ${report.botLogs.samples.join(' | ')}` : ''}.`,
  );
  const stalled = overall.diagnostics.stalled;
  if (stalled.length > 0)
    out.push(`Diagnostics that did not finish (${stalled.length}): ${stalled.slice(0, 5).join('; ')}`);
  out.push('', 'Targets:');
  for (const t of report.targets) {
    out.push(`  ${t.pass === undefined ? 'N/A ' : t.pass ? 'PASS' : 'FAIL'}  ${t.name}: ${t.detail}`);
  }
  const failed = report.targets.filter((t) => t.pass === false).map((t) => t.name);
  out.push(
    '',
    report.pass
      ? `VERDICT: PASS (every judged target met${report.targets.some((t) => t.pass === undefined) ? '; some not judged' : ''})`
      : `VERDICT: FAIL (${failed.join(', ') || report.cutShort || 'incomplete run'})`,
  );
  console.log(out.join('\n'));
}

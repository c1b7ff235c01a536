import { availableParallelism } from 'node:os';
import type { FakeSlack } from '../test/helpers/fake-slack.ts';
import { type BotFigures, combineFigures, figuresBetween, type Reading, scrapeMetrics } from './bot-metrics.ts';
import type { BotProcess } from './bot-process.ts';
import { diagnosticRequests, loadQuestions } from './content.ts';
import { storedDiagnostics } from './database.ts';
import type { LoadOptions } from './options.ts';
import type { DiagnosticRecord } from './people.ts';
import { ReplyIndex } from './replies.ts';
import type { LoadReport } from './report.ts';
import { type RoundResult, runRound } from './round.ts';
import { DIAGNOSTIC, planRound } from './scenario.ts';
import { judge, type Stats, tally } from './tally.ts';
import { judgeMemory, judgeTargets, type MemoryReadings } from './targets.ts';

export interface CheckSetup {
  bot: BotProcess;
  slack: FakeSlack;
  dbPath: string;
  /** The deadline or Ctrl-C: no new request after it. */
  stop: AbortSignal;
  /** Ctrl-C: stop waiting too. */
  interrupt: AbortSignal;
  /** Why the run ended early; the deadline and signal handlers write it, so does a bot crash here. */
  state: { cutShort?: string };
  progress: (line: string) => void;
}

function roundSetup(options: LoadOptions, setup: CheckSetup, index: ReplyIndex) {
  return {
    events: setup.bot.events,
    slack: setup.slack,
    index,
    concurrency: options.concurrency,
    rate: options.rate,
    stepsPerDiagnostic: diagnosticRequests(DIAGNOSTIC),
    stop: setup.stop,
    interrupt: setup.interrupt,
  };
}

/**
 * Plays the rounds against a running bot and judges them: one report, or undefined when
 * interrupted. Memory, CPU and the bot's own metrics are read between rounds.
 */
export async function checkLoad(options: LoadOptions, setup: CheckSetup): Promise<LoadReport | undefined> {
  const { bot: running, slack, dbPath, progress } = setup;
  const questions = loadQuestions();
  const steps = diagnosticRequests(DIAGNOSTIC);
  const index = new ReplyIndex(slack);
  const memory: MemoryReadings = { before: running.rssBytes(), afterRound: [], liveHeapAfterRound: [] };
  const rounds: { result: RoundResult; stored?: number; rss?: number; liveHeap?: number; bot: BotFigures }[] = [];
  const read = async (): Promise<Reading> => ({
    cpuSeconds: running.cpuSeconds(),
    metrics: await scrapeMetrics(running.base),
  });
  if (options.warmup > 0 && !setup.stop.aborted) {
    progress(`warm-up: ${options.warmup} requests, not judged`);
    await runRound(planRound(0, options.warmup, questions, steps), roundSetup(options, setup, index));
    if (setup.interrupt.aborted) return undefined;
  }
  let storedBefore = storedDiagnostics(dbPath) ?? 0;
  const plans = Array.from({ length: options.rounds }, (_, i) => planRound(i + 1, options.requests, questions, steps));
  for (const plan of plans) {
    if (setup.stop.aborted) break;
    const round = plan.round;
    progress(`round ${round}: ${plan.plannedRequests} requests (${plan.diagnostics} diagnostics of ${steps} requests)`);
    // Also resets the bot's event-loop lag histogram, so the next reading covers this round only.
    const before = await read();
    const result = await runRound(plan, roundSetup(options, setup, index));
    if (setup.interrupt.aborted) return undefined;
    const botFigures = figuresBetween(before, await read(), result.requests.length, result.sendingMs + result.settleMs);
    const storedNow = storedDiagnostics(dbPath);
    const stored = storedNow === undefined ? undefined : storedNow - storedBefore;
    storedBefore = storedNow ?? storedBefore;
    const rss = running.rssBytes();
    memory.afterRound.push(rss);
    const liveHeap = await running.liveHeapBytes();
    memory.liveHeapAfterRound.push(liveHeap);
    rounds.push({ result, stored, rss, liveHeap, bot: botFigures });
    const quick = statsOf(`round ${round}`, [result], index);
    progress(
      `round ${round} done in ${((result.sendingMs + result.settleMs) / 1000).toFixed(1)} s: ` +
        `${quick.counts.acked}/${quick.counts.sent} acked, p99 ${quick.ack.p99?.toFixed(1) ?? 'n/a'} ms, ` +
        `${quick.counts.lost} lost, ${quick.counts.duplicated} duplicated, ${quick.counts.errors} errors`,
    );
    const ended = running.exitStatus();
    if (ended) {
      setup.state.cutShort = `the bot process exited during the run (${ended})`;
      break;
    }
  }

  // Judged only now, after the last wait, so a duplicate that arrived late still counts.
  const roundStats = rounds.map(({ result, stored, rss, liveHeap, bot: figures }) => {
    const stats = statsOf(`round ${result.plan.round}`, [result], index);
    stats.diagnostics.stored = stored;
    stats.rssBytes = rss;
    stats.liveHeapBytes = liveHeap;
    stats.bot = figures;
    return stats;
  });
  const overall = statsOf(
    'overall',
    rounds.map((r) => r.result),
    index,
  );
  // Rounds the deadline never let start were still planned: they count as not sent.
  overall.planned = plans.reduce((n, p) => n + p.plannedRequests, 0);
  overall.diagnostics.expected = plans.reduce((n, p) => n + p.diagnostics, 0);
  overall.rssBytes = memory.afterRound.at(-1);
  overall.liveHeapBytes = memory.liveHeapAfterRound.at(-1);
  overall.bot = combineFigures(
    rounds.map((r) => r.bot),
    overall.counts.sent,
    rounds.reduce((ms, r) => ms + r.result.sendingMs + r.result.settleMs, 0),
  );
  const stored = rounds.map((r) => r.stored);
  overall.diagnostics.stored = stored.includes(undefined)
    ? undefined
    : stored.reduce<number>((sum, n) => sum + (n ?? 0), 0);

  const verdict = judgeMemory(memory);
  const targets = judgeTargets(roundStats, overall, verdict);
  const report: LoadReport = {
    options,
    rounds: roundStats,
    overall,
    memory: { ...memory, ...verdict, metricsRssBytes: (await scrapeMetrics(running.base))?.rssBytes },
    botLogs: running.logs,
    targets,
    pass: targets.every((t) => t.pass !== false) && !setup.state.cutShort,
    cutShort: setup.state.cutShort,
    environment: {
      node: process.version,
      platform: `${process.platform}/${process.arch}`,
      cpus: availableParallelism(),
    },
  };
  return report;
}

function statsOf(label: string, results: readonly RoundResult[], index: ReplyIndex): Stats {
  const requests = results.flatMap((r) => r.requests);
  const diagnostics: DiagnosticRecord[] = results.flatMap((r) => r.diagnostics);
  const wallMs = results.reduce((ms, r) => ms + r.sendingMs + r.settleMs, 0);
  const generatorCpu = results.reduce((s, r) => s + r.generatorCpuSeconds, 0);
  const stats = tally(
    label,
    results.reduce((n, r) => n + r.plan.plannedRequests, 0),
    requests.map((record) => judge(record, index)),
    { planned: results.reduce((n, r) => n + r.plan.diagnostics, 0), records: diagnostics },
    results.reduce((n, r) => n + r.sendingMs, 0),
  );
  stats.generatorCores = wallMs > 0 ? generatorCpu / (wallMs / 1000) : undefined;
  return stats;
}

import { setMaxListeners } from 'node:events';
import pLimit from 'p-limit';
import type { FakeSlack } from '../test/helpers/fake-slack.ts';
import { type DiagnosticRecord, type PeopleContext, play, type RequestRecord } from './people.ts';
import type { ReplyIndex } from './replies.ts';
import type { RoundPlan, Script } from './scenario.ts';

export interface RoundResult {
  plan: RoundPlan;
  requests: RequestRecord[];
  diagnostics: DiagnosticRecord[];
  /** From the first request to the last ack, in milliseconds. */
  sendingMs: number;
  /** Spent after the last ack waiting for late answers (and for duplicates to show up). */
  settleMs: number;
  /** CPU this load process used (requests, signing, the fake Slack): it shares the machine. */
  generatorCpuSeconds: number;
}

export interface RoundSetup {
  events: string;
  slack: FakeSlack;
  index: ReplyIndex;
  concurrency: number;
  /** Requests per second on a fixed schedule; 0 for closed loop. */
  rate: number;
  /** Requests in a diagnostic script, to space the schedule by requests rather than scripts. */
  stepsPerDiagnostic: number;
  /** Stop sending (deadline or Ctrl-C). */
  stop: AbortSignal;
  /** Stop waiting too (Ctrl-C only). */
  interrupt: AbortSignal;
}

/** How long late answers may take after the last ack before they count as lost. */
const GRACE_MS = 30_000;
/** After everything arrived, how long to keep watching for a second answer to anything. */
const QUIET_MS = 1_500;

/**
 * Plays a round: scripts start on a fixed schedule (open loop) or as slots free up (closed loop),
 * through one limiter, so at most `concurrency` people are mid-way at once (a diagnostic holds
 * its slot while its person reads and clicks). Then waits, bounded,
 * for answers still on their way.
 */
export async function runRound(plan: RoundPlan, setup: RoundSetup): Promise<RoundResult> {
  const ctx: PeopleContext = {
    round: plan.round,
    events: setup.events,
    slack: setup.slack,
    index: setup.index,
    stop: setup.stop,
    interrupt: setup.interrupt,
    replyTimeoutMs: GRACE_MS,
    requests: [],
    diagnostics: [],
  };
  // Stamps answers as they arrive, so answer latency is accurate to about this interval.
  const ticker = setInterval(() => setup.index.refresh(), 10);
  try {
    const limit = pLimit(setup.concurrency);
    const cpu = process.cpuUsage();
    const started = performance.now();
    let offsetMs = 0;
    // Every scheduled script listens for the stop signal while it waits for its start time.
    setMaxListeners(plan.scripts.length + 10, setup.stop);
    await Promise.all(
      plan.scripts.map(async (script) => {
        // Open loop: each script has its own start time, kept whatever the bot's latency; if
        // every slot is busy it waits, and that wait counts towards its first request's time.
        const due = started + offsetMs;
        if (setup.rate > 0) offsetMs += (requestsIn(script, setup.stepsPerDiagnostic) / setup.rate) * 1000;
        await sleepUntil(due, setup.stop);
        return limit(() =>
          play(script, { ...ctx, queuedMs: setup.rate > 0 ? Math.max(0, performance.now() - due) : 0 }),
        );
      }),
    );
    const sendingMs = performance.now() - started;
    const settleStarted = performance.now();
    await settle(ctx.requests, setup.index, setup.interrupt);
    return {
      plan,
      requests: ctx.requests,
      diagnostics: ctx.diagnostics,
      sendingMs,
      settleMs: performance.now() - settleStarted,
      generatorCpuSeconds: ((used) => (used.user + used.system) / 1e6)(process.cpuUsage(cpu)),
    };
  } finally {
    clearInterval(ticker);
    setup.index.refresh();
  }
}

const requestsIn = (script: Script, steps: number) => (script.kind === 'diagnostic' ? steps : 1);

function sleepUntil(at: number, stop: AbortSignal): Promise<void> {
  const wait = at - performance.now();
  if (wait <= 0 || stop.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      stop.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, wait);
    stop.addEventListener('abort', done, { once: true });
  });
}

/** True once a request's answer (or, for an ack-only reply, the ack) is in. */
export function answered(record: RequestRecord, index: ReplyIndex): boolean {
  if (!record.deferred) return true;
  return record.reply.via === 'response'
    ? index.responses(record.reply.key).length > 0
    : index.dm(record.reply.key).answers.length > 0;
}

async function settle(requests: readonly RequestRecord[], index: ReplyIndex, interrupt: AbortSignal): Promise<void> {
  const deadline = performance.now() + GRACE_MS;
  // A request the bot did not ack was never taken on: nothing to wait for.
  let waiting = requests.filter((r) => r.deferred && r.ack.status === 200);
  while (!interrupt.aborted && performance.now() < deadline) {
    index.refresh();
    waiting = waiting.filter((r) => !answered(r, index));
    if (waiting.length === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (!interrupt.aborted) await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
}

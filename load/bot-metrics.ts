import { randomBytes } from 'node:crypto';

/**
 * The bot's own view from GET /metrics (prom-client), when the endpoint exists: heap, event-loop
 * lag and its server-side ack histogram. Optional: every figure is undefined without it.
 */
export interface BotMetrics {
  rssBytes?: number;
  heapUsedBytes?: number;
  /** Event-loop delay p99 since the previous scrape (prom-client resets it on every scrape). */
  eventLoopLagP99Ms?: number;
  eventLoopLagMaxMs?: number;
  /** Cumulative Slack acks, and how many of them the server itself timed under 100 ms. */
  slackAcks?: number;
  slackAcksUnder100ms?: number;
}

/** The bot under load serves /metrics on its port only behind a token; this run's own. */
export const METRICS_TOKEN = randomBytes(24).toString('hex');

export async function scrapeMetrics(base: string): Promise<BotMetrics | undefined> {
  let text: string;
  try {
    const res = await fetch(`${base}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
      signal: AbortSignal.timeout(5_000),
    });
    text = await res.text();
    if (res.status !== 200) return undefined;
  } catch {
    return undefined;
  }
  const value = (name: string, labels: Record<string, string> = {}): number | undefined => {
    for (const line of text.split('\n')) {
      const match = /^([a-zA-Z_:][\w:]*)(\{([^}]*)\})?\s+(\S+)/.exec(line);
      if (!match || match[1] !== name) continue;
      const present = match[3] ?? '';
      if (Object.entries(labels).every(([k, v]) => present.includes(`${k}="${v}"`))) return Number(match[4]);
    }
    return undefined;
  };
  const ms = (seconds: number | undefined) => (seconds === undefined ? undefined : seconds * 1000);
  return {
    rssBytes: value('opscoach_process_resident_memory_bytes'),
    heapUsedBytes: value('opscoach_nodejs_heap_size_used_bytes'),
    eventLoopLagP99Ms: ms(value('opscoach_nodejs_eventloop_lag_p99_seconds')),
    eventLoopLagMaxMs: ms(value('opscoach_nodejs_eventloop_lag_max_seconds')),
    // A histogram has no lines until its first observation: before any Slack request, that is 0.
    slackAcks: value('opscoach_http_ack_seconds_count', { route: 'slack' }) ?? 0,
    slackAcksUnder100ms: value('opscoach_http_ack_seconds_bucket', { le: '0.1', route: 'slack' }) ?? 0,
  };
}

/** What the bot spent on one round, from /proc and /metrics readings taken before and after it. */
export interface BotFigures {
  cpuSeconds?: number;
  cpuMsPerRequest?: number;
  /** CPU seconds per wall-clock second over the round: 1.0 is one core fully busy. */
  cores?: number;
  heapUsedBytes?: number;
  eventLoopLagP99Ms?: number;
  eventLoopLagMaxMs?: number;
  serverAcks?: number;
  serverAcksUnder100ms?: number;
}

export interface Reading {
  cpuSeconds?: number;
  metrics?: BotMetrics;
}

const delta = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined ? undefined : b - a;

export function figuresBetween(before: Reading, after: Reading, requests: number, wallMs: number): BotFigures {
  const cpu = delta(before.cpuSeconds, after.cpuSeconds);
  return {
    cpuSeconds: cpu,
    cpuMsPerRequest: cpu === undefined || requests === 0 ? undefined : (cpu * 1000) / requests,
    cores: cpu === undefined || wallMs <= 0 ? undefined : cpu / (wallMs / 1000),
    heapUsedBytes: after.metrics?.heapUsedBytes,
    eventLoopLagP99Ms: after.metrics?.eventLoopLagP99Ms,
    eventLoopLagMaxMs: after.metrics?.eventLoopLagMaxMs,
    serverAcks: delta(before.metrics?.slackAcks, after.metrics?.slackAcks),
    serverAcksUnder100ms: delta(before.metrics?.slackAcksUnder100ms, after.metrics?.slackAcksUnder100ms),
  };
}

const sum = (values: (number | undefined)[]) =>
  values.includes(undefined) ? undefined : values.reduce<number>((a, b) => a + (b ?? 0), 0);
const max = (values: (number | undefined)[]) => {
  const known = values.filter((v): v is number => v !== undefined);
  return known.length ? Math.max(...known) : undefined;
};

/** Rounds combined: CPU and acks add up, lag is the worst round's, heap is the last reading. */
export function combineFigures(rounds: readonly BotFigures[], requests: number, wallMs: number): BotFigures {
  const cpu = sum(rounds.map((r) => r.cpuSeconds));
  return {
    cpuSeconds: cpu,
    cpuMsPerRequest: cpu === undefined || requests === 0 ? undefined : (cpu * 1000) / requests,
    cores: cpu === undefined || wallMs <= 0 ? undefined : cpu / (wallMs / 1000),
    heapUsedBytes: rounds.at(-1)?.heapUsedBytes,
    eventLoopLagP99Ms: max(rounds.map((r) => r.eventLoopLagP99Ms)),
    eventLoopLagMaxMs: max(rounds.map((r) => r.eventLoopLagMaxMs)),
    serverAcks: sum(rounds.map((r) => r.serverAcks)),
    serverAcksUnder100ms: sum(rounds.map((r) => r.serverAcksUnder100ms)),
  };
}

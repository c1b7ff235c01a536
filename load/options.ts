import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

/** What one `npm run load` does: how many requests, how many at once, how often, how long at most. */
export interface LoadOptions {
  /** Requests per round (diagnostic clicks included). */
  requests: number;
  /** Most virtual people talking to the bot at once; each has at most one request in flight. */
  concurrency: number;
  /**
   * Requests per second started on a fixed schedule, as Slack delivers them whatever our
   * latency (open loop); 0 sends as fast as `concurrency` allows (closed loop, a capacity test).
   */
  rate: number;
  /** Requests sent (and not judged) before round 1, so start-up and JIT do not count. */
  warmup: number;
  rounds: number;
  /** Print one JSON object instead of the table (progress still goes to stderr). */
  json: boolean;
  /** Seconds after which no new request is sent and the run reports what it has. */
  deadlineSeconds: number;
  /** Where to write a V8 CPU profile of the bot, to see where its time goes under load. */
  botCpuProfileDir?: string;
}

export const USAGE = `Usage: npm run load -- [options]

Starts the bot (node --import tsx src/main.ts) in Slack HTTP mode against a local fake Slack,
fires signed slash commands, DMs and diagnostic clicks at it, and checks every request was
acked quickly and answered exactly once, and that memory stays flat.

  --requests <n>         requests per round (default 2000)
  --concurrency <n>      most virtual people at once (default 50)
  --rate <n>             requests started per second on a fixed schedule, as Slack sends them
                         regardless of how fast we answer (default 200); 0 = closed loop: each
                         person sends again as soon as acked, which measures capacity, and where
                         latency is concurrency / throughput by Little's law
  --warmup <n>           requests before round 1 that are not judged (default 300; 0 = none)
  --rounds <n>           rounds of the same size (default 2; round 1 is the memory warm-up)
  --deadline <s>         stop sending after this many seconds and report (default 600)
  --json                 machine-readable output on stdout
  --bot-cpu-prof <dir>   write a V8 CPU profile of the bot to <dir> (open it in Chrome DevTools)
  --help                 this text

Exit code: 0 when every target is met, 1 when not (or the bot could not be started),
2 on a usage mistake, 130 when interrupted.`;

export class UsageError extends Error {
  override name = 'UsageError';
}

const positive = (name: string, raw: string | undefined, fallback: number, max: number): number => {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max) {
    throw new UsageError(`--${name} expects a whole number from 1 to ${max}, got ${JSON.stringify(raw)}`);
  }
  return Number(raw);
};

const whole = (name: string, raw: string | undefined, fallback: number, max: number): number =>
  raw === '0' ? 0 : positive(name, raw, fallback, max);

/** Parses argv (without node and the script); throws UsageError with one line on a mistake. */
export function parseOptions(argv: string[]): LoadOptions | 'help' {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values } = parsed;
  if (values.help) return 'help';
  return {
    requests: positive('requests', values.requests, 2000, 1_000_000),
    concurrency: positive('concurrency', values.concurrency, 50, 10_000),
    rate: whole('rate', values.rate, 200, 100_000),
    warmup: whole('warmup', values.warmup, 300, 1_000_000),
    rounds: positive('rounds', values.rounds, 2, 100),
    deadlineSeconds: positive('deadline', values.deadline, 600, 86_400),
    json: values.json ?? false,
    // The bot runs from the repository root; resolve here so the folder is the caller's.
    botCpuProfileDir: values['bot-cpu-prof'] === undefined ? undefined : resolve(values['bot-cpu-prof']),
  };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      requests: { type: 'string' },
      concurrency: { type: 'string' },
      rate: { type: 'string' },
      warmup: { type: 'string' },
      rounds: { type: 'string' },
      deadline: { type: 'string' },
      json: { type: 'boolean' },
      'bot-cpu-prof': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { liveHeapBytes } from './live-heap.ts';

/** The repository root: the bot is started from there, exactly as `npm start` would. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** What the bot wrote to its structured log (JSON lines) while under load. */
export interface BotLogTally {
  warnings: number;
  errors: number;
  /** The first few warning-or-worse lines, trimmed, to say what went wrong without a log dive. */
  samples: string[];
}

export interface BotProcess {
  pid: number;
  base: string;
  /** Slack's request URL in HTTP mode. */
  events: string;
  logs: BotLogTally;
  /** Resident set size from /proc/<pid>/status, in bytes; undefined where /proc is missing. */
  rssBytes(): number | undefined;
  /** Reachable heap after a full garbage collection, through the inspector; undefined if unavailable. */
  liveHeapBytes(): Promise<number | undefined>;
  /** CPU time the bot has used so far (user + system), from /proc/<pid>/stat, in seconds. */
  cpuSeconds(): number | undefined;
  /** How the bot process ended ("code 1", "signal SIGKILL"), or undefined while it runs. */
  exitStatus(): string | undefined;
  /** SIGTERM, then SIGKILL if it has not exited in time. Safe to call more than once. */
  stop(): Promise<void>;
  /** Last resort from a synchronous exit handler: SIGKILL without waiting. */
  killNow(): void;
}

/** A port nobody listens on right now: bind to 0, read what the kernel gave, release it. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!port) throw new Error('could not find a free port');
  return port;
}

/**
 * Only what Node and tsx need from the caller's environment, plus the bot's settings. Variables
 * that would change what is measured (Socket Mode, Teams, a model endpoint, extra knowledge) are
 * set empty: main.ts loads a developer's .env, and loadEnvFile never overrides a set variable.
 */
function childEnv(settings: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ']) if (process.env[name]) env[name] = process.env[name];
  for (const name of [
    'SLACK_APP_TOKEN',
    'OPENAI_API_KEY',
    'OPENAI_BASE_URL',
    'KNOWLEDGE_DIRS',
    'MicrosoftAppId',
    'MicrosoftAppPassword',
    'MicrosoftAppTenantId',
    'TEAMS_ENABLED',
    'OPSCOACH_ADMINS',
    'OPSCOACH_METRICS_TOKEN',
  ])
    env[name] = '';
  return { ...env, ...settings };
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

async function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (exited(child)) return true;
  const timer = new Promise<false>((resolve) => setTimeout(() => resolve(false), ms).unref());
  return Promise.race([once(child, 'exit').then(() => true), timer]);
}

/**
 * Starts `node --import tsx src/main.ts` with the given settings and resolves once GET /healthz
 * answers 200. Rejects (after stopping the child) if it exits, times out or the run is aborted.
 */
export async function startBot(
  settings: Record<string, string> & { PORT: string },
  signal: AbortSignal,
  options: { cpuProfileDir?: string; startTimeoutMs?: number } = {},
): Promise<BotProcess> {
  // Exactly `npm start`; a CPU profile (written when the bot exits) is the only addition.
  const profile = options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
  // The inspector (loopback, any free port) lets the check measure the live heap between rounds.
  const inspect = ['--inspect=127.0.0.1:0'];
  const child = spawn(process.execPath, [...profile, ...inspect, '--import', 'tsx', 'src/main.ts'], {
    cwd: REPO_ROOT,
    env: childEnv(settings),
    // Both pipes are always drained: on Linux a full pipe would block the bot's own logging.
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) {
    await once(child, 'error').catch(() => {});
    throw new Error('could not spawn the bot process');
  }
  const pid = child.pid;
  const logs: BotLogTally = { warnings: 0, errors: 0, samples: [] };
  const stderrTail: string[] = [];
  let inspectorUrl: string | undefined;
  createInterface({ input: child.stdout }).on('line', (line) => tallyLogLine(line, logs));
  createInterface({ input: child.stderr }).on('line', (line) => {
    const inspector = /Debugger listening on (ws:\/\/\S+)/.exec(line)?.[1];
    if (inspector) inspectorUrl = inspector;
    else stderrTail.push(line);
    if (stderrTail.length > 20) stderrTail.shift();
  });

  const base = `http://127.0.0.1:${settings.PORT}`;
  let stopping: Promise<void> | undefined;
  const bot: BotProcess = {
    pid,
    base,
    events: `${base}/slack/events`,
    logs,
    exitStatus: () =>
      child.exitCode !== null ? `code ${child.exitCode}` : child.signalCode ? `signal ${child.signalCode}` : undefined,
    rssBytes: () => readRss(pid),
    liveHeapBytes: () => (inspectorUrl ? liveHeapBytes(inspectorUrl) : Promise.resolve(undefined)),
    cpuSeconds: () => readCpu(pid),
    stop() {
      stopping ??= (async () => {
        if (exited(child)) return;
        child.kill('SIGTERM');
        if (await waitForExit(child, 10_000)) return;
        child.kill('SIGKILL');
        await waitForExit(child, 5_000);
      })();
      return stopping;
    },
    killNow() {
      if (!exited(child)) child.kill('SIGKILL');
    },
  };

  try {
    await waitForHealth(base, child, signal, options.startTimeoutMs ?? 90_000, () => stderrTail.join('\n'));
  } catch (error) {
    await bot.stop();
    throw error;
  }
  return bot;
}

async function waitForHealth(
  base: string,
  child: ChildProcess,
  signal: AbortSignal,
  timeoutMs: number,
  stderr: () => string,
): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (signal.aborted) throw new Error('interrupted while the bot was starting');
    if (exited(child)) {
      throw new Error(`the bot exited during start-up (code ${child.exitCode ?? child.signalCode}):\n${stderr()}`);
    }
    if (Date.now() - started > timeoutMs) throw new Error(`the bot did not answer /healthz within ${timeoutMs} ms`);
    try {
      const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function tallyLogLine(line: string, logs: BotLogTally): void {
  let entry: { level?: unknown; msg?: unknown; err?: { message?: unknown }; listener?: unknown };
  try {
    entry = JSON.parse(line);
  } catch {
    return;
  }
  const level = typeof entry.level === 'number' ? entry.level : 0;
  if (level < 40) return;
  if (level >= 50) logs.errors++;
  else logs.warnings++;
  if (logs.samples.length < 5) {
    const detail = [entry.listener, entry.err?.message].filter(Boolean).join(': ');
    logs.samples.push(`${level >= 50 ? 'error' : 'warn'} ${String(entry.msg ?? '')}${detail ? ` (${detail})` : ''}`);
  }
}

function readRss(pid: number): number | undefined {
  try {
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Linux reports CPU time in clock ticks, 100 a second on every mainstream kernel. */
const TICKS_PER_SECOND = 100;

function readCpu(pid: number): number | undefined {
  try {
    // The command name (field 2) may hold spaces; fields are counted after its closing paren.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const user = Number(fields[11]);
    const system = Number(fields[12]);
    return Number.isFinite(user + system) ? (user + system) / TICKS_PER_SECOND : undefined;
  } catch {
    return undefined;
  }
}

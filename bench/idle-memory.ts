import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { FakeSlack } from '../test/helpers/fake-slack.ts';
import { BOT_TOKEN, SIGNING_SECRET } from '../test/helpers/slack-requests.ts';
import { percentile } from './stats.ts';
import type { BenchRow } from './table.ts';

const ROUNDS = 3;
/** How long each process sits idle after saying it is listening, before its memory is read. */
const IDLE_MS = 3_000;
const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Resident memory of `npm start` (the compiled server, `node dist/main.js`) in Slack HTTP mode,
 * idle after start-up, against a process holding a bare Bolt 5 app that only acks, both against
 * the same fake Slack, started alternately.
 */
export async function idleMemory(workDir: string): Promise<BenchRow[]> {
  const slack = new FakeSlack();
  await slack.start();
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: workDir,
    PORT: '0',
    HOST: '127.0.0.1',
    OPSCOACH_DB: join(workDir, 'idle.db'),
    OPSCOACH_PSEUDONYM_SECRET: 'bench-pseudonym-secret-0123456789',
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
  };
  const ours: number[] = [];
  const bare: number[] = [];
  try {
    const server = () => idleRss(startArguments(), env, 'Opscoach is running');
    const baseline = () => idleRss(['bench/bare-bolt-process.js'], env, 'listening');
    for (let i = 0; i < ROUNDS; i++) {
      if (i % 2 === 0) {
        ours.push(await server());
        bare.push(await baseline());
      } else {
        bare.push(await baseline());
        ours.push(await server());
      }
    }
  } finally {
    await slack.stop();
  }
  return [
    {
      name: 'npm start, Slack HTTP mode, idle memory (RSS)',
      p50: percentile(ours, 50),
      p99: percentile(ours, 99),
      baseline: 'bare Bolt 5 app that only acks, own process',
      baselineP50: percentile(bare, 50),
      baselineP99: percentile(bare, 99),
      unit: 'MiB',
      note: `${ROUNDS} starts each, alternating, of the compiled server (as npm start runs it, with its Node flags; knowledge indexed, warmed up and start-up garbage collected; the first start derives, in a child process as npm start does, the cache the others read) and of a process holding only a Bolt 5 ExpressReceiver app whose listener acks, under Node's defaults; resident set size (V8 heap, malloc, and the pages of the node binary and native modules it touched) from /proc ${IDLE_MS / 1000} s after each says it is listening. Linux only.`,
    },
  ];
}

async function idleRss(args: string[], env: Record<string, string>, readyMessage: string): Promise<number> {
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  try {
    await new Promise<void>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`idle memory benchmark: ${args[0]} exited (${code}): ${stderr}`)));
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (line.includes(`"msg":"${readyMessage}"`)) resolve();
      });
    });
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    return rssMiB(child);
  } finally {
    if (child.exitCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
  }
}

/** Node's arguments exactly as `npm start` gives them (package.json's start script after "node"). */
function startArguments(): string[] {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const [node, ...args] = manifest.scripts.start.split(/\s+/);
  if (node !== 'node')
    throw new Error(`idle memory benchmark: npm start does not run node directly (${manifest.scripts.start})`);
  return args;
}

function rssMiB(child: ChildProcess): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]);
  if (!kb) throw new Error('idle memory benchmark: no VmRSS in /proc (Linux only)');
  return kb / 1024;
}

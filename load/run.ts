// npm run load: the real bot as a child process under a bounded mix of Slack traffic, judged
// against targets. Exit 0 when every target is met, 1 when not; the child and the temporary
// folder are always cleaned up, also on Ctrl-C or failure.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeSlack } from '../test/helpers/fake-slack.ts';
import { BOT_TOKEN, SIGNING_SECRET } from '../test/helpers/slack-requests.ts';
import { METRICS_TOKEN } from './bot-metrics.ts';
import { type BotProcess, freePort, startBot } from './bot-process.ts';
import { checkLoad } from './load-check.ts';
import { type LoadOptions, parseOptions, USAGE, UsageError } from './options.ts';
import { printReport } from './report.ts';

const progress = (line: string) => process.stderr.write(`[load] ${line}\n`);

let options: LoadOptions;
try {
  const parsed = parseOptions(process.argv.slice(2));
  if (parsed === 'help') {
    console.log(USAGE);
    process.exit(0);
  }
  options = parsed;
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`load: ${error.message}\n\n${USAGE}\n`);
  process.exit(2);
}

// Two stops: the deadline ends sending but still waits (bounded) for answers and reports;
// Ctrl-C ends everything at once. A second Ctrl-C kills the bot without waiting.
const stopSending = new AbortController();
const interrupt = new AbortController();
/** Why the run ended early (deadline, Ctrl-C, a bot crash), if it did. */
const state: { cutShort?: string } = {};
let bot: BotProcess | undefined;
const work = mkdtempSync(join(tmpdir(), 'opscoach-load-'));
const slack = new FakeSlack();

/** Synchronous last resort (process exit, a second Ctrl-C): never leave a bot or files behind. */
const emergencyCleanup = () => {
  bot?.killNow();
  rmSync(work, { recursive: true, force: true });
};
process.on('exit', emergencyCleanup);
const onSignal = (signal: NodeJS.Signals) => {
  if (interrupt.signal.aborted) {
    emergencyCleanup();
    process.exit(130);
  }
  progress(`${signal}: stopping the bot and cleaning up (again to force)`);
  state.cutShort = `interrupted by ${signal}`;
  interrupt.abort();
  stopSending.abort();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
const deadline = setTimeout(() => {
  state.cutShort = `deadline of ${options.deadlineSeconds} s reached; no request sent after it`;
  progress(state.cutShort);
  stopSending.abort();
}, options.deadlineSeconds * 1000);
deadline.unref();

let exitCode = 1;
try {
  exitCode = await run(options);
} catch (error) {
  process.stderr.write(`load: ${(error as Error)?.message ?? String(error)}\n`);
  exitCode = interrupt.signal.aborted ? 130 : 1;
} finally {
  clearTimeout(deadline);
  await bot?.stop();
  await slack.stop();
  rmSync(work, { recursive: true, force: true });
}
process.exit(exitCode);

async function run(options: LoadOptions): Promise<number> {
  await slack.start();
  const dbPath = join(work, 'load.db');
  const port = await freePort();
  progress(`starting the bot on port ${port} (node --import tsx src/main.ts)...`);
  bot = await startBot(
    {
      OPSCOACH_DB: dbPath,
      OPSCOACH_PSEUDONYM_SECRET: 'load-check-pseudonym-secret-0123456789',
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      OPSCOACH_METRICS_TOKEN: METRICS_TOKEN,
    },
    interrupt.signal,
    { cpuProfileDir: options.botCpuProfileDir },
  );
  progress(`bot is healthy (pid ${bot.pid})`);
  const report = await checkLoad(options, {
    bot,
    slack,
    dbPath,
    stop: stopSending.signal,
    interrupt: interrupt.signal,
    state,
    progress,
  });
  if (!report) return 130;
  if (options.json) console.log(JSON.stringify(report, null, 2));
  else printReport(report);
  return report.pass ? 0 : 1;
}

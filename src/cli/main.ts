import { parseArgs } from 'node:util';
import { askCommand } from './commands/ask.ts';
import { chatCommand } from './commands/chat.ts';
import { gapsCommand } from './commands/gaps.ts';
import { resultsCommand } from './commands/results.ts';
import { topicsCommand } from './commands/topics.ts';
import { isExpectedFailure, startRuntime } from './context.ts';

const USAGE = `Usage: opscoach <command> [options]

Commands:
  chat                 Talk to the coach in the terminal (reads one message per line when piped)
  ask "<question>"     Answer one question; --json prints {"answered","text","sources"}
  topics               List what the coach knows; --json for machine-readable output
  diagnose [name]      A two-minute check-up (handovers or releases), answered with numbers
  results              Your own latest diagnostic results; --json for machine-readable output
  gaps [--days N]      Questions the coach declined or answered unhelpfully (scrubbed, counts only)
  help                 Show this help

Configuration comes from environment variables or a .env file; see .env.example.`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      days: { type: 'string', default: '30' },
    },
  });
  const [command = 'help', ...rest] = positionals;
  if (values.help || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!['chat', 'ask', 'topics', 'gaps', 'diagnose', 'results'].includes(command)) {
    process.stderr.write(`opscoach: unknown command "${command}"\n\n${USAGE}\n`);
    return 2;
  }
  if (command === 'ask' && rest.join(' ').trim() === '') {
    process.stderr.write('opscoach: ask needs a question, e.g. opscoach ask "What is Ops Run It?"\n');
    return 2;
  }
  const days = Number(values.days);
  if (!Number.isInteger(days) || days < 1 || days > 3650) {
    process.stderr.write('opscoach: --days needs a whole number of days from 1 to 3650\n');
    return 2;
  }
  const runtime = startRuntime();
  try {
    if (command === 'chat') await chatCommand(runtime);
    else if (command === 'ask') await askCommand(runtime, rest.join(' '), values.json);
    else if (command === 'gaps') gapsCommand(runtime, days, values.json);
    else if (command === 'diagnose') await chatCommand(runtime, ['diagnose', ...rest].join(' '));
    else if (command === 'results') resultsCommand(runtime, values.json);
    else topicsCommand(runtime, values.json);
    return 0;
  } finally {
    runtime.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (isExpectedFailure(error)) {
      process.stderr.write(`opscoach: ${error.message}\n`);
    } else if (String((error as { code?: unknown })?.code ?? '').startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`opscoach: ${(error as Error).message}\n\n${USAGE}\n`);
      process.exitCode = 2;
      return;
    } else {
      process.stderr.write(`opscoach: unexpected error: ${(error as Error)?.message ?? String(error)}\n`);
    }
    process.exitCode = 1;
  },
);

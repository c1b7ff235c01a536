import { parseArgs } from 'node:util';
import { COMMANDS, type Invocation, OPTIONS, usage } from './command-table.ts';
import { isExpectedFailure, startRuntime } from './context.ts';

/** Parses the command line against the table of commands, checks it, and runs the one named. */
async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  const [name = 'help', ...args] = positionals;
  if (values.help || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`opscoach: unknown command "${name}"\n\n${usage()}\n`);
    return 2;
  }
  const { help: _, ...given } = values;
  const foreign = Object.keys(given).filter((option) => !(command.options as readonly string[]).includes(option));
  if (foreign.length > 0) {
    const takes = command.options.length ? `; it takes ${command.options.map((o) => `--${o}`).join(', ')}` : '';
    process.stderr.write(`opscoach: ${name} does not take --${foreign[0]}${takes}\n`);
    return 2;
  }
  const invocation: Invocation = { args, values: given };
  const problem = await command.check?.(invocation);
  if (problem) {
    process.stderr.write(`opscoach: ${problem}\n`);
    return 2;
  }
  if (!command.coach) return command.run(invocation);
  const runtime = startRuntime(command.runtimeOptions?.(invocation));
  try {
    return await command.run(runtime, invocation);
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
      process.stderr.write(`opscoach: ${(error as Error).message}\n\n${usage()}\n`);
      process.exitCode = 2;
      return;
    } else {
      process.stderr.write(`opscoach: unexpected error: ${(error as Error)?.message ?? String(error)}\n`);
    }
    process.exitCode = 1;
  },
);

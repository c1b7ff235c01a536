import { parseArgs } from 'node:util';
import { z } from 'zod';
import { EVIDENCE_WEEKS } from '../core/coach/commands.ts';
import { IMPORT_KINDS, type ImportKind } from '../core/evidence/importer.ts';
import { askCommand } from './commands/ask.ts';
import { backupCommand } from './commands/backup.ts';
import { chatCommand } from './commands/chat.ts';
import { checkinsRunNow } from './commands/checkins.ts';
import { digestRunNow } from './commands/digest.ts';
import { evidenceCommand } from './commands/evidence.ts';
import { gapsCommand } from './commands/gaps.ts';
import { importCommand } from './commands/import.ts';
import { reportCommand } from './commands/report.ts';
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
  report [name]        Group results: [--weeks N] [--format text|markdown|json|csv] [--chart file.png]
  digest --run-now     Run the weekly digest job once [--channel ID sends that channel's now]
  checkins --run-now   Send the experiment check-ins that are due, once [--as-of YYYY-MM-DD (or an
                       ISO date-time) runs it as if it were that day]
  import <kind> <file> Import an export: pagerduty (CSV or JSON), servicenow (CSV), deployments
                       (CSV or JSON, or GitHub's deployments with statuses); [--map column=field]
                       for other column names; safe to repeat
  evidence             Incident and deployment figures from imported records, per service:
                       [--weeks N (default 12)] [--service S] [--format text|markdown|json|csv]
                       [--chart file.png]
  gaps [--days N]      Questions the coach declined or answered unhelpfully (scrubbed, counts only)
  backup <file>        Copy the live database safely while the bot runs [--force replaces <file>]
  help                 Show this help

Configuration comes from environment variables or a .env file; see .env.example.`;

const reportFormat = z.enum(['text', 'markdown', 'json', 'csv']);
/** A day (taken at noon UTC, so that day's check-ins are due) or a full ISO date-time. */
const asOfSchema = z.union([
  z.iso.date().transform((day) => new Date(`${day}T12:00:00Z`)),
  z.iso.datetime({ offset: true }).transform((at) => new Date(at)),
]);

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      days: { type: 'string', default: '30' },
      weeks: { type: 'string' },
      service: { type: 'string' },
      map: { type: 'string', multiple: true },
      format: { type: 'string', default: 'text' },
      chart: { type: 'string' },
      'run-now': { type: 'boolean', default: false },
      channel: { type: 'string' },
      'as-of': { type: 'string' },
      force: { type: 'boolean', default: false },
    },
  });
  const [command = 'help', ...rest] = positionals;
  if (values.help || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (
    ![
      'chat',
      'ask',
      'topics',
      'gaps',
      'diagnose',
      'results',
      'report',
      'digest',
      'backup',
      'import',
      'evidence',
      'checkins',
    ].includes(command)
  ) {
    process.stderr.write(`opscoach: unknown command "${command}"\n\n${USAGE}\n`);
    return 2;
  }
  if (command === 'ask' && rest.join(' ').trim() === '') {
    process.stderr.write('opscoach: ask needs a question, e.g. opscoach ask "What is Ops Run It?"\n');
    return 2;
  }
  if (command === 'backup') {
    if (rest.length !== 1) {
      process.stderr.write('opscoach: backup needs one file name, e.g. opscoach backup opscoach-2026-11-26.db\n');
      return 2;
    }
    return backupCommand(rest[0] as string, values.force);
  }
  if (command === 'import') {
    const [kind, file, ...extra] = rest;
    if (!IMPORT_KINDS.includes(kind as ImportKind) || !file || extra.length > 0) {
      process.stderr.write(
        'opscoach: import needs a kind and one file, e.g. opscoach import pagerduty incidents.csv (kinds: pagerduty, servicenow, deployments)\n',
      );
      return 2;
    }
    return importCommand(kind as ImportKind, file, values.map ?? []);
  }
  const days = Number(values.days);
  if (!Number.isInteger(days) || days < 1 || days > 3650) {
    process.stderr.write('opscoach: --days needs a whole number of days from 1 to 3650\n');
    return 2;
  }
  const most = command === 'evidence' ? EVIDENCE_WEEKS.max : 26;
  const weeks = Number(values.weeks ?? (command === 'evidence' ? EVIDENCE_WEEKS.default : 4));
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > most) {
    process.stderr.write(`opscoach: --weeks needs a whole number of weeks from 1 to ${most}\n`);
    return 2;
  }
  const format = reportFormat.safeParse(values.format);
  if (!format.success) {
    process.stderr.write('opscoach: --format is one of text, markdown, json, csv\n');
    return 2;
  }
  if (command === 'digest' && !values['run-now']) {
    process.stderr.write('opscoach: digest needs --run-now (digests are set up in Slack or Teams with "digest on")\n');
    return 2;
  }
  if (command === 'checkins' && !values['run-now']) {
    process.stderr.write(
      'opscoach: checkins needs --run-now (the server sends check-ins by itself; this runs the job once)\n',
    );
    return 2;
  }
  let asOf: Date | undefined;
  if (values['as-of'] !== undefined) {
    const parsed = asOfSchema.safeParse(values['as-of']);
    if (command !== 'checkins' || !parsed.success) {
      process.stderr.write(
        'opscoach: --as-of needs a date such as 2026-03-16 (or an ISO date-time), and only checkins takes it\n',
      );
      return 2;
    }
    asOf = parsed.data;
  }
  const runtime = startRuntime(asOf ? { now: () => asOf } : {});
  try {
    if (command === 'chat') await chatCommand(runtime);
    else if (command === 'ask') await askCommand(runtime, rest.join(' '), values.json);
    else if (command === 'gaps') gapsCommand(runtime, days, values.json);
    else if (command === 'diagnose') await chatCommand(runtime, ['diagnose', ...rest].join(' '));
    else if (command === 'results') resultsCommand(runtime, values.json);
    else if (command === 'report')
      return reportCommand(runtime, { diagnostic: rest[0], weeks, format: format.data, chart: values.chart });
    else if (command === 'digest') return await digestRunNow(runtime, values.channel);
    else if (command === 'checkins') return await checkinsRunNow(runtime);
    else if (command === 'evidence')
      return evidenceCommand(runtime, {
        weeks,
        service: values.service,
        format: format.data,
        chart: values.chart,
      });
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

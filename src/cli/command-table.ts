import { z } from 'zod';
import { EVIDENCE_WEEKS } from '../core/coach/commands.ts';
import type { CoachRuntime, RuntimeOptions } from '../runtime.ts';

/** Every option the command line knows; each command lists the ones it takes. */
export const OPTIONS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  days: { type: 'string' },
  weeks: { type: 'string' },
  service: { type: 'string' },
  map: { type: 'string', multiple: true },
  format: { type: 'string' },
  chart: { type: 'string' },
  'run-now': { type: 'boolean' },
  channel: { type: 'string' },
  'as-of': { type: 'string' },
  force: { type: 'boolean' },
} as const;

export type OptionName = keyof typeof OPTIONS;

/** What was typed after the command's name. */
export interface Invocation {
  args: string[];
  values: {
    json?: boolean;
    days?: string;
    weeks?: string;
    service?: string;
    map?: string[];
    format?: string;
    chart?: string;
    'run-now'?: boolean;
    channel?: string;
    'as-of'?: string;
    force?: boolean;
  };
}

interface CommandBase {
  name: string;
  /** The command as help shows it, with its arguments. */
  usage: string;
  /** What it does and the options it takes, one help line each. */
  summary: readonly string[];
  /** The options it takes; any other is a usage error. */
  options: readonly OptionName[];
  /** A usage problem in its arguments or option values, as the line to print; undefined when they are fine. */
  check?: (invocation: Invocation) => string | undefined | Promise<string | undefined>;
  /** How the command's runtime differs from the usual one (checkins --as-of sets the clock). */
  runtimeOptions?: (invocation: Invocation) => RuntimeOptions;
}

/**
 * A command's handler is imported only when that command runs, so `opscoach ask` does not load
 * the CSV reader, the digest senders (and Slack's SDK) or the backup code.
 */
export type CliCommand = CommandBase &
  (
    | { coach: true; run: (runtime: CoachRuntime, invocation: Invocation) => Promise<number> }
    | { coach: false; run: (invocation: Invocation) => Promise<number> }
  );

const REPORT_FORMATS = ['text', 'markdown', 'json', 'csv'] as const;
type ReportFormat = (typeof REPORT_FORMATS)[number];

const REPORT_WEEKS = { default: 4, max: 26 };

/** --weeks for a command: a whole number of weeks from 1 to its maximum. */
function weeksOf(invocation: Invocation, range: { default: number; max: number }): number {
  return Number(invocation.values.weeks ?? range.default);
}

const checkWeeks = (range: { default: number; max: number }) => (invocation: Invocation) => {
  const weeks = weeksOf(invocation, range);
  return Number.isInteger(weeks) && weeks >= 1 && weeks <= range.max
    ? undefined
    : `--weeks needs a whole number of weeks from 1 to ${range.max}`;
};

const checkFormat = (invocation: Invocation) =>
  (REPORT_FORMATS as readonly string[]).includes(invocation.values.format ?? 'text')
    ? undefined
    : '--format is one of text, markdown, json, csv';

const formatOf = (invocation: Invocation) => (invocation.values.format ?? 'text') as ReportFormat;

const daysOf = (invocation: Invocation) => Number(invocation.values.days ?? '30');

/** A day (taken at noon UTC, so that day's check-ins are due) or a full ISO date-time. */
const asOfSchema = z.union([
  z.iso.date().transform((day) => new Date(`${day}T12:00:00Z`)),
  z.iso.datetime({ offset: true }).transform((at) => new Date(at)),
]);

const all =
  (...checks: ((invocation: Invocation) => string | undefined)[]) =>
  (invocation: Invocation) =>
    checks.map((check) => check(invocation)).find((problem) => problem !== undefined);

export const COMMANDS: readonly CliCommand[] = [
  {
    name: 'chat',
    usage: 'chat',
    summary: ['Talk to the coach in the terminal (reads one message per line when piped)'],
    options: [],
    coach: true,
    run: async (runtime) => {
      await (await import('./commands/chat.ts')).chatCommand(runtime);
      return 0;
    },
  },
  {
    name: 'ask',
    usage: 'ask "<question>"',
    summary: ['Answer one question; --json prints {"answered","text","sources"}'],
    options: ['json'],
    check: ({ args }) =>
      args.join(' ').trim() === '' ? 'ask needs a question, e.g. opscoach ask "What is Ops Run It?"' : undefined,
    coach: true,
    run: async (runtime, { args, values }) => {
      await (await import('./commands/ask.ts')).askCommand(runtime, args.join(' '), Boolean(values.json));
      return 0;
    },
  },
  {
    name: 'topics',
    usage: 'topics',
    summary: ['List what the coach knows; --json for machine-readable output'],
    options: ['json'],
    coach: true,
    run: async (runtime, { values }) => {
      (await import('./commands/topics.ts')).topicsCommand(runtime, Boolean(values.json));
      return 0;
    },
  },
  {
    name: 'diagnose',
    usage: 'diagnose [name]',
    summary: ['A two-minute check-up (handovers or releases), answered with numbers'],
    options: [],
    coach: true,
    run: async (runtime, { args }) => {
      await (await import('./commands/chat.ts')).chatCommand(runtime, ['diagnose', ...args].join(' '));
      return 0;
    },
  },
  {
    name: 'results',
    usage: 'results',
    summary: ['Your own latest diagnostic results; --json for machine-readable output'],
    options: ['json'],
    coach: true,
    run: async (runtime, { values }) => {
      (await import('./commands/results.ts')).resultsCommand(runtime, Boolean(values.json));
      return 0;
    },
  },
  {
    name: 'report',
    usage: 'report [name]',
    summary: ['Group results: [--weeks N] [--format text|markdown|json|csv] [--chart file.png]'],
    options: ['weeks', 'format', 'chart'],
    check: all(checkWeeks(REPORT_WEEKS), checkFormat),
    coach: true,
    run: async (runtime, invocation) =>
      (await import('./commands/report.ts')).reportCommand(runtime, {
        diagnostic: invocation.args[0],
        weeks: weeksOf(invocation, REPORT_WEEKS),
        format: formatOf(invocation),
        chart: invocation.values.chart,
      }),
  },
  {
    name: 'digest',
    usage: 'digest --run-now',
    summary: ["Run the weekly digest job once [--channel ID sends that channel's now]"],
    options: ['run-now', 'channel'],
    check: ({ values }) =>
      values['run-now'] ? undefined : 'digest needs --run-now (digests are set up in Slack or Teams with "digest on")',
    coach: true,
    run: async (runtime, { values }) => (await import('./commands/digest.ts')).digestRunNow(runtime, values.channel),
  },
  {
    name: 'checkins',
    usage: 'checkins --run-now',
    summary: [
      'Send the experiment check-ins that are due, once [--as-of YYYY-MM-DD (or an',
      'ISO date-time) runs it as if it were that day]',
    ],
    options: ['run-now', 'as-of'],
    check: ({ values }) => {
      if (!values['run-now'])
        return 'checkins needs --run-now (the server sends check-ins by itself; this runs the job once)';
      if (values['as-of'] !== undefined && !asOfSchema.safeParse(values['as-of']).success)
        return '--as-of needs a date such as 2026-03-16 (or an ISO date-time), and only checkins takes it';
      return undefined;
    },
    runtimeOptions: ({ values }) => {
      const asOf = values['as-of'] === undefined ? undefined : asOfSchema.parse(values['as-of']);
      return asOf ? { now: () => asOf } : {};
    },
    coach: true,
    run: async (runtime) => (await import('./commands/checkins.ts')).checkinsRunNow(runtime),
  },
  {
    name: 'import',
    usage: 'import <kind> <file>',
    summary: [
      'Import an export: pagerduty (CSV or JSON), servicenow (CSV), deployments',
      "(CSV or JSON, or GitHub's deployments with statuses); [--map column=field]",
      'for other column names; safe to repeat',
    ],
    options: ['map'],
    check: async ({ args }) => {
      const [kind, file, ...extra] = args;
      const { IMPORT_KINDS } = await import('../core/evidence/importer.ts');
      return (IMPORT_KINDS as readonly (string | undefined)[]).includes(kind) && file && extra.length === 0
        ? undefined
        : 'import needs a kind and one file, e.g. opscoach import pagerduty incidents.csv (kinds: pagerduty, servicenow, deployments)';
    },
    coach: false,
    run: async ({ args, values }) => {
      const [kind, file] = args as [never, string];
      return (await import('./commands/import.ts')).importCommand(kind, file, values.map ?? []);
    },
  },
  {
    name: 'evidence',
    usage: 'evidence',
    summary: [
      'Incident and deployment figures from imported records, per service:',
      `[--weeks N (default ${EVIDENCE_WEEKS.default})] [--service S] [--format text|markdown|json|csv]`,
      '[--chart file.png]',
    ],
    options: ['weeks', 'service', 'format', 'chart'],
    check: all(checkWeeks(EVIDENCE_WEEKS), checkFormat),
    coach: true,
    run: async (runtime, invocation) =>
      (await import('./commands/evidence.ts')).evidenceCommand(runtime, {
        weeks: weeksOf(invocation, EVIDENCE_WEEKS),
        service: invocation.values.service,
        format: formatOf(invocation),
        chart: invocation.values.chart,
      }),
  },
  {
    name: 'gaps',
    usage: 'gaps [--days N]',
    summary: ['Questions the coach declined or answered unhelpfully (scrubbed, counts only)'],
    options: ['days', 'json'],
    check: (invocation) => {
      const days = daysOf(invocation);
      return Number.isInteger(days) && days >= 1 && days <= 3650
        ? undefined
        : '--days needs a whole number of days from 1 to 3650';
    },
    coach: true,
    run: async (runtime, invocation) => {
      (await import('./commands/gaps.ts')).gapsCommand(runtime, daysOf(invocation), Boolean(invocation.values.json));
      return 0;
    },
  },
  {
    name: 'backup',
    usage: 'backup <file>',
    summary: ['Copy the live database safely while the bot runs [--force replaces <file>]'],
    options: ['force'],
    check: ({ args }) =>
      args.length === 1 ? undefined : 'backup needs one file name, e.g. opscoach backup opscoach-2026-11-26.db',
    coach: false,
    run: async ({ args, values }) =>
      (await import('./commands/backup.ts')).backupCommand(args[0] as string, Boolean(values.force)),
  },
];

/** The help text, from the table. */
export function usage(): string {
  const column = 20;
  const lines = [
    ...COMMANDS.flatMap((c) => c.summary.map((line, i) => `  ${(i === 0 ? c.usage : '').padEnd(column)} ${line}`)),
    `  ${'help'.padEnd(column)} Show this help`,
  ];
  return `Usage: opscoach <command> [options]

Commands:
${lines.join('\n')}

Configuration comes from environment variables or a .env file; see .env.example.`;
}

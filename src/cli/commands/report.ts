import { writeFileSync } from 'node:fs';
import type { DiagnosticReport, FollowupReport, ReportReply } from '../../core/reply.ts';
import { describeFollowups, describeReport } from '../../core/reports/describe-report.ts';
import type { CoachRuntime } from '../../runtime.ts';
import { renderText } from '../render-text.ts';
import { colorEnabled } from './ask.ts';

export type ReportFormat = 'text' | 'markdown' | 'json' | 'csv';

/**
 * `opscoach report [handovers|releases] [--weeks N] [--format text|markdown|json|csv] [--chart file.png]`:
 * group results for the operator at the terminal, with every privacy rule already applied.
 */
export function reportCommand(
  runtime: CoachRuntime,
  options: { diagnostic?: string; weeks: number; format: ReportFormat; chart?: string },
): number {
  const reply = runtime.coach.report(options.diagnostic, options.weeks, { admin: true });
  if (reply.kind !== 'report') {
    process.stderr.write(`opscoach: ${reply.text}\n`);
    return 2;
  }
  if (options.chart) writeChart(reply, options.chart);
  process.stdout.write(`${format(reply, options.format)}\n`);
  return 0;
}

function format(reply: ReportReply, as: ReportFormat): string {
  switch (as) {
    case 'json':
      // `report experiments` is one object; every other report stays the array of diagnostics it always was.
      return JSON.stringify(reply.reports.length === 0 && reply.followups ? reply.followups : reply.reports, null, 2);
    case 'markdown':
      return [
        ...reply.reports.map((r) => describeReport(r)),
        ...(reply.followups ? [describeFollowups(reply.followups)] : []),
      ].join('\n\n');
    case 'csv':
      return toCsv(reply.reports, reply.followups);
    case 'text':
      return renderText(reply, { color: colorEnabled() });
  }
}

function writeChart(reply: ReportReply, path: string): void {
  if (reply.chart?.png) {
    writeFileSync(path, reply.chart.png);
    process.stderr.write(`Chart written to ${path}.\n`);
  } else {
    process.stderr.write(
      `No chart: ${reply.chart ? 'it could not be drawn here' : 'nothing has enough responses yet'}.\n`,
    );
  }
}

/** One row per released figure: diagnostic, section, item, value; experiments under "experiments". */
function toCsv(reports: readonly DiagnosticReport[], followups?: FollowupReport): string {
  const rows: string[][] = [['diagnostic', 'window', 'section', 'item', 'value']];
  for (const r of reports) {
    const add = (section: string, item: string, value: string | number | undefined) =>
      rows.push([r.diagnostic, `${r.window.from}/${r.window.to}`, section, item, String(value ?? '')]);
    add('status', 'status', r.status);
    for (const line of r.records ?? []) add('records', line.headline, `${line.records}. ${line.gap}`);
    if (r.status !== 'ok') continue;
    add('respondents', 'band', r.respondents);
    add('score', 'average', r.averageScore);
    if (r.trend) add('trend', r.trend.direction, r.trend.direction === 'unknown' ? r.trend.reason : r.trend.change);
    for (const p of r.profiles ?? []) add('profile', p.name, p.share);
    for (const h of r.headlines ?? []) add('headline', h.label, h.value);
    if (r.pain) add('pain', r.pain.question, r.pain.share);
    for (const q of r.questions ?? []) for (const o of q.options) add(`answer:${q.id}`, o.label, o.share);
    for (const s of r.slices ?? []) for (const g of s.groups) add(`slice:${s.dimension}`, g.value, g.averageScore);
  }
  if (followups) {
    const f = followups;
    const add = (section: string, item: string, value: string | number | undefined) =>
      rows.push(['experiments', `${f.window.from}/${f.window.to}`, section, item, String(value ?? '')]);
    add('status', 'status', f.status);
    if (f.picked) add('picked', 'band', f.picked);
    if (f.answered) add('answered', 'band', f.answered);
    if (f.tried !== undefined) add('tried', 'share', f.tried);
    for (const o of f.outcomes ?? []) add('outcome', o.label, o.share);
    for (const g of f.kinds?.groups ?? []) add('kind', g.label, g.helped);
    if (f.retook) add('retook', f.retook.direction, f.retook.change);
  }
  return rows.map((row) => row.map(csvCell).join(',')).join('\n');
}

function csvCell(raw: string): string {
  // A cell a spreadsheet would run as a formula (=HYPERLINK(...) in a channel's name) is kept as text.
  const value = /^[=+\-@\t\r]/.test(raw) && !/^[+-]?\d+(?:\.\d+)?$/.test(raw) ? `'${raw}` : raw;
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

import { writeFileSync } from 'node:fs';
import { describeEvidence, evidenceCsv, evidenceJson } from '../../core/evidence/describe-evidence.ts';
import type { EvidenceReply } from '../../core/reply.ts';
import type { CoachRuntime } from '../../runtime.ts';
import { renderText } from '../render-text.ts';
import { colorEnabled } from './ask.ts';
import type { ReportFormat } from './report.ts';

/**
 * `opscoach evidence [--weeks N] [--service S] [--format text|markdown|json|csv] [--chart file.png]`:
 * figures measured from imported records, per service and overall, for the operator.
 */
export function evidenceCommand(
  runtime: CoachRuntime,
  options: { weeks: number; service?: string; format: ReportFormat; chart?: string },
): number {
  const reply = runtime.coach.evidence(options.weeks, options.service, { admin: true });
  if (reply.kind !== 'evidence') {
    process.stderr.write(`opscoach: ${reply.text.replace(/`/g, '')}\n`);
    return 1;
  }
  if (options.chart) writeChart(reply, options.chart);
  process.stdout.write(`${format(reply, options.format)}\n`);
  return 0;
}

function format(reply: EvidenceReply, as: ReportFormat): string {
  switch (as) {
    case 'json':
      return JSON.stringify(evidenceJson(reply.evidence), null, 2);
    case 'markdown':
      return describeEvidence(reply.evidence);
    case 'csv':
      return evidenceCsv(reply.evidence);
    case 'text':
      return renderText(reply, { color: colorEnabled() });
  }
}

function writeChart(reply: EvidenceReply, path: string): void {
  if (reply.chart?.png) {
    writeFileSync(path, reply.chart.png);
    process.stderr.write(`Chart written to ${path}.\n`);
  } else {
    process.stderr.write(
      `No chart: ${reply.chart ? 'it could not be drawn here' : 'no service has records in this window'}.\n`,
    );
  }
}

import type { DoraBand, DoraBands, Evidence, EvidenceFigures } from '../reply.ts';
import { hoursInWords, minutesInWords, percent, perWeek, plural, times } from './words.ts';

const FIELDS = [
  'incidents',
  'handoffs_median',
  'multi_handoff_share',
  'ack_minutes_median',
  'restore_minutes_median',
  'after_hours_share',
  'deployments',
  'deploys_per_week',
  'lead_time_hours_median',
  'change_failure_rate',
] as const satisfies readonly (keyof EvidenceFigures)[];

const band = (b: DoraBand | undefined) => (b ? ` (DORA ${b})` : '');

/** The figures of one set in a few lines of Markdown; nothing is said about what the records do not hold. */
function describeFigures(f: EvidenceFigures, dora: DoraBands): string[] {
  const lines: string[] = [];
  if (f.incidents > 0) {
    const parts = [plural(f.incidents, 'incident', 'incidents')];
    if (f.handoffs_median !== null) {
      const typical =
        f.handoffs_median === 0
          ? 'typically stayed with whoever got it first'
          : `typically changed hands ${times(f.handoffs_median)}`;
      parts.push(
        `${typical}${f.multi_handoff_share === null ? '' : ` (${percent(f.multi_handoff_share)} changed hands twice or more)`}`,
      );
    }
    if (f.ack_minutes_median !== null) parts.push(`acknowledged after ${minutesInWords(f.ack_minutes_median)}`);
    if (f.restore_minutes_median !== null)
      parts.push(`restored after ${minutesInWords(f.restore_minutes_median)}${band(dora.restore_minutes_median)}`);
    if (f.after_hours_share !== null) parts.push(`${percent(f.after_hours_share)} began out of hours`);
    lines.push(`- ${parts.join(' · ')}`);
  } else {
    lines.push('- No incidents in the window.');
  }
  if (f.deployments > 0) {
    const parts = [plural(f.deployments, 'deployment', 'deployments')];
    if (f.deploys_per_week !== null) parts.push(`${perWeek(f.deploys_per_week)}${band(dora.deploys_per_week)}`);
    if (f.lead_time_hours_median !== null)
      parts.push(`lead time ${hoursInWords(f.lead_time_hours_median)}${band(dora.lead_time_hours_median)}`);
    if (f.change_failure_rate !== null)
      parts.push(`${percent(f.change_failure_rate)} failed or rolled back${band(dora.change_failure_rate)}`);
    lines.push(`- ${parts.join(' · ')}`);
  } else {
    lines.push('- No deployments in the window.');
  }
  return lines;
}

/** Evidence as Markdown, for every adapter: overall first, then each service. */
export function describeEvidence(e: Evidence): string {
  const lines = [
    `**Evidence from records**${e.service ? ` for ${e.service}` : ''}, ${e.window.from} to ${e.window.to} (${plural(e.weeks, 'week', 'weeks')})`,
    '',
  ];
  if (!e.service) lines.push('**All services**', ...describeFigures(e.overall, e.dora.overall), '');
  for (const s of e.services) {
    const dora = e.dora.services.find((d) => d.service === s.service) ?? {};
    lines.push(`**${s.service}**`, ...describeFigures(s, dora), '');
  }
  lines.push(
    `_Typical values are medians of the records that have them. DORA bands from the ${e.dora.source}; DORA's time to restore is for failed deployments, ours for every incident._`,
  );
  return lines.join('\n').trim();
}

/** Exactly the documented JSON: window, overall and services with the ten figures each, and the DORA bands. */
export function evidenceJson(e: Evidence): Record<string, unknown> {
  const pick = (f: EvidenceFigures) => Object.fromEntries(FIELDS.map((k) => [k, f[k]]));
  return {
    window: { from: e.window.from, to: e.window.to },
    overall: pick(e.overall),
    services: e.services.map((s) => ({ service: s.service, ...pick(s) })),
    dora: e.dora,
  };
}

/** One row per service (and one for all of them), one column per figure. */
export function evidenceCsv(e: Evidence): string {
  const header = ['service', 'from', 'to', ...FIELDS];
  const row = (name: string, f: EvidenceFigures) => [
    name,
    e.window.from,
    e.window.to,
    ...FIELDS.map((k) => f[k] ?? ''),
  ];
  const rows = [header, ...(e.service ? [] : [row('(all)', e.overall)]), ...e.services.map((s) => row(s.service, s))];
  return rows.map((r) => r.map((v) => csvCell(String(v))).join(',')).join('\n');
}

function csvCell(value: string): string {
  // A leading =, +, - or @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@]/.test(value) && !/^-?\d/.test(value) ? `'${value}` : value;
  return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

import type { DeploymentRow, IncidentRow, SaveCounts } from '../store/evidence-store.ts';
import type { Store } from '../store/store.ts';
import { deployments } from './formats/deployments.ts';
import type { DeploymentFormat, ExportFormat, IncidentFormat } from './formats/format.ts';
import { github } from './formats/github.ts';
import { pagerduty } from './formats/pagerduty.ts';
import { servicenow } from './formats/servicenow.ts';
import { type ExportContent, ImportRefused, normaliseColumn, readExport } from './read-export.ts';

export const IMPORT_KINDS = ['pagerduty', 'servicenow', 'deployments'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export interface Skipped {
  where: string;
  reason: string;
}

export interface ImportSummary {
  /** The format the file was read as, e.g. "a PagerDuty Analytics raw incidents export". */
  format: string;
  kind: 'incidents' | 'deployments';
  file: 'csv' | 'json';
  rows: number;
  saved: SaveCounts;
  skipped: Skipped[];
}

/** Refused with the rows that could not be used, when none could. */
export class NothingUsable extends ImportRefused {
  constructor(
    message: string,
    readonly skipped: Skipped[],
  ) {
    super(message);
  }
}

/**
 * Imports one export: reads it as CSV or JSON, checks it is the named kind, turns each row into
 * a record keeping only what the figures need, and saves them all in one transaction. A file
 * that is not the named kind is refused before anything is written; rows that cannot be used
 * are skipped and listed with where they are and why.
 */
export function importExport(
  store: Store,
  kind: ImportKind,
  text: string,
  options: { timezone: string; map?: readonly string[] },
): ImportSummary {
  const candidates: (IncidentFormat | DeploymentFormat)[] =
    kind === 'pagerduty' ? [pagerduty] : kind === 'servicenow' ? [servicenow] : [deployments, github];
  const renames = parseMap(options.map ?? [], candidates);
  const content = readExport(text, renames);
  const format = choose(kind, content, candidates);
  const missing = format.required.filter((alternatives) => !alternatives.some((c) => content.columns.includes(c)));
  if (missing.length > 0) {
    const found = content.columns.slice(0, 12).join(', ') + (content.columns.length > 12 ? ', …' : '');
    throw new ImportRefused(
      `this is not ${format.label}: required ${missing.length === 1 ? 'column' : 'columns'} missing: ${missing.map((m) => m.join(' (or ') + (m.length > 1 ? ')' : '')).join(', ')} (it has ${found || 'none'}). Use --map column=field if the export names them differently.`,
    );
  }
  if (content.rows.length === 0) throw new ImportRefused('the file has a header but no records');
  const skipped: Skipped[] = [];
  const records: (IncidentRow | DeploymentRow)[] = [];
  for (const row of content.rows) {
    if (row.problem) {
      skipped.push({ where: row.where, reason: row.problem });
      continue;
    }
    const converted = (format as ExportFormat<IncidentRow | DeploymentRow>).convert(row.values, options.timezone);
    if ('skip' in converted) skipped.push({ where: row.where, reason: converted.skip });
    else records.push(converted.record);
  }
  if (records.length === 0) {
    throw new NothingUsable(
      `none of the ${content.rows.length} records could be used, so nothing was imported`,
      skipped,
    );
  }
  const saved = store.transaction(() =>
    format.kind === 'incidents'
      ? store.evidence.saveIncidents(records as IncidentRow[])
      : store.evidence.saveDeployments(records as DeploymentRow[]),
  );
  return { format: format.label, kind: format.kind, file: content.kind, rows: content.rows.length, saved, skipped };
}

/** `--map "Issue key=id"`: the export's column (any case or spacing) becomes one of our fields. */
function parseMap(entries: readonly string[], formats: readonly { fields: string[] }[]): Map<string, string> {
  const fields = new Set(formats.flatMap((f) => f.fields));
  const renames = new Map<string, string>();
  for (const entry of entries) {
    const at = entry.lastIndexOf('=');
    const column = normaliseColumn(entry.slice(0, Math.max(0, at)));
    const field = entry.slice(at + 1).trim();
    if (at < 1 || column === '' || field === '') {
      throw new ImportRefused(
        `--map needs column=field, e.g. --map "Service=service_name" (got "${entry.slice(0, 60)}")`,
      );
    }
    if (!fields.has(field)) {
      throw new ImportRefused(
        `--map ${entry.slice(0, 60)}: "${field.slice(0, 40)}" is not a field of this import (fields: ${[...fields].join(', ')})`,
      );
    }
    renames.set(column, field);
  }
  return renames;
}

/** Deployments come as our own list or as GitHub's deployments; GitHub's carry a commit sha. */
function choose(
  kind: ImportKind,
  content: ExportContent,
  candidates: (IncidentFormat | DeploymentFormat)[],
): IncidentFormat | DeploymentFormat {
  if (kind === 'deployments' && content.kind === 'json' && content.columns.includes('sha')) return github;
  return candidates[0] as IncidentFormat | DeploymentFormat;
}

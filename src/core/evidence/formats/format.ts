import type { DeploymentRow, IncidentRow } from '../../store/evidence-store.ts';

export type Converted<T> = { record: T } | { skip: string };

/**
 * One kind of export: the columns it must have (each entry lists alternatives, one of which is
 * enough), every field it understands (the targets --map may name), and how one row becomes a
 * stored record. Converters read only the fields the figures need: anything else in the row
 * (callers, assignees, responders, descriptions, notes) is never looked at, so never kept.
 */
export interface ExportFormat<T extends IncidentRow | DeploymentRow> {
  id: string;
  /** What the file should be, for messages: "a PagerDuty Analytics raw incidents export". */
  label: string;
  kind: T extends IncidentRow ? 'incidents' : 'deployments';
  required: string[][];
  fields: string[];
  convert(values: Record<string, unknown>, timezone: string): Converted<T>;
}

export type IncidentFormat = ExportFormat<IncidentRow>;
export type DeploymentFormat = ExportFormat<DeploymentRow>;

import { z } from 'zod';
import { dayOfMs, isAfterHours } from '../time.ts';
import {
  count,
  firstProblem,
  optionalLabel,
  optionalRecordId,
  optionalTimestamp,
  requiredTimestamp,
  seconds,
  serviceName,
} from './fields.ts';
import type { IncidentFormat } from './format.ts';

/**
 * PagerDuty Analytics raw incident data (Insights → download, or the /analytics/raw/incidents
 * API), CSV or JSON, in its own field names. Handoffs are assignments after the first:
 * `assignment_count` counts every time responders were assigned, reassignments and escalations
 * included.
 */
export const pagerduty: IncidentFormat = {
  id: 'pagerduty',
  label: 'a PagerDuty Analytics raw incidents export',
  kind: 'incidents',
  required: [['id', 'incident_id'], ['service_name'], ['created_at']],
  fields: [
    'id',
    'incident_id',
    'service_name',
    'created_at',
    'resolved_at',
    'seconds_to_first_ack',
    'seconds_to_resolve',
    'assignment_count',
    'priority_name',
  ],
  convert(values, timezone) {
    const row = schemaFor(timezone).safeParse(values);
    if (!row.success) return { skip: firstProblem(row.error) };
    const r = row.data;
    const id = r.id ?? r.incident_id;
    if (!id) return { skip: 'id (or incident_id) is empty' };
    if (r.resolved_at !== undefined && r.resolved_at < r.created_at)
      return { skip: 'resolved_at is before created_at' };
    const restore =
      r.seconds_to_resolve ??
      (r.resolved_at !== undefined ? Math.round((r.resolved_at - r.created_at) / 1000) : undefined);
    return {
      record: {
        source: 'pagerduty',
        record: id,
        service: r.service_name,
        day: dayOfMs(r.created_at),
        afterHours: isAfterHours(r.created_at, timezone),
        ackSeconds: r.seconds_to_first_ack,
        restoreSeconds: restore,
        handoffs: r.assignment_count === undefined ? undefined : Math.max(0, r.assignment_count - 1),
        priority: r.priority_name,
      },
    };
  },
};

const schemas = new Map<string, ReturnType<typeof build>>();

/** Built once per time zone: building zod schemas is far dearer than using them. */
function schemaFor(timezone: string) {
  let schema = schemas.get(timezone);
  if (!schema) {
    schema = build(timezone);
    schemas.set(timezone, schema);
  }
  return schema;
}

function build(timezone: string) {
  return z.object({
    id: optionalRecordId,
    incident_id: optionalRecordId,
    service_name: serviceName,
    created_at: requiredTimestamp(timezone),
    resolved_at: optionalTimestamp(timezone),
    seconds_to_first_ack: seconds,
    seconds_to_resolve: seconds,
    assignment_count: count,
    priority_name: optionalLabel(40),
  });
}

import { z } from 'zod';
import { dayOfMs, isAfterHours } from '../time.ts';
import {
  count,
  firstProblem,
  optionalLabel,
  optionalServiceName,
  optionalTimestamp,
  recordId,
  requiredTimestamp,
} from './fields.ts';
import type { IncidentFormat } from './format.ts';

/**
 * A ServiceNow incident list exported as CSV (list → Export → CSV): field names as headers and
 * display values, dates as `YYYY-MM-DD HH:mm:ss` in the exporting user's time zone, which must
 * be OPSCOACH_TIMEZONE. The service is `business_service`, else `cmdb_ci`. ServiceNow has no
 * standard acknowledgement time; `acknowledged_at` can be mapped from a custom field.
 */
export const servicenow: IncidentFormat = {
  id: 'servicenow',
  label: 'a ServiceNow incident list export',
  kind: 'incidents',
  required: [['number'], ['opened_at'], ['business_service', 'cmdb_ci']],
  fields: [
    'number',
    'opened_at',
    'resolved_at',
    'acknowledged_at',
    'priority',
    'business_service',
    'cmdb_ci',
    'reassignment_count',
  ],
  convert(values, timezone) {
    const row = schemaFor(timezone).safeParse(values);
    if (!row.success) return { skip: firstProblem(row.error) };
    const r = row.data;
    const service = r.business_service || r.cmdb_ci;
    if (!service) return { skip: 'business_service and cmdb_ci are both empty' };
    if (r.resolved_at !== undefined && r.resolved_at < r.opened_at) return { skip: 'resolved_at is before opened_at' };
    if (r.acknowledged_at !== undefined && r.acknowledged_at < r.opened_at)
      return { skip: 'acknowledged_at is before opened_at' };
    return {
      record: {
        source: 'servicenow',
        record: r.number,
        service,
        day: dayOfMs(r.opened_at),
        afterHours: isAfterHours(r.opened_at, timezone),
        ackSeconds: r.acknowledged_at === undefined ? undefined : Math.round((r.acknowledged_at - r.opened_at) / 1000),
        restoreSeconds: r.resolved_at === undefined ? undefined : Math.round((r.resolved_at - r.opened_at) / 1000),
        handoffs: r.reassignment_count,
        priority: r.priority,
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
    number: recordId,
    opened_at: requiredTimestamp(timezone),
    resolved_at: optionalTimestamp(timezone),
    acknowledged_at: optionalTimestamp(timezone),
    priority: optionalLabel(40),
    business_service: optionalServiceName,
    cmdb_ci: optionalServiceName,
    reassignment_count: count,
  });
}

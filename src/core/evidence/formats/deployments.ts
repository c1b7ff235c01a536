import { z } from 'zod';
import type { DeploymentRow } from '../../store/evidence-store.ts';
import { dayOfMs } from '../time.ts';
import {
  derivedId,
  firstProblem,
  optionalLabel,
  optionalRecordId,
  optionalTimestamp,
  requiredTimestamp,
  serviceName,
} from './fields.ts';
import type { DeploymentFormat } from './format.ts';

const OUTCOMES: Record<string, NonNullable<DeploymentRow['outcome']>> = {
  success: 'success',
  succeeded: 'success',
  successful: 'success',
  ok: 'success',
  failure: 'failure',
  failed: 'failure',
  error: 'failure',
  rolled_back: 'rolled_back',
  rolledback: 'rolled_back',
  rollback: 'rolled_back',
  reverted: 'rolled_back',
};

/**
 * One row per production deployment, CSV or JSON: `service`, `deployed_at`, and optionally
 * `committed_at` (the oldest commit in the change, for lead time), `status` (success, failure,
 * rolled_back) and `id`. Without an id, the service and time identify the deployment.
 */
export const deployments: DeploymentFormat = {
  id: 'deployments',
  label: 'a deployments list (service, deployed_at, optional committed_at, status, id)',
  kind: 'deployments',
  required: [['service'], ['deployed_at']],
  fields: ['id', 'service', 'deployed_at', 'committed_at', 'status'],
  convert(values, timezone) {
    const row = schemaFor(timezone).safeParse(values);
    if (!row.success) return { skip: firstProblem(row.error) };
    const r = row.data;
    const status = r.status?.toLowerCase().replace(/[\s-]+/g, '_');
    const outcome = status === undefined ? undefined : OUTCOMES[status];
    if (status !== undefined && !outcome) return { skip: 'status is not success, failure or rolled_back' };
    if (r.committed_at !== undefined && r.committed_at > r.deployed_at)
      return { skip: 'committed_at is after deployed_at' };
    return {
      record: {
        source: 'deployments',
        record: r.id ?? derivedId(r.service, r.deployed_at),
        service: r.service,
        day: dayOfMs(r.deployed_at),
        leadSeconds: r.committed_at === undefined ? undefined : Math.round((r.deployed_at - r.committed_at) / 1000),
        outcome,
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
    service: serviceName,
    deployed_at: requiredTimestamp(timezone),
    committed_at: optionalTimestamp(timezone),
    status: optionalLabel(30),
  });
}

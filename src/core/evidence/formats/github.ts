import { z } from 'zod';
import { dayOfMs } from '../time.ts';
import {
  firstProblem,
  optionalServiceName,
  optionalTimestamp,
  recordId,
  requiredTimestamp,
  serviceName,
} from './fields.ts';
import type { DeploymentFormat } from './format.ts';

const status = z.object({ state: z.string(), created_at: z.string().optional() });

/**
 * GitHub's deployments (REST: list deployments) with each one's statuses attached as
 * `statuses` (list deployment statuses), as JSON. Production deployments only (environment
 * `production`, or `production_environment: true`); the service is the repository's name, or
 * `payload.service` when the workflow sets one. A deployment that ever reported `failure` or
 * `error` failed; one that reported `success` succeeded (a later `inactive` only means a newer
 * one replaced it); one still `queued`, `pending` or `in_progress` is not counted yet. GitHub
 * does not say when the change was committed, so these carry no lead time unless the payload
 * has `committed_at`.
 */
export const github: DeploymentFormat = {
  id: 'github',
  label: "GitHub's deployments with their statuses (JSON)",
  kind: 'deployments',
  required: [['id'], ['created_at'], ['environment']],
  fields: ['id', 'created_at', 'environment', 'production_environment', 'repository_url', 'payload', 'statuses'],
  convert(values, timezone) {
    const row = schemaFor(timezone).safeParse(values);
    if (!row.success) return { skip: firstProblem(row.error) };
    const r = row.data;
    if (!(r.production_environment ?? /^prod(uction)?$/i.test(r.environment)))
      return { skip: 'not a production deployment' };
    const service =
      r.payload?.service ?? serviceName.safeParse(r.repository_url?.split('/').filter(Boolean).at(-1)).data;
    if (!service) return { skip: 'no repository_url (or payload.service) to name the service' };
    const states = (r.statuses ?? []).map((s) => s.state.toLowerCase());
    const outcome = states.some((s) => s === 'failure' || s === 'error')
      ? 'failure'
      : states.includes('success') || states.includes('inactive')
        ? 'success'
        : undefined;
    if (!outcome) return { skip: 'it has not finished (no success, failure or error status yet)' };
    const committed = r.payload?.committed_at;
    if (committed !== undefined && committed > r.created_at)
      return { skip: 'payload.committed_at is after created_at' };
    return {
      record: {
        source: 'github',
        record: r.id,
        service,
        day: dayOfMs(r.created_at),
        leadSeconds: committed === undefined ? undefined : Math.round((r.created_at - committed) / 1000),
        outcome,
      },
    };
  },
};

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

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
    id: recordId,
    created_at: requiredTimestamp(timezone),
    environment: z.string({ error: 'is not text' }),
    production_environment: z.boolean().optional(),
    repository_url: z.string().optional(),
    payload: z
      .preprocess(
        (v) => (typeof v === 'string' ? safeJson(v) : v),
        z
          .object({ service: optionalServiceName, committed_at: optionalTimestamp(timezone) })
          .partial()
          .optional()
          .catch(undefined),
      )
      .optional(),
    statuses: z.array(status, { error: 'is not a list of statuses' }).optional(),
  });
}

import type { EvidenceFigures } from '../reply.ts';
import type { StoredDeployment, StoredIncident } from '../store/evidence-store.ts';

/** The middle value (the mean of the two middle ones for an even count), or null for none. */
function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const round = (value: number | null, places: number) =>
  value === null ? null : Math.round(value * 10 ** places) / 10 ** places;
const share = (count: number, of: number) => (of === 0 ? null : round(count / of, 3));

/**
 * The figures for one set of incidents and deployments over `weeks` weeks. Medians are of the
 * records that have the value (an incident still open has no restore time); the change failure
 * rate counts failures and rollbacks over every deployment in the window, and is null when none
 * of them says how it went.
 */
export function figuresOf(
  incidents: readonly StoredIncident[],
  deployments: readonly StoredDeployment[],
  weeks: number,
): EvidenceFigures {
  const handoffs: number[] = [];
  const acks: number[] = [];
  const restores: number[] = [];
  let afterHours = 0;
  for (const i of incidents) {
    if (i.handoffs !== null) handoffs.push(i.handoffs);
    if (i.ack_seconds !== null) acks.push(i.ack_seconds);
    if (i.restore_seconds !== null) restores.push(i.restore_seconds);
    if (i.after_hours) afterHours++;
  }
  const leads: number[] = [];
  let failed = 0;
  let known = 0;
  for (const d of deployments) {
    if (d.lead_seconds !== null) leads.push(d.lead_seconds);
    if (d.outcome !== null) known++;
    if (d.outcome === 'failure' || d.outcome === 'rolled_back') failed++;
  }
  const ack = median(acks);
  const restore = median(restores);
  const lead = median(leads);
  return {
    incidents: incidents.length,
    handoffs_median: median(handoffs),
    multi_handoff_share: share(handoffs.filter((h) => h >= 2).length, handoffs.length),
    ack_minutes_median: round(ack === null ? null : ack / 60, 1),
    restore_minutes_median: round(restore === null ? null : restore / 60, 1),
    after_hours_share: share(afterHours, incidents.length),
    deployments: deployments.length,
    deploys_per_week: deployments.length === 0 ? null : round(deployments.length / weeks, 2),
    lead_time_hours_median: round(lead === null ? null : lead / 3600, 1),
    change_failure_rate: known === 0 ? null : share(failed, deployments.length),
  };
}

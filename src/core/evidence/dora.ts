import type { DoraBand, DoraBands, EvidenceFigures } from '../reply.ts';

/**
 * DORA's software delivery performance levels from the Accelerate State of DevOps Report 2023
 * (the last report that names an elite level for all four keys):
 *
 * | level  | deployment frequency             | lead time         | change failure rate | failed deployment recovery time |
 * | elite  | on demand (several a day)        | under a day       | 5 %                 | under an hour                   |
 * | high   | once a day to once a week        | a day to a week   | 10 %                | under a day                     |
 * | medium | once a week to once a month      | a week to a month | 15 %                | a day to a week                 |
 * | low    | once a week to once a month      | a week to a month | 64 %                | a month to six months           |
 *
 * The levels are clusters of whole teams, not cut-offs per figure, so a figure is placed in the
 * best level whose published value it meets; where 2023's medium and low share a range (frequency,
 * lead time) it is medium, and anything slower than every published range is low. Time to restore
 * is compared with DORA's failed deployment recovery time, though ours covers every incident.
 */
export const DORA_SOURCE = 'DORA Accelerate State of DevOps Report 2023';

const MONTH_HOURS = (365.25 / 12) * 24;

export function deploymentFrequencyBand(perWeek: number): DoraBand {
  if (perWeek > 7) return 'elite';
  if (perWeek >= 1) return 'high';
  if (perWeek >= 7 / (365.25 / 12)) return 'medium';
  return 'low';
}

export function leadTimeBand(hours: number): DoraBand {
  if (hours < 24) return 'elite';
  if (hours <= 7 * 24) return 'high';
  if (hours <= MONTH_HOURS) return 'medium';
  return 'low';
}

export function changeFailureBand(rate: number): DoraBand {
  if (rate <= 0.05) return 'elite';
  if (rate <= 0.1) return 'high';
  if (rate <= 0.15) return 'medium';
  return 'low';
}

export function restoreBand(minutes: number): DoraBand {
  if (minutes < 60) return 'elite';
  if (minutes < 24 * 60) return 'high';
  if (minutes <= 7 * 24 * 60) return 'medium';
  return 'low';
}

export function doraBands(f: EvidenceFigures): DoraBands {
  const bands: DoraBands = {};
  if (f.deploys_per_week !== null) bands.deploys_per_week = deploymentFrequencyBand(f.deploys_per_week);
  if (f.lead_time_hours_median !== null) bands.lead_time_hours_median = leadTimeBand(f.lead_time_hours_median);
  if (f.change_failure_rate !== null) bands.change_failure_rate = changeFailureBand(f.change_failure_rate);
  if (f.restore_minutes_median !== null) bands.restore_minutes_median = restoreBand(f.restore_minutes_median);
  return bands;
}

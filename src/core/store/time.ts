/** Coarse time only: the store never records a time of day. */
const HOUR_MS = 3_600_000;

export function dayOf(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** Hours since the epoch, rounded up, for expiries. */
export function hourAfter(now: Date, ms: number): number {
  return Math.ceil((now.getTime() + ms) / HOUR_MS);
}

export function currentHour(now: Date): number {
  return Math.floor(now.getTime() / HOUR_MS);
}

export function daysBefore(now: Date, days: number): string {
  return dayOf(new Date(now.getTime() - days * 24 * HOUR_MS));
}

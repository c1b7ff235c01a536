/** ISO-8601 week of a date, e.g. "2026-W48": the unit diagnostics are counted in. */
export function isoWeek(date: Date): string {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const weekday = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - weekday); // the Thursday of this week decides the year
  const yearStart = new Date(Date.UTC(d.getUTCFullYear(), 0, 1));
  const week = Math.ceil(((d.getTime() - yearStart.getTime()) / 86_400_000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** The ISO weeks ending with the one `date` is in, newest first. */
export function recentWeeks(date: Date, count: number): string[] {
  return Array.from({ length: count }, (_, i) => isoWeek(new Date(date.getTime() - i * 7 * 86_400_000)));
}

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

/** The Monday (00:00 UTC) an ISO week starts on. */
function weekStart(week: string): Date {
  const m = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!m) throw new Error(`not an ISO week: ${week}`);
  // 4 January is always in week 1; its Monday starts the ISO year.
  const jan4 = new Date(Date.UTC(Number(m[1]), 0, 4));
  const monday = jan4.getTime() - ((jan4.getUTCDay() || 7) - 1) * 86_400_000;
  return new Date(monday + (Number(m[2]) - 1) * 7 * 86_400_000);
}

/** The ISO week `count` weeks before another (after it, for a negative count). */
export function weeksBefore(week: string, count: number): string {
  return isoWeek(new Date(weekStart(week).getTime() - count * 7 * 86_400_000 + 3 * 86_400_000));
}

/** How many weeks from one ISO week to a later one, counting both. */
export function weeksFrom(first: string, last: string): number {
  return Math.round((weekStart(last).getTime() - weekStart(first).getTime()) / (7 * 86_400_000)) + 1;
}

import { dayOf } from '../store/time.ts';

const DAY_MS = 86_400_000;

/** Check-in after two weeks unless the person picks 1 to 4. */
export const DEFAULT_WEEKS = 2;
export const WEEK_CHOICES = [1, 2, 3, 4] as const;
/** The one reminder after "not yet": in one or two weeks. */
export const REMINDER_CHOICES = [1, 2] as const;
/** Check-ins go out from this hour of the organisation's day (OPSCOACH_TIMEZONE), not at midnight. */
export const SEND_FROM_HOUR = 9;

/** The day `weeks` weeks after another (YYYY-MM-DD). */
export function dayAfter(day: string, weeks: number): string {
  return dayOf(new Date(Date.parse(`${day}T00:00:00Z`) + weeks * 7 * DAY_MS));
}

/** The date and hour of a moment on the organisation's clock. */
function localClock(now: Date, timezone: string): { day: string; hour: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  return { day: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
}

/**
 * The latest due day that may be sent now: today once it is SEND_FROM_HOUR on the organisation's
 * clock, yesterday before that. A check-in due on a day the bot was down goes out when it is back.
 */
export function sendableDay(now: Date, timezone: string): string {
  const { day, hour } = localClock(now, timezone);
  return hour >= SEND_FROM_HOUR ? day : dayOf(new Date(Date.parse(`${day}T00:00:00Z`) - DAY_MS));
}

/**
 * A day no organisation's sendableDay can be past: tomorrow in UTC (no time zone is more than
 * 14 hours ahead of it). Needs no time-zone tables.
 */
export function latestSendableDay(now: Date): string {
  return dayOf(new Date(now.getTime() + DAY_MS));
}

/** "Monday 16 March" for a YYYY-MM-DD day. */
export function describeDay(day: string): string {
  return new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(
    new Date(`${day}T12:00:00Z`),
  );
}

export function weeksInWords(weeks: number): string {
  return weeks === 1 ? 'one week' : `${['', 'one', 'two', 'three', 'four'][weeks] ?? weeks} weeks`;
}

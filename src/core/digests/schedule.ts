import { Cron } from 'croner';
import { z } from 'zod';
import { isoWeek } from '../diagnostics/week.ts';

export interface Schedule {
  /** 1 = Monday ... 7 = Sunday. */
  weekday: number;
  /** HH:MM in the time zone. */
  time: string;
  timezone: string;
}

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

export function isTimezone(name: string): boolean {
  // The default, always valid: asking Intl loads locale and zone data (about 9 MB resident and
  // 40 ms at start-up), which a server without digests in other zones never otherwise needs.
  if (name === 'UTC') return true;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const weekday = z
  .string()
  .transform((s) => s.toLowerCase())
  .pipe(z.string().refine((s) => s.length >= 3 && WEEKDAYS.some((d) => d.startsWith(s)), 'a day of the week'))
  .transform((s) => WEEKDAYS.findIndex((d) => d.startsWith(s)) + 1);
const time = z
  .string()
  .regex(/^([01]?\d|2[0-3])[:.]?([0-5]\d)$/, 'a time like 09:00')
  .transform((s) => {
    const [, h, m] = /^(\d{1,2})[:.]?(\d{2})$/.exec(s) ?? [];
    return `${String(h).padStart(2, '0')}:${m}`;
  });
const timezone = z.string().refine(isTimezone, 'a time zone such as Europe/London');

/**
 * "digest on [day] [time] [timezone]" in any order, each optional: Monday, 09:00 and the given
 * default time zone unless said otherwise. Returns the schedule or one line saying what is wrong.
 */
export function parseSchedule(
  words: readonly string[],
  defaultTimezone: string,
): { schedule: Schedule } | { error: string } {
  const schedule: Schedule = { weekday: 1, time: '09:00', timezone: defaultTimezone };
  for (const word of words) {
    const asDay = weekday.safeParse(word);
    if (asDay.success) {
      schedule.weekday = asDay.data;
      continue;
    }
    const asTime = time.safeParse(word);
    if (asTime.success) {
      schedule.time = asTime.data;
      continue;
    }
    const asZone = timezone.safeParse(word);
    if (asZone.success) {
      schedule.timezone = word;
      continue;
    }
    return {
      error: `I didn't understand “${word.slice(0, 40)}”: give a day (Monday), a time (09:00) and a time zone (Europe/London), in any order.`,
    };
  }
  return { schedule };
}

function cron(schedule: Schedule): Cron {
  const [h, m] = schedule.time.split(':');
  // croner counts Sunday as 0.
  return new Cron(`0 ${Number(m)} ${Number(h)} * * ${schedule.weekday % 7}`, {
    timezone: schedule.timezone,
    paused: true,
  });
}

/** The last time the schedule fired at or before `now`. */
export function lastRun(schedule: Schedule, now: Date): Date | undefined {
  return cron(schedule).previousRuns(1, now)[0];
}

export function nextRun(schedule: Schedule, now: Date): Date | undefined {
  return cron(schedule).nextRun(now) ?? undefined;
}

/** The ISO week a moment falls in, as seen by a clock in that time zone. */
export function localWeek(at: Date, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
  return isoWeek(new Date(`${parts}T12:00:00Z`));
}

export function describeSchedule(schedule: Schedule): string {
  const day = WEEKDAYS[schedule.weekday - 1] ?? 'monday';
  return `every ${day[0]?.toUpperCase()}${day.slice(1)} at ${schedule.time} (${schedule.timezone})`;
}

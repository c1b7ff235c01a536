/**
 * Reading the timestamps exports carry, and the local clock of a moment, without Temporal (Node
 * 20 has none). ISO 8601 with an offset is taken as written; a wall-clock time without one
 * (ServiceNow's `YYYY-MM-DD HH:mm:ss`, in the exporting user's zone) is read in the zone given,
 * which is OPSCOACH_TIMEZONE.
 */

const STAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|UTC|[+-]\d{2}(?::?\d{2})?)?$/;

const QUARTER_HOUR_MS = 900_000;

/** Offsets and clocks per zone and quarter hour: every zone's changes fall on quarter hours. */
const zones = new Map<string, Zone>();

interface Zone {
  format: Intl.DateTimeFormat;
  offsets: Map<number, number>;
}

function zone(name: string): Zone {
  let z = zones.get(name);
  if (!z) {
    z = {
      format: new Intl.DateTimeFormat('en-GB', {
        timeZone: name,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      }),
      offsets: new Map(),
    };
    zones.set(name, z);
  }
  return z;
}

/** Minutes the zone is ahead of UTC at that moment. */
function offsetMinutes(at: number, timezone: string): number {
  const z = zone(timezone);
  const bucket = Math.floor(at / QUARTER_HOUR_MS);
  const known = z.offsets.get(bucket);
  if (known !== undefined) return known;
  const start = bucket * QUARTER_HOUR_MS;
  const parts = Object.fromEntries(z.format.formatToParts(new Date(start)).map((p) => [p.type, p.value]));
  const wall = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  const offset = Math.round((wall - start) / 60_000);
  if (z.offsets.size > 200_000) z.offsets.clear();
  z.offsets.set(bucket, offset);
  return offset;
}

/**
 * A timestamp from an export as milliseconds since the epoch, or undefined when it is not one
 * we can read.
 */
export function parseTimestamp(text: string, timezone: string): number | undefined {
  const m = STAMP.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zoneText] = m;
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  const wall = Date.UTC(
    Number(y),
    month - 1,
    day,
    hour,
    minute,
    Math.min(second, 59),
    Number(`0.${fraction || '0'}`) * 1000,
  );
  // Date.UTC rolls 31 February into March: a date that does not exist is not a date.
  if (new Date(wall).getUTCDate() !== day) return undefined;
  if (zoneText) {
    if (/^(z|utc)$/i.test(zoneText)) return wall;
    const sign = zoneText.startsWith('-') ? -1 : 1;
    const digits = zoneText.slice(1).replace(':', '');
    const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
    if (minutes > 18 * 60) return undefined;
    return wall - sign * minutes * 60_000;
  }
  // Guess with the offset at the wall time read as UTC, then correct it with the offset at the
  // guess: right for every moment except the hour a daylight-saving change skips or repeats.
  const guess = wall - offsetMinutes(wall, timezone) * 60_000;
  return wall - offsetMinutes(guess, timezone) * 60_000;
}

/** Day of the week (1 = Monday ... 7 = Sunday) and hour of a moment on the zone's clocks. */
function localClock(at: number, timezone: string): { weekday: number; hour: number } {
  const local = new Date(at + offsetMinutes(at, timezone) * 60_000);
  return { weekday: local.getUTCDay() || 7, hour: local.getUTCHours() };
}

/** Working hours are Monday to Friday, 08:00 to 18:00 on the organisation's clocks. */
export function isAfterHours(at: number, timezone: string): boolean {
  const { weekday, hour } = localClock(at, timezone);
  return weekday > 5 || hour < 8 || hour >= 18;
}

/** The UTC day of a moment, as the store keeps it. */
export function dayOfMs(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

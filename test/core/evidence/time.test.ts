import { describe, expect, it } from 'vitest';
import { isAfterHours, parseTimestamp } from '../../../src/core/evidence/time.ts';

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

describe('reading export timestamps', () => {
  it('takes ISO 8601 offsets as written', () => {
    expect(iso(parseTimestamp('2026-11-07T14:00:00-05:00', 'Europe/London'))).toBe('2026-11-07T19:00:00.000Z');
    expect(iso(parseTimestamp('2026-11-20T08:15:00+0100', 'UTC'))).toBe('2026-11-20T07:15:00.000Z');
    expect(iso(parseTimestamp('2026-11-02T03:14:00.250Z', 'Asia/Tokyo'))).toBe('2026-11-02T03:14:00.250Z');
  });

  it('reads a time without an offset (ServiceNow) on the clocks of OPSCOACH_TIMEZONE, summer time included', () => {
    expect(iso(parseTimestamp('2026-11-10 09:30:00', 'Europe/London'))).toBe('2026-11-10T09:30:00.000Z');
    expect(iso(parseTimestamp('2026-07-10 09:30:00', 'Europe/London'))).toBe('2026-07-10T08:30:00.000Z');
    expect(iso(parseTimestamp('2026-07-10 09:30', 'America/New_York'))).toBe('2026-07-10T13:30:00.000Z');
    expect(iso(parseTimestamp('2026-01-10T09:30:00', 'Asia/Kolkata'))).toBe('2026-01-10T04:00:00.000Z');
  });

  it('says so when it cannot read one, rather than guessing', () => {
    for (const text of ['31/11/2026 10:00', 'yesterday', '2026-02-31 10:00:00', '2026-11-10 25:00:00', ''])
      expect(parseTimestamp(text, 'UTC'), text).toBeUndefined();
  });
});

describe('out of hours', () => {
  it('is outside Monday to Friday, 08:00 to 18:00, on the organisation clocks', () => {
    const at = (text: string, zone: string) => isAfterHours(parseTimestamp(text, zone) as number, zone);
    expect(at('2026-11-09 07:59:59', 'Europe/London')).toBe(true);
    expect(at('2026-11-09 08:00:00', 'Europe/London')).toBe(false);
    expect(at('2026-11-09 17:59:59', 'Europe/London')).toBe(false);
    expect(at('2026-11-09 18:00:00', 'Europe/London')).toBe(true);
    expect(at('2026-11-07 12:00:00', 'Europe/London')).toBe(true); // a Saturday
    // 07:30 UTC on a July Monday is 08:30 in London (summer time): working hours.
    expect(isAfterHours(Date.parse('2026-07-06T07:30:00Z'), 'Europe/London')).toBe(false);
    expect(isAfterHours(Date.parse('2026-07-06T07:30:00Z'), 'UTC')).toBe(true);
  });
});

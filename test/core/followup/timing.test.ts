import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { latestSendableDay, sendableDay } from '../../../src/core/followup/timing.ts';

describe('when check-ins may go out', () => {
  // The scheduler asks the store for anything due by latestSendableDay before it reads the
  // organisation's clock: a check-in it skipped that way would never be sent.
  it('never has a sendable day past latestSendableDay, in any time zone at any moment', () => {
    const zones = Intl.supportedValuesOf('timeZone');
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom(...zones, 'Pacific/Kiritimati', 'Etc/GMT-14', 'Etc/GMT+12'),
        (now, zone) => {
          expect(sendableDay(now, zone) <= latestSendableDay(now)).toBe(true);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('is tomorrow in UTC', () => {
    expect(latestSendableDay(new Date('2026-03-16T23:59:00Z'))).toBe('2026-03-17');
    expect(latestSendableDay(new Date('2026-12-31T00:00:00Z'))).toBe('2027-01-01');
  });
});

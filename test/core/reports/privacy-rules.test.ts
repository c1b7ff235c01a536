import { describe, expect, it } from 'vitest';
import { releasableSlices, respondentBand, share } from '../../../src/core/reports/privacy-rules.ts';

describe('report privacy rules', () => {
  it('shows respondents as bands, never counts', () => {
    expect(respondentBand(5, 5)).toBe('5–9');
    expect(respondentBand(9, 5)).toBe('5–9');
    expect(respondentBand(10, 5)).toBe('10–19');
    expect(respondentBand(20, 5)).toBe('20+');
    expect(respondentBand(3, 3)).toBe('3–9');
  });

  it('rounds percentages to tens below 20 respondents', () => {
    expect(share(1, 7)).toBe(10); // 14 %
    expect(share(3, 7)).toBe(40); // 43 %
    expect(share(3, 19)).toBe(20); // 16 %
    expect(share(3, 20)).toBe(15);
    expect(share(1, 3)).toBe(30);
  });

  it('hides groups under k, and the next-smallest so a hidden one cannot be found by subtraction', () => {
    const released = releasableSlices(
      [
        { value: 'delivery', n: 12 },
        { value: 'operations', n: 7 },
        { value: 'leadership', n: 6 },
        { value: 'other', n: 2 },
      ],
      5,
    );
    // "other" (2) is under k; "leadership" (6) goes too, so total minus shown never gives 2.
    expect(released?.shown.map((g) => g.value)).toEqual(['delivery', 'operations']);
    expect(released?.hidden).toBe(2);
  });

  it('keeps hiding until the hidden people add up to k', () => {
    const released = releasableSlices(
      [
        { value: 'a', n: 30 },
        { value: 'b', n: 20 },
        { value: 'c', n: 5 },
        { value: 'd', n: 1 },
      ],
      5,
    );
    // Hiding d (1) then c (5): 6 hidden people, at least k.
    expect(released?.shown.map((g) => g.value)).toEqual(['a', 'b']);
  });

  it('shows nothing when fewer than two groups would be left', () => {
    expect(
      releasableSlices(
        [
          { value: 'a', n: 40 },
          { value: 'b', n: 3 },
        ],
        5,
      ),
    ).toBeUndefined();
    expect(releasableSlices([{ value: 'a', n: 40 }], 5)).toBeUndefined();
  });

  it('shows every group when all pass', () => {
    const released = releasableSlices(
      [
        { value: 'a', n: 5 },
        { value: 'b', n: 9 },
      ],
      5,
    );
    expect(released?.shown.map((g) => g.value)).toEqual(['b', 'a']);
    expect(released?.hidden).toBe(0);
  });
});

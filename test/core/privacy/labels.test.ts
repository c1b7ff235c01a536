import { describe, expect, it } from 'vitest';
import { storableLabel } from '../../../src/core/privacy/labels.ts';

describe('place names', () => {
  it('are kept when they name a place and nobody in it', () => {
    expect(storableLabel('#platform-ops')).toBe('#platform-ops');
    expect(storableLabel('Platform / Ops on call')).toBe('Platform / Ops on call');
  });

  it("are refused when they are a group DM's members, a placeholder, or carry what the scrubber removes", () => {
    for (const label of [
      '#mpdm-alice--bob--carol-1',
      'mpdm-alice--bob-1',
      '#privategroup',
      '#directmessage',
      'Ops / ring 07700 900123',
      'Ops / ask sam@example.com',
      'Ops / @sam.smith',
      'Ops / https://evil.example/reset',
      'Ops / <!channel>',
      'x'.repeat(201),
      '   ',
    ]) {
      expect(storableLabel(label), label).toBeUndefined();
    }
  });
});

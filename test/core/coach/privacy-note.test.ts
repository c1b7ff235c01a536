import { afterAll, describe, expect, it } from 'vitest';
import { startTestRuntime } from '../../helpers/runtime.ts';

const test = startTestRuntime({ OPSCOACH_MIN_GROUP: '8', OPSCOACH_RETENTION_DAYS: '180' });
afterAll(() => test.close());

describe('what people are told about privacy', () => {
  it('quotes the configured group size and retention, not defaults', async () => {
    const note = await test.runtime.coach.handle('privacy');
    expect(note.kind === 'notice' && note.text).toMatch(/groups of 8 or more/);
    expect(note.kind === 'notice' && note.text).toMatch(/deleted after 180 days/);
    expect(note.kind === 'notice' && note.text).not.toMatch(/\{\w+\}/);

    const person = test.runtime.pseudonyms.key('test-user', 'ada');
    const notice = test.runtime.coach.diagnosticChoice(person, 'dx:start:handovers');
    expect(notice.text).toMatch(/only shown for groups of 8 or more/);
    expect(notice.text).not.toMatch(/\b5\b|\{min_group\}/);
  });
});

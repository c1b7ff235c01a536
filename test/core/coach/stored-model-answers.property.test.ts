import fc from 'fast-check';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plantedDetail } from '../../helpers/arbitraries.ts';
import { findLeaks } from '../../helpers/db-leaks.ts';
import { completion, FAKE_OPENAI, FAKE_OPENAI_BASE_URL, resetNock } from '../../helpers/fake-openai.ts';
import { startTestRuntime } from '../../helpers/runtime.ts';

// Questions are stored only scrubbed; a model-written answer is stored too (for sharing, for a
// week, and as context for follow-ups, for a day). A model may well repeat the email address,
// phone number, mention or link it was given, so the stored answer must lose them as well.

const test = startTestRuntime({
  OPENAI_API_KEY: 'sk-test-abcdefghijklmnop',
  OPENAI_BASE_URL: FAKE_OPENAI_BASE_URL,
  OPENAI_EMBEDDING_MODEL: 'none',
  OPENAI_TIMEOUT_MS: '2000',
});
let modelSays = '';
beforeAll(() => {
  resetNock();
  nock(FAKE_OPENAI)
    .persist()
    .post('/v1/chat/completions')
    .reply(200, () => completion(modelSays));
});
afterAll(() => {
  test.close();
  nock.cleanAll();
  nock.enableNetConnect();
});

/** How a reply would repeat a detail without Slack's or Teams' wrapping: <mailto:a@b|a@b> as a@b. */
const unwrapped = (typed: string) =>
  typed.startsWith('<at>') ? typed.slice(4, -5) : typed.replace(/^<(?:mailto:|@)?/, '').replace(/\|[^>]*>$|>$/, '');

describe('a model answer that repeats what identified the asker', () => {
  it('is shown to the asker, but stored (log, share copy, conversation memory) without those details', async () => {
    let answered = 0;
    const needles: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          'How do we pay people fairly for on-call standby and callouts?',
          'Who gets paged at 3am when teams run their own services on call?',
        ),
        plantedDetail,
        fc.string({ minLength: 1, maxLength: 8 }),
        async (question, detail, conversation) => {
          modelSays = `Pay people for standby and for each callout [1]. You wrote ${detail.text}, that is ${unwrapped(detail.text)} - noted.`;
          const reply = await test.runtime.coach.ask(`${question} ${detail.text}`, {
            conversation: test.runtime.pseudonyms.key('c', conversation),
          });
          if (!reply.answered || reply.mode !== 'model') return;
          answered++;
          needles.push(...detail.needles, unwrapped(detail.text));
          const shared = test.runtime.coach.shared(reply.answerId ?? '');
          if (/^(?:https?:|www\.)/i.test(unwrapped(detail.text))) {
            // A link to a site the knowledge base does not cite is never shown, not even to the
            // asker (src/core/safety/), so there is nothing to take out of the stored copy.
            expect(reply.text).toContain('[link]');
            for (const needle of detail.needles) expect(reply.text).not.toContain(needle);
          } else {
            // The person saw the answer as written; the copy kept for sharing has lost the details.
            expect(reply.text).toContain(unwrapped(detail.text));
            expect(shared?.text).toMatch(
              /^Pay people for standby and for each callout \[1\]\. You wrote .*\[removed\]/,
            );
          }
          for (const needle of detail.needles) expect(shared?.text).not.toContain(needle);
        },
      ),
      { numRuns: 120 },
    );
    expect(answered).toBeGreaterThan(40);
    expect(findLeaks(test.dbPath, needles)).toEqual([]);
  });
});

import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCommand } from '../../../src/core/coach/commands.ts';
import type { DiagnosticReply, Reply } from '../../../src/core/reply.ts';
import { anyJson, forgedToken, hostileText, typedText } from '../../helpers/arbitraries.ts';
import { findLeaks, rowCounts } from '../../helpers/db-leaks.ts';
import { startTestRuntime } from '../../helpers/runtime.ts';

// The core behind every adapter, fed what adapters pass through from people: whatever they type,
// whatever a button or card carries. Adapters add nothing of substance, so this is where most
// runs are cheap enough to spend.
const test = startTestRuntime();
const { coach, pseudonyms } = test.runtime;
afterAll(() => test.close());

const KINDS = ['answer', 'help', 'topics', 'notice', 'diagnostic', 'results', 'report', 'digest'];
const person = fc.string({ minLength: 1, maxLength: 12 }).map((s) => pseudonyms.key('hostile-person', s));

/** A reply someone can see: a known kind with something to show. */
function expectShowable(reply: Reply): void {
  expect(KINDS).toContain(reply.kind);
  const shown = JSON.stringify(reply);
  expect(shown.length).toBeGreaterThan(20);
}

/** Walks a new diagnostic to its comment stage the way a person clicking the first answers would. */
function atCommentStage(who: string): DiagnosticReply {
  let reply = coach.diagnosticChoice(who, 'dx:start:handovers', { workspace: 'w' });
  for (let i = 0; i < 30 && reply.stage !== 'comment'; i++) {
    const next = reply.choices.find((c) => c.style === 'option') ?? reply.choices.find((c) => c.style === 'primary');
    if (!next) throw new Error(`stuck at ${reply.stage}`);
    reply = coach.diagnosticChoice(who, next.token);
  }
  expect(reply.stage).toBe('comment');
  return reply;
}

describe('the coach fed hostile input', () => {
  it('parses anything at all into a command, never throwing', () => {
    fc.assert(
      fc.property(fc.oneof(hostileText, anyJson, fc.anything()), fc.boolean(), (raw, slash) => {
        const command = parseCommand(raw, { slash });
        expect(['help', 'topics', 'privacy', 'greeting', 'diagnose', 'results', 'report', 'digest', 'ask']).toContain(
          command.name,
        );
      }),
      { numRuns: 500 },
    );
  });

  it('answers any text in any context with a reply a person can see', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          hostileText,
          typedText.map((t) => t.text),
          anyJson,
        ),
        fc.record(
          {
            person,
            conversation: person,
            slash: fc.boolean(),
            admin: fc.boolean(),
            workspace: fc.string({ maxLength: 8 }),
            timezone: fc.oneof(fc.constantFrom('Europe/London', 'UTC'), fc.string({ maxLength: 12 })),
            digestTarget: fc.record({
              platform: fc.constantFrom('slack', 'teams', 'terminal'),
              channel: fc.string({ minLength: 1, maxLength: 12 }),
              label: fc.option(hostileText, { nil: undefined }),
            }),
          },
          { requiredKeys: [] },
        ),
        async (text, context) => expectShowable(await coach.handle(text, context)),
      ),
      { numRuns: 300 },
    );
  });

  it('meets any digest words and report arguments from an authorised person with a notice, a digest or a report', async () => {
    const target = { platform: 'slack', channel: 'CHOSTILE', label: '#hostile' };
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(hostileText, fc.constantFrom('on', 'off', 'preview', 'status', 'monday', '25:99', 'Mars/Base')),
          {
            maxLength: 6,
          },
        ),
        fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
        fc.oneof(fc.integer(), fc.double()),
        async (words, diagnostic, weeks) => {
          expectShowable(coach.digest(words, { admin: true, digestTarget: target, timezone: 'UTC' }));
          expectShowable(coach.report(diagnostic, weeks, { admin: true }));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('treats any button token it did not issue as nothing: a menu with a note, no session moved', () => {
    const owner = pseudonyms.key('hostile-person', 'owner');
    const real = atCommentStage(owner);
    fc.assert(
      fc.property(person, fc.oneof(forgedToken, anyJson), (who, token) => {
        const reply = coach.diagnosticChoice(who, token);
        expect(reply.kind).toBe('diagnostic');
        expect(reply.choices.length).toBeGreaterThan(0);
      }),
      { numRuns: 400 },
    );
    // The owner's diagnostic is exactly where it was: no forged click moved it.
    const again = coach.diagnosticChoice(owner, `dx:${real.sessionId}:resume`);
    expect(again.stage).toBe('comment');
  });

  it("refuses someone else's session, whatever they type as a comment", () => {
    const owner = pseudonyms.key('hostile-person', 'comment-owner');
    const session = atCommentStage(owner).sessionId ?? '';
    fc.assert(
      fc.property(person, hostileText, (who, text) => {
        const reply = coach.diagnosticComment(who, session, text);
        expect(reply.stage).toBe('choose');
        expect(reply.note).toMatch(/someone else|no longer available/);
      }),
      { numRuns: 100 },
    );
  });

  it('rates or shares only answers it gave, whatever id a button carries', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), person, fc.boolean(), (id, who, helpful) => {
        expect(coach.feedback(id, who, helpful).text).toMatch(/too old to rate/);
        expect(coach.shared(id)).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });

  it('stores questions and diagnostic comments only after scrubbing what identifies people', async () => {
    const needles: string[] = [];
    let comments = 0;
    await fc.assert(
      fc.asyncProperty(typedText, typedText, person, async (question, comment, who) => {
        needles.push(...question.needles, ...comment.needles);
        expectShowable(await coach.handle(question.text, { person: who, conversation: who }));
        const reply = coach.diagnosticComment(who, atCommentStage(who).sessionId ?? '', comment.text);
        expect(reply.stage).toBe('result');
        comments++;
      }),
      { numRuns: 150 },
    );
    const counts = rowCounts(test.dbPath);
    // The scan read real rows: questions were logged, remembered, and comments saved.
    expect(counts.answers).toBeGreaterThan(0);
    expect(counts.conversation_turns).toBeGreaterThan(0);
    expect(counts.diagnostic_responses).toBeGreaterThan(0);
    expect(comments).toBe(150);
    expect(findLeaks(test.dbPath, needles)).toEqual([]);
  });
});

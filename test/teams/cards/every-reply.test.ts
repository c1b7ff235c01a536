import { afterAll, describe, expect, it } from 'vitest';
import { MAX_COMMENT_CHARS } from '../../../src/core/limits.ts';
import type { DiagnosticReply, Reply } from '../../../src/core/reply.ts';
import { replyCard, replySummary } from '../../../src/teams/cards/reply-card.ts';
import { essence, everyReply, examples, first, plain } from '../../helpers/replies.ts';

const { replies, close } = await everyReply();
afterAll(() => close());

type Element = { type: string; data?: Record<string, unknown>; maxLength?: number; actions?: Element[] };

/** Every element of a card, nested ones included. */
function elements(card: { body: unknown[]; actions?: unknown[] }): Element[] {
  const all: Element[] = [];
  const visit = (e: Element) => {
    all.push(e);
    for (const child of e.actions ?? []) visit(child);
  };
  for (const e of [...card.body, ...(card.actions ?? [])] as Element[]) visit(e);
  return all;
}

/** Every kind of reply as an Adaptive Card 1.5 that Teams accepts, saying what the reply says. */
describe('Teams renders every kind of reply', () => {
  it.each(examples(replies))('%s: %s', (_kind, _name, reply: Reply) => {
    const card = replyCard(reply);
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    expect(card.body.length).toBeGreaterThan(0);
    // Teams refuses a message over about 28 KB; charts are sent as images inside it.
    expect(JSON.stringify(card).length).toBeLessThan(28_000 + ('chart' in reply && reply.chart?.png ? 200_000 : 0));
    for (const submit of elements(card).filter((e) => e.type === 'Action.Submit')) {
      // Every button says what it is for, so the bot can validate it (src/teams/submit.ts).
      expect(submit.data).toHaveProperty('opscoach');
    }
    expect(plain(JSON.stringify(card))).toContain(essence(reply));
    expect(replySummary(reply).trim()).not.toBe('');
  });
});

describe('Teams card renderers', () => {
  it('answer: the note on how it was written, and Helpful / Not helpful for a logged answer', () => {
    const { reply } = first(replies.answer);
    const json = JSON.stringify(replyCard(reply));
    expect(json).toMatch(/Quoted from the knowledge base by an automated coach/);
    expect(json).toMatch(/"helpful":true/);
  });

  it('diagnostic: one button per answer carrying the core’s token, and a comment box sized to the core’s limit', () => {
    const question = replies.diagnostic.find((d) => d.name === 'a diagnostic question')?.reply as DiagnosticReply;
    const submits = elements(replyCard(question)).filter((e) => e.type === 'Action.Submit');
    for (const choice of question.choices) {
      expect(submits.some((s) => s.data?.token === choice.token)).toBe(true);
    }
    const commented: DiagnosticReply = { ...question, acceptsComment: true, sessionId: 'session-1234567890' };
    const input = elements(replyCard(commented)).find((e) => e.type === 'Input.Text');
    expect(input?.maxLength).toBe(MAX_COMMENT_CHARS);
  });

  it('report and digest: the configured smallest group in their notes', () => {
    for (const { reply } of [...replies.report, ...replies.digest]) {
      expect(JSON.stringify(replyCard(reply))).toContain(`under ${reply.minGroup}`);
    }
  });

  it('digest: a button to take each diagnostic', () => {
    const { reply } = first(replies.digest);
    const titles = elements(replyCard(reply))
      .filter((e) => e.type === 'Action.Submit')
      .map((e) => (e as Element & { title?: string }).title);
    expect(titles).toEqual(reply.choices.map((c) => c.label));
  });

  it('evidence: the chart as an image, and a note that records are about services', () => {
    const { reply } = first(replies.evidence);
    const card = replyCard(reply);
    expect(elements(card).some((e) => e.type === 'Image')).toBe(true);
    expect(JSON.stringify(card)).toMatch(/services, not people/);
  });
});

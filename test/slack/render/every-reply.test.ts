import { afterAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../../src/core/reply.ts';
import { renderReply } from '../../../src/slack/render/reply-blocks.ts';
import { essence, everyReply, examples, first, plain } from '../../helpers/replies.ts';

const { replies, close } = await everyReply();
afterAll(() => close());

type Element = { type: string; action_id?: string; text?: { text: string } | string; value?: string };
type Block = { type: string; text?: { type: string; text: string }; elements?: Element[] };

/** Every kind of reply as Block Kit: within Slack's limits, and saying what the reply says. */
describe('Slack renders every kind of reply', () => {
  it.each(examples(replies))('%s: %s', (_kind, _name, reply: Reply) => {
    const message = renderReply(reply);
    const blocks = message.blocks as Block[];
    expect(message.text.trim()).not.toBe('');
    expect(blocks.length).toBeGreaterThan(0);
    expect(blocks.length).toBeLessThanOrEqual(50);
    const actionIds: string[] = [];
    for (const block of blocks) {
      if (block.type === 'section') {
        expect(block.text?.text.length ?? 0).toBeGreaterThan(0);
        expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
      }
      if (block.type === 'header') expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(150);
      for (const element of block.elements ?? []) {
        if (element.type !== 'button') continue;
        const label = typeof element.text === 'string' ? element.text : (element.text?.text ?? '');
        expect(label.length).toBeGreaterThan(0);
        expect(label.length).toBeLessThanOrEqual(75);
        expect(element.value?.length ?? 0).toBeLessThanOrEqual(2000);
        actionIds.push(element.action_id ?? '');
      }
    }
    // Slack refuses a message whose buttons share an action_id.
    expect(new Set(actionIds).size).toBe(actionIds.length);
    expect(plain(JSON.stringify(blocks))).toContain(essence(reply));
  });

  it('notes the configured smallest group under reports and digests, never a number of its own', () => {
    for (const { reply } of [...replies.report, ...replies.digest]) {
      expect(JSON.stringify(renderReply(reply).blocks)).toContain(`under ${reply.minGroup}`);
    }
  });

  it('says how every answer was written, and offers feedback on it', () => {
    const { reply } = first(replies.answer);
    const json = JSON.stringify(renderReply(reply).blocks);
    expect(json).toMatch(/Quoted from the knowledge base by an automated coach/);
    expect(json).toMatch(/feedback_helpful/);
  });
});

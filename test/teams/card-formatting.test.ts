import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/reply.ts';
import { replyCard } from '../../src/teams/cards/reply-card.ts';
import { everyKindOfReply, HOSTILE_CODE } from '../helpers/reply-samples.ts';

// A Teams TextBlock renders bold, italics, lists and links and nothing else: a heading's "#",
// a table's pipes and code's backticks show as the symbols themselves. Every kind of reply is
// rendered and every text in its card walked.

type Element = Record<string, unknown>;

/** Every TextBlock's text and every TextRun (with its font) in a card, at any depth. */
function texts(card: unknown) {
  const blocks: string[] = [];
  const runs: { text: string; monospace: boolean }[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) for (const v of value) walk(v);
    else if (value && typeof value === 'object') {
      const element = value as Element;
      if (element.type === 'TextBlock') blocks.push(String(element.text));
      if (element.type === 'TextRun')
        runs.push({ text: String(element.text), monospace: element.fontType === 'Monospace' });
      for (const v of Object.values(element)) walk(v);
    }
  };
  walk(card);
  return { blocks, runs };
}

let samples: Awaited<ReturnType<typeof everyKindOfReply>>;
beforeAll(async () => {
  samples = await everyKindOfReply();
});
afterAll(() => samples.close());

describe('Teams cards show only what a TextBlock renders', () => {
  const kinds: Reply['kind'][] = [
    'answer',
    'help',
    'topics',
    'notice',
    'diagnostic',
    'results',
    'report',
    'digest',
    'evidence',
  ];

  it.each(kinds)('%s cards carry no Markdown headings, tables or backticks', (kind) => {
    const replies = samples[kind] as Reply[];
    expect(replies.length).toBeGreaterThan(0);
    for (const reply of replies) {
      const { blocks } = texts(replyCard(reply));
      expect(blocks.length).toBeGreaterThan(0);
      for (const text of blocks) {
        expect(text).not.toMatch(/^ {0,3}#{1,6}\s/m);
        expect(text).not.toMatch(/^\s*\|.*\|\s*$/m);
        expect(text).not.toContain('`');
      }
    }
  });

  it('shows a code block exactly as written, in a fixed-width font, and a table as a list', () => {
    const answer = samples.answer[1] as Reply;
    const { blocks, runs } = texts(replyCard(answer));
    expect(runs).toContainEqual({ text: HOSTILE_CODE, monospace: true });
    const all = blocks.join('\n');
    expect(all).toContain('**Who is paged**');
    expect(all).toContain('- **Ops Run It**: Who is paged: An operations team');
    expect(all).toContain('Run npx opscoach report to see it');
  });

  it('shows each command in help in a fixed-width font, <question> and all', () => {
    const { runs } = texts(replyCard(samples.help[0] as Reply));
    const commands = runs.filter((r) => r.monospace).map((r) => r.text);
    expect(commands).toContain('ask <question>');
    expect(commands).toContain('digest on [day] [time] [time zone] | off | status | preview');
  });
});

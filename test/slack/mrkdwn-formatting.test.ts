import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/reply.ts';
import { renderReply } from '../../src/slack/render/reply-blocks.ts';
import { everyKindOfReply } from '../helpers/reply-samples.ts';

// Slack's mrkdwn has no headings and no tables either: they are shown as bold lines and lists,
// code stays code, and help's "<question>" is escaped so Slack does not read it as a link.

/** Every mrkdwn text in a message's blocks. */
function texts(blocks: unknown): string[] {
  const found: string[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) for (const v of value) walk(v);
    else if (value && typeof value === 'object') {
      const element = value as Record<string, unknown>;
      if (element.type === 'mrkdwn') found.push(String(element.text));
      for (const v of Object.values(element)) walk(v);
    }
  };
  walk(blocks);
  return found;
}

/** The text outside ``` code blocks, where Slack shows everything literally anyway. */
const outsideCode = (text: string) => text.replace(/```[\s\S]*?```/g, '');

let samples: Awaited<ReturnType<typeof everyKindOfReply>>;
beforeAll(async () => {
  samples = await everyKindOfReply();
});
afterAll(() => samples.close());

describe('Slack messages show only what mrkdwn renders', () => {
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

  it.each(kinds)('%s messages carry no Markdown headings or tables outside code', (kind) => {
    for (const reply of samples[kind] as Reply[]) {
      for (const text of texts(renderReply(reply).blocks).map(outsideCode)) {
        expect(text).not.toMatch(/^ {0,3}#{1,6}\s/m);
        expect(text).not.toMatch(/^\s*\|.*\|\s*$/m);
        expect(text).not.toMatch(/^!?-{2,}$/m);
      }
    }
  });

  it('keeps a code block as code and turns a table into a list', () => {
    const all = texts(renderReply(samples.answer[1] as Reply).blocks).join('\n');
    expect(all).toContain('```\nopscoach report --weeks 4\n# not a heading, just code\n```');
    expect(all).toMatch(/•\s+\u200b?\*Ops Run It\*\u200b?: Who is paged: An operations team/);
  });

  it('escapes <question> in help so Slack shows it instead of reading a link', () => {
    const all = texts(renderReply(samples.help[0] as Reply).blocks).join('\n');
    expect(all).toContain('`/opscoach ask &lt;question&gt;`');
    expect(all).not.toContain('<question>');
  });
});

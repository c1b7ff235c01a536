import { describe, expect, it } from 'vitest';
import { splitForSections, toMrkdwn } from '../../src/slack/render/mrkdwn.ts';
import { renderReply } from '../../src/slack/render/reply-blocks.ts';

type Block = { type: string; text?: { text: string }; elements?: { text?: { text: string } }[] };

describe('rendering for Slack', () => {
  it('converts Markdown to mrkdwn: bold, links, lists, and escapes what Slack would misread', () => {
    const out = toMrkdwn('**Bold** and [a page](https://example.com/x) with <b> & a > b\n\n- one\n- two');
    expect(out).toMatch(/\*Bold\*/);
    expect(out).toContain('<https://example.com/x|a page>');
    expect(out).toContain('&lt;b&gt;');
    expect(out).toContain('&amp;');
    expect(out).toMatch(/•\s+one/);
  });

  it('splits a long text at paragraph boundaries into sections of at most 3,000 characters', () => {
    const text = Array.from({ length: 30 }, (_, i) => `Paragraph ${i} ${'word '.repeat(100)}`).join('\n\n');
    const pieces = splitForSections(text);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(3000);
    // Whitespace at a cut is dropped; every word arrives, in order.
    expect(pieces.join('\n\n').replace(/\s+/g, ' ')).toBe(text.replace(/\s+/g, ' ').trim());
    // Each piece is whole paragraphs.
    for (const piece of pieces) expect(piece).toMatch(/^Paragraph \d+ [\s\S]*word$/);
  });

  it('posts a very long answer within Block Kit limits, never failing', () => {
    const long = Array.from({ length: 120 }, (_, i) => `Paragraph ${i}: ${'words that go on '.repeat(30)}`).join(
      '\n\n',
    );
    const message = renderReply({
      kind: 'answer',
      answered: true,
      text: long,
      sources: [],
      mode: 'offline',
      suggestions: [],
      answerId: 'abcdef123',
    });
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    for (const block of message.blocks as Block[]) expect((block.text?.text ?? '').length).toBeLessThanOrEqual(3000);
    expect(message.text.length).toBeLessThanOrEqual(300);
  });

  it('keeps button labels within 75 characters and shows the AI note on every answer', () => {
    const message = renderReply({
      kind: 'answer',
      answered: true,
      text: 'An answer [1]',
      sources: [
        {
          n: 1,
          kind: 'pages',
          id: 'x',
          title: 'A title | with > marks',
          pages: [{ title: 'P', url: 'https://example.com' }],
        },
      ],
      mode: 'model',
      suggestions: [{ id: 's', title: 'q'.repeat(200), question: 'q'.repeat(200) }],
      answerId: 'abcdef123',
    });
    const json = JSON.stringify(message.blocks);
    expect(json).toMatch(/Written by an AI model/);
    expect(json).toContain('A title ¦ with &gt; marks');
    for (const block of message.blocks as Block[]) {
      for (const element of block.elements ?? []) expect((element.text?.text ?? '').length).toBeLessThanOrEqual(75);
    }
  });
});

describe("Opscoach's own suggestions and multi-page citations in Slack", () => {
  const reply = {
    kind: 'answer' as const,
    answered: true as const,
    text: 'The playbook says one thing [1]. We would add another [2].',
    sources: [
      {
        n: 1,
        kind: 'pages' as const,
        id: 'glossary',
        title: 'Glossary: Capex',
        pages: [
          { title: 'Governance', url: 'https://playbooks.example/governance' },
          { title: 'Drawbacks of Ops Run It', url: 'https://playbooks.example/drawbacks' },
        ],
      },
      { n: 2, kind: 'suggestion' as const, id: 'getting-started', title: 'Getting started' },
    ],
    mode: 'offline' as const,
    suggestions: [],
  };

  it('labels a suggestion as ours with no link, and links every page a citation draws on', () => {
    const block = (renderReply(reply).blocks as Block[]).find((b) => b.text?.text.startsWith('*Sources*'));
    const sources = (block?.text?.text ?? '').split('\n').slice(1);
    expect(sources).toHaveLength(2);
    expect(sources[0]).toContain('Glossary: Capex');
    expect(sources[0]).toContain('<https://playbooks.example/governance|Governance>');
    expect(sources[0]).toContain('<https://playbooks.example/drawbacks|Drawbacks of Ops Run It>');
    expect(sources[1]).toMatch(/^\[2\] _Opscoach's suggestion_ .*Getting started/);
    expect(sources[1]).not.toMatch(/https?:|<[^>]*\|/);
  });
});

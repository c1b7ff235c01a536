import { describe, expect, it } from 'vitest';
import type { AnswerReply } from '../../src/core/reply.ts';
import { replyCard } from '../../src/teams/cards/reply-card.ts';

const reply: AnswerReply = {
  kind: 'answer',
  answered: true,
  text: 'The playbook says one thing [1]. We would add another [2].',
  sources: [
    {
      n: 1,
      kind: 'pages',
      id: 'glossary',
      title: 'Glossary: Capex',
      pages: [
        { title: 'Governance', url: 'https://playbooks.example/governance' },
        { title: 'Drawbacks of Ops Run It', url: 'https://playbooks.example/drawbacks' },
      ],
    },
    { n: 2, kind: 'suggestion', id: 'getting-started', title: 'Getting started' },
  ],
  mode: 'offline',
  suggestions: [],
};

describe("Opscoach's own suggestions and multi-page citations in Teams cards", () => {
  it('labels a suggestion as ours with no link, and links every page a citation draws on', () => {
    const texts = replyCard(reply).body.map((element) => ('text' in element ? String(element.text) : ''));
    const sources = texts.find((t) => t.startsWith('**Sources**'))?.split('\n\n') ?? [];
    expect(sources[1]).toContain('Glossary: Capex');
    expect(sources[1]).toContain('[Governance](https://playbooks.example/governance)');
    expect(sources[1]).toContain('[Drawbacks of Ops Run It](https://playbooks.example/drawbacks)');
    expect(sources[2]).toMatch(/^\[2\] _Opscoach's suggestion_ .*Getting started$/);
    expect(sources[2]).not.toMatch(/https?:|\]\(/);
  });
});

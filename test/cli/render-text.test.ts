import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/cli/render-text.ts';
import type { AnswerReply } from '../../src/core/reply.ts';

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

describe("Opscoach's own suggestions and multi-page citations in the terminal", () => {
  it('labels a suggestion as ours with no link, and lists every page a citation draws on', () => {
    const out = renderText(reply, { color: false });
    const sources = out.slice(out.indexOf('Sources')).split('\n');
    expect(sources).toContain('  [1] Glossary: Capex');
    expect(sources).toContain('      Governance: https://playbooks.example/governance');
    expect(sources).toContain('      Drawbacks of Ops Run It: https://playbooks.example/drawbacks');
    const suggestion = sources.find((line) => line.startsWith('  [2]')) ?? '';
    expect(suggestion).toMatch(/Opscoach's suggestion .*Getting started$/);
    expect(suggestion).not.toMatch(/https?:/);
  });
});

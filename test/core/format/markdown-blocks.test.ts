import { describe, expect, it } from 'vitest';
import { simplifyMarkdown, splitCodeBlocks } from '../../../src/core/format/markdown-blocks.ts';

describe('Markdown reduced to what chat platforms show', () => {
  it('turns headings into bold lines and a table into a list with a row per item', () => {
    const out = simplifyMarkdown(
      [
        '## Who runs what',
        '',
        '| Model | Who runs it | Paged |',
        '| --- | :--- | ---: |',
        '| Ops Run It | An operations team | Ops |',
        '| You Build It You Run It | The product team | Developers |',
        '',
        'Afterwards.',
        '',
        'Setext title',
        '============',
        '',
        '***',
      ].join('\n'),
    );
    expect(out).not.toMatch(/^#|\|/m);
    expect(out).toContain('**Who runs what**');
    expect(out).toContain('- **Ops Run It**: Who runs it: An operations team; Paged: Ops');
    expect(out).toContain('- **You Build It You Run It**: Who runs it: The product team; Paged: Developers');
    expect(out).toContain('**Setext title**');
    expect(out).not.toMatch(/\*\*\*|===/);
  });

  it('leaves code blocks alone, headings and tables in them included', () => {
    const markdown = 'Before\n\n```\n# not a heading\n| a | b |\n|---|---|\n```\n\nAfter';
    expect(splitCodeBlocks(simplifyMarkdown(markdown))).toEqual([
      { kind: 'markdown', text: 'Before' },
      { kind: 'code', text: '# not a heading\n| a | b |\n|---|---|' },
      { kind: 'markdown', text: 'After' },
    ]);
  });
});

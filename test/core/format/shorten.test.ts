import { describe, expect, it } from 'vitest';
import { shortenMarkdown } from '../../../src/core/format/shorten.ts';

describe('shortening an answer to fit a message', () => {
  const more = { title: 'On-call pay', url: 'https://playbooks.example/on-call-pay' };

  it('keeps whole sentences and links to the article for the rest', () => {
    const text = Array.from({ length: 50 }, (_, i) => `Sentence ${i} says something useful about on-call.`).join(' ');
    const short = shortenMarkdown(text, 400, more);
    expect(short.length).toBeLessThanOrEqual(400);
    expect(short).toMatch(
      /on-call\.\n\n_\(Shortened to fit here\. Read more in \[On-call pay\]\(https:\/\/playbooks\.example\/on-call-pay\)\.\)_$/,
    );
  });

  it('never stops inside a link or a bold span', () => {
    const text = `${'Plain words here. '.repeat(10)}**A bold claim. That runs on. And on.** See [the page. With dots.](https://x.example/p) now. ${'More. '.repeat(40)}`;
    for (let max = 120; max < 400; max += 7) {
      const head = shortenMarkdown(text, max, more).split('\n\n_(Shortened')[0] ?? '';
      expect((head.match(/\*\*/g) ?? []).length % 2).toBe(0);
      expect(head.includes('[the page') === head.includes('](https://x.example/p)')).toBe(true);
    }
  });

  it('returns a text that fits unchanged', () => {
    expect(shortenMarkdown('Short. Sweet.', 100, more)).toBe('Short. Sweet.');
  });
});

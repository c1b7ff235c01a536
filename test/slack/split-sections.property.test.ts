import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitForSections } from '../../src/slack/render/mrkdwn.ts';

/**
 * Splitting mrkdwn into section-sized pieces must never break what a reader sees: a link
 * <url|label>, a bold, italic, struck or code span, an emoji name, an escaped character, or a
 * character made of several code units (a surrogate pair, an emoji joined with ZWJ, a flag, a
 * skin tone, a letter with a combining accent). A cut surrogate pair once turned 🚀 into 🐦.
 */
const CHARACTERS = ['🚀', '👨‍👩‍👧‍👦', '🇬🇧', '👍🏽', 'e\u0301', '한', 'ß', '🧑🏾‍💻'];

type Atom = { text: string; whole: boolean };

const word = fc.stringMatching(/^[a-z]{1,12}$/).map((text): Atom => ({ text, whole: false }));
const character = fc.constantFrom(...CHARACTERS).map((text): Atom => ({ text, whole: true }));
/** A long run with no break to cut at: only the boundaries between characters are left. */
const run = fc
  .array(fc.constantFrom(...CHARACTERS, 'x'), { minLength: 20, maxLength: 400 })
  .map((chars): Atom => ({ text: chars.join(''), whole: false }));
const span = (n: number) =>
  fc
    .constantFrom(
      `<https://example.com/page-${n}|a page ${n} 🚀>`,
      `*bold words ${n}*`,
      `_slanted words ${n}_`,
      `~struck ${n}~`,
      `\`code ${n} x\``,
      `:rocket_${n}:`,
      `&amp;${n}`,
      `<!date^${1700000000 + n}^{date}|a date>`,
    )
    .map((text): Atom => ({ text, whole: true }));
const separator = fc.constantFrom(' ', ' ', ' ', '\n', '\n\n', '. ', '');

const document = fc
  .array(fc.tuple(fc.oneof(word, word, character, run, fc.nat(999).chain(span)), separator), {
    minLength: 1,
    maxLength: 400,
  })
  .map((parts) => ({
    text: parts.map(([atom, sep]) => atom.text + sep).join(''),
    wholes: parts.filter(([atom]) => atom.whole).map(([atom]) => atom.text),
  }));

const graphemes = (text: string) =>
  [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(text)]
    .map((s) => s.segment)
    .filter((g) => g.trim());

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('splitting mrkdwn into sections', () => {
  it('keeps every piece within the limit and never cuts a link, a span or a character', () => {
    fc.assert(
      fc.property(document, fc.integer({ min: 80, max: 3000 }), ({ text, wholes }, limit) => {
        const pieces = splitForSections(text, limit);
        for (const piece of pieces) {
          expect(piece.length).toBeLessThanOrEqual(limit);
          expect(piece).not.toMatch(LONE_SURROGATE);
        }
        // Every link, span and multi-unit character is whole in some piece.
        for (const whole of wholes) expect(pieces.some((piece) => piece.includes(whole))).toBe(true);
        // Nothing lost, nothing added, no character split: the same characters, in order.
        expect(pieces.flatMap(graphemes)).toEqual(graphemes(text));
      }),
      { numRuns: 300, seed: 20260912 },
    );
  });

  it('closes and reopens a bold or code span that alone is longer than a section', () => {
    const bold = `*${'very long bold words '.repeat(30).trim()}*`;
    const code = `\`\`\`${'const line = 1;\n'.repeat(40)}\`\`\``;
    for (const [text, open, close] of [
      [bold, '*', '*'],
      [code, '```', '```'],
    ] as const) {
      const pieces = splitForSections(text, 200);
      expect(pieces.length).toBeGreaterThan(1);
      for (const piece of pieces) {
        expect(piece.length).toBeLessThanOrEqual(200);
        expect(piece.startsWith(open) && piece.endsWith(close)).toBe(true);
      }
    }
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findWord, packWords } from '../../../src/core/search/sorted-words.ts';

describe('packed words (how the everyday-English word lists are held)', () => {
  it('answers membership exactly as a Set of the same words would, for any words', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 12 })), fc.array(fc.string({ maxLength: 12 })), (words, probes) => {
        const packed = packWords(words);
        const set = new Set(words);
        for (const word of [...words, ...probes]) expect(findWord(packed, word) !== -1).toBe(set.has(word));
      }),
      { numRuns: 300 },
    );
  });
});

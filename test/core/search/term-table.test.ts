import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packTerms, TermLookup } from '../../../src/core/search/term-table.ts';

const term = fc.string({ minLength: 1, maxLength: 6 });
const passages = fc.array(
  fc.array(fc.tuple(term, fc.double({ min: 0.25, max: 40, noNaN: true })), { maxLength: 30 }).map((pairs) => {
    const tf = new Map<string, number>();
    for (const [t, weight] of pairs) tf.set(t, (tf.get(t) ?? 0) + weight);
    return tf;
  }),
  { maxLength: 25 },
);

describe('term table (how the search index holds every passage term frequency)', () => {
  it('gives exactly what a Map per passage gives: frequencies, lengths, document frequencies, entries', () => {
    fc.assert(
      fc.property(passages, fc.array(term, { maxLength: 20 }), (tfs, probes) => {
        const lookup = new TermLookup(packTerms(tfs));
        expect(lookup.passageCount).toBe(tfs.length);
        const every = new Set([...tfs.flatMap((tf) => [...tf.keys()]), ...probes]);
        for (const t of every) {
          expect(lookup.documentFrequency(t)).toBe(tfs.filter((tf) => tf.has(t)).length);
          tfs.forEach((tf, row) => {
            const n = lookup.numberOf(t);
            expect(n === -1 ? 0 : lookup.frequency(row, n)).toBe(tf.get(t) ?? 0);
          });
        }
        tfs.forEach((tf, row) => {
          // Summed in the same order, so scores built on it are the same to the last bit.
          expect(lookup.length(row)).toBe([...tf.values()].reduce((a, b) => a + b, 0));
          expect(new Map(lookup.entries(row))).toEqual(tf);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('survives the derived cache (structured clone) unchanged', () => {
    const table = packTerms([
      new Map([['oncall', 3.5]]),
      new Map([
        ['rota', 1],
        ['oncall', 1],
      ]),
    ]);
    const lookup = new TermLookup(structuredClone(table));
    expect(lookup.frequency(0, lookup.numberOf('oncall'))).toBe(3.5);
    expect(lookup.documentFrequency('oncall')).toBe(2);
    expect(lookup.numberOf('pager')).toBe(-1);
  });
});

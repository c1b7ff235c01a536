/**
 * Every passage's terms and their weighted frequencies in a few typed arrays: the answers a Map
 * of term -> frequency per passage would give, in about a sixth of the memory (hundreds of
 * small Maps cost more than the numbers in them), and plain data, so it can be cached.
 */
export interface TermTable {
  /** Every term of every passage, once each, sorted: a term's number is its position. */
  terms: string[];
  /** How many passages use each term, by term number. */
  documentFrequency: Uint32Array;
  /** Passage i's entries are at starts[i] up to starts[i + 1]. */
  starts: Uint32Array;
  /** Term numbers of each passage's entries, ascending within a passage. */
  termNumbers: Uint32Array;
  /** Weighted frequency of each entry's term in its passage. */
  frequencies: Float64Array;
  /** Each passage's length: the sum of its weighted frequencies. */
  lengths: Float64Array;
}

/** Packs per-passage frequencies (each in the order its terms were first met) into a table. */
export function packTerms(passages: readonly ReadonlyMap<string, number>[]): TermTable {
  const terms = [...new Set(passages.flatMap((tf) => [...tf.keys()]))].sort();
  const number = new Map(terms.map((term, i) => [term, i]));
  const documentFrequency = new Uint32Array(terms.length);
  const starts = new Uint32Array(passages.length + 1);
  const total = passages.reduce((sum, tf) => sum + tf.size, 0);
  const termNumbers = new Uint32Array(total);
  const frequencies = new Float64Array(total);
  const lengths = new Float64Array(passages.length);
  let at = 0;
  passages.forEach((tf, i) => {
    starts[i] = at;
    // Summed in the order the terms were met, as the scores were always computed.
    lengths[i] = [...tf.values()].reduce((a, b) => a + b, 0);
    const entries = [...tf].map(([term, frequency]) => [number.get(term) ?? 0, frequency] as const);
    entries.sort((a, b) => a[0] - b[0]);
    for (const [n, frequency] of entries) {
      termNumbers[at] = n;
      frequencies[at] = frequency;
      documentFrequency[n] = (documentFrequency[n] ?? 0) + 1;
      at++;
    }
  });
  starts[passages.length] = at;
  return { terms, documentFrequency, starts, termNumbers, frequencies, lengths };
}

/** Looks terms up in a table: term numbers by a Map built once, entries by binary search. */
export class TermLookup {
  private readonly numbers: ReadonlyMap<string, number>;

  constructor(private readonly table: TermTable) {
    this.numbers = new Map(table.terms.map((term, i) => [term, i]));
  }

  get passageCount(): number {
    return this.table.lengths.length;
  }

  /** The term's number, or -1 when no passage uses it. */
  numberOf(term: string): number {
    return this.numbers.get(term) ?? -1;
  }

  documentFrequency(term: string): number {
    const n = this.numberOf(term);
    return n === -1 ? 0 : (this.table.documentFrequency[n] ?? 0);
  }

  length(passage: number): number {
    return this.table.lengths[passage] ?? 0;
  }

  /** A passage's terms with their frequencies, in term order. */
  *entries(passage: number): Generator<[string, number]> {
    const { terms, starts, termNumbers, frequencies } = this.table;
    for (let i = starts[passage] ?? 0; i < (starts[passage + 1] ?? 0); i++) {
      yield [terms[termNumbers[i] ?? 0] ?? '', frequencies[i] ?? 0];
    }
  }

  /** The weighted frequency of a term (by number) in a passage; 0 when the passage does not use it. */
  frequency(passage: number, termNumber: number): number {
    const { starts, termNumbers, frequencies } = this.table;
    let low = starts[passage] ?? 0;
    let high = (starts[passage + 1] ?? 0) - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const candidate = termNumbers[middle] ?? 0;
      if (candidate === termNumber) return frequencies[middle] ?? 0;
      if (candidate < termNumber) low = middle + 1;
      else high = middle - 1;
    }
    return 0;
  }
}

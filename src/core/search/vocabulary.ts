import type { Passage } from '../knowledge/knowledge-base.ts';
import { analyze, isStopword, words } from './analyzer.ts';

/** The counts a vocabulary is made of: plain data, so they can be cached between starts. */
export interface VocabularyCounts {
  wordCounts: Map<string, number>;
  stemCounts: Map<string, number>;
  stemTotal: number;
}

/** What the knowledge base talks about: words for spelling repair, stem frequencies for weighting. */
export class Vocabulary {
  /** Surface words and how often they occur, to repair typos towards common words. */
  readonly wordCounts: ReadonlyMap<string, number>;
  /** Stem -> occurrences across all passages. */
  private readonly stemCounts: ReadonlyMap<string, number>;
  private readonly stemTotal: number;

  constructor(counts: VocabularyCounts) {
    this.wordCounts = counts.wordCounts;
    this.stemCounts = counts.stemCounts;
    this.stemTotal = counts.stemTotal;
  }

  static count(passages: readonly Passage[]): VocabularyCounts {
    const wordCounts = new Map<string, number>();
    const stemCounts = new Map<string, number>();
    let stemTotal = 0;
    for (const passage of passages) {
      const text = `${passage.article.title} ${passage.heading} ${passage.text} ${passage.article.aliases.join(' ')}`;
      for (const word of words(text)) {
        if (word.length >= 3 && !isStopword(word) && !/^\d/.test(word)) {
          wordCounts.set(word, (wordCounts.get(word) ?? 0) + 1);
        }
      }
      for (const s of analyze(text)) {
        stemCounts.set(s, (stemCounts.get(s) ?? 0) + 1);
        stemTotal++;
      }
    }
    return { wordCounts, stemCounts, stemTotal };
  }

  knowsStem(stem: string): boolean {
    return this.stemCounts.has(stem);
  }

  /** Probability of a stem in the knowledge base, smoothed. */
  probability(stem: string): number {
    return ((this.stemCounts.get(stem) ?? 0) + 0.5) / Math.max(this.stemTotal, 1);
  }
}

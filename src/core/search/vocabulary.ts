import type { Passage } from '../knowledge/knowledge-base.ts';
import { analyze, isStopword, words } from './analyzer.ts';

/** What the knowledge base talks about: words for spelling repair, stem frequencies for weighting. */
export class Vocabulary {
  /** Surface words and how often they occur, to repair typos towards common words. */
  readonly wordCounts = new Map<string, number>();
  /** Stem -> occurrences across all passages. */
  private readonly stemCounts = new Map<string, number>();
  private stemTotal = 0;

  constructor(passages: readonly Passage[]) {
    for (const passage of passages) {
      const text = `${passage.article.title} ${passage.heading} ${passage.text} ${passage.article.aliases.join(' ')}`;
      for (const word of words(text)) {
        if (word.length >= 3 && !isStopword(word) && !/^\d/.test(word)) {
          this.wordCounts.set(word, (this.wordCounts.get(word) ?? 0) + 1);
        }
      }
      for (const s of analyze(text)) {
        this.stemCounts.set(s, (this.stemCounts.get(s) ?? 0) + 1);
        this.stemTotal++;
      }
    }
  }

  knowsStem(stem: string): boolean {
    return this.stemCounts.has(stem);
  }

  /** Probability of a stem in the knowledge base, smoothed. */
  probability(stem: string): number {
    return ((this.stemCounts.get(stem) ?? 0) + 0.5) / Math.max(this.stemTotal, 1);
  }
}

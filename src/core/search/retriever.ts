import { createHash } from 'node:crypto';
import { codeFingerprint } from '../knowledge/code-fingerprint.ts';
import type { KnowledgeBase } from '../knowledge/knowledge-base.ts';
import { type DerivedCache, NO_CACHE } from '../store/derived-cache-store.ts';
import type { KnowledgeIndexStore } from '../store/knowledge-index-store.ts';
import { GeneralEnglish } from './general-english.ts';
import { LexicalIndex, type ScoredPassage } from './lexical-index.ts';
import { QueryParser, type SearchQuery } from './query.ts';
import { type Relevance, RelevanceJudge } from './relevance.ts';
import { SpellingCorrector } from './spelling.ts';
import { Vocabulary } from './vocabulary.ts';

export interface Retrieval {
  query: SearchQuery;
  /** Passages best first. */
  ranked: ScoredPassage[];
  relevance: Relevance;
  /**
   * What each searched stem is worth in an answer: its weight in the question (asked or only in
   * the story, typed or related) times how well it tells passages apart.
   */
  termWeights: ReadonlyMap<string, number>;
  /** How much any stem tells passages apart (whether or not the question used it): sentences are weighed by it. */
  informativeness: (stem: string) => number;
}

/** Offline retrieval: question -> repaired, expanded query -> BM25 passages -> on-topic judgement. */
export class Retriever {
  readonly parser: QueryParser;
  private readonly lexical: LexicalIndex;
  private readonly judge: RelevanceJudge;

  /**
   * `cache` keeps what is counted over every passage between starts, for as long as the
   * articles and the code that counts them are unchanged.
   */
  constructor(
    readonly knowledge: KnowledgeBase,
    index: KnowledgeIndexStore,
    cache: DerivedCache = NO_CACHE,
  ) {
    const fingerprint = createHash('sha256')
      .update(knowledge.contentHash)
      .update(codeFingerprint([new URL('./', import.meta.url), new URL('../knowledge/', import.meta.url)], ['stemmer']))
      .digest('hex');
    const counted = cache.remember('passage-statistics', fingerprint, () => ({
      vocabulary: Vocabulary.count(knowledge.passages),
      passages: LexicalIndex.statistics(knowledge.passages),
      stems: RelevanceJudge.passageStems(knowledge.passages),
    }));
    const vocabulary = new Vocabulary(counted.vocabulary);
    this.parser = new QueryParser(knowledge, new SpellingCorrector(vocabulary));
    this.lexical = new LexicalIndex(index, knowledge, counted.passages);
    this.judge = new RelevanceJudge(
      vocabulary,
      GeneralEnglish.get(),
      knowledge.glossary,
      knowledge.passages,
      counted.stems,
    );
  }

  /** Brings the persistent index up to date with the articles; cheap when nothing changed. */
  ensureIndexed(): boolean {
    return this.lexical.ensureBuilt();
  }

  retrieve(text: string, limit = 12): Retrieval {
    const query = this.parser.parse(text);
    const ranked = this.lexical.search(query, limit);
    const termWeights = new Map([...query.weights].map(([stem, weight]) => [stem, weight * this.lexical.idf(stem)]));
    return {
      query,
      ranked,
      relevance: this.judge.judge(query, ranked),
      termWeights,
      informativeness: (stem) => this.lexical.idf(stem),
    };
  }
}

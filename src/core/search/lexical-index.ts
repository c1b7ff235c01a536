import type { KnowledgeBase, Passage } from '../knowledge/knowledge-base.ts';
import type { IndexedPassage, KnowledgeIndexStore } from '../store/knowledge-index-store.ts';
import { analyze } from './analyzer.ts';
import { GeneralEnglish } from './general-english.ts';
import { type SearchQuery, toFtsExpression } from './query.ts';
import { RANKING } from './ranking-parameters.ts';

export interface ScoredPassage {
  passage: Passage;
  score: number;
}

/** Information (nats) at which a word counts as fully specific: rarer than about one word in nine million. */
const EVERYDAY_SCALE = 16;
/** How many passages the index hands over for weighted scoring: all that could matter, on any real knowledge base. */
const CANDIDATES = 120;

/** A passage's terms, field-weighted as the index weighs them, for scoring with per-term query weights. */
interface PassageTerms {
  tf: ReadonlyMap<string, number>;
  length: number;
}

/**
 * Ranks passages: the SQLite FTS5 index (kept in step with the knowledge base) finds every
 * passage sharing a word with the question, then each is scored by BM25F with the question's
 * own weights, so the asking sentence counts for more than the story around it and a related
 * word for less than the word the person typed.
 */
/** What BM25F scoring needs to know about every passage: plain data, so it can be cached between starts. */
export interface PassageStatistics {
  terms: Map<string, PassageTerms>;
  documentFrequency: Map<string, number>;
  averageLength: number;
}

export class LexicalIndex {
  private readonly byKey: ReadonlyMap<string, Passage>;
  private readonly terms: ReadonlyMap<string, PassageTerms>;
  private readonly documentFrequency: ReadonlyMap<string, number>;
  private readonly averageLength: number;

  constructor(
    private readonly store: KnowledgeIndexStore,
    private readonly knowledge: KnowledgeBase,
    statistics: PassageStatistics = LexicalIndex.statistics(knowledge.passages),
  ) {
    this.byKey = new Map(knowledge.passages.map((p) => [p.key, p]));
    this.terms = statistics.terms;
    this.documentFrequency = statistics.documentFrequency;
    this.averageLength = statistics.averageLength;
  }

  static statistics(passages: readonly Passage[]): PassageStatistics {
    const terms = new Map<string, PassageTerms>();
    const documentFrequency = new Map<string, number>();
    let total = 0;
    for (const p of passages) {
      const indexed = toIndexed(p);
      const tf = new Map<string, number>();
      const add = (text: string, weight: number) => {
        for (const s of text.split(' ')) if (s) tf.set(s, (tf.get(s) ?? 0) + weight);
      };
      add(indexed.title, RANKING.fields.title);
      add(indexed.heading, RANKING.fields.heading);
      add(indexed.keywords, RANKING.fields.keywords);
      add(indexed.body, RANKING.fields.body);
      const length = [...tf.values()].reduce((a, b) => a + b, 0);
      total += length;
      terms.set(p.key, { tf, length });
      for (const s of tf.keys()) documentFrequency.set(s, (documentFrequency.get(s) ?? 0) + 1);
    }
    return { terms, documentFrequency, averageLength: total / Math.max(1, passages.length) };
  }

  /** Rebuilds the index only when the articles changed since it was built; returns whether it did. */
  ensureBuilt(): boolean {
    return this.store.rebuildIfChanged(this.knowledge.contentHash, () =>
      this.knowledge.passages.map((p) => toIndexed(p)),
    );
  }

  /**
   * What a stem says about which passage answers: how few passages mention it, tempered by how
   * informative the word is in everyday English (see RANKING.everydayPower).
   */
  idf(stem: string): number {
    const n = this.knowledge.passages.length;
    const df = this.documentFrequency.get(stem) ?? 0;
    const rarity = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    if (RANKING.everydayPower === 0) return rarity;
    return rarity * Math.min(1, GeneralEnglish.get().surprisal(stem) / EVERYDAY_SCALE) ** RANKING.everydayPower;
  }

  search(query: SearchQuery, limit = 20): ScoredPassage[] {
    const expression = toFtsExpression(query);
    if (!expression) return [];
    const hits = this.store.search(expression, CANDIDATES, RANKING.fields);
    const scored: ScoredPassage[] = [];
    for (const hit of hits) {
      const passage = this.byKey.get(`${hit.articleId}#${hit.ordinal}`);
      if (!passage) continue;
      const named = query.namedArticles.get(hit.articleId);
      // Containing an alias lifts an article by how much of the question that alias accounts for.
      const naming =
        named === 'contains'
          ? 1 + RANKING.containsGain * (query.namedShare.get(hit.articleId) ?? 0)
          : named
            ? RANKING.namedBoost[named]
            : 1;
      // "What is a CAB?": the glossary entry for exactly that term answers a definition best.
      const entry = query.intent === 'definition' && query.namedEntries.has(passage.key) ? RANKING.namedBoost.title : 1;
      const damping =
        passage.article.kind === 'glossary' && !query.definitional && entry === 1 ? RANKING.glossaryDamping : 1;
      const pointed = query.glossaryArticles.has(hit.articleId) ? RANKING.glossaryPointerBoost : 1;
      const boost = naming * entry * damping * pointed;
      scored.push({ passage, score: this.score(passage, query) * boost });
    }
    return scored.sort((a, b) => b.score - a.score).slice(0, limit);
  }

  private score(passage: Passage, query: SearchQuery): number {
    const terms = this.terms.get(passage.key);
    if (!terms) return 0;
    const { k1, b } = RANKING;
    const norm = k1 * (1 - b + (b * terms.length) / this.averageLength);
    let score = 0;
    for (const [stem, weight] of query.weights) {
      const tf = terms.tf.get(stem);
      if (!tf) continue;
      score += weight * this.idf(stem) * ((tf * (k1 + 1)) / (tf + norm));
    }
    return score;
  }
}

function toIndexed(p: Passage): IndexedPassage {
  const a = p.article;
  return {
    articleId: a.id,
    ordinal: p.ordinal,
    title: analyze(a.title).join(' '),
    heading: p.ordinal === 0 ? '' : analyze(p.heading).join(' '),
    body: analyze(p.text).join(' '),
    keywords: analyze([...a.aliases, ...a.tags.map((t) => t.replace(/-/g, ' '))].join(' . ')).join(' '),
  };
}

import type { KnowledgeBase, Passage } from '../knowledge/knowledge-base.ts';
import type { IndexedPassage, KnowledgeIndexStore } from '../store/knowledge-index-store.ts';
import { analyze } from './analyzer.ts';
import { GeneralEnglish } from './general-english.ts';
import { type SearchQuery, toFtsExpression } from './query.ts';
import { RANKING } from './ranking-parameters.ts';
import { packTerms, TermLookup, type TermTable } from './term-table.ts';

export interface ScoredPassage {
  passage: Passage;
  score: number;
}

/** Information (nats) at which a word counts as fully specific: rarer than about one word in nine million. */
const EVERYDAY_SCALE = 16;
/** How many passages the index hands over for weighted scoring: all that could matter, on any real knowledge base. */
const CANDIDATES = 120;

/**
 * Ranks passages: the SQLite FTS5 index (kept in step with the knowledge base) finds every
 * passage sharing a word with the question, then each is scored by BM25F with the question's
 * own weights, so the asking sentence counts for more than the story around it and a related
 * word for less than the word the person typed.
 */
/**
 * What BM25F scoring needs to know about every passage: each passage's terms, field-weighted as
 * the index weighs them (in the order of knowledge.passages), and how many passages use each
 * term. Plain data, so it can be cached between starts.
 */
export interface PassageStatistics {
  terms: TermTable;
  averageLength: number;
}

export class LexicalIndex {
  private readonly byKey: ReadonlyMap<string, Passage>;
  /** A passage's position in knowledge.passages, which is its row in the term table. */
  private readonly rowOf: ReadonlyMap<Passage, number>;
  private readonly terms: TermLookup;
  private readonly averageLength: number;

  constructor(
    private readonly store: KnowledgeIndexStore,
    private readonly knowledge: KnowledgeBase,
    statistics: PassageStatistics = LexicalIndex.statistics(knowledge.passages),
  ) {
    this.byKey = new Map(knowledge.passages.map((p) => [p.key, p]));
    this.rowOf = new Map(knowledge.passages.map((p, i) => [p, i]));
    this.terms = new TermLookup(statistics.terms);
    this.averageLength = statistics.averageLength;
  }

  static statistics(passages: readonly Passage[]): PassageStatistics {
    const frequencies: Map<string, number>[] = [];
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
      frequencies.push(tf);
    }
    const terms = packTerms(frequencies);
    for (const length of terms.lengths) total += length;
    return { terms, averageLength: total / Math.max(1, passages.length) };
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
    const df = this.terms.documentFrequency(stem);
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
    const row = this.rowOf.get(passage);
    if (row === undefined) return 0;
    const { k1, b } = RANKING;
    const norm = k1 * (1 - b + (b * this.terms.length(row)) / this.averageLength);
    let score = 0;
    for (const [stem, weight] of query.weights) {
      const term = this.terms.numberOf(stem);
      const tf = term === -1 ? 0 : this.terms.frequency(row, term);
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

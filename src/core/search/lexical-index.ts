import type { KnowledgeBase, Passage } from '../knowledge/knowledge-base.ts';
import type { ColumnWeights, IndexedPassage, KnowledgeIndexStore } from '../store/knowledge-index-store.ts';
import { analyze } from './analyzer.ts';
import { type SearchQuery, toFtsExpression } from './query.ts';

export interface ScoredPassage {
  passage: Passage;
  score: number;
}

const WEIGHTS: ColumnWeights = { title: 3, heading: 2, body: 1, keywords: 2 };
/**
 * Glossary entries are short and term-dense, so BM25 loves them; they are the best answer to
 * "what does X mean" and a poor one to "how do we do X", where they step back.
 */
const GLOSSARY_DAMPING = 0.5;
/** How much naming an article lifts it: a question that is exactly its title or alias, or contains one. */
const NAMED_BOOST = { title: 3, alias: 2.2, contains: 1.6 } as const;

/** BM25 ranking of passages through the SQLite FTS5 index, kept in step with the knowledge base. */
export class LexicalIndex {
  private readonly byKey: ReadonlyMap<string, Passage>;

  constructor(
    private readonly store: KnowledgeIndexStore,
    private readonly knowledge: KnowledgeBase,
  ) {
    this.byKey = new Map(knowledge.passages.map((p) => [p.key, p]));
  }

  /** Rebuilds the index only when the articles changed since it was built; returns whether it did. */
  ensureBuilt(): boolean {
    return this.store.rebuildIfChanged(this.knowledge.contentHash, () =>
      this.knowledge.passages.map((p) => toIndexed(p)),
    );
  }

  search(query: SearchQuery, limit = 20): ScoredPassage[] {
    const expression = toFtsExpression(query);
    if (!expression) return [];
    const hits = this.store.search(expression, limit * 2, WEIGHTS);
    const scored: ScoredPassage[] = [];
    for (const hit of hits) {
      const passage = this.byKey.get(`${hit.articleId}#${hit.ordinal}`);
      if (!passage) continue;
      const named = query.namedArticles.get(hit.articleId);
      const damping = passage.article.kind === 'glossary' && !query.definitional ? GLOSSARY_DAMPING : 1;
      const boost = (named ? NAMED_BOOST[named] : 1) * damping;
      scored.push({ passage, score: hit.score * boost });
    }
    return scored.sort((a, b) => b.score - a.score).slice(0, limit);
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

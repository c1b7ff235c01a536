import type { Db } from './database.ts';

/** One passage as the full-text index stores it: already-analysed terms per column. */
export interface IndexedPassage {
  articleId: string;
  ordinal: number;
  title: string;
  heading: string;
  body: string;
  keywords: string;
}

export interface IndexHit {
  articleId: string;
  ordinal: number;
  /** BM25 relevance, larger is better. */
  score: number;
}

/** BM25 column weights: a hit in a title or an alias says more than one in running text. */
export interface ColumnWeights {
  title: number;
  heading: number;
  body: number;
  keywords: number;
}

const HASH_KEY = 'knowledge_hash';

/** The passages table and its FTS5 index; the only code that speaks SQL about knowledge. */
export class KnowledgeIndexStore {
  private readonly getMeta;
  private readonly searchStatement;

  constructor(private readonly db: Db) {
    this.getMeta = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?');
    this.searchStatement = db.prepare<[number, number, number, number, string, number], IndexHit>(
      `SELECT p.article_id AS articleId, p.ordinal AS ordinal, -bm25(passages_fts, ?, ?, ?, ?) AS score
         FROM passages_fts JOIN passages p ON p.id = passages_fts.rowid
        WHERE passages_fts MATCH ?
        ORDER BY score DESC
        LIMIT ?`,
    );
  }

  indexedHash(): string | undefined {
    return this.getMeta.get(HASH_KEY)?.value;
  }

  /**
   * Replaces the whole index when the content hash differs. Runs in one immediate transaction
   * and re-checks the hash inside it, so two processes starting together rebuild only once.
   * Returns whether it rebuilt.
   */
  rebuildIfChanged(hash: string, passages: () => IndexedPassage[]): boolean {
    if (this.indexedHash() === hash) return false;
    const rebuild = this.db.transaction(() => {
      if (this.indexedHash() === hash) return false;
      this.db.exec('DELETE FROM passages_fts; DELETE FROM passages;');
      const insertPassage = this.db.prepare('INSERT INTO passages (article_id, ordinal) VALUES (?, ?)');
      const insertText = this.db.prepare(
        'INSERT INTO passages_fts (rowid, title, heading, body, keywords) VALUES (?, ?, ?, ?, ?)',
      );
      for (const p of passages()) {
        const { lastInsertRowid } = insertPassage.run(p.articleId, p.ordinal);
        insertText.run(lastInsertRowid, p.title, p.heading, p.body, p.keywords);
      }
      this.db
        .prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
        .run(HASH_KEY, hash);
      this.db.exec("INSERT INTO passages_fts (passages_fts) VALUES ('optimize')");
      return true;
    });
    return rebuild.immediate();
  }

  /** Ranks passages for an FTS5 query expression (built by the search module, never from raw user text). */
  search(match: string, limit: number, weights: ColumnWeights): IndexHit[] {
    return this.searchStatement.all(weights.title, weights.heading, weights.body, weights.keywords, match, limit);
  }
}

import type { Logger } from '../logging/logger.ts';
import { type Db, type OpenOptions, openDatabase } from './database.ts';
import { EmbeddingStore } from './embedding-store.ts';
import { KnowledgeIndexStore } from './knowledge-index-store.ts';

/** The SQLite file and the repositories over it; everything SQL lives under this folder. */
export class Store {
  readonly knowledgeIndex: KnowledgeIndexStore;
  readonly embeddings: EmbeddingStore;

  private constructor(readonly db: Db) {
    this.knowledgeIndex = new KnowledgeIndexStore(db);
    this.embeddings = new EmbeddingStore(db);
  }

  static open(path: string, options: OpenOptions & { logger?: Logger } = {}): Store {
    return new Store(openDatabase(path, options));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

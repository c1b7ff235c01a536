import type { Db } from './database.ts';

/** Embedding vectors cached by (model, text hash), so each passage is embedded once per model. */
export class EmbeddingStore {
  private readonly insert;

  constructor(private readonly db: Db) {
    this.insert = db.prepare(
      'INSERT INTO embeddings (model, hash, vector) VALUES (?, ?, ?) ON CONFLICT (model, hash) DO UPDATE SET vector = excluded.vector',
    );
  }

  getMany(model: string, hashes: readonly string[]): Map<string, Float32Array> {
    const found = new Map<string, Float32Array>();
    const select = this.db.prepare<[string, string], { vector: Buffer }>(
      'SELECT vector FROM embeddings WHERE model = ? AND hash = ?',
    );
    for (const hash of hashes) {
      const row = select.get(model, hash);
      if (row)
        found.set(hash, new Float32Array(row.vector.buffer, row.vector.byteOffset, row.vector.byteLength / 4).slice());
    }
    return found;
  }

  putMany(model: string, entries: ReadonlyMap<string, Float32Array>): void {
    const save = this.db.transaction(() => {
      for (const [hash, vector] of entries) {
        this.insert.run(model, hash, Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength));
      }
    });
    save();
  }
}

import { randomBytes } from 'node:crypto';
import type { Db } from './database.ts';

/** Secrets Opscoach makes for itself when the operator has not set one (local terminal use). */
export class SecretStore {
  constructor(private readonly db: Db) {}

  /** The named secret, created once at random and then kept with the database. */
  getOrCreate(name: string): string {
    const create = this.db.transaction(() => {
      const key = `secret:${name}`;
      const row = this.db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?').get(key);
      if (row) return row.value;
      const value = randomBytes(32).toString('base64url');
      this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run(key, value);
      return value;
    });
    return create.immediate();
  }
}

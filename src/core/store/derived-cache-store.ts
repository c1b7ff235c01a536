import { deserialize, serialize } from 'node:v8';
import type { Db } from './database.ts';

/** Something derived once and kept between starts, keyed by a fingerprint of its inputs. */
export interface DerivedCache {
  /**
   * The value stored under `name` when it was derived from the same inputs (`fingerprint`);
   * otherwise `derive()`'s, which is stored for next time.
   */
  remember<T>(name: string, fingerprint: string, derive: () => T): T;
}

/**
 * The derived_cache table. Values are structured-cloned with v8.serialize (plain objects,
 * arrays, Maps, typed arrays; no class instances). A value that cannot be read back, or
 * stored (a read-only database), is simply derived again: it is a cache, never the truth.
 */
export class DerivedCacheStore implements DerivedCache {
  constructor(private readonly db: Db) {}

  remember<T>(name: string, fingerprint: string, derive: () => T): T {
    try {
      const row = this.db
        .prepare<[string], { fingerprint: string; data: Buffer }>(
          'SELECT fingerprint, data FROM derived_cache WHERE name = ?',
        )
        .get(name);
      if (row?.fingerprint === fingerprint) return deserialize(row.data) as T;
    } catch {
      // Written by another Node version, damaged, or the database is closed: derive it again.
    }
    const value = derive();
    try {
      this.db
        .prepare(
          `INSERT INTO derived_cache (name, fingerprint, data) VALUES (?, ?, ?)
           ON CONFLICT (name) DO UPDATE SET fingerprint = excluded.fingerprint, data = excluded.data`,
        )
        .run(name, fingerprint, serialize(value));
    } catch {
      // A database that cannot be written to still runs; the next start derives it again.
    }
    return value;
  }
}

/** For code that runs without a database (tests of one module, tools): derives every time. */
export const NO_CACHE: DerivedCache = { remember: (_name, _fingerprint, derive) => derive() };

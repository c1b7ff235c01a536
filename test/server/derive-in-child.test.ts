import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { deriveInChild } from '../../src/server/derive-in-child.ts';
import { tempDir } from '../helpers/runtime.ts';

const work = tempDir();
afterAll(() => work.cleanup());

const env = (db: string) => ({
  PATH: process.env.PATH ?? '',
  HOME: work.path,
  OPSCOACH_DB: db,
  OPSCOACH_PSEUDONYM_SECRET: 'derive-test-pseudonym-secret-0123456789',
});

describe('deriving the cache in a child process before the server starts', () => {
  it('leaves a fresh database with everything a start reads: articles, search statistics, word tables, the index', async () => {
    const db = join(work.path, 'fresh.db');
    await deriveInChild(env(db));
    const sqlite = new Database(db, { readonly: true });
    try {
      const names = sqlite
        .prepare<[], { name: string }>('SELECT name FROM derived_cache')
        .all()
        .map((r) => r.name);
      expect(names).toEqual(expect.arrayContaining(['articles', 'passage-statistics', 'general-english']));
      const indexed = sqlite
        .prepare<[], { n: number }>(
          "SELECT count(*) AS n FROM sqlite_master WHERE name LIKE '%fts%' OR name LIKE '%passage%'",
        )
        .get();
      expect(indexed?.n).toBeGreaterThan(0);
    } finally {
      sqlite.close();
    }
  }, 60_000);

  it('gives up quietly when it cannot derive, so the server itself reports why', async () => {
    await expect(
      deriveInChild({ ...env(join(work.path, 'no', 'such', 'folder', 'x.db')), LOG_LEVEL: 'nonsense' }),
    ).resolves.toBeUndefined();
  }, 60_000);
});

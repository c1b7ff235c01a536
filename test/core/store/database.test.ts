import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, StoreError } from '../../../src/core/store/database.ts';
import { loadMigrations } from '../../../src/core/store/migrations.ts';
import { tempDir } from '../../helpers/runtime.ts';

describe('the SQLite store', () => {
  const dirs: { cleanup: () => void }[] = [];
  const folder = () => {
    const dir = tempDir();
    dirs.push(dir);
    return dir.path;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) d.cleanup();
  });

  it('applies every migration once, in WAL mode with a busy timeout', () => {
    const path = join(folder(), 'a.db');
    const db = openDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBe(loadMigrations().length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    db.close();
    // Opening again does not re-run migrations (they would fail on existing tables).
    const again = openDatabase(path);
    expect(again.pragma('user_version', { simple: true })).toBe(loadMigrations().length);
    again.close();
  });

  it('rolls back a failing migration completely', () => {
    const path = join(folder(), 'b.db');
    const broken = [
      { version: 1, name: 'good', sql: 'CREATE TABLE a (x INTEGER);' },
      { version: 2, name: 'bad', sql: 'CREATE TABLE b (x INTEGER); CREATE TABLE a (y INTEGER);' },
    ];
    expect(() => openDatabase(path, { migrations: broken })).toThrow(StoreError);
    const raw = new Database(path);
    expect(raw.pragma('user_version', { simple: true })).toBe(0);
    expect(raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all()).toEqual([]);
    raw.close();
  });

  it('refuses a database written by a newer Opscoach', () => {
    const path = join(folder(), 'c.db');
    const raw = new Database(path);
    raw.pragma('user_version = 99');
    raw.close();
    expect(() => openDatabase(path)).toThrow(/schema is version 99, newer than this Opscoach knows/);
  });

  it('explains a missing folder instead of creating one silently', () => {
    const path = join(folder(), 'missing', 'd.db');
    expect(() => openDatabase(path)).toThrow(/folder for OPSCOACH_DB .* does not exist/);
    expect(existsSync(path)).toBe(false);
    const created = openDatabase(path, { createFolder: true });
    created.close();
    expect(existsSync(path)).toBe(true);
  });
});

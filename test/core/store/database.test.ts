import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/core/logging/logger.ts';
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

  describe('file permissions (the file holds pseudonymised answers and comments)', () => {
    const modeOf = (path: string) => statSync(path).mode & 0o777;
    const capture = () => {
      const lines: Record<string, unknown>[] = [];
      const logger = createLogger({
        level: 'info',
        destination: new Writable({
          write(chunk, _encoding, done) {
            lines.push(JSON.parse(String(chunk)));
            done();
          },
        }),
      });
      return { logger, lines };
    };

    it.skipIf(process.platform === 'win32')(
      'creates the database and its -wal and -shm files 0600, in a new folder 0700',
      () => {
        const path = join(folder(), 'data', 'e.db');
        const db = openDatabase(path, { createFolder: true });
        db.prepare('CREATE TABLE t (x INTEGER)').run(); // something in the write-ahead log
        expect(modeOf(join(path, '..'))).toBe(0o700);
        for (const file of [path, `${path}-wal`, `${path}-shm`]) expect(modeOf(file), file).toBe(0o600);
        db.close();
      },
    );

    it.skipIf(process.platform === 'win32')(
      'tightens an existing database others could read, and its default folder, and says so',
      () => {
        const data = join(folder(), 'data');
        mkdirSync(data, { mode: 0o755 });
        chmodSync(data, 0o755);
        const path = join(data, 'f.db');
        openDatabase(path).close();
        chmodSync(path, 0o644);
        const { logger, lines } = capture();
        openDatabase(path, { createFolder: true, logger }).close();
        expect(modeOf(path)).toBe(0o600);
        expect(modeOf(data)).toBe(0o700);
        expect(lines.filter((l) => /permissions tightened/.test(String(l.msg)))).toEqual([
          expect.objectContaining({ level: 40, from: '0755', to: '0700' }),
          expect.objectContaining({ level: 40, file: path, from: '0644', to: '0600' }),
        ]);
      },
    );

    it.skipIf(process.platform === 'win32')(
      "warns about an operator's folder others can enter, and leaves the folder as it is",
      () => {
        const shared = join(folder(), 'shared');
        mkdirSync(shared);
        chmodSync(shared, 0o755);
        const { logger, lines } = capture();
        openDatabase(join(shared, 'g.db'), { logger }).close();
        expect(modeOf(shared)).toBe(0o755);
        expect(modeOf(join(shared, 'g.db'))).toBe(0o600);
        expect(lines.filter((l) => Number(l.level) >= 40)).toEqual([
          expect.objectContaining({ folder: shared, mode: '0755', msg: expect.stringMatching(/chmod 700/) }),
        ]);
      },
    );
  });
});

import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Logger } from '../logging/logger.ts';
import { checkFolder, createPrivateFolder, keepPrivate } from './file-permissions.ts';
import { loadMigrations, type Migration } from './migrations.ts';

export type Db = Database.Database;

/** A storage problem phrased for the operator: what is wrong and what to do. */
export class StoreError extends Error {
  override name = 'StoreError';
}

export interface OpenOptions {
  logger?: Logger;
  /** Create the parent folder when it is missing (used for the default ./data location). */
  createFolder?: boolean;
  migrations?: Migration[];
  busyTimeoutMs?: number;
}

/**
 * Opens the SQLite file, sets it up for several readers and one writer (WAL, busy timeout)
 * and brings the schema up to date. Migrations run in one immediate transaction, so a
 * half-applied schema is never left behind and two processes starting together do not race.
 */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  const migrations = options.migrations ?? loadMigrations();
  if (path !== ':memory:') {
    const folder = dirname(resolve(path));
    if (!existsSync(folder)) {
      if (!options.createFolder) {
        throw new StoreError(`The folder for OPSCOACH_DB (${folder}) does not exist; create it or set OPSCOACH_DB.`);
      }
      createPrivateFolder(folder);
    } else {
      checkFolder(folder, options.createFolder === true, options.logger);
    }
    keepPrivate(path, options.logger);
  }
  let db: Db;
  try {
    db = new Database(path, { timeout: options.busyTimeoutMs ?? 5000 });
  } catch (error) {
    const hint =
      (error as { code?: string }).code === 'SQLITE_CANTOPEN'
        ? ' (check that this user may read and write the file and its folder)'
        : '';
    throw new StoreError(`Cannot open the database ${path}: ${(error as Error).message}${hint}`);
  }
  try {
    if (path !== ':memory:') db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations, options.logger);
    if (path !== ':memory:') assertWritable(db);
    rememberStatements(db);
    return db;
  } catch (error) {
    db.close();
    if (error instanceof StoreError) throw error;
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_READONLY') {
      throw new StoreError(
        `The database ${path} is read-only; Opscoach needs to write to it (check file permissions).`,
      );
    }
    if (code === 'SQLITE_BUSY') {
      throw new StoreError(`The database ${path} is locked by another process; try again when it is free.`);
    }
    throw new StoreError(`Cannot prepare the database ${path}: ${(error as Error).message}`);
  }
}

/**
 * The repositories prepare their SQL where they use it, which keeps each query next to its
 * purpose; compiling it again on every request, though, is measurable under load. Each distinct
 * SQL text is compiled once per connection and reused (none of our statements is iterated, so
 * reuse is safe; better-sqlite3's own pragma and transaction helpers bypass this method).
 */
function rememberStatements(db: Db): void {
  const compile = db.prepare.bind(db);
  const compiled = new Map<string, Database.Statement>();
  db.prepare = ((sql: string) => {
    let statement = compiled.get(sql);
    if (!statement) {
      statement = compile(sql);
      compiled.set(sql, statement);
    }
    return statement;
  }) as Db['prepare'];
}

/**
 * SQLite silently opens a file it may not write read-only; the first write would then fail deep
 * inside some request. Rewriting the schema version in a rolled-back transaction finds out at
 * start-up, and changes nothing.
 */
function assertWritable(db: Db): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  try {
    db.exec('BEGIN IMMEDIATE');
    db.pragma(`user_version = ${version}`);
  } finally {
    if (db.inTransaction) db.exec('ROLLBACK');
  }
}

function migrate(db: Db, migrations: Migration[], logger?: Logger): void {
  const latest = migrations.length;
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > latest) {
    throw new StoreError(
      `The database schema is version ${current}, newer than this Opscoach knows (${latest}); upgrade Opscoach or point OPSCOACH_DB at another file.`,
    );
  }
  if (current === latest) return;
  const apply = db.transaction(() => {
    // Re-read inside the lock: another process may have migrated while we waited.
    const now = db.pragma('user_version', { simple: true }) as number;
    for (const migration of migrations.slice(now)) {
      db.exec(migration.sql);
      logger?.info({ version: migration.version, migration: migration.name }, 'applied database migration');
    }
    db.pragma(`user_version = ${latest}`);
  });
  apply.immediate();
}

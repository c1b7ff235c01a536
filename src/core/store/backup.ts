import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { StoreError } from './database.ts';
import { keepPrivate } from './file-permissions.ts';

export interface BackupResult {
  bytes: number;
  schemaVersion: number;
}

/**
 * Copies a live database with SQLite's online backup API: consistent even while the bot keeps
 * writing (no need to stop it), unlike copying the file, which can tear a write in progress and
 * would miss what is still in the -wal file. The copy is checked before it is reported good.
 */
export async function backupDatabase(source: string, target: string, options: { force?: boolean } = {}) {
  if (!existsSync(source)) throw new StoreError(`There is no database at ${source} (OPSCOACH_DB) to back up.`);
  if (resolve(source) === resolve(target)) throw new StoreError('The backup must go to a different file.');
  if (existsSync(target) && !options.force) {
    throw new StoreError(`${target} already exists; choose another name or pass --force to replace it.`);
  }
  if (!existsSync(dirname(resolve(target)))) {
    throw new StoreError(`The folder for ${target} does not exist.`);
  }
  const db = new Database(source, { readonly: true, fileMustExist: true, timeout: 5_000 });
  try {
    // The copy holds the same personal data: private from its first byte, like the database.
    keepPrivate(target);
    await db.backup(target);
  } catch (error) {
    throw new StoreError(`The backup of ${source} failed: ${(error as Error).message}`);
  } finally {
    db.close();
  }
  const copy = new Database(target, { readonly: true, fileMustExist: true });
  try {
    const integrity = copy.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new StoreError(`The backup ${target} failed its integrity check: ${integrity}`);
    const schemaVersion = copy.pragma('user_version', { simple: true }) as number;
    return { bytes: statSync(target).size, schemaVersion } satisfies BackupResult;
  } finally {
    copy.close();
  }
}

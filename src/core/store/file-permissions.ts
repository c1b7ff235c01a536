import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import type { Logger } from '../logging/logger.ts';

/** Only the service account: the file holds pseudonymised answers, comments and digest addresses. */
const FILE_MODE = 0o600;
const FOLDER_MODE = 0o700;
/** Bits that let the group or everyone else in. */
const OTHERS = 0o077;

// POSIX permissions; Windows files follow the folder's access control list instead.
const posix = process.platform !== 'win32';

const octal = (mode: number) => `0${(mode & 0o777).toString(8)}`;

/** Creates a missing folder for the database, readable by this user alone. */
export function createPrivateFolder(folder: string): void {
  mkdirSync(folder, { recursive: true, mode: FOLDER_MODE });
}

/**
 * Creates the database file 0600 before SQLite opens it (SQLite would create it with the
 * process umask, usually world-readable, and gives its -wal and -shm files the same mode as the
 * database). An existing file, or its -wal and -shm, open to others is tightened, and said so.
 */
export function keepPrivate(path: string, logger?: Logger): void {
  if (!posix) return;
  try {
    closeSync(openSync(path, 'wx', FILE_MODE));
  } catch {
    // It exists already, or cannot be created here: SQLite's own open says why, as before.
  }
  for (const file of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(file)) tighten(file, logger);
}

/** The default data folder is ours: tighten it too. Any other folder is the operator's: warn only. */
export function checkFolder(folder: string, ours: boolean, logger?: Logger): void {
  if (!posix) return;
  const mode = statSync(folder).mode;
  if ((mode & OTHERS) === 0) return;
  if (ours) tighten(folder, logger);
  else
    logger?.warn(
      { folder, mode: octal(mode) },
      'the database folder is open to other users; make it readable by the service account alone (chmod 700)',
    );
}

function tighten(target: string, logger?: Logger): void {
  let mode: number;
  try {
    mode = statSync(target).mode;
  } catch {
    return; // gone meanwhile (a -wal removed at checkpoint): nothing to tighten
  }
  if ((mode & OTHERS) === 0) return;
  const tightened = mode & ~OTHERS & 0o777;
  try {
    chmodSync(target, tightened);
    logger?.warn(
      { file: target, from: octal(mode), to: octal(tightened) },
      'other users could read the database: permissions tightened',
    );
  } catch {
    logger?.warn(
      { file: target, mode: octal(mode) },
      'other users can read the database and its permissions could not be changed; make it readable by the service account alone (chmod 600)',
    );
  }
}

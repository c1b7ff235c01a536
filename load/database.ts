import Database from 'better-sqlite3';

/**
 * Completed diagnostics the bot stored, read from its SQLite file while it runs (WAL lets a
 * reader in beside the writer). Every virtual person is new, so each finish adds one row.
 */
export function storedDiagnostics(dbPath: string): number | undefined {
  let db: Database.Database | undefined;
  try {
    db = new Database(dbPath, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    const row = db.prepare('SELECT COUNT(*) AS n FROM diagnostic_responses').get() as { n: number } | undefined;
    return row?.n;
  } catch {
    return undefined;
  } finally {
    db?.close();
  }
}

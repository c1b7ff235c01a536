import Database from 'better-sqlite3';

/**
 * Reads every value of every column of every table in a SQLite file (virtual full-text tables and
 * their shadow tables included) and reports each needle found, with where. Text is compared
 * case-insensitively; blobs are read as UTF-8 too, so nothing hides in a column declared BLOB.
 */
export function findLeaks(dbPath: string, needles: Iterable<string>): string[] {
  const wanted = [...new Set([...needles].filter((n) => n.length >= 4).map((n) => n.toLowerCase()))];
  if (wanted.length === 0) return [];
  const db = new Database(dbPath, { readonly: true });
  const found: string[] = [];
  try {
    const tables = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all();
    for (const { name } of tables) {
      for (const row of db.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}"`).iterate() as Iterable<
        Record<string, unknown>
      >) {
        for (const [column, value] of Object.entries(row)) {
          const text = typeof value === 'string' ? value : Buffer.isBuffer(value) ? value.toString('utf8') : undefined;
          if (!text) continue;
          const haystack = text.toLowerCase();
          for (const needle of wanted) {
            if (haystack.includes(needle)) found.push(`${name}.${column} contains ${JSON.stringify(needle)}`);
          }
        }
      }
    }
  } finally {
    db.close();
  }
  return [...new Set(found)];
}

/** How many rows each table has: a scan that read nothing would prove nothing. */
export function rowCounts(dbPath: string): Record<string, number> {
  const db = new Database(dbPath, { readonly: true });
  try {
    const tables = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all();
    return Object.fromEntries(
      tables.map(({ name }) => [
        name,
        (db.prepare(`SELECT COUNT(*) AS n FROM "${name.replace(/"/g, '""')}"`).get() as { n: number }).n,
      ]),
    );
  } finally {
    db.close();
  }
}

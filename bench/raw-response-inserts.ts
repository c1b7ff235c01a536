import Database from 'better-sqlite3';
import type { Db } from '../src/core/store/database.ts';

const TABLES = ['diagnostic_responses', 'diagnostic_answers'];
const COLUMNS = [
  'respondent',
  'diagnostic',
  'version',
  'week',
  'day',
  'score',
  'profile',
  'role',
  'sourcing',
  'workspace',
  'channel',
  'comment',
] as const;

/** A stored response with its answers, as a row of diagnostic_responses holds it. */
export type ResponseRow = Record<(typeof COLUMNS)[number], string | number | null> & {
  answers: { question: string; option: string; score: number | null }[];
};

/** Every response stored after `afterId`, with its answers, exactly as our path wrote them. */
export function responsesAfter(db: Db, afterId: number): ResponseRow[] {
  const answers = db.prepare<[number], { question: string; option: string; score: number | null }>(
    'SELECT question, option, score FROM diagnostic_answers WHERE response_id = ?',
  );
  return db
    .prepare<[number], ResponseRow & { id: number }>(
      `SELECT id, ${COLUMNS.join(', ')} FROM diagnostic_responses WHERE id > ? ORDER BY id`,
    )
    .all(afterId)
    .map(({ id, ...row }) => ({ ...row, answers: answers.all(id) }));
}

/**
 * The ceiling for logging responses: prepared INSERTs of finished rows into tables created
 * from our own schema (same columns, keys and indexes), in a database file set up as ours
 * (WAL, synchronous NORMAL, foreign keys), a whole batch in one transaction. No pseudonyms,
 * scrubbing, session or running counts: only the storage.
 */
export class RawResponseInserts {
  private readonly db: Db;
  private readonly insertAll: (rows: readonly ResponseRow[]) => void;

  constructor(path: string, schemaFrom: Db) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    const ddl = schemaFrom
      .prepare<string[], { sql: string }>(
        `SELECT sql FROM sqlite_master WHERE tbl_name IN (${TABLES.map(() => '?').join(', ')}) AND sql IS NOT NULL ORDER BY rowid`,
      )
      .all(...TABLES);
    for (const { sql } of ddl) this.db.exec(sql);
    const response = this.db.prepare(
      `INSERT INTO diagnostic_responses (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`,
    );
    const answer = this.db.prepare(
      'INSERT INTO diagnostic_answers (response_id, question, option, score) VALUES (?, ?, ?, ?)',
    );
    this.insertAll = this.db.transaction((rows: readonly ResponseRow[]) => {
      for (const row of rows) {
        const { lastInsertRowid } = response.run(...COLUMNS.map((c) => row[c]));
        for (const a of row.answers) answer.run(lastInsertRowid, a.question, a.option, a.score);
      }
    });
  }

  /** Inserts the rows in one transaction. */
  insert(rows: readonly ResponseRow[]): void {
    this.insertAll(rows);
  }

  close(): void {
    this.db.close();
  }
}

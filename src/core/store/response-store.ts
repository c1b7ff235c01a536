import type { Db } from './database.ts';

export interface ResponseRecord {
  respondent: string;
  diagnostic: string;
  version: number;
  week: string;
  day: string;
  score?: number;
  profile?: string;
  role?: string;
  sourcing?: string;
  workspace?: string;
  channel?: string;
  comment?: string;
  answers: { question: string; option: string; score?: number }[];
}

export interface StoredResult {
  diagnostic: string;
  version: number;
  week: string;
  score: number | null;
  profile: string | null;
  answers: Record<string, string>;
}

/** Completed diagnostics, pseudonymised; the report engine reads them, nothing else writes them. */
export class ResponseStore {
  constructor(private readonly db: Db) {}

  /** Saves a response; an earlier one by the same respondent key (same person, diagnostic, week) is replaced. */
  save(response: ResponseRecord): void {
    const write = this.db.transaction(() => {
      this.db
        .prepare('DELETE FROM diagnostic_responses WHERE respondent = ? AND diagnostic = ?')
        .run(response.respondent, response.diagnostic);
      const { lastInsertRowid } = this.db
        .prepare(
          `INSERT INTO diagnostic_responses (respondent, diagnostic, version, week, day, score, profile, role, sourcing, workspace, channel, comment)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          response.respondent,
          response.diagnostic,
          response.version,
          response.week,
          response.day,
          response.score ?? null,
          response.profile ?? null,
          response.role ?? null,
          response.sourcing ?? null,
          response.workspace ?? null,
          response.channel ?? null,
          response.comment ?? null,
        );
      const insert = this.db.prepare(
        'INSERT INTO diagnostic_answers (response_id, question, option, score) VALUES (?, ?, ?, ?)',
      );
      for (const a of response.answers) insert.run(lastInsertRowid, a.question, a.option, a.score ?? null);
    });
    write.immediate();
  }

  /** The responses behind any of these respondent keys, newest week first. */
  byRespondents(respondents: readonly string[]): StoredResult[] {
    if (respondents.length === 0) return [];
    const placeholders = respondents.map(() => '?').join(', ');
    const rows = this.db
      .prepare<
        string[],
        { id: number; diagnostic: string; version: number; week: string; score: number | null; profile: string | null }
      >(
        `SELECT id, diagnostic, version, week, score, profile FROM diagnostic_responses WHERE respondent IN (${placeholders}) ORDER BY week DESC`,
      )
      .all(...respondents);
    const answers = this.db.prepare<[number], { question: string; option: string }>(
      'SELECT question, option FROM diagnostic_answers WHERE response_id = ?',
    );
    return rows.map((row) => ({
      diagnostic: row.diagnostic,
      version: row.version,
      week: row.week,
      score: row.score,
      profile: row.profile,
      answers: Object.fromEntries(answers.all(row.id).map((a) => [a.question, a.option])),
    }));
  }

  /**
   * Retention: responses answered before `day` are rolled up into weekly counts per question and
   * option (and profile), then deleted with their answers and comments.
   */
  expireBefore(day: string): number {
    const expire = this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO diagnostic_aggregates (diagnostic, version, week, question, option, count)
           SELECT r.diagnostic, r.version, r.week, a.question, a.option, COUNT(*)
             FROM diagnostic_responses r JOIN diagnostic_answers a ON a.response_id = r.id
            WHERE r.day < ? GROUP BY 1, 2, 3, 4, 5
           ON CONFLICT DO UPDATE SET count = count + excluded.count`,
        )
        .run(day);
      this.db
        .prepare(
          `INSERT INTO diagnostic_aggregates (diagnostic, version, week, question, option, count)
           SELECT diagnostic, version, week, '_profile', COALESCE(profile, '_none'), COUNT(*)
             FROM diagnostic_responses WHERE day < ? GROUP BY 1, 2, 3, 5
           ON CONFLICT DO UPDATE SET count = count + excluded.count`,
        )
        .run(day);
      return this.db.prepare('DELETE FROM diagnostic_responses WHERE day < ?').run(day).changes;
    });
    return expire.immediate();
  }
}

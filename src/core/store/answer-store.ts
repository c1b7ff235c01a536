import type { Db } from './database.ts';
import { dayOf, daysBefore } from './time.ts';

export interface AnswerRecord {
  id: string;
  question: string;
  answered: boolean;
  reason?: string;
  topArticle?: string;
  /** The reply as JSON, so it can be shared from a button later. */
  reply: string;
}

export interface GapRow {
  question: string;
  declined: number;
  notHelpful: number;
  helpful: number;
}

/** The answer log (scrubbed questions, no people) and the pseudonymous feedback on it. */
export class AnswerStore {
  constructor(private readonly db: Db) {}

  record(answer: AnswerRecord, now: Date): void {
    this.db
      .prepare(
        'INSERT INTO answers (id, day, question, answered, reason, top_article, reply) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        answer.id,
        dayOf(now),
        answer.question,
        answer.answered ? 1 : 0,
        answer.reason ?? null,
        answer.topArticle ?? null,
        answer.reply,
      );
  }

  reply(id: string): string | undefined {
    return (
      this.db.prepare<[string], { reply: string | null }>('SELECT reply FROM answers WHERE id = ?').get(id)?.reply ??
      undefined
    );
  }

  exists(id: string): boolean {
    return (
      this.db.prepare<[string], { one: number }>('SELECT 1 AS one FROM answers WHERE id = ?').get(id) !== undefined
    );
  }

  /** One vote per person per answer: a later click replaces the earlier one. */
  vote(answerId: string, respondent: string, helpful: boolean, now: Date): void {
    this.db
      .prepare(
        `INSERT INTO feedback (answer_id, respondent, helpful, day) VALUES (?, ?, ?, ?)
         ON CONFLICT (answer_id, respondent) DO UPDATE SET helpful = excluded.helpful, day = excluded.day`,
      )
      .run(answerId, respondent, helpful ? 1 : 0, dayOf(now));
  }

  /** Questions the coach declined or answered unhelpfully, grouped by exact wording, counts only. */
  gaps(sinceDays: number, now: Date): GapRow[] {
    return this.db
      .prepare<[string], GapRow>(
        `SELECT a.question AS question,
                SUM(CASE WHEN a.answered = 0 THEN 1 ELSE 0 END) AS declined,
                COALESCE(SUM(f.not_helpful), 0) AS notHelpful,
                COALESCE(SUM(f.helpful), 0) AS helpful
           FROM answers a
           LEFT JOIN (SELECT answer_id, SUM(helpful = 0) AS not_helpful, SUM(helpful = 1) AS helpful
                        FROM feedback GROUP BY answer_id) f ON f.answer_id = a.id
          WHERE a.day >= ? AND (a.reason IS NULL OR a.reason = 'unknown')
          GROUP BY a.question
         HAVING declined > 0 OR notHelpful > 0
          ORDER BY declined + notHelpful DESC, question`,
      )
      .all(daysBefore(now, sinceDays));
  }

  /** Forgets shared replies after a week and the answer log after the retention period. */
  purge(now: Date, replyDays: number, logDays: number): void {
    this.db
      .prepare('UPDATE answers SET reply = NULL WHERE reply IS NOT NULL AND day < ?')
      .run(daysBefore(now, replyDays));
    this.db.prepare('DELETE FROM answers WHERE day < ?').run(daysBefore(now, logDays));
  }
}

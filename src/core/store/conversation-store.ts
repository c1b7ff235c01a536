import type { Db } from './database.ts';
import { currentHour, hourAfter } from './time.ts';

export interface StoredTurn {
  question: string;
  answer: string;
}

/** Recent turns of a conversation, so follow-ups work on every platform and across restarts. */
export class ConversationStore {
  constructor(private readonly db: Db) {}

  recent(conversation: string, limit: number, now: Date): StoredTurn[] {
    return this.db
      .prepare<[string, number, number], StoredTurn>(
        `SELECT question, answer FROM (
           SELECT question, answer, seq FROM conversation_turns
            WHERE conversation = ? AND expires_hour >= ?
            ORDER BY seq DESC LIMIT ?)
         ORDER BY seq`,
      )
      .all(conversation, currentHour(now), limit);
  }

  append(conversation: string, turn: StoredTurn, keep: number, ttlMs: number, now: Date): void {
    const write = this.db.transaction(() => {
      const next =
        this.db
          .prepare<[string], { seq: number }>(
            'SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM conversation_turns WHERE conversation = ?',
          )
          .get(conversation)?.seq ?? 1;
      this.db
        .prepare(
          'INSERT INTO conversation_turns (conversation, seq, question, answer, expires_hour) VALUES (?, ?, ?, ?, ?)',
        )
        .run(conversation, next, turn.question, turn.answer, hourAfter(now, ttlMs));
      this.db
        .prepare('DELETE FROM conversation_turns WHERE conversation = ? AND seq <= ?')
        .run(conversation, next - keep);
    });
    write.immediate();
  }

  purgeExpired(now: Date): number {
    return this.db.prepare('DELETE FROM conversation_turns WHERE expires_hour < ?').run(currentHour(now)).changes;
  }
}

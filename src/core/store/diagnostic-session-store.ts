import type { Db } from './database.ts';
import { currentHour } from './time.ts';

export type SessionStage = 'notice' | 'context' | 'consent' | 'question' | 'comment' | 'done' | 'cancelled' | 'expired';

export interface SessionRecord {
  id: string;
  person: string;
  diagnostic: string;
  version: number;
  stage: SessionStage;
  step: number;
  answers: Record<string, string>;
  workspace?: string;
  channel?: string;
  channelConsent?: boolean;
  expiresHour: number;
}

interface Row {
  id: string;
  person: string;
  diagnostic: string;
  version: number;
  stage: SessionStage;
  step: number;
  answers: string;
  workspace: string | null;
  channel: string | null;
  channel_consent: number | null;
  expires_hour: number;
}

const toRecord = (row: Row): SessionRecord => ({
  id: row.id,
  person: row.person,
  diagnostic: row.diagnostic,
  version: row.version,
  stage: row.stage,
  step: row.step,
  answers: JSON.parse(row.answers) as Record<string, string>,
  workspace: row.workspace ?? undefined,
  channel: row.channel ?? undefined,
  channelConsent: row.channel_consent === null ? undefined : row.channel_consent === 1,
  expiresHour: row.expires_hour,
});

const FINISHED = "('done', 'cancelled', 'expired')";

/** Diagnostic conversations in progress: a state machine that survives restarts and replicas. */
export class DiagnosticSessionStore {
  constructor(private readonly db: Db) {}

  get(id: string): SessionRecord | undefined {
    const row = this.db.prepare<[string], Row>('SELECT * FROM diagnostic_sessions WHERE id = ?').get(id);
    return row ? toRecord(row) : undefined;
  }

  /** The person's unfinished session of a diagnostic; one that has gone stale is marked expired first. */
  active(person: string, diagnostic: string, now: Date): SessionRecord | undefined {
    this.db
      .prepare(
        `UPDATE diagnostic_sessions SET stage = 'expired' WHERE person = ? AND diagnostic = ? AND stage NOT IN ${FINISHED} AND expires_hour < ?`,
      )
      .run(person, diagnostic, currentHour(now));
    const row = this.db
      .prepare<[string, string], Row>(
        `SELECT * FROM diagnostic_sessions WHERE person = ? AND diagnostic = ? AND stage NOT IN ${FINISHED}`,
      )
      .get(person, diagnostic);
    return row ? toRecord(row) : undefined;
  }

  /** Inserts a new session; false when the person already has one in progress (the unique index). */
  create(session: SessionRecord): boolean {
    const result = this.db
      .prepare(
        `INSERT INTO diagnostic_sessions (id, person, diagnostic, version, stage, step, answers, workspace, channel, channel_consent, expires_hour)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      )
      .run(
        session.id,
        session.person,
        session.diagnostic,
        session.version,
        session.stage,
        session.step,
        JSON.stringify(session.answers),
        session.workspace ?? null,
        session.channel ?? null,
        session.channelConsent === undefined ? null : session.channelConsent ? 1 : 0,
        session.expiresHour,
      );
    return result.changes === 1;
  }

  /**
   * Moves a session on, but only from the stage and step it is expected to be at: a double click
   * or an old button finds it has moved already and changes nothing (returns false).
   */
  advance(from: Pick<SessionRecord, 'id' | 'stage' | 'step'>, to: SessionRecord): boolean {
    return (
      this.db
        .prepare(
          `UPDATE diagnostic_sessions SET stage = ?, step = ?, answers = ?, channel_consent = ?, expires_hour = ?
            WHERE id = ? AND stage = ? AND step = ?`,
        )
        .run(
          to.stage,
          to.step,
          JSON.stringify(to.answers),
          to.channelConsent === undefined ? null : to.channelConsent ? 1 : 0,
          to.expiresHour,
          from.id,
          from.stage,
          from.step,
        ).changes === 1
    );
  }

  /** Marks stale sessions expired, and forgets finished ones a week after their last activity. */
  housekeeping(now: Date): void {
    const hour = currentHour(now);
    this.db
      .prepare(
        `UPDATE diagnostic_sessions SET stage = 'expired', answers = '{}' WHERE stage NOT IN ${FINISHED} AND expires_hour < ?`,
      )
      .run(hour);
    this.db
      .prepare(`DELETE FROM diagnostic_sessions WHERE stage IN ${FINISHED} AND expires_hour < ?`)
      .run(hour - 7 * 24);
  }
}

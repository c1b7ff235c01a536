import type { Db } from './database.ts';

export type FollowupStatus = 'waiting' | 'sending' | 'asked' | 'deciding' | 'done' | 'cancelled' | 'dropped';
export type Outcome = 'helped' | 'no-change' | 'worse' | 'not-yet';

export interface FollowupRecord {
  id: string;
  person: string;
  workspace?: string;
  diagnostic: string;
  question: string;
  experiment: string;
  kind: string;
  scoreBefore?: number;
  pickedWeek: string;
  pickedDay: string;
  weeks: number;
  dueDay?: string;
  status: FollowupStatus;
  reminder: boolean;
  attempts: number;
  platform: string;
  /** Sealed; only while a check-in or reminder waits to be sent. */
  address?: string;
  outcome?: Outcome;
  answeredWeek?: string;
  comment?: string;
  scoreAfter?: number;
  retakenWeek?: string;
}

interface Row {
  id: string;
  person: string;
  workspace: string | null;
  diagnostic: string;
  question: string;
  experiment: string;
  kind: string;
  score_before: number | null;
  picked_week: string;
  picked_day: string;
  weeks: number;
  due_day: string | null;
  status: FollowupStatus;
  reminder: number;
  attempts: number;
  platform: string;
  address: string | null;
  outcome: Outcome | null;
  answered_week: string | null;
  comment: string | null;
  score_after: number | null;
  retaken_week: string | null;
}

const toRecord = (r: Row): FollowupRecord => ({
  id: r.id,
  person: r.person,
  workspace: r.workspace ?? undefined,
  diagnostic: r.diagnostic,
  question: r.question,
  experiment: r.experiment,
  kind: r.kind,
  scoreBefore: r.score_before ?? undefined,
  pickedWeek: r.picked_week,
  pickedDay: r.picked_day,
  weeks: r.weeks,
  dueDay: r.due_day ?? undefined,
  status: r.status,
  reminder: r.reminder === 1,
  attempts: r.attempts,
  platform: r.platform,
  address: r.address ?? undefined,
  outcome: r.outcome ?? undefined,
  answeredWeek: r.answered_week ?? undefined,
  comment: r.comment ?? undefined,
  scoreAfter: r.score_after ?? undefined,
  retakenWeek: r.retaken_week ?? undefined,
});

/** What group figures are computed from: one row per follow-up with an event in the window. */
export interface FollowupFact {
  person: string;
  kind: string;
  pickedWeek: string;
  outcome?: Outcome;
  answeredWeek?: string;
  comment?: string;
  scoreBefore?: number;
  scoreAfter?: number;
  retakenWeek?: string;
}

/** States in which nothing more will be sent: the address must be gone. */
const FINISHED = "('asked', 'deciding', 'done', 'cancelled', 'dropped')";

/**
 * Follow-ups and their check-ins. Every move is a conditional update from the state it expects,
 * so a doubled click, a second process or a retried send changes nothing twice; every move that
 * ends the need to send clears the address in the same statement.
 */
export class FollowupStore {
  constructor(private readonly db: Db) {}

  /** Creates a follow-up; false when the person already has a check-in waiting for that diagnostic. */
  create(f: FollowupRecord): boolean {
    return (
      this.db
        .prepare(
          `INSERT INTO followups (id, person, workspace, diagnostic, question, experiment, kind, score_before, picked_week,
             picked_day, weeks, due_day, status, reminder, attempts, platform, address)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
        )
        .run(
          f.id,
          f.person,
          f.workspace ?? null,
          f.diagnostic,
          f.question,
          f.experiment,
          f.kind,
          f.scoreBefore ?? null,
          f.pickedWeek,
          f.pickedDay,
          f.weeks,
          f.dueDay ?? null,
          f.status,
          f.reminder ? 1 : 0,
          f.attempts,
          f.platform,
          f.address ?? null,
        ).changes === 1
    );
  }

  get(id: string): FollowupRecord | undefined {
    const row = this.db.prepare<[string], Row>('SELECT * FROM followups WHERE id = ?').get(id);
    return row ? toRecord(row) : undefined;
  }

  /** The check-in a person has waiting for a diagnostic, if any. */
  waiting(person: string, diagnostic: string): FollowupRecord | undefined {
    const row = this.db
      .prepare<[string, string], Row>(
        "SELECT * FROM followups WHERE person = ? AND diagnostic = ? AND status IN ('waiting', 'sending')",
      )
      .get(person, diagnostic);
    return row ? toRecord(row) : undefined;
  }

  /** A person's follow-ups, newest first. */
  byPerson(person: string, limit = 20): FollowupRecord[] {
    return this.db
      .prepare<[string, number], Row>(
        'SELECT * FROM followups WHERE person = ? ORDER BY picked_day DESC, id DESC LIMIT ?',
      )
      .all(person, limit)
      .map(toRecord);
  }

  /** Waiting check-ins due on or before a day, on some platforms, oldest first. */
  due(day: string, platforms: readonly string[], limit = 500): FollowupRecord[] {
    if (platforms.length === 0) return [];
    const placeholders = platforms.map(() => '?').join(', ');
    return this.db
      .prepare<unknown[], Row>(
        `SELECT * FROM followups WHERE status = 'waiting' AND due_day <= ? AND platform IN (${placeholders})
          ORDER BY due_day, id LIMIT ?`,
      )
      .all(day, ...platforms, limit)
      .map(toRecord);
  }

  /**
   * Applies a change only if the follow-up is still in one of the states the caller saw (and,
   * when given, still has that many attempts): the one way every move is made.
   */
  move(id: string, from: readonly FollowupStatus[], change: FollowupChange, attempts?: number): boolean {
    const sets: string[] = [];
    const values: unknown[] = [];
    const set = (column: string, value: unknown) => {
      sets.push(`${column} = ?`);
      values.push(value);
    };
    if (change.status !== undefined) set('status', change.status);
    if (change.weeks !== undefined) set('weeks', change.weeks);
    if (change.dueDay !== undefined) set('due_day', change.dueDay);
    if (change.reminder !== undefined) set('reminder', change.reminder ? 1 : 0);
    if (change.attempts !== undefined) set('attempts', change.attempts);
    if (change.claimedHour !== undefined) set('claimed_hour', change.claimedHour);
    if (change.address !== undefined) set('address', change.address);
    if (change.outcome !== undefined) set('outcome', change.outcome);
    if (change.answeredWeek !== undefined) set('answered_week', change.answeredWeek);
    if (change.comment !== undefined) set('comment', change.comment);
    if (change.experiment !== undefined) set('experiment', change.experiment);
    if (change.question !== undefined) set('question', change.question);
    if (change.kind !== undefined) set('kind', change.kind);
    if (change.platform !== undefined) set('platform', change.platform);
    // Nothing more will be sent from these states, so nothing may stay to send it with.
    if (change.status !== undefined && FINISHED.includes(`'${change.status}'`)) set('address', null);
    if (sets.length === 0) return false;
    const placeholders = from.map(() => '?').join(', ');
    const guard = attempts === undefined ? '' : ' AND attempts = ?';
    return (
      this.db
        .prepare(`UPDATE followups SET ${sets.join(', ')} WHERE id = ? AND status IN (${placeholders})${guard}`)
        .run(...values, id, ...from, ...(attempts === undefined ? [] : [attempts])).changes === 1
    );
  }

  /**
   * A retake of a diagnostic in a later week than the pick: the latest follow-up of that person
   * and diagnostic picked before `week` gets the new score. Returns whether one did.
   */
  recordRetake(person: string, diagnostic: string, week: string, score: number | undefined): boolean {
    const row = this.db
      .prepare<[string, string, string], { id: string }>(
        `SELECT id FROM followups WHERE person = ? AND diagnostic = ? AND picked_week < ? AND status != 'cancelled'
          ORDER BY picked_week DESC, id DESC LIMIT 1`,
      )
      .get(person, diagnostic, week);
    if (!row) return false;
    this.db
      .prepare('UPDATE followups SET score_after = ?, retaken_week = ? WHERE id = ?')
      .run(score ?? null, week, row.id);
    return true;
  }

  /**
   * Follow-ups with anything in the weeks from..to (inclusive), for group figures: picked,
   * answered or retaken then. Cancelled ones count for nothing.
   */
  facts(from: string, to: string, workspace?: string): FollowupFact[] {
    const scope = workspace === undefined ? '' : ' AND workspace = ?';
    return this.db
      .prepare<
        unknown[],
        Pick<
          Row,
          | 'person'
          | 'kind'
          | 'picked_week'
          | 'outcome'
          | 'answered_week'
          | 'comment'
          | 'score_before'
          | 'score_after'
          | 'retaken_week'
        >
      >(
        `SELECT person, kind, picked_week, outcome, answered_week, comment, score_before, score_after, retaken_week
           FROM followups
          WHERE status != 'cancelled'${scope}
            AND ((picked_week BETWEEN ? AND ?) OR (answered_week BETWEEN ? AND ?) OR (retaken_week BETWEEN ? AND ?))`,
      )
      .all(...(workspace === undefined ? [] : [workspace]), from, to, from, to, from, to)
      .map((r) => ({
        person: r.person,
        kind: r.kind,
        pickedWeek: r.picked_week,
        outcome: r.outcome ?? undefined,
        answeredWeek: r.answered_week ?? undefined,
        comment: r.comment ?? undefined,
        scoreBefore: r.score_before ?? undefined,
        scoreAfter: r.score_after ?? undefined,
        retakenWeek: r.retaken_week ?? undefined,
      }));
  }

  /**
   * Housekeeping: follow-ups picked before the retention cut-off go; a send claimed before
   * `staleHour` and never finished (the process died mid-send) is dropped rather than risk a
   * second message, and no finished follow-up keeps an address. Returns how many were dropped.
   */
  housekeeping(cutOffDay: string, staleHour: number): number {
    const work = this.db.transaction(() => {
      this.db.prepare('DELETE FROM followups WHERE picked_day < ?').run(cutOffDay);
      const dropped = this.db
        .prepare(
          "UPDATE followups SET status = 'dropped', address = NULL WHERE status = 'sending' AND claimed_hour < ?",
        )
        .run(staleHour).changes;
      this.db.prepare(`UPDATE followups SET address = NULL WHERE status IN ${FINISHED} AND address IS NOT NULL`).run();
      return dropped;
    });
    return work.immediate();
  }
}

export interface FollowupChange {
  status?: FollowupStatus;
  weeks?: number;
  dueDay?: string | null;
  reminder?: boolean;
  attempts?: number;
  claimedHour?: number;
  address?: string | null;
  outcome?: Outcome;
  answeredWeek?: string;
  comment?: string;
  experiment?: string;
  question?: string;
  kind?: string;
  platform?: string;
}

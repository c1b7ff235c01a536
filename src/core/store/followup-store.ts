import type { Statement } from 'better-sqlite3';
import { isoWeek, weeksBefore } from '../diagnostics/week.ts';
import type { Db } from './database.ts';
import type { PublishedGroup, ReleaseRules } from './response-store.ts';

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

/**
 * What group figures are computed from: a follow-up as it stood when its workspace last published
 * (see FollowupStore.publishIfDue). Cancelled ones are not among them.
 */
export interface PublishedFollowup {
  workspace: string;
  person: string;
  kind: string;
  pickedWeek: string;
  outcome?: Outcome;
  comment?: string;
  scoreBefore?: number;
  scoreAfter?: number;
  retakenWeek?: string;
  /** The release its comment was published with (comments move on only ten new at a time). */
  commentRelease?: number;
}

/** Answers that say the experiment was tried. */
export const TRIED: readonly Outcome[] = ['helped', 'no-change', 'worse'];
const TRIED_SQL = "('helped', 'no-change', 'worse')";

/** The release new changes in a row's workspace go into: the one after the last published. */
const OPEN_RELEASE = `(SELECT IFNULL(MAX(r.release), -1) + 1 FROM followup_releases r
   WHERE r.workspace = IFNULL(followups.workspace, '') AND r.dimension = '' AND r.value = '')`;

/** States in which nothing more will be sent: the address must be gone. */
const FINISHED = "('asked', 'deciding', 'done', 'cancelled', 'dropped')";

/**
 * Follow-ups and their check-ins. Every move is a conditional update from the state it expects,
 * so a doubled click, a second process or a retried send changes nothing twice; every move that
 * ends the need to send clears the address in the same statement.
 *
 * Group figures follow the report engine's release rules: each change to what they count (a
 * pick, a cancel, an answer, a comment, a retake) goes into its workspace's open release, marked
 * in the same statement, and the release is published, copied into `followup_published`, once
 * k people have changed something in it. Reports read only what is published.
 */
export class FollowupStore {
  /** Statements prepared once: publishing runs a few on every change. */
  private readonly statements = new Map<string, Statement>();

  constructor(
    private readonly db: Db,
    private readonly rules: ReleaseRules = { every: 5, comments: 10, sliceWeeks: 26 },
  ) {}

  private sql<P extends unknown[] = unknown[], R = unknown>(source: string): Statement<P, R> {
    let statement = this.statements.get(source);
    if (!statement) {
      statement = this.db.prepare(source);
      this.statements.set(source, statement);
    }
    return statement as unknown as Statement<P, R>;
  }

  /**
   * Creates a follow-up; false when the person already has a check-in waiting for that
   * diagnostic. The pick goes into the open release of its workspace.
   */
  create(f: FollowupRecord): boolean {
    const open =
      "(SELECT IFNULL(MAX(release), -1) + 1 FROM followup_releases WHERE workspace = @ws AND dimension = '' AND value = '')";
    const insert = () =>
      this.sql(
        `INSERT INTO followups (id, person, workspace, diagnostic, question, experiment, kind, score_before, picked_week,
           picked_day, weeks, due_day, status, reminder, attempts, platform, address, outcome, answered_week, comment,
           score_after, retaken_week, release, answer_release, comment_release)
         VALUES (@id, @person, @workspace, @diagnostic, @question, @experiment, @kind, @scoreBefore, @pickedWeek,
           @pickedDay, @weeks, @dueDay, @status, @reminder, @attempts, @platform, @address, @outcome, @answeredWeek,
           @comment, @scoreAfter, @retakenWeek, ${open},
           CASE WHEN @outcome IS NULL THEN NULL ELSE ${open} END, CASE WHEN @comment IS NULL THEN NULL ELSE ${open} END)
         ON CONFLICT DO NOTHING`,
      ).run({
        id: f.id,
        person: f.person,
        workspace: f.workspace ?? null,
        ws: f.workspace ?? '',
        diagnostic: f.diagnostic,
        question: f.question,
        experiment: f.experiment,
        kind: f.kind,
        scoreBefore: f.scoreBefore ?? null,
        pickedWeek: f.pickedWeek,
        pickedDay: f.pickedDay,
        weeks: f.weeks,
        dueDay: f.dueDay ?? null,
        status: f.status,
        reminder: f.reminder ? 1 : 0,
        attempts: f.attempts,
        platform: f.platform,
        address: f.address ?? null,
        outcome: f.outcome ?? null,
        answeredWeek: f.answeredWeek ?? null,
        comment: f.comment ?? null,
        scoreAfter: f.scoreAfter ?? null,
        retakenWeek: f.retakenWeek ?? null,
      }).changes === 1;
    return this.db
      .transaction(() => {
        if (!insert()) return false;
        this.publishIfDue(f.workspace ?? '', f.pickedWeek);
        return true;
      })
      .immediate();
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
   * when given, still has that many attempts): the one way every move is made. A change to what
   * group figures count goes into the open release, which is then published if it is due.
   */
  move(id: string, from: readonly FollowupStatus[], change: FollowupChange, attempts?: number): boolean {
    if (!countsInFigures(change)) return this.apply(id, from, change, attempts);
    return this.db
      .transaction(() => {
        if (!this.apply(id, from, change, attempts)) return false;
        const row = this.sql<[string], { workspace: string | null; week: string }>(
          `SELECT workspace, MAX(picked_week, IFNULL(answered_week, ''), IFNULL(retaken_week, '')) AS week
             FROM followups WHERE id = ?`,
        ).get(id);
        if (row) this.publishIfDue(row.workspace ?? '', change.week ?? row.week);
        return true;
      })
      .immediate();
  }

  private apply(id: string, from: readonly FollowupStatus[], change: FollowupChange, attempts?: number): boolean {
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
    // Into the open release in the same statement, so no publication can fall between the two.
    if (countsInFigures(change)) sets.push(`release = ${OPEN_RELEASE}`);
    if (change.outcome !== undefined) sets.push(`answer_release = ${OPEN_RELEASE}`);
    if (change.comment !== undefined) sets.push(`comment_release = ${OPEN_RELEASE}`);
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
    const work = this.db.transaction(() => {
      const row = this.db
        .prepare<[string, string, string], { id: string; workspace: string | null }>(
          `SELECT id, workspace FROM followups WHERE person = ? AND diagnostic = ? AND picked_week < ? AND status != 'cancelled'
            ORDER BY picked_week DESC, id DESC LIMIT 1`,
        )
        .get(person, diagnostic, week);
      if (!row) return false;
      this.db
        .prepare(`UPDATE followups SET score_after = ?, retaken_week = ?, release = ${OPEN_RELEASE} WHERE id = ?`)
        .run(score ?? null, week, row.id);
      this.publishIfDue(row.workspace ?? '', week);
      return true;
    });
    return work.immediate();
  }

  /**
   * Publishes a workspace's open release once k people have changed something in it, right when
   * the k-th does (the same rule as diagnostic responses, ResponseStore.publishIfDue): the
   * changed follow-ups are copied as they stand into the published rows, all at once, so
   * published figures always move by at least k people. Then each kind of experiment is marked
   * shown in this release or not (kindSteps), and comments move on only when enough new ones are in.
   */
  private publishIfDue(workspace: string, week: string): void {
    const before = this.releaseOf(workspace, '');
    const open = (before?.release ?? -1) + 1;
    const pending = this.sql<[string, number], { n: number }>(
      "SELECT COUNT(DISTINCT person) AS n FROM followups WHERE IFNULL(workspace, '') = ? AND release = ?",
    ).get(workspace, open);
    if ((pending?.n ?? 0) < this.rules.every) return;
    // As of this week, or a later one anything being published happened in (never before a pick it counts).
    const newest = this.sql<[string, number], { week: string | null }>(
      `SELECT MAX(MAX(picked_week, IFNULL(answered_week, ''), IFNULL(retaken_week, ''))) AS week
         FROM followups WHERE IFNULL(workspace, '') = ? AND release = ?`,
    ).get(workspace, open)?.week;
    const asOf = [before?.week ?? '', week, newest ?? ''].sort().at(-1) ?? week;
    const publish = this.sql(
      `INSERT INTO followup_releases (workspace, dimension, value, release, week) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET release = excluded.release, week = excluded.week`,
    );
    publish.run(workspace, '', '', open, asOf);
    this.sql(
      `INSERT INTO followup_published (id, workspace, person, kind, picked_week, outcome, comment, score_before,
         score_after, retaken_week, release, answer_release, comment_release)
       SELECT id, IFNULL(workspace, ''), person, kind, picked_week, outcome, comment, score_before,
              score_after, retaken_week, release, answer_release, comment_release
         FROM followups WHERE IFNULL(workspace, '') = ? AND release = ? AND status != 'cancelled'
       ON CONFLICT DO UPDATE SET person = excluded.person, kind = excluded.kind, picked_week = excluded.picked_week,
         outcome = excluded.outcome, comment = excluded.comment, score_before = excluded.score_before,
         score_after = excluded.score_after, retaken_week = excluded.retaken_week, release = excluded.release,
         answer_release = excluded.answer_release, comment_release = excluded.comment_release`,
    ).run(workspace, open);
    this.sql(
      `DELETE FROM followup_published WHERE id IN
         (SELECT id FROM followups WHERE IFNULL(workspace, '') = ? AND release = ? AND status = 'cancelled')`,
    ).run(workspace, open);
    for (const kind of this.kindSteps(workspace, open, before?.release ?? -1, asOf))
      publish.run(workspace, 'kind', kind, open, asOf);
    const commentsSince = this.releaseOf(workspace, '_comments')?.release ?? -1;
    const comments = this.sql<[string, number, number], { n: number }>(
      `SELECT COUNT(*) AS n FROM followup_published
        WHERE workspace = ? AND comment IS NOT NULL AND comment_release > ? AND comment_release <= ?`,
    ).get(workspace, commentsSince, open);
    if ((comments?.n ?? 0) >= this.rules.comments) publish.run(workspace, '_comments', '', open, asOf);
  }

  private releaseOf(workspace: string, dimension: string, value = ''): { release: number; week: string } | undefined {
    return this.sql<[string, string, string], { release: number; week: string }>(
      'SELECT release, week FROM followup_releases WHERE workspace = ? AND dimension = ? AND value = ?',
    ).get(workspace, dimension, value);
  }

  /**
   * The kinds of experiment that may be shown in a new release, by the rule for a report's slice
   * groups (ResponseStore.sliceSteps): a kind's figures cover the people who tried one, picked
   * in the `sliceWeeks` weeks up to the release's week, and a kind is shown only if those people
   * differ from when it was last shown by nobody or by at least k (answered since, or passed out
   * of its weeks), or, never shown before, it has k of them. Otherwise it sits the release out,
   * hidden like a small kind. Trying is a last answer (nobody is asked again after it), so
   * people join a kind once and leave it only by passing out of its weeks.
   */
  private kindSteps(workspace: string, open: number, previous: number, asOf: string): string[] {
    const shown = new Map(
      this.sql<[string], { value: string; release: number; week: string }>(
        "SELECT value, release, week FROM followup_releases WHERE workspace = ? AND dimension = 'kind'",
      )
        .all(workspace)
        .map((g) => [g.value, { release: g.release, from: weeksBefore(g.week, this.rules.sliceWeeks - 1) }]),
    );
    const from = weeksBefore(asOf, this.rules.sliceWeeks - 1);
    const changes = new Map<string, number>();
    const add = (kind: string, n: number) => changes.set(kind, (changes.get(kind) ?? 0) + n);
    const since = Math.min(previous, ...[...shown.values()].map((g) => g.release));
    const newcomers = new Set<string>();
    for (const r of this.sql<[string, number, number], { kind: string; week: string; release: number; n: number }>(
      `SELECT kind, picked_week AS week, answer_release AS release, COUNT(DISTINCT person) AS n FROM followup_published
        WHERE workspace = ? AND outcome IN ${TRIED_SQL} AND answer_release > ? AND answer_release <= ? GROUP BY 1, 2, 3`,
    ).all(workspace, since, open)) {
      if (r.week < from || r.week > asOf) continue;
      const last = shown.get(r.kind);
      if (!last) newcomers.add(r.kind);
      else if (r.release > last.release) add(r.kind, r.n);
    }
    const slid = [...shown.values()].filter((g) => g.from < from);
    if (slid.length > 0) {
      const oldest = slid.map((g) => g.from).sort()[0] ?? from;
      for (const r of this.sql<[string, string, string], { kind: string; week: string; release: number; n: number }>(
        `SELECT kind, picked_week AS week, answer_release AS release, COUNT(DISTINCT person) AS n FROM followup_published
          WHERE workspace = ? AND outcome IN ${TRIED_SQL} AND picked_week >= ? AND picked_week < ? GROUP BY 1, 2, 3`,
      ).all(workspace, oldest, from)) {
        const last = shown.get(r.kind);
        if (last && r.week >= last.from && r.release <= last.release) add(r.kind, r.n);
      }
    }
    const members = new Map<string, number>();
    if (newcomers.size > 0) {
      for (const r of this.sql<[string, string, string], { kind: string; n: number }>(
        `SELECT kind, COUNT(DISTINCT person) AS n FROM followup_published
          WHERE workspace = ? AND outcome IN ${TRIED_SQL} AND picked_week >= ? AND picked_week <= ? GROUP BY 1`,
      ).all(workspace, from, asOf)) {
        if (newcomers.has(r.kind)) members.set(r.kind, r.n);
      }
    }
    const every = this.rules.every;
    return [
      ...[...shown.keys()].filter((kind) => {
        const changed = changes.get(kind) ?? 0;
        return changed === 0 || changed >= every;
      }),
      ...[...newcomers].filter((kind) => (members.get(kind) ?? 0) >= every),
    ];
  }

  /** Which releases are published, in one workspace or (undefined) all. */
  releases(workspace?: string): PublishedGroup[] {
    const scope = workspace === undefined ? '' : ' WHERE workspace = ?';
    return this.sql<unknown[], PublishedGroup>(
      `SELECT workspace, dimension, value, release, week FROM followup_releases${scope}`,
    ).all(...(workspace === undefined ? [] : [workspace]));
  }

  /** The published follow-ups, in one workspace or (undefined) all; nothing of a release still open. */
  published(workspace?: string): PublishedFollowup[] {
    const scope = workspace === undefined ? '' : ' WHERE workspace = ?';
    return this.sql<
      unknown[],
      {
        workspace: string;
        person: string;
        kind: string;
        picked_week: string;
        outcome: Outcome | null;
        comment: string | null;
        score_before: number | null;
        score_after: number | null;
        retaken_week: string | null;
        comment_release: number | null;
      }
    >(
      `SELECT workspace, person, kind, picked_week, outcome, comment, score_before, score_after, retaken_week, comment_release
         FROM followup_published${scope}`,
    )
      .all(...(workspace === undefined ? [] : [workspace]))
      .map((r) => ({
        workspace: r.workspace,
        person: r.person,
        kind: r.kind,
        pickedWeek: r.picked_week,
        outcome: r.outcome ?? undefined,
        comment: r.comment ?? undefined,
        scoreBefore: r.score_before ?? undefined,
        scoreAfter: r.score_after ?? undefined,
        retakenWeek: r.retaken_week ?? undefined,
        commentRelease: r.comment_release ?? undefined,
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
      this.expirePublished(isoWeek(new Date(`${cutOffDay}T00:00:00Z`)));
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

  /**
   * Published rows of weeks entirely before the retention cut-off lose the pseudonym and the
   * comment but keep what the figures count, as diagnostics keep their weekly counts: published
   * figures and the runs windows are cut at do not move when old follow-ups are deleted. One
   * person's rows of one week share one new name, so nobody counts twice in a week.
   */
  private expirePublished(beforeWeek: string): void {
    const groups = this.sql<[string], { workspace: string; week: string; person: string; first: string }>(
      `SELECT workspace, picked_week AS week, person, MIN(id) AS first FROM followup_published
        WHERE picked_week < ? AND person NOT LIKE 'expired:%' GROUP BY 1, 2, 3`,
    ).all(beforeWeek);
    const rename = this.sql(
      `UPDATE followup_published SET person = ?, comment = NULL
        WHERE workspace = ? AND picked_week = ? AND person = ?`,
    );
    for (const g of groups) rename.run(`expired:${g.first}`, g.workspace, g.week, g.person);
  }
}

/** Whether a change alters what group figures count (and so goes into the open release). */
function countsInFigures(change: FollowupChange): boolean {
  return (
    change.outcome !== undefined ||
    change.answeredWeek !== undefined ||
    change.comment !== undefined ||
    change.kind !== undefined ||
    change.experiment !== undefined ||
    change.status === 'cancelled'
  );
}

export interface FollowupChange {
  /** The ISO week a change to what figures count is made in (the week a release may be published as of). */
  week?: string;
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

import type { Statement } from 'better-sqlite3';
import { weeksBefore } from '../diagnostics/week.ts';
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

/** One row of the running counts. */
export interface CountRow {
  week: string;
  dimension: string;
  value: string;
  question: string;
  option: string;
  count: number;
}

/**
 * What is published for one group of one workspace. The whole group: releases up to `release`,
 * as of `week`. A slice group: the release it was last shown in (shown now only if that is the
 * whole group's). Comments: those answered in releases up to `release`.
 */
export interface PublishedGroup {
  workspace: string;
  /** '' for the whole group, role / sourcing / channel for a slice group, '_comments' for the comments. */
  dimension: string;
  value: string;
  release: number;
  week: string;
}

/** The published figures of a diagnostic, per workspace: nothing of the release still open. */
export interface Published {
  /** Respondents per workspace and week for the whole group, every week there is. */
  weekly: { workspace: string; week: string; n: number }[];
  /** Published running counts from a week on. */
  counts: (CountRow & { workspace: string })[];
}

/**
 * When published figures move: a release is published once `every` people (k) have answered or
 * answered again since the last one; a slice group is shown in it only if its members changed
 * by none or by at least `every` since it was last shown; comments move on only when `comments`
 * new ones are in.
 */
export interface ReleaseRules {
  every: number;
  comments: number;
  /** How many weeks, up to a release's week, every slice covers. */
  sliceWeeks: number;
}

export const SLICE_DIMENSIONS = ['role', 'sourcing', 'channel'] as const;
export type SliceDimension = (typeof SLICE_DIMENSIONS)[number];

interface SavedRow {
  id: number;
  week: string;
  score: number | null;
  profile: string | null;
  role: string | null;
  sourcing: string | null;
  workspace: string | null;
  channel: string | null;
}

/**
 * Completed diagnostics, pseudonymised, plus running counts kept in step with them so a report
 * over a million responses reads a few hundred rows instead of millions of answers. Counts are
 * kept apart until their release is published, and reports read only published counts (see
 * migration 007).
 */
export class ResponseStore {
  private readonly bump;
  private readonly releaseOf;
  /** Statements prepared once: a save runs a dozen, and preparing costs more than running them. */
  private readonly statements = new Map<string, Statement>();

  constructor(
    private readonly db: Db,
    private readonly rules: ReleaseRules = { every: 5, comments: 10, sliceWeeks: 26 },
  ) {
    this.bump = db.prepare(
      `INSERT INTO diagnostic_counts (diagnostic, week, workspace, dimension, value, question, option, published, count)
       VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)
       ON CONFLICT DO UPDATE SET count = count + excluded.count`,
    );
    this.releaseOf = db.prepare<[string, string, string, string], { release: number; week: string }>(
      'SELECT release, week FROM report_releases WHERE diagnostic = ? AND workspace = ? AND dimension = ? AND value = ?',
    );
  }

  private sql<P extends unknown[] = unknown[], R = unknown>(source: string): Statement<P, R> {
    let statement = this.statements.get(source);
    if (!statement) {
      statement = this.db.prepare(source);
      this.statements.set(source, statement);
    }
    return statement as unknown as Statement<P, R>;
  }

  /** The release new answers of a diagnostic in a workspace go into: the one after the last published. */
  private openRelease(diagnostic: string, workspace: string): number {
    return (this.releaseOf.get(diagnostic, workspace, '', '')?.release ?? -1) + 1;
  }

  /**
   * Saves a response; an earlier one by the same respondent key (same person, diagnostic, week)
   * is replaced. The earlier one leaves the counts in the open release, so published figures do
   * not change until that release is published with at least k people in it.
   */
  save(response: ResponseRecord): void {
    const write = this.db.transaction(() => {
      const old = this.sql<[string, string], SavedRow>(
        'SELECT id, week, score, profile, role, sourcing, workspace, channel FROM diagnostic_responses WHERE respondent = ? AND diagnostic = ?',
      ).get(response.respondent, response.diagnostic);
      if (old) {
        const answers = this.sql<[number], { question: string; option: string }>(
          'SELECT question, option FROM diagnostic_answers WHERE response_id = ?',
        ).all(old.id);
        this.count(response.diagnostic, old, answers, -1);
        this.sql('DELETE FROM diagnostic_responses WHERE id = ?').run(old.id);
      }
      const workspace = response.workspace ?? '';
      const release = this.openRelease(response.diagnostic, workspace);
      const { lastInsertRowid } = this.db
        .prepare(
          `INSERT INTO diagnostic_responses (respondent, diagnostic, version, week, day, score, profile, role, sourcing, workspace, channel, comment, release)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
          release,
        );
      const insert = this.sql(
        'INSERT INTO diagnostic_answers (response_id, question, option, score) VALUES (?, ?, ?, ?)',
      );
      for (const a of response.answers) insert.run(lastInsertRowid, a.question, a.option, a.score ?? null);
      this.count(
        response.diagnostic,
        {
          week: response.week,
          score: response.score ?? null,
          profile: response.profile ?? null,
          role: response.role ?? null,
          sourcing: response.sourcing ?? null,
          workspace: response.workspace ?? null,
          channel: response.channel ?? null,
        },
        response.answers,
        1,
      );
      this.publishIfDue(response.diagnostic, workspace, release, response.week);
    });
    write.immediate();
  }

  /**
   * Adds (or, with -1, removes) one response to the running counts waiting for the open release;
   * they join the published counts when it is published.
   */
  private count(
    diagnostic: string,
    r: Omit<SavedRow, 'id'>,
    answers: readonly { question: string; option: string }[],
    delta: 1 | -1,
  ): void {
    const workspace = r.workspace ?? '';
    const add = (dimension: string, value: string, question: string, option: string, by: number) =>
      this.bump.run(diagnostic, r.week, workspace, dimension, value, question, option, by);
    for (const a of answers) add('', '', a.question, a.option, delta);
    const slices: [string, string][] = [
      ['', ''],
      ...SLICE_DIMENSIONS.map((d): [string, string] => [d, r[d] ?? '_none']),
    ];
    for (const [dimension, value] of slices) {
      add(dimension, value, '_n', '', delta);
      add(dimension, value, '_profile', r.profile ?? '_none', delta);
      if (r.score !== null) add(dimension, value, '_score_sum', '', delta * r.score);
    }
  }

  /**
   * Publishes the open release once k people have answered (or answered again) in it, right
   * when the k-th does: published figures then always move by at least k people at once. Then
   * each slice group is marked shown in this release, or not (see sliceSteps); and comments move
   * on only when enough new ones are in.
   */
  private publishIfDue(diagnostic: string, workspace: string, open: number, week: string): void {
    const pending = this.sql<[string, string, number], { n: number }>(
      "SELECT COUNT(*) AS n FROM diagnostic_responses WHERE diagnostic = ? AND IFNULL(workspace, '') = ? AND release = ?",
    ).get(diagnostic, workspace, open);
    if ((pending?.n ?? 0) < this.rules.every) return;
    const before = this.releaseOf.get(diagnostic, workspace, '', '');
    const asOf = before && before.week > week ? before.week : week;
    const previous = before?.release ?? -1;
    const publish = this.sql(
      `INSERT INTO report_releases (diagnostic, workspace, dimension, value, release, week) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET release = excluded.release, week = excluded.week`,
    );
    publish.run(diagnostic, workspace, '', '', open, asOf);
    // The waiting counts join the published ones, all at once.
    this.sql(
      `INSERT INTO diagnostic_counts (diagnostic, workspace, week, dimension, value, question, option, published, count)
       SELECT diagnostic, workspace, week, dimension, value, question, option, 1, count FROM diagnostic_counts
        WHERE diagnostic = ? AND workspace = ? AND published = 0
       ON CONFLICT DO UPDATE SET count = count + excluded.count`,
    ).run(diagnostic, workspace);
    this.sql('DELETE FROM diagnostic_counts WHERE diagnostic = ? AND workspace = ? AND published = 0').run(
      diagnostic,
      workspace,
    );
    for (const dimension of SLICE_DIMENSIONS) {
      for (const value of this.sliceSteps(diagnostic, workspace, dimension, open, previous, asOf))
        publish.run(diagnostic, workspace, dimension, value, open, asOf);
    }
    const commentsSince = this.releaseOf.get(diagnostic, workspace, '_comments', '')?.release ?? -1;
    const comments = this.sql<[string, string, number, number], { n: number }>(
      `SELECT COUNT(*) AS n FROM diagnostic_responses
          WHERE diagnostic = ? AND IFNULL(workspace, '') = ? AND release > ? AND release <= ? AND comment IS NOT NULL`,
    ).get(diagnostic, workspace, commentsSince, open);
    if ((comments?.n ?? 0) >= this.rules.comments) publish.run(diagnostic, workspace, '_comments', '', open, asOf);
  }

  /**
   * The slice groups of one attribute that may be shown in a new release: every slice covers the
   * `sliceWeeks` weeks up to the release's week, and a group is shown only if its members differ
   * from when it was last shown by nobody or by at least k people (answered since, or passed out
   * of its weeks), or, never shown before, it has k members. Otherwise it sits this release out,
   * hidden like a small group (the report engine then hides others so the hidden add up to k),
   * and a group's figures never move by fewer than k people. A response deleted by retention is
   * not counted as a change, which can only keep a group hidden longer.
   */
  private sliceSteps(
    diagnostic: string,
    workspace: string,
    dimension: string,
    open: number,
    previous: number,
    asOf: string,
  ): string[] {
    const shown = new Map(
      this.sql<[string, string, string], { value: string; release: number; week: string }>(
        'SELECT value, release, week FROM report_releases WHERE diagnostic = ? AND workspace = ? AND dimension = ?',
      )
        .all(diagnostic, workspace, dimension)
        .map((g) => [g.value, { release: g.release, from: weeksBefore(g.week, this.rules.sliceWeeks - 1) }]),
    );
    const from = weeksBefore(asOf, this.rules.sliceWeeks - 1);
    const value = `IFNULL(${dimension}, '_none')`;
    const scope = "diagnostic = ? AND IFNULL(workspace, '') = ?";
    const changes = new Map<string, number>();
    const add = (group: string, n: number) => changes.set(group, (changes.get(group) ?? 0) + n);
    // Answered since a group was last shown (every group that can change has rows in these releases).
    const since = Math.min(previous, ...[...shown.values()].map((g) => g.release));
    const fresh = this.sql<
      [string, string, number, number],
      { value: string; week: string; release: number; n: number }
    >(
      `SELECT ${value} AS value, week, release, COUNT(*) AS n FROM diagnostic_responses
          WHERE ${scope} AND release > ? AND release <= ? GROUP BY 1, 2, 3`,
    ).all(diagnostic, workspace, since, open);
    const newcomers = new Set<string>();
    for (const r of fresh) {
      if (r.week < from || r.week > asOf) continue;
      const last = shown.get(r.value);
      if (!last) newcomers.add(r.value);
      else if (r.release > last.release) add(r.value, r.n);
    }
    // Shown before, since passed out of the weeks a slice covers.
    const slid = [...shown.values()].filter((g) => g.from < from);
    if (slid.length > 0) {
      const oldest = slid.map((g) => g.from).sort()[0] ?? from;
      for (const r of this.sql<
        [string, string, string, string],
        { value: string; week: string; release: number; n: number }
      >(
        `SELECT ${value} AS value, week, release, COUNT(*) AS n FROM diagnostic_responses
            WHERE ${scope} AND week >= ? AND week < ? GROUP BY 1, 2, 3`,
      ).all(diagnostic, workspace, oldest, from)) {
        const last = shown.get(r.value);
        if (last && r.week >= last.from && r.release <= last.release) add(r.value, r.n);
      }
    }
    // A group never shown before appears once it has k members.
    const members = new Map<string, number>();
    if (newcomers.size > 0) {
      for (const r of this.sql<[string, string, string, string, number], { value: string; n: number }>(
        `SELECT ${value} AS value, COUNT(*) AS n FROM diagnostic_responses
            WHERE ${scope} AND week >= ? AND week <= ? AND release <= ? GROUP BY 1`,
      ).all(diagnostic, workspace, from, asOf, open)) {
        if (newcomers.has(r.value)) members.set(r.value, r.n);
      }
    }
    const every = this.rules.every;
    return [
      ...[...shown.keys()].filter((g) => {
        const changed = changes.get(g) ?? 0;
        return changed === 0 || changed >= every;
      }),
      ...[...newcomers].filter((g) => (members.get(g) ?? 0) >= every),
    ];
  }

  /** Which releases are published for a diagnostic's groups, in one workspace or (undefined) all. */
  releases(diagnostic: string, workspace?: string): PublishedGroup[] {
    const scope = workspace === undefined ? '' : ' AND workspace = ?';
    return this.sql<unknown[], PublishedGroup>(
      `SELECT workspace, dimension, value, release, week FROM report_releases WHERE diagnostic = ?${scope}`,
    ).all(diagnostic, ...(workspace === undefined ? [] : [workspace]));
  }

  /**
   * What is published for a diagnostic, for one workspace or (undefined) all of them: the
   * published counts from week `from` on, and the whole group's respondents per week for every
   * week (windows are cut where k people separate them).
   */
  published(diagnostic: string, from: string, workspace?: string): Published {
    const scope = workspace === undefined ? '' : ' AND workspace = ?';
    const args = workspace === undefined ? [] : [workspace];
    const weekly = this.sql<unknown[], { workspace: string; week: string; n: number }>(
      `SELECT workspace, week, count AS n FROM diagnostic_counts
        WHERE diagnostic = ?${scope} AND dimension = '' AND value = '' AND question = '_n' AND published = 1 AND count != 0`,
    ).all(diagnostic, ...args);
    const counts = this.sql<unknown[], CountRow & { workspace: string }>(
      `SELECT workspace, week, dimension, value, question, option, count FROM diagnostic_counts
        WHERE diagnostic = ?${scope} AND week >= ? AND published = 1 AND count != 0`,
    ).all(diagnostic, ...args, from);
    return { weekly, counts };
  }

  /** Published comments answered in weeks from..to (inclusive), in random order and without dates. */
  comments(diagnostic: string, from: string, to: string, workspace?: string): string[] {
    const scope = workspace === undefined ? '' : " AND IFNULL(r.workspace, '') = ?";
    return this.sql<unknown[], { comment: string }>(
      `SELECT r.comment FROM diagnostic_responses r
           JOIN report_releases g ON g.diagnostic = r.diagnostic AND g.workspace = IFNULL(r.workspace, '')
                AND g.dimension = '_comments' AND g.value = ''
          WHERE r.diagnostic = ?${scope} AND r.comment IS NOT NULL AND r.release <= g.release AND r.week BETWEEN ? AND ?
          ORDER BY random()`,
    )
      .all(diagnostic, ...(workspace === undefined ? [] : [workspace]), from, to)
      .map((r) => r.comment);
  }

  /** The responses behind any of these respondent keys, newest week first. */
  byRespondents(respondents: readonly string[]): StoredResult[] {
    if (respondents.length === 0) return [];
    const placeholders = respondents.map(() => '?').join(', ');
    const rows = this.sql<
      string[],
      { id: number; diagnostic: string; version: number; week: string; score: number | null; profile: string | null }
    >(
      `SELECT id, diagnostic, version, week, score, profile FROM diagnostic_responses WHERE respondent IN (${placeholders}) ORDER BY week DESC`,
    ).all(...respondents);
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
   * Retention: responses answered before `day` are deleted with their answers and comments.
   * The whole-group counts of their weeks stay; the slice counts of weeks entirely before the
   * cut-off go too, so no small group lingers in the long-term figures.
   */
  expireBefore(day: string, weekOfDay: string): number {
    const expire = this.db.transaction(() => {
      this.sql("DELETE FROM diagnostic_counts WHERE dimension != '' AND week < ?").run(weekOfDay);
      return this.sql('DELETE FROM diagnostic_responses WHERE day < ?').run(day).changes;
    });
    return expire.immediate();
  }
}

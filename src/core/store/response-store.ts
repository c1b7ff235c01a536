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

/** The published figures of a diagnostic, per workspace: nothing newer than its published release. */
export interface Published {
  /** Respondents per workspace and week for the whole group, every week there is. */
  weekly: { workspace: string; week: string; n: number }[];
  /** Running counts from a week on, as far as the published release. */
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
 * kept per release, and reports read only published releases (see migration 007).
 */
export class ResponseStore {
  private readonly bump;
  private readonly releaseOf;

  constructor(
    private readonly db: Db,
    private readonly rules: ReleaseRules = { every: 5, comments: 10, sliceWeeks: 26 },
  ) {
    this.bump = db.prepare(
      `INSERT INTO diagnostic_counts (diagnostic, week, workspace, dimension, value, question, option, release, count)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET count = count + excluded.count`,
    );
    this.releaseOf = db.prepare<[string, string, string, string], { release: number; week: string }>(
      'SELECT release, week FROM report_releases WHERE diagnostic = ? AND workspace = ? AND dimension = ? AND value = ?',
    );
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
      const old = this.db
        .prepare<[string, string], SavedRow>(
          'SELECT id, week, score, profile, role, sourcing, workspace, channel FROM diagnostic_responses WHERE respondent = ? AND diagnostic = ?',
        )
        .get(response.respondent, response.diagnostic);
      if (old) {
        const answers = this.db
          .prepare<[number], { question: string; option: string }>(
            'SELECT question, option FROM diagnostic_answers WHERE response_id = ?',
          )
          .all(old.id);
        this.count(response.diagnostic, old, answers, -1, this.openRelease(response.diagnostic, old.workspace ?? ''));
        this.db.prepare('DELETE FROM diagnostic_responses WHERE id = ?').run(old.id);
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
      const insert = this.db.prepare(
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
        release,
      );
      this.publishIfDue(response.diagnostic, workspace, release, response.week);
    });
    write.immediate();
  }

  /** Adds (or, with -1, removes) one response to the running counts of a release. */
  private count(
    diagnostic: string,
    r: Omit<SavedRow, 'id'>,
    answers: readonly { question: string; option: string }[],
    delta: 1 | -1,
    release: number,
  ): void {
    const workspace = r.workspace ?? '';
    const add = (dimension: string, value: string, question: string, option: string, by: number) =>
      this.bump.run(diagnostic, r.week, workspace, dimension, value, question, option, release, by);
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
    const pending = this.db
      .prepare<[string, string, number], { n: number }>(
        "SELECT COUNT(*) AS n FROM diagnostic_responses WHERE diagnostic = ? AND IFNULL(workspace, '') = ? AND release = ?",
      )
      .get(diagnostic, workspace, open);
    if ((pending?.n ?? 0) < this.rules.every) return;
    const before = this.releaseOf.get(diagnostic, workspace, '', '');
    const asOf = before && before.week > week ? before.week : week;
    const publish = this.db.prepare(
      `INSERT INTO report_releases (diagnostic, workspace, dimension, value, release, week) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET release = excluded.release, week = excluded.week`,
    );
    publish.run(diagnostic, workspace, '', '', open, asOf);
    for (const dimension of SLICE_DIMENSIONS) {
      for (const value of this.sliceSteps(diagnostic, workspace, dimension, open, asOf))
        publish.run(diagnostic, workspace, dimension, value, open, asOf);
    }
    const comments = this.db
      .prepare<[string, string, number], { n: number }>(
        `SELECT COUNT(*) AS n FROM diagnostic_responses r
           LEFT JOIN report_releases g ON g.diagnostic = r.diagnostic AND g.workspace = IFNULL(r.workspace, '')
                AND g.dimension = '_comments' AND g.value = ''
          WHERE r.diagnostic = ? AND IFNULL(r.workspace, '') = ? AND r.comment IS NOT NULL
            AND r.release <= ? AND r.release > IFNULL(g.release, -1)`,
      )
      .get(diagnostic, workspace, open);
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
  private sliceSteps(diagnostic: string, workspace: string, dimension: string, open: number, asOf: string): string[] {
    const shown = new Map(
      this.db
        .prepare<[string, string, string], { value: string; release: number; week: string }>(
          'SELECT value, release, week FROM report_releases WHERE diagnostic = ? AND workspace = ? AND dimension = ?',
        )
        .all(diagnostic, workspace, dimension)
        .map((g) => [g.value, { release: g.release, from: weeksBefore(g.week, this.rules.sliceWeeks - 1) }]),
    );
    const from = weeksBefore(asOf, this.rules.sliceWeeks - 1);
    const oldest = [from, ...[...shown.values()].map((g) => g.from)].sort()[0] ?? from;
    const rows = this.db
      .prepare<[string, string, string, number], { value: string; week: string; release: number; n: number }>(
        `SELECT IFNULL(${dimension}, '_none') AS value, week, release, COUNT(*) AS n FROM diagnostic_responses
          WHERE diagnostic = ? AND IFNULL(workspace, '') = ? AND week >= ? AND release <= ? GROUP BY 1, 2, 3`,
      )
      .all(diagnostic, workspace, oldest, open);
    const groups = new Map<string, { members: number; added: number; left: number }>();
    for (const r of rows) {
      const last = shown.get(r.value);
      const g = groups.get(r.value) ?? { members: 0, added: 0, left: 0 };
      const inNow = r.week >= from && r.week <= asOf;
      if (inNow) g.members += r.n;
      if (inNow && r.release > (last?.release ?? -1)) g.added += r.n;
      // Shown last time, no longer in the weeks a slice covers.
      if (last && !inNow && r.week >= last.from && r.release <= last.release) g.left += r.n;
      groups.set(r.value, g);
    }
    const every = this.rules.every;
    return [...groups.entries()]
      .filter(([value, g]) => {
        const changed = g.added + g.left;
        return shown.has(value) ? changed === 0 || changed >= every : g.members >= every;
      })
      .map(([value]) => value);
  }

  /** Which releases are published for a diagnostic's groups, in one workspace or (undefined) all. */
  releases(diagnostic: string, workspace?: string): PublishedGroup[] {
    const scope = workspace === undefined ? '' : ' AND workspace = ?';
    return this.db
      .prepare<unknown[], PublishedGroup>(
        `SELECT workspace, dimension, value, release, week FROM report_releases WHERE diagnostic = ?${scope}`,
      )
      .all(diagnostic, ...(workspace === undefined ? [] : [workspace]));
  }

  /**
   * What is published for a diagnostic, for one workspace or (undefined) all of them: the counts
   * of the published releases from week `from` on, and the whole group's respondents per week
   * for every week (windows are cut where k people separate them).
   */
  published(diagnostic: string, from: string, workspace?: string): Published {
    const scope = workspace === undefined ? '' : ' AND g.workspace = ?';
    const args = workspace === undefined ? [] : [workspace];
    const weekly = this.db
      .prepare<unknown[], { workspace: string; week: string; n: number }>(
        `SELECT c.workspace, c.week, SUM(c.count) AS n FROM diagnostic_counts c
           JOIN report_releases g ON g.diagnostic = c.diagnostic AND g.workspace = c.workspace AND g.dimension = '' AND g.value = ''
          WHERE c.diagnostic = ?${scope} AND c.dimension = '' AND c.value = '' AND c.question = '_n' AND c.release <= g.release
          GROUP BY c.workspace, c.week HAVING SUM(c.count) != 0`,
      )
      .all(diagnostic, ...args);
    const counts = this.db
      .prepare<unknown[], CountRow & { workspace: string }>(
        `SELECT c.workspace, c.week, c.dimension, c.value, c.question, c.option, SUM(c.count) AS count FROM diagnostic_counts c
           JOIN report_releases g ON g.diagnostic = c.diagnostic AND g.workspace = c.workspace AND g.dimension = '' AND g.value = ''
          WHERE c.diagnostic = ?${scope} AND c.week >= ? AND c.release <= g.release
          GROUP BY c.workspace, c.week, c.dimension, c.value, c.question, c.option HAVING SUM(c.count) != 0`,
      )
      .all(diagnostic, ...args, from);
    return { weekly, counts };
  }

  /** Published comments answered in weeks from..to (inclusive), in random order and without dates. */
  comments(diagnostic: string, from: string, to: string, workspace?: string): string[] {
    const scope = workspace === undefined ? '' : " AND IFNULL(r.workspace, '') = ?";
    return this.db
      .prepare<unknown[], { comment: string }>(
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
   * Retention: responses answered before `day` are deleted with their answers and comments.
   * The whole-group counts of their weeks stay; the slice counts of weeks entirely before the
   * cut-off go too, so no small group lingers in the long-term figures.
   */
  expireBefore(day: string, weekOfDay: string): number {
    const expire = this.db.transaction(() => {
      this.db.prepare("DELETE FROM diagnostic_counts WHERE dimension != '' AND week < ?").run(weekOfDay);
      return this.db.prepare('DELETE FROM diagnostic_responses WHERE day < ?').run(day).changes;
    });
    return expire.immediate();
  }
}

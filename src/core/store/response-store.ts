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
 * over a million responses reads a few hundred rows instead of millions of answers.
 */
export class ResponseStore {
  private readonly bump;

  constructor(private readonly db: Db) {
    this.bump = db.prepare(
      `INSERT INTO diagnostic_counts (diagnostic, week, workspace, dimension, value, question, option, count)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET count = count + excluded.count`,
    );
  }

  /** Saves a response; an earlier one by the same respondent key (same person, diagnostic, week) is replaced. */
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
        this.count(response.diagnostic, old, answers, -1);
        this.db.prepare('DELETE FROM diagnostic_responses WHERE id = ?').run(old.id);
      }
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
    });
    write.immediate();
  }

  /** Adds (or, with -1, removes) one response to the running counts. */
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

  /** Running counts for some weeks of a diagnostic, optionally for one workspace. */
  counts(diagnostic: string, weeks: readonly string[], workspace?: string): CountRow[] {
    if (weeks.length === 0) return [];
    const placeholders = weeks.map(() => '?').join(', ');
    const where = workspace === undefined ? '' : ' AND workspace = ?';
    return this.db
      .prepare<unknown[], CountRow>(
        `SELECT week, dimension, value, question, option, SUM(count) AS count FROM diagnostic_counts
          WHERE diagnostic = ? AND week IN (${placeholders})${where}
          GROUP BY week, dimension, value, question, option HAVING SUM(count) != 0`,
      )
      .all(diagnostic, ...weeks, ...(workspace === undefined ? [] : [workspace]));
  }

  /** Comments left in some weeks, in random order and without dates. */
  comments(diagnostic: string, weeks: readonly string[], workspace?: string): string[] {
    if (weeks.length === 0) return [];
    const placeholders = weeks.map(() => '?').join(', ');
    const where = workspace === undefined ? '' : ' AND workspace = ?';
    return this.db
      .prepare<unknown[], { comment: string }>(
        `SELECT comment FROM diagnostic_responses WHERE diagnostic = ? AND week IN (${placeholders})${where} AND comment IS NOT NULL ORDER BY random()`,
      )
      .all(diagnostic, ...weeks, ...(workspace === undefined ? [] : [workspace]))
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

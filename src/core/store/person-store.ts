import type { Db } from './database.ts';

export interface PersonRecord {
  noticeSeen: boolean;
  contextAsked: boolean;
  role?: string;
  sourcing?: string;
}

/** What a person told the coach once (context) and whether they have seen the privacy notice. */
export class PersonStore {
  constructor(private readonly db: Db) {}

  get(person: string): PersonRecord {
    const row = this.db
      .prepare<[string], { notice_seen: number; context_asked: number; role: string | null; sourcing: string | null }>(
        'SELECT notice_seen, context_asked, role, sourcing FROM people WHERE person = ?',
      )
      .get(person);
    return {
      noticeSeen: row?.notice_seen === 1,
      contextAsked: row?.context_asked === 1,
      role: row?.role ?? undefined,
      sourcing: row?.sourcing ?? undefined,
    };
  }

  markNoticeSeen(person: string): void {
    this.db
      .prepare(
        'INSERT INTO people (person, notice_seen) VALUES (?, 1) ON CONFLICT (person) DO UPDATE SET notice_seen = 1',
      )
      .run(person);
  }

  /** Records one context answer (or a skip, as NULL) and, after the last one, that context was asked. */
  setContext(person: string, field: 'role' | 'sourcing', value: string | undefined, done: boolean): void {
    const column = field === 'role' ? 'role' : 'sourcing';
    this.db
      .prepare(
        `INSERT INTO people (person, ${column}, context_asked) VALUES (?, ?, ?)
         ON CONFLICT (person) DO UPDATE SET ${column} = excluded.${column}, context_asked = MAX(context_asked, excluded.context_asked)`,
      )
      .run(person, value ?? null, done ? 1 : 0);
  }
}

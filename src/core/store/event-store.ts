import type { Db } from './database.ts';
import { currentHour, hourAfter } from './time.ts';

/** Platform events already handled, so a retried or repeated delivery is answered once. */
export class EventStore {
  constructor(private readonly db: Db) {}

  /** Records the event and says whether it is new; atomic, so two replicas cannot both claim it. */
  claim(id: string, ttlMs: number, now: Date): boolean {
    const result = this.db
      .prepare('INSERT INTO processed_events (id, expires_hour) VALUES (?, ?) ON CONFLICT (id) DO NOTHING')
      .run(id, hourAfter(now, ttlMs));
    return result.changes === 1;
  }

  purgeExpired(now: Date): number {
    return this.db.prepare('DELETE FROM processed_events WHERE expires_hour < ?').run(currentHour(now)).changes;
  }
}

import type { Db } from './database.ts';

export interface Subscription {
  id: number;
  platform: string;
  channel: string;
  label?: string;
  workspace?: string;
  address?: string;
  weekday: number;
  time: string;
  timezone: string;
  active: boolean;
}

interface Row {
  id: number;
  platform: string;
  channel: string;
  label: string | null;
  workspace: string | null;
  address: string | null;
  weekday: number;
  time: string;
  timezone: string;
  active: number;
}

const toSubscription = (r: Row): Subscription => ({
  id: r.id,
  platform: r.platform,
  channel: r.channel,
  label: r.label ?? undefined,
  workspace: r.workspace ?? undefined,
  address: r.address ?? undefined,
  weekday: r.weekday,
  time: r.time,
  timezone: r.timezone,
  active: r.active === 1,
});

export type SendStatus = 'sending' | 'sent' | 'failed' | 'skipped';

/** Digest subscriptions and the per-week send records that make posting idempotent. */
export class DigestStore {
  constructor(private readonly db: Db) {}

  subscribe(s: Omit<Subscription, 'id' | 'active'>): Subscription {
    this.db
      .prepare(
        `INSERT INTO digest_subscriptions (platform, channel, label, workspace, address, weekday, time, timezone, active)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)
         ON CONFLICT (platform, channel) DO UPDATE SET label = excluded.label, workspace = excluded.workspace,
           address = COALESCE(excluded.address, address), weekday = excluded.weekday, time = excluded.time,
           timezone = excluded.timezone, active = 1`,
      )
      .run(
        s.platform,
        s.channel,
        s.label ?? null,
        s.workspace ?? null,
        s.address ?? null,
        s.weekday,
        s.time,
        s.timezone,
      );
    const found = this.find(s.platform, s.channel);
    if (!found) throw new Error('subscription vanished');
    return found;
  }

  find(platform: string, channel: string): Subscription | undefined {
    const row = this.db
      .prepare<[string, string], Row>('SELECT * FROM digest_subscriptions WHERE platform = ? AND channel = ?')
      .get(platform, channel);
    return row ? toSubscription(row) : undefined;
  }

  /** Stops a channel's digest; returns whether it had one. */
  unsubscribe(platform: string, channel: string): boolean {
    return (
      this.db
        .prepare('UPDATE digest_subscriptions SET active = 0 WHERE platform = ? AND channel = ? AND active = 1')
        .run(platform, channel).changes === 1
    );
  }

  active(platform?: string): Subscription[] {
    const rows = platform
      ? this.db
          .prepare<[string], Row>('SELECT * FROM digest_subscriptions WHERE active = 1 AND platform = ? ORDER BY id')
          .all(platform)
      : this.db.prepare<[], Row>('SELECT * FROM digest_subscriptions WHERE active = 1 ORDER BY id').all();
    return rows.map(toSubscription);
  }

  /** Remembers how to reach a conversation (Teams), whether or not it subscribes. */
  rememberAddress(platform: string, conversation: string, address: string, team?: string): void {
    this.db
      .prepare(
        `INSERT INTO conversation_addresses (platform, conversation, team, address) VALUES (?, ?, ?, ?)
         ON CONFLICT (platform, conversation) DO UPDATE SET team = excluded.team, address = excluded.address`,
      )
      .run(platform, conversation, team ?? null, address);
    this.db
      .prepare('UPDATE digest_subscriptions SET address = ? WHERE platform = ? AND channel = ?')
      .run(address, platform, conversation);
  }

  address(platform: string, conversation: string): string | undefined {
    return this.db
      .prepare<[string, string], { address: string }>(
        'SELECT address FROM conversation_addresses WHERE platform = ? AND conversation = ?',
      )
      .get(platform, conversation)?.address;
  }

  /**
   * Forgets a conversation, or every conversation of a team, when the bot is removed: their
   * addresses and their digests. Returns how many digests stopped.
   */
  forget(platform: string, conversation: string, team?: string): number {
    const forget = this.db.transaction(() => {
      const conversations = new Set([conversation]);
      if (team) {
        const rows = this.db
          .prepare<[string, string], { conversation: string }>(
            'SELECT conversation FROM conversation_addresses WHERE platform = ? AND team = ?',
          )
          .all(platform, team);
        for (const row of rows) conversations.add(row.conversation);
      }
      let stopped = 0;
      for (const c of conversations) {
        stopped += this.db
          .prepare('UPDATE digest_subscriptions SET active = 0 WHERE platform = ? AND channel = ? AND active = 1')
          .run(platform, c).changes;
        this.db.prepare('DELETE FROM conversation_addresses WHERE platform = ? AND conversation = ?').run(platform, c);
      }
      return stopped;
    });
    return forget.immediate();
  }

  /**
   * Claims the (subscription, week) send before anything is posted. A new week is claimed once;
   * a failed attempt (nothing was posted) may be claimed again, a few times, or once more when
   * forced by an operator. False: someone else has it, or it is done.
   */
  claim(subscription: number, week: string, tip: string, maxAttempts: number, force = false): boolean {
    const fresh = this.db
      .prepare(
        "INSERT INTO digest_sends (subscription, week, status, tip) VALUES (?, ?, 'sending', ?) ON CONFLICT DO NOTHING",
      )
      .run(subscription, week, tip);
    if (fresh.changes === 1) return true;
    return (
      this.db
        .prepare(
          "UPDATE digest_sends SET status = 'sending', attempts = attempts + 1, tip = ? WHERE subscription = ? AND week = ? AND status = 'failed' AND (attempts < ? OR ?)",
        )
        .run(tip, subscription, week, maxAttempts, force ? 1 : 0).changes === 1
    );
  }

  finish(subscription: number, week: string, status: Exclude<SendStatus, 'sending'>): void {
    this.db
      .prepare('UPDATE digest_sends SET status = ? WHERE subscription = ? AND week = ?')
      .run(status, subscription, week);
  }

  /** Records a digest that will not be sent (missed week), so it is skipped once and logged once. */
  skip(subscription: number, week: string): boolean {
    return (
      this.db
        .prepare(
          "INSERT INTO digest_sends (subscription, week, status) VALUES (?, ?, 'skipped') ON CONFLICT DO NOTHING",
        )
        .run(subscription, week).changes === 1
    );
  }

  status(subscription: number, week: string): SendStatus | undefined {
    return this.db
      .prepare<[number, string], { status: SendStatus }>(
        'SELECT status FROM digest_sends WHERE subscription = ? AND week = ?',
      )
      .get(subscription, week)?.status;
  }

  lastSent(subscription: number): string | undefined {
    return this.db
      .prepare<[number], { week: string }>(
        "SELECT week FROM digest_sends WHERE subscription = ? AND status = 'sent' ORDER BY week DESC LIMIT 1",
      )
      .get(subscription)?.week;
  }

  /** Articles this channel was given as tip of the week, most recent first. */
  recentTips(subscription: number, limit: number): string[] {
    return this.db
      .prepare<[number, number], { tip: string }>(
        'SELECT tip FROM digest_sends WHERE subscription = ? AND tip IS NOT NULL ORDER BY week DESC LIMIT ?',
      )
      .all(subscription, limit)
      .map((r) => r.tip);
  }
}

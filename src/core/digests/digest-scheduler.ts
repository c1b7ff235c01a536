import pLimit from 'p-limit';
import type { Logger } from '../logging/logger.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { DigestReply } from '../reply.ts';
import { Ticker } from '../scheduling/ticker.ts';
import type { DigestStore, Subscription } from '../store/digest-store.ts';
import type { DigestService } from './digest-service.ts';
import { localWeek } from './schedule.ts';

/** What a platform did with a digest: posted it, or found the channel gone (deleted, bot removed). */
export type SendOutcome = 'sent' | 'gone';

/** Posts a digest to one channel of one platform; throws when it could not (it will be retried). */
export interface DigestSender {
  send(subscription: Subscription, digest: DigestReply): Promise<SendOutcome>;
}

export interface RunSummary {
  sent: number;
  gone: number;
  failed: number;
  skipped: number;
}

export interface SchedulerOptions {
  /** Channels posted to at once: Slack and Teams rate-limit per workspace. */
  concurrency?: number;
  /** Tries per channel and week before giving up on that week. */
  maxAttempts?: number;
  intervalMs?: number;
  metrics?: Metrics;
}

/**
 * Runs digests on their schedules. Each (channel, week) is claimed in SQLite before anything is
 * posted, so a restart or a second replica never double-posts; a digest missed while the bot
 * was down goes out on start-up if its week is still running, otherwise it is skipped and logged;
 * a gone channel is unsubscribed without stopping the others.
 */
export class DigestScheduler {
  private readonly ticker: Ticker<RunSummary>;

  constructor(
    private readonly service: DigestService,
    private readonly store: DigestStore,
    private readonly senders: Readonly<Record<string, DigestSender>>,
    private readonly logger: Logger,
    private readonly now: () => Date,
    private readonly options: SchedulerOptions = {},
  ) {
    this.ticker = new Ticker(() => this.run({}), logger, 'digest', options.intervalMs);
  }

  /** Catches up at once, then checks every minute. */
  start(): void {
    this.ticker.start();
  }

  /** Stops scheduling and waits for a run in progress to finish. */
  stop(): Promise<void> {
    return this.ticker.stop();
  }

  /**
   * One pass over every subscription (or one channel). With `force`, that channel's digest for
   * this week goes out now even before its scheduled time; still at most once a week.
   */
  runOnce(filter: { channel?: string; force?: boolean } = {}): Promise<RunSummary> {
    return this.ticker.track(this.run(filter));
  }

  private async run(filter: { channel?: string; force?: boolean }): Promise<RunSummary> {
    const summary: RunSummary = { sent: 0, gone: 0, failed: 0, skipped: 0 };
    const platforms = Object.keys(this.senders);
    let due = this.service.due().filter((d) => platforms.includes(d.subscription.platform));
    if (filter.channel) {
      due = due.filter((d) => d.subscription.channel === filter.channel);
      if (filter.force && due.every((d) => d.action !== 'send')) {
        const s = this.store.active().find((x) => x.channel === filter.channel && platforms.includes(x.platform));
        if (s) due.push({ subscription: s, week: localWeek(this.now(), s.timezone), action: 'send' });
      }
    }
    for (const item of due.filter((d) => d.action === 'skip')) {
      if (this.store.skip(item.subscription.id, item.week)) {
        summary.skipped++;
        this.count(item.subscription, 'skipped');
        this.logger.warn(
          { channel: item.subscription.label ?? item.subscription.channel, week: item.week },
          'missed digest skipped: its week is over',
        );
      }
    }
    const limit = pLimit(this.options.concurrency ?? 4);
    await Promise.all(
      due
        .filter((d) => d.action === 'send')
        .map((item) => limit(() => this.sendOne(item.subscription, item.week, summary, filter.force === true))),
    );
    if (summary.sent + summary.gone + summary.failed + summary.skipped > 0)
      this.logger.info(summary, 'digest run finished');
    return summary;
  }

  private async sendOne(s: Subscription, week: string, summary: RunSummary, force: boolean): Promise<void> {
    const tip = this.service.tipFor(s, week);
    // The scheduler tries a failing channel on its next few ticks, then leaves that week alone;
    // an operator forcing one channel (digest --run-now --channel) gets a fresh set of tries.
    const attempts = this.options.maxAttempts ?? 3;
    if (!this.store.claim(s.id, week, tip, attempts, force)) return;
    const where = { channel: s.label ?? s.channel, platform: s.platform, week };
    try {
      const sender = this.senders[s.platform];
      if (!sender) throw new Error(`no sender for ${s.platform}`);
      const outcome = await sender.send(s, this.service.compose(s, week, tip));
      if (outcome === 'gone') {
        this.store.unsubscribe(s.platform, s.channel);
        this.store.finish(s.id, week, 'skipped');
        summary.gone++;
        this.count(s, 'gone');
        this.logger.warn(where, 'channel is gone or removed the bot: digest unsubscribed');
        return;
      }
      this.store.finish(s.id, week, 'sent');
      summary.sent++;
      this.count(s, 'sent');
    } catch (error) {
      this.store.finish(s.id, week, 'failed');
      summary.failed++;
      this.count(s, 'failed');
      this.logger.error({ ...where, err: error }, 'digest could not be sent; it will be retried');
    }
  }

  private count(s: Subscription, outcome: keyof RunSummary): void {
    this.options.metrics?.digestSends.inc({ platform: s.platform, outcome });
  }
}

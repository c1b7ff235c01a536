import pLimit from 'p-limit';
import type { Logger } from '../logging/logger.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { DiagnosticReply } from '../reply.ts';
import { Ticker } from '../scheduling/ticker.ts';
import type { FollowupRecord } from '../store/followup-store.ts';
import type { FollowupService } from './followup-service.ts';

/** What a platform did with a check-in: delivered it, or found the person gone (left, app blocked). */
export type CheckinOutcome = 'sent' | 'gone';

/**
 * Sends a check-in as a direct message to the address the platform's adapter gave when the
 * experiment was picked; throws when it could not (it will be retried).
 */
export interface CheckinSender {
  send(address: string, checkin: DiagnosticReply): Promise<CheckinOutcome>;
}

export interface CheckinRunSummary {
  sent: number;
  /** The person left or cannot be messaged: dropped quietly. */
  gone: number;
  /** Failed this time; tried again on a later run. */
  failed: number;
  /** Given up: failed on every attempt, or its address could no longer be read. */
  dropped: number;
}

export interface CheckinSchedulerOptions {
  /** Check-ins sent at once: Slack and Teams rate-limit per workspace. */
  concurrency?: number;
  /** Tries per check-in before it is dropped. */
  maxAttempts?: number;
  intervalMs?: number;
  metrics?: Metrics;
}

/**
 * Sends due check-ins, the way digests are sent: each is claimed in SQLite before anything is
 * posted, so a restart or a second process never sends one twice; check-ins that fell due while
 * the bot was down go out when it is back; a person who left is dropped without stopping the rest.
 */
export class CheckinScheduler {
  private readonly ticker: Ticker<CheckinRunSummary>;

  constructor(
    private readonly followups: FollowupService,
    private readonly senders: Readonly<Record<string, CheckinSender>>,
    private readonly logger: Logger,
    private readonly options: CheckinSchedulerOptions = {},
  ) {
    this.ticker = new Ticker(() => this.run(), logger, 'check-in', options.intervalMs);
  }

  /** Catches up at once, then checks every minute. */
  start(): void {
    this.ticker.start();
  }

  /** Stops scheduling and waits for a run in progress to finish. */
  stop(): Promise<void> {
    return this.ticker.stop();
  }

  /** One pass over every check-in that is due. */
  runOnce(): Promise<CheckinRunSummary> {
    return this.ticker.track(this.run());
  }

  private async run(): Promise<CheckinRunSummary> {
    const summary: CheckinRunSummary = { sent: 0, gone: 0, failed: 0, dropped: 0 };
    const due = this.followups.due(Object.keys(this.senders));
    const limit = pLimit(this.options.concurrency ?? 4);
    await Promise.all(due.map((f) => limit(() => this.sendOne(f, summary))));
    if (summary.sent + summary.gone + summary.failed + summary.dropped > 0)
      this.logger.info(summary, 'check-in run finished');
    return summary;
  }

  private async sendOne(waiting: FollowupRecord, summary: CheckinRunSummary): Promise<void> {
    const claimed = this.followups.claim(waiting);
    if (!claimed) return;
    const f = claimed.followup;
    const count = (outcome: keyof CheckinRunSummary) => {
      summary[outcome]++;
      this.options.metrics?.checkins.inc({ platform: f.platform, outcome });
    };
    // Logged without the address or anyone's pseudonym: the platform and the attempt are enough.
    const where = { platform: f.platform, attempt: f.attempts };
    const sender = this.senders[f.platform];
    if (!sender || !claimed.address) {
      // Sealed under a secret since rotated, or never given: it cannot be delivered.
      this.followups.drop(f);
      count('dropped');
      this.logger.warn(where, 'check-in dropped: no way to reach the person');
      return;
    }
    try {
      const outcome = await sender.send(claimed.address, this.followups.checkin(f));
      if (outcome === 'gone') {
        this.followups.drop(f);
        count('gone');
        this.logger.info(where, 'check-in dropped: the person cannot be messaged any more');
        return;
      }
      this.followups.sent(f);
      count('sent');
    } catch (error) {
      const next = this.followups.failed(f, this.options.maxAttempts ?? 3);
      count(next === 'dropped' ? 'dropped' : 'failed');
      this.logger.error(
        { ...where, err: error },
        next === 'dropped'
          ? 'check-in dropped after repeated failures'
          : 'check-in could not be sent; it will be retried',
      );
    }
  }
}

import type { Logger } from '../logging/logger.ts';

/**
 * The clock behind the schedulers (weekly digests, check-ins): a pass at start-up to catch up on
 * what fell due while the bot was down, then one a minute; never two passes at once from here;
 * and stopping waits for the pass in progress, so shutdown does not cut a send in half.
 */
export class Ticker<T> {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<T> | undefined;

  constructor(
    private readonly pass: () => Promise<T>,
    private readonly logger: Logger,
    /** Names the pass in the log line when it fails ("digest", "check-in"). */
    private readonly what: string,
    private readonly intervalMs = 60_000,
  ) {}

  start(): void {
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  /** Stops scheduling and waits for a pass in progress to finish. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Runs a pass now (the CLI's --run-now) as the one in progress, so stop() waits for it too. */
  track<R extends T>(run: Promise<R>): Promise<R> {
    const tracked = run.finally(() => {
      this.running = undefined;
    });
    this.running = tracked;
    return tracked;
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    try {
      await this.track(this.pass());
    } catch (error) {
      this.logger.error({ err: error }, `${this.what} run failed`);
    }
  }
}

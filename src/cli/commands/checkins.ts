import { CheckinScheduler } from '../../core/followup/checkin-scheduler.ts';
import type { CoachRuntime } from '../../runtime.ts';
import { createCheckinSenders } from '../../server/checkin-senders.ts';

/**
 * `opscoach checkins --run-now [--as-of DATE]`: runs the check-in job once, as the server would
 * (claims, catch-up, dropping people who cannot be reached). The runtime's clock is the date
 * given, so operators and tests can see what a given day would send; still never twice.
 */
export async function checkinsRunNow(runtime: CoachRuntime): Promise<number> {
  const senders = await createCheckinSenders(runtime, runtime.logger);
  if (Object.keys(senders).length === 0) {
    process.stderr.write(
      'opscoach: check-ins are sent in Slack or Teams; set SLACK_BOT_TOKEN or MicrosoftAppId (see .env.example) first. Terminal check-ins appear in the next `opscoach chat`.\n',
    );
    return 2;
  }
  const scheduler = new CheckinScheduler(runtime.followups, senders, runtime.logger, { metrics: runtime.metrics });
  const summary = await scheduler.runOnce();
  process.stdout.write(
    `Check-in run: ${summary.sent} sent, ${summary.failed} failed (tried again later), ${summary.gone} dropped (person gone), ${summary.dropped} dropped (undeliverable).\n`,
  );
  return summary.failed > 0 ? 1 : 0;
}

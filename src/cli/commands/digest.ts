import { DigestScheduler } from '../../core/digests/digest-scheduler.ts';
import type { CoachRuntime } from '../../runtime.ts';
import { createDigestSenders } from '../../server/digest-senders.ts';

/**
 * `opscoach digest --run-now [--channel ID]`: runs the digest job once, as the server would
 * (claims, catch-up, skips, unsubscribes). With --channel, that channel's digest for this week
 * goes out now even if its time has not come yet; still never twice in a week.
 */
export async function digestRunNow(runtime: CoachRuntime, channel?: string): Promise<number> {
  const senders = await createDigestSenders(runtime, runtime.logger);
  if (Object.keys(senders).length === 0) {
    process.stderr.write(
      'opscoach: digests are posted to Slack or Teams; set SLACK_BOT_TOKEN or MicrosoftAppId (see .env.example) first.\n',
    );
    return 2;
  }
  const scheduler = new DigestScheduler(runtime.digests, runtime.store.digests, senders, runtime.logger, runtime.now);
  const summary = await scheduler.runOnce({ channel, force: Boolean(channel) });
  process.stdout.write(
    `Digest run: ${summary.sent} sent, ${summary.failed} failed, ${summary.gone} unsubscribed (channel gone), ${summary.skipped} missed and skipped.\n`,
  );
  return summary.failed > 0 ? 1 : 0;
}

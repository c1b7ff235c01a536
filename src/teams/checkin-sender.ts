import type { CloudAdapter, ConversationReference } from 'botbuilder';
import { z } from 'zod';
import type { CheckinOutcome, CheckinSender } from '../core/followup/checkin-scheduler.ts';
import type { DiagnosticReply } from '../core/reply.ts';
import { messageFor } from './bot.ts';
import { isGone, withRetry } from './retry.ts';
import { ServiceUrlPolicy } from './service-urls.ts';

/** The personal-chat reference kept (sealed) when the experiment was picked. */
const referenceSchema = z.looseObject({
  serviceUrl: z.url(),
  channelId: z.string(),
  conversation: z.looseObject({ id: z.string().min(1) }),
});

/**
 * Sends a check-in proactively to the personal chat the experiment was picked in. Throttling and
 * gateway errors are retried with backoff and jitter; a person who left (or removed the app) is
 * gone. Only to a serviceUrl the Bot Framework uses: the one stored was checked when the pick
 * arrived, and is checked again here, since TEAMS_SERVICE_URLS may have changed in the weeks since.
 */
export class TeamsCheckinSender implements CheckinSender {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string | undefined,
    private readonly serviceUrls: ServiceUrlPolicy,
  ) {}

  async send(address: string, checkin: DiagnosticReply): Promise<CheckinOutcome> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(address);
    } catch {
      return 'gone';
    }
    const reference = referenceSchema.safeParse(parsed);
    if (!reference.success) return 'gone';
    // Never post elsewhere: the scheduler retries a failure a few times, then drops the check-in.
    if (!this.serviceUrls.allows(reference.data.serviceUrl)) {
      throw new Error(
        `not sent: the stored serviceUrl (${ServiceUrlPolicy.hostOf(reference.data.serviceUrl)}) is not one the Bot Framework uses (see TEAMS_SERVICE_URLS)`,
      );
    }
    try {
      await this.adapter.continueConversationAsync(
        this.appId ?? '',
        reference.data as unknown as Partial<ConversationReference>,
        async (context) => {
          await withRetry(() => context.sendActivity(messageFor(checkin)));
        },
      );
      return 'sent';
    } catch (error) {
      if (isGone(error)) return 'gone';
      throw error;
    }
  }
}

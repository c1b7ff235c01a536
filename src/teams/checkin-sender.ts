import type { CloudAdapter, ConversationReference } from 'botbuilder';
import { z } from 'zod';
import type { CheckinOutcome, CheckinSender } from '../core/followup/checkin-scheduler.ts';
import type { DiagnosticReply } from '../core/reply.ts';
import { messageFor } from './bot.ts';
import { isGone, withRetry } from './retry.ts';

/** The personal-chat reference kept (sealed) when the experiment was picked. */
const referenceSchema = z.looseObject({
  serviceUrl: z.url(),
  channelId: z.string(),
  conversation: z.looseObject({ id: z.string().min(1) }),
});

/**
 * Sends a check-in proactively to the personal chat the experiment was picked in. Throttling and
 * gateway errors are retried with backoff and jitter; a person who left (or removed the app) is gone.
 */
export class TeamsCheckinSender implements CheckinSender {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string | undefined,
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

import type { CloudAdapter, ConversationReference } from 'botbuilder';
import type { AdapterApi } from '../core/adapter-api.ts';
import type { DigestSender, SendOutcome } from '../core/digests/digest-scheduler.ts';
import type { DigestReply } from '../core/reply.ts';
import type { Subscription } from '../core/store/digest-store.ts';
import { messageFor } from './bot.ts';
import { isGone, withRetry } from './retry.ts';
import { ServiceUrlPolicy } from './service-urls.ts';

/**
 * Posts digests to Teams channels proactively, from the conversation reference stored when the
 * bot was installed there or the channel subscribed. Throttling and gateway errors are retried
 * with backoff and jitter; a conversation the bot was removed from counts as gone.
 */
export class TeamsDigestSender implements DigestSender {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string | undefined,
    private readonly addresses: AdapterApi['addresses'],
    private readonly serviceUrls: ServiceUrlPolicy,
  ) {}

  async send(s: Subscription, digest: DigestReply): Promise<SendOutcome> {
    const address = s.address ?? this.addresses.address('teams', s.channel);
    if (!address) return 'gone';
    const reference = JSON.parse(address) as Partial<ConversationReference>;
    // Stored before the allow-list existed, or the list has changed since: never post there.
    if (!this.serviceUrls.allows(reference.serviceUrl)) {
      throw new Error(
        `not sent: the stored serviceUrl (${ServiceUrlPolicy.hostOf(reference.serviceUrl)}) is not one the Bot Framework uses (see TEAMS_SERVICE_URLS)`,
      );
    }
    try {
      await this.adapter.continueConversationAsync(this.appId ?? '', reference, async (context) => {
        await withRetry(() => context.sendActivity(messageFor(digest)));
      });
      return 'sent';
    } catch (error) {
      if (isGone(error)) return 'gone';
      throw error;
    }
  }
}

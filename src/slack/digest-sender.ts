import { webApi } from '@slack/bolt';
import type { DigestSender, SendOutcome } from '../core/digests/digest-scheduler.ts';
import type { Logger } from '../core/logging/logger.ts';
import type { DigestReply } from '../core/reply.ts';
import type { Subscription } from '../core/store/digest-store.ts';
import { renderReply } from './render/reply-blocks.ts';
import { uploadImage } from './upload-image.ts';

/** Slack errors that mean the channel will never take a digest again (deleted, archived, bot removed). */
const GONE = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'channel_is_archived',
  'access_denied',
  'team_access_not_granted',
  'account_inactive',
]);

/**
 * Posts digests to Slack channels. Rate limits are honoured by the Web API client (it waits
 * for Retry-After before retrying); other failures are retried a couple of times, then reported
 * to the scheduler, which tries again on a later run that week.
 */
export class SlackDigestSender implements DigestSender {
  private readonly client: webApi.WebClient;

  constructor(
    token: string,
    apiUrl: string | undefined,
    private readonly logger: Logger,
  ) {
    this.client = new webApi.WebClient(token, {
      slackApiUrl: apiUrl,
      retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2_000 },
      rejectRateLimitedCalls: false,
    });
  }

  async send(s: Subscription, digest: DigestReply): Promise<SendOutcome> {
    try {
      await this.client.chat.postMessage({ channel: s.channel, ...renderReply(digest), unfurl_links: false });
    } catch (error) {
      const code = (error as { data?: { error?: string } }).data?.error;
      if (code && GONE.has(code)) return 'gone';
      throw error;
    }
    if (digest.chart?.png) {
      try {
        await uploadImage(this.client, {
          channel: s.channel,
          png: digest.chart.png,
          filename: `opscoach-${digest.week}.png`,
          title: `Profiles behind the ${digest.week} digest`,
          alt: digest.chart.alt,
        });
      } catch (error) {
        // The digest itself went out; the picture is a bonus.
        this.logger.warn({ err: error, channel: s.label ?? s.channel }, 'digest chart could not be uploaded');
      }
    }
    return 'sent';
  }
}

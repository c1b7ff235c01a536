import { webApi } from '@slack/bolt';
import { z } from 'zod';
import type { CheckinOutcome, CheckinSender } from '../core/followup/checkin-scheduler.ts';
import type { DiagnosticReply } from '../core/reply.ts';
import { renderReply } from './render/reply-blocks.ts';

/** Slack errors that mean this person can no longer be messaged: deactivated, gone, or hidden from the app. */
const GONE = new Set([
  'user_not_found',
  'user_disabled',
  'user_not_visible',
  'cannot_dm_bot',
  'channel_not_found',
  'is_archived',
]);

const userId = z.string().regex(/^[UW][A-Z0-9]{2,20}$/);

/**
 * Sends a check-in to a person's direct messages with the app (conversations.open, which needs
 * im:write, then chat.postMessage). Rate limits are honoured by the Web API client; other
 * failures are retried a couple of times, then reported to the scheduler, which tries again later.
 */
export class SlackCheckinSender implements CheckinSender {
  private readonly client: webApi.WebClient;

  constructor(token: string, apiUrl: string | undefined) {
    this.client = new webApi.WebClient(token, {
      slackApiUrl: apiUrl,
      retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2_000 },
      rejectRateLimitedCalls: false,
    });
  }

  async send(address: string, checkin: DiagnosticReply): Promise<CheckinOutcome> {
    const user = userId.safeParse(address);
    if (!user.success) return 'gone';
    try {
      const opened = await this.client.conversations.open({ users: user.data });
      const channel = opened.channel?.id;
      if (!channel) return 'gone';
      await this.client.chat.postMessage({ channel, ...renderReply(checkin), unfurl_links: false });
      return 'sent';
    } catch (error) {
      const code = (error as { data?: { error?: string } }).data?.error;
      if (code && GONE.has(code)) return 'gone';
      throw error;
    }
  }
}

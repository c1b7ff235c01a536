import type { Config } from '../config.ts';
import type { DigestSender } from '../core/digests/digest-scheduler.ts';
import type { Logger } from '../core/logging/logger.ts';
import { SlackDigestSender } from '../slack/digest-sender.ts';

/** A digest sender for every platform with credentials configured. */
export function createDigestSenders(config: Config, logger: Logger): Record<string, DigestSender> {
  const senders: Record<string, DigestSender> = {};
  if (config.SLACK_BOT_TOKEN)
    senders.slack = new SlackDigestSender(config.SLACK_BOT_TOKEN, config.SLACK_API_URL, logger);
  return senders;
}

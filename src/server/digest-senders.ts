import type { DigestSender } from '../core/digests/digest-scheduler.ts';
import type { Logger } from '../core/logging/logger.ts';
import type { CoachRuntime } from '../runtime.ts';
import { SlackDigestSender } from '../slack/digest-sender.ts';
import { teamsModeFrom } from '../teams/teams-mode.ts';

/**
 * A digest sender for every platform with credentials configured. The Teams stack (botbuilder,
 * about 50 MB) is loaded only when Teams is.
 */
export async function createDigestSenders(
  runtime: CoachRuntime,
  logger: Logger,
): Promise<Record<string, DigestSender>> {
  const { config } = runtime;
  const senders: Record<string, DigestSender> = {};
  if (config.SLACK_BOT_TOKEN)
    senders.slack = new SlackDigestSender(config.SLACK_BOT_TOKEN, config.SLACK_API_URL, logger);
  const teams = teamsModeFrom(config);
  if (teams) senders.teams = (await import('../teams/app.ts')).createTeamsSender(runtime, teams, logger);
  return senders;
}

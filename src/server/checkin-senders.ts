import type { CheckinSender } from '../core/followup/checkin-scheduler.ts';
import type { Logger } from '../core/logging/logger.ts';
import type { CoachRuntime } from '../runtime.ts';
import { SlackCheckinSender } from '../slack/checkin-sender.ts';
import { teamsModeFrom } from '../teams/teams-mode.ts';

/**
 * A check-in sender for every platform with credentials configured. The Teams stack (botbuilder,
 * about 50 MB) is loaded only when Teams is. Terminal check-ins need none: they are shown in the
 * person's next terminal session.
 */
export async function createCheckinSenders(
  runtime: CoachRuntime,
  logger: Logger,
): Promise<Record<string, CheckinSender>> {
  const { config } = runtime;
  const senders: Record<string, CheckinSender> = {};
  if (config.SLACK_BOT_TOKEN) senders.slack = new SlackCheckinSender(config.SLACK_BOT_TOKEN, config.SLACK_API_URL);
  const teams = teamsModeFrom(config);
  if (teams) senders.teams = (await import('../teams/app.ts')).createTeamsCheckinSender(teams, logger);
  return senders;
}

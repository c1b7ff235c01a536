import type { Config } from '../config.ts';
import { ConfigError } from '../config.ts';

/** How Opscoach connects to Slack, decided from which credentials are set. */
export type SlackMode =
  | { kind: 'socket'; botToken: string; appToken: string; apiUrl?: string }
  | { kind: 'http'; botToken: string; signingSecret: string; apiUrl?: string };

const CHAT_HINT = 'To talk to the coach without Slack, run: npm run chat';

/**
 * Socket Mode with a bot and an app token; HTTP with a bot token and a signing secret;
 * undefined when no Slack variable is set at all. Anything in between is a mistake worth one line.
 */
export function slackModeFrom(config: Config): SlackMode | undefined {
  const { SLACK_BOT_TOKEN: botToken, SLACK_APP_TOKEN: appToken, SLACK_SIGNING_SECRET: signingSecret } = config;
  const apiUrl = config.SLACK_API_URL;
  if (!botToken && !appToken && !signingSecret) return undefined;
  if (!botToken) {
    throw new ConfigError(
      `Invalid SLACK_BOT_TOKEN: expected a bot token starting with xoxb- (it is not set). ${CHAT_HINT}`,
    );
  }
  if (appToken) return { kind: 'socket', botToken, appToken, apiUrl };
  if (signingSecret) return { kind: 'http', botToken, signingSecret, apiUrl };
  throw new ConfigError(
    `Invalid SLACK_APP_TOKEN / SLACK_SIGNING_SECRET: expected SLACK_APP_TOKEN (xapp-, Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode) next to SLACK_BOT_TOKEN. ${CHAT_HINT}`,
  );
}

export function noPlatformError(): ConfigError {
  return new ConfigError(
    `Invalid SLACK_BOT_TOKEN / MicrosoftAppId: expected Slack (SLACK_BOT_TOKEN with SLACK_APP_TOKEN or SLACK_SIGNING_SECRET) or Teams (MicrosoftAppId, or TEAMS_ENABLED=true for the local emulator) to run the bot server. ${CHAT_HINT}`,
  );
}

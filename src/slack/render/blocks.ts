import type { types } from '@slack/bolt';

/**
 * The message shape every Block Kit renderer produces, in a module of its own so the renderers
 * for answers, diagnostics and reports depend on it and not on one another. Their shared
 * builders are in fit-message.ts (sections within Slack's limits), limits.ts and mrkdwn.ts.
 */
export type KnownBlock = types.KnownBlock;

export interface SlackMessage {
  /** Notification and accessibility fallback. */
  text: string;
  blocks: KnownBlock[];
}

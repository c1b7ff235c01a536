import type { Pseudonymizer } from '../core/privacy/pseudonym.ts';

/**
 * Slack ids become pseudonyms at the edge: the core never sees a team, user or channel id.
 * The team id is part of every key, so the same user id in two workspaces stays two people.
 */
export class SlackIdentity {
  constructor(private readonly pseudonyms: Pseudonymizer) {}

  person(teamId: string | undefined, userId: string): string {
    return this.pseudonyms.key('slack-user', `${teamId ?? '-'}:${userId}`);
  }

  /** The workspace as a cohort for diagnostics. */
  workspace(teamId: string | undefined): string {
    return this.pseudonyms.key('slack-workspace', teamId ?? '-');
  }

  /**
   * A keyed seal over text we hand to Slack and expect back unchanged (a form's metadata), bound
   * to the person it was handed to: without the secret nobody can make one for other text.
   */
  seal(teamId: string | undefined, userId: string, text: string): string {
    return this.pseudonyms.key('slack-seal', `${teamId ?? '-'}:${userId}\u0000${text}`);
  }

  /** A DM, a thread, or one person's slash commands in one channel. */
  conversation(teamId: string | undefined, ...parts: string[]): string {
    return this.pseudonyms.key('slack-conversation', [teamId ?? '-', ...parts].join(':'));
  }
}

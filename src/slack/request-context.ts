import type { AskContext } from '../core/coach/coach.ts';
import type { Command } from '../core/coach/commands.ts';
import type { SlackDeps } from './deps.ts';

export interface SlackPlace {
  team?: string;
  user: string;
  channel?: string;
  /** The channel's name, when Slack sent it (slash commands and button clicks do). */
  channelName?: string;
  /** The conversation's type, when Slack sent it (message events do): channel, group, im or mpim. */
  channelType?: string;
  conversation?: string[];
}

/**
 * What a Slack conversation is, from what Slack sent: a public channel (with its name), a
 * private channel, a direct message with one person or several (a group DM), or a channel Slack
 * did not name (a mention: app_mention events carry no name or type).
 */
export type SlackConversation = 'public' | 'private' | 'direct' | 'unnamed';

export function conversationOf(
  place: Pick<SlackPlace, 'channel' | 'channelName' | 'channelType'>,
): SlackConversation | undefined {
  const { channel, channelName: name, channelType: type } = place;
  if (!channel) return undefined;
  // Slack names what it will not show: "directmessage", "privategroup", and a group DM after its
  // members' handles ("mpdm-alice--bob--carol-1"); conversation ids no longer tell them apart.
  if (type === 'im' || type === 'mpim' || name === 'directmessage' || name?.startsWith('mpdm-') || /^D/.test(channel))
    return 'direct';
  if (type === 'group' || name === 'privategroup' || /^G/.test(channel)) return 'private';
  return name ? 'public' : 'unnamed';
}

/**
 * Everything the core needs to know about where a Slack request came from, as pseudonyms and
 * labels. Only a public channel Slack named counts as a channel for group results: a group DM's
 * name lists its members and a private channel has none (docs/privacy.md). Digests go to any
 * channel, never to a direct message; only a public channel's name is passed on. Only report,
 * digest and evidence commands pay for the admin lookup.
 */
export async function requestContext(deps: SlackDeps, place: SlackPlace, command?: Command): Promise<AskContext> {
  const kind = conversationOf(place);
  const label = kind === 'public' ? `#${place.channelName}` : undefined;
  const context: AskContext = {
    person: deps.identity.person(place.team, place.user),
    workspace: deps.identity.workspace(place.team),
    cohort: { workspace: deps.identity.workspace(place.team), channel: label },
    conversation: place.conversation ? deps.identity.conversation(place.team, ...place.conversation) : undefined,
    digestTarget:
      kind && kind !== 'direct' && place.channel
        ? { platform: 'slack', channel: place.channel, label, workspace: deps.identity.workspace(place.team) }
        : undefined,
  };
  if (command?.name === 'report' || command?.name === 'digest' || command?.name === 'evidence') {
    const info = await deps.admins.check(place.user);
    context.admin = info.admin;
    context.timezone = info.timezone;
  }
  return context;
}

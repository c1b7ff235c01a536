import type { SlackIdentity } from './identity.ts';

/**
 * Where a Slack request happened, worked out here once for every kind of request (a slash
 * command, a mention, a direct message, an assistant thread, a button, a modal) so no listener
 * reads Slack's payloads or guesses from id prefixes on its own.
 */
export interface SlackPlace {
  team?: string;
  user: string;
  channel?: string;
  /** The channel's name, when Slack sent it (slash commands and button clicks do). */
  channelName?: string;
  /** The conversation's type, when Slack sent it (message events do): channel, group, im or mpim. */
  channelType?: string;
  /**
   * What identifies the conversation follow-ups continue (before it is pseudonymised): a DM, a
   * thread, one person's slash commands in one channel, or their App Home.
   */
  conversation?: string[];
}

/** Where an interactive message lives, from a button click's container. */
export interface MessagePlace {
  ephemeral: boolean;
  channel?: string;
  ts?: string;
  /** The thread the message is in, when it is in one. */
  threadTs?: string;
}

/** A button click: where it happened, and the message it was on (none for App Home or a modal). */
export interface ActionPlace extends SlackPlace {
  message?: MessagePlace;
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

/** A direct message between one person and the app (a group DM is seen by others). */
function isOneToOne(place: Pick<SlackPlace, 'channel' | 'channelName' | 'channelType'>): boolean {
  return place.channelType === 'im' || place.channelName === 'directmessage' || /^D/.test(place.channel ?? '');
}

/** Whether a message is seen by more people than the one who clicked on it (a channel, a group DM). */
export function seenByOthers(place: ActionPlace): boolean {
  return place.message !== undefined && !place.message.ephemeral && Boolean(place.channel) && !isOneToOne(place);
}

/** One person's slash commands in one channel: their follow-ups continue there. */
const slashConversation = (channel: string | undefined, user: string) => [channel ?? '-', user, 'slash'];

export function commandPlace(command: {
  team_id: string;
  user_id: string;
  channel_id: string;
  channel_name?: string;
}): SlackPlace {
  return {
    team: command.team_id,
    user: command.user_id,
    channel: command.channel_id,
    channelName: command.channel_name,
    conversation: slashConversation(command.channel_id, command.user_id),
  };
}

/** "@Opscoach …" in a channel: the conversation is the thread the answer goes in. */
export function mentionPlace(
  event: { user?: string; channel: string; ts: string; thread_ts?: string },
  team: string | undefined,
): SlackPlace & { threadTs: string } {
  const threadTs = event.thread_ts ?? event.ts;
  return { team, user: event.user ?? '', channel: event.channel, threadTs, conversation: [event.channel, threadTs] };
}

/**
 * A message in the Messages tab: as in Slack's agent messaging experience it roots a thread of
 * its own, and that thread is the conversation (replies in it, thread_ts = this message's ts,
 * find it again through assistantPlace).
 */
export function directMessagePlace(
  message: { user: string; channel: string; ts: string },
  team: string | undefined,
): SlackPlace {
  return {
    team,
    user: message.user,
    channel: message.channel,
    channelType: 'im',
    conversation: [message.channel, message.ts],
  };
}

/** A message in a thread of the DMs with the app (or the assistant panel): the thread is the conversation. */
export function assistantPlace(
  message: { user?: string; channel: string; thread_ts: string },
  team: string | undefined,
): SlackPlace {
  return {
    team,
    user: message.user ?? '',
    channel: message.channel,
    channelType: 'im',
    conversation: [message.channel, message.thread_ts],
  };
}

/** A modal submitted from App Home: the person's App Home is their conversation. */
export function homePlace(body: { team?: { id?: string } | null; user: { id: string; team_id?: string } }): SlackPlace {
  return { team: body.team?.id ?? body.user.team_id, user: body.user.id, conversation: [body.user.id, 'home'] };
}

/**
 * A button click (block_actions). Clicked on an ephemeral message, the conversation is the
 * slash command's it answered; on a visible message, the DM or the thread it is in (a message
 * in a channel starts one); from App Home, the person's DM with the app.
 */
export function actionPlace(body: {
  team?: { id?: string } | null;
  user: { id: string; team_id?: string };
  channel?: { id?: string; name?: string };
  container?: unknown;
}): ActionPlace {
  const team = body.team?.id ?? body.user.team_id;
  const user = body.user.id;
  const container = body.container as
    | { type?: string; is_ephemeral?: boolean; message_ts?: string; thread_ts?: string; channel_id?: string }
    | undefined;
  const channel = container?.channel_id ?? body.channel?.id;
  const place: ActionPlace = { team, user, channel, channelName: body.channel?.name };
  if (container?.type !== 'message') return { ...place, conversation: [user] };
  const message: MessagePlace = {
    ephemeral: container.is_ephemeral === true,
    channel,
    ts: container.message_ts,
    threadTs: container.thread_ts,
  };
  if (message.ephemeral) return { ...place, message, conversation: slashConversation(body.channel?.id, user) };
  const thread = message.threadTs ?? (channel && !isOneToOne(place) ? message.ts : undefined);
  return { ...place, message, conversation: [channel ?? user, ...(thread ? [thread] : [])] };
}

/** Where the answer to a click goes: the message's DM or thread, or the person's DM from App Home. */
export function answerTarget(place: ActionPlace): { channel: string; threadTs?: string } {
  const [channel = place.user, threadTs] = place.conversation ?? [];
  return { channel, threadTs };
}

/** The conversation's pseudonym, for follow-ups. */
export function conversationKey(identity: SlackIdentity, place: SlackPlace): string | undefined {
  return place.conversation ? identity.conversation(place.team, ...place.conversation) : undefined;
}

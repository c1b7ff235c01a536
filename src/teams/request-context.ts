import { type ConversationReference, TurnContext as Turn, type TurnContext } from 'botbuilder';
import type { AskContext } from '../core/coach/coach.ts';
import type { Reach } from '../core/followup/followup-service.ts';
import type { TeamsIdentity } from './identity.ts';

interface TeamsChannelData {
  tenant?: { id?: string };
  team?: { id?: string; name?: string };
  channel?: { id?: string; name?: string };
}

export interface TeamsPlace {
  /** personal, channel or groupChat. */
  kind: string;
  teamId?: string;
  conversationId: string;
  /** The channel's base conversation (a thread's id carries ;messageid=). */
  channelConversationId: string;
  label?: string;
}

export function placeOf(context: TurnContext): TeamsPlace {
  const activity = context.activity;
  const data = (activity.channelData ?? {}) as TeamsChannelData;
  const conversationId = activity.conversation.id;
  const kind = activity.conversation.conversationType ?? 'personal';
  // A group chat's name is whatever its members typed, often their own names: never kept.
  const label =
    kind === 'channel' ? [data.team?.name, data.channel?.name ?? 'General'].filter(Boolean).join(' / ') : undefined;
  return {
    kind,
    teamId: data.team?.id,
    conversationId,
    channelConversationId: conversationId.split(';')[0] ?? conversationId,
    label,
  };
}

/**
 * What the core needs from a Teams activity, as pseudonyms: the person (their AAD object id,
 * hashed), the tenant, the conversation, for a team's channel its name as a group for results,
 * and for channels and group chats a digest target (a group chat's without a name).
 */
export function requestContext(context: TurnContext, identity: TeamsIdentity, admins: ReadonlySet<string>): AskContext {
  const activity = context.activity;
  const data = (activity.channelData ?? {}) as TeamsChannelData;
  const aad = activity.from.aadObjectId ?? activity.from.id;
  const tenant = identity.tenant(activity.conversation.tenantId ?? data.tenant?.id);
  const place = placeOf(context);
  const shared = place.kind === 'channel' || place.kind === 'groupChat';
  return {
    person: identity.person(aad),
    workspace: tenant,
    // Only a team's channel counts as a group for results; a group chat is a few named people.
    cohort: { workspace: tenant, channel: place.kind === 'channel' ? place.label : undefined },
    conversation: identity.conversation(place.conversationId),
    admin: admins.has(`teams:${aad}`),
    // The client's zone as Teams sends it; the core falls back to the configured one.
    timezone: activity.localTimezone,
    digestTarget: shared
      ? {
          platform: 'teams',
          channel: place.channelConversationId,
          label: place.label,
          workspace: tenant,
          // Only how to reach the channel: never the person who happened to turn the digest on.
          address: JSON.stringify(channelReference(context, place)),
        }
      : undefined,
  };
}

/**
 * How to reach a channel or chat later: the conversation reference without the person who
 * happened to write (their ids and name would otherwise be stored with it), and without a thread.
 */
export function channelReference(context: TurnContext, place: TeamsPlace): Partial<ConversationReference> {
  const { user: _user, activityId: _activityId, ...reference } = Turn.getConversationReference(context.activity);
  return { ...reference, conversation: { ...context.activity.conversation, id: place.channelConversationId } };
}

/**
 * How to message this person later in their personal chat with the bot (a check-in on an
 * experiment they picked): the conversation reference without their ids or name, and only for a
 * personal chat, never a channel or group chat where everyone would see it.
 */
export function personalReach(context: TurnContext): Reach {
  if (placeOf(context).kind !== 'personal') return { platform: 'teams' };
  const { user: _user, activityId: _activityId, ...reference } = Turn.getConversationReference(context.activity);
  return { platform: 'teams', address: JSON.stringify(reference) };
}

import type { AskContext } from '../core/coach/coach.ts';
import type { Command } from '../core/coach/commands.ts';
import type { SlackDeps } from './deps.ts';

export interface SlackPlace {
  team?: string;
  user: string;
  channel?: string;
  /** The channel's name, when Slack sent it (slash commands and button clicks do). */
  channelName?: string;
  conversation?: string[];
}

/**
 * Everything the core needs to know about where a Slack request came from, as pseudonyms and
 * labels. Only report, digest and evidence commands pay for the admin lookup.
 */
export async function requestContext(deps: SlackDeps, place: SlackPlace, command?: Command): Promise<AskContext> {
  const isChannel = Boolean(place.channel && /^[CG]/.test(place.channel));
  const label = place.channelName ? `#${place.channelName}` : undefined;
  const context: AskContext = {
    person: deps.identity.person(place.team, place.user),
    workspace: deps.identity.workspace(place.team),
    cohort: {
      workspace: deps.identity.workspace(place.team),
      channel: isChannel ? (label ?? deps.identity.channelCohort(place.team, place.channel)) : undefined,
    },
    conversation: place.conversation ? deps.identity.conversation(place.team, ...place.conversation) : undefined,
    digestTarget:
      isChannel && place.channel
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

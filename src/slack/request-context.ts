import type { AskContext } from '../core/coach/coach.ts';
import type { Command } from '../core/coach/commands.ts';
import type { SlackDeps } from './deps.ts';
import { conversationKey, conversationOf, type SlackPlace } from './place.ts';

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
    conversation: conversationKey(deps.identity, place),
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

import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { parseCommand } from '../../../core/coach/commands.ts';
import { withFriendlyErrors } from '../../../core/logging/reference.ts';
import type { SlackDeps } from '../../deps.ts';
import { replyInPlace } from '../../reply-in-place.ts';
import { requestContext } from '../../request-context.ts';

/**
 * "@Opscoach who gets paged at 3am?" in a channel: the answer goes in a thread, and a later
 * mention in that thread continues the same conversation (follow-ups keep their context).
 */
export function appMention(deps: SlackDeps) {
  return async ({ event, client, context }: AllMiddlewareArgs & SlackEventMiddlewareArgs<'app_mention'>) => {
    const text = (event.text ?? '').replace(/<@[A-Z0-9]+(?:\|[^>]*)?>/g, ' ').trim();
    const threadTs = event.thread_ts ?? event.ts;
    const place = {
      team: context.teamId,
      user: event.user ?? '',
      channel: event.channel,
      conversation: [event.channel, threadTs],
    };
    await withFriendlyErrors(
      deps.logger,
      'app mention',
      (failure) => client.chat.postMessage({ channel: event.channel, thread_ts: threadTs, text: failure }),
      () =>
        replyInPlace(client, { channel: event.channel, threadTs }, async () => {
          const command = parseCommand(text);
          return deps.coach.run(command, await requestContext(deps, place, command));
        }),
    );
  };
}

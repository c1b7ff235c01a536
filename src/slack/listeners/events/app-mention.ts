import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps.ts';
import { withFriendlyErrors } from '../../friendly-errors.ts';
import { replyInPlace } from '../../reply-in-place.ts';

/**
 * "@Opscoach who gets paged at 3am?" in a channel: the answer goes in a thread, and a later
 * mention in that thread continues the same conversation (follow-ups keep their context).
 */
export function appMention(deps: SlackDeps) {
  return async ({ event, client, context }: AllMiddlewareArgs & SlackEventMiddlewareArgs<'app_mention'>) => {
    const text = (event.text ?? '').replace(/<@[A-Z0-9]+(?:\|[^>]*)?>/g, ' ').trim();
    const threadTs = event.thread_ts ?? event.ts;
    const conversation = deps.identity.conversation(context.teamId, event.channel, threadTs);
    await withFriendlyErrors(
      deps.logger,
      'app mention',
      (failure) => client.chat.postMessage({ channel: event.channel, thread_ts: threadTs, text: failure }),
      () =>
        replyInPlace(client, { channel: event.channel, threadTs }, () =>
          deps.coach.handle(text, {
            conversation,
            person: event.user ? deps.identity.person(context.teamId, event.user) : undefined,
            cohort: {
              workspace: deps.identity.workspace(context.teamId),
              channel: deps.identity.channelCohort(context.teamId, event.channel),
            },
          }),
        ),
    );
  };
}

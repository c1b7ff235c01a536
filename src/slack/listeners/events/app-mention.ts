import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { isPersonalCommand, parseCommand } from '../../../core/coach/commands.ts';
import { withFriendlyErrors } from '../../../core/logging/reference.ts';
import type { SlackDeps } from '../../deps.ts';
import { sendEvidenceChart } from '../../evidence-chart.ts';
import { mentionPlace } from '../../place.ts';
import { renderReply } from '../../render/reply-blocks.ts';
import { replyInPlace } from '../../reply-in-place.ts';
import { requestContext } from '../../request-context.ts';

/**
 * "@Opscoach who gets paged at 3am?" in a channel: the answer goes in a thread, and a later
 * mention in that thread continues the same conversation (follow-ups keep their context).
 * Personal replies (diagnostics, results, reports) are shown to the asker only.
 */
export function appMention(deps: SlackDeps) {
  return async ({ event, client, context }: AllMiddlewareArgs & SlackEventMiddlewareArgs<'app_mention'>) => {
    const text = (event.text ?? '').replace(/<@[A-Z0-9]+(?:\|[^<>]*)?>/g, ' ').trim();
    const place = mentionPlace(event, context.teamId);
    const { threadTs } = place;
    const command = parseCommand(text);
    await withFriendlyErrors(
      deps.logger,
      'app mention',
      (failure) => client.chat.postMessage({ channel: event.channel, thread_ts: threadTs, text: failure }),
      async () => {
        if (isPersonalCommand(command) && event.user) {
          // A diagnostic, someone's results or a report is for the asker alone, even in a channel.
          const reply = await deps.coach.run(command, await requestContext(deps, place, command));
          await client.chat.postEphemeral({
            channel: event.channel,
            user: event.user,
            thread_ts: event.thread_ts,
            ...renderReply(reply),
          });
          await sendEvidenceChart(client, deps.logger, event.user, reply);
          return;
        }
        await replyInPlace(client, { channel: event.channel, threadTs }, async () =>
          deps.coach.run(command, await requestContext(deps, place, command)),
        );
      },
    );
  };
}

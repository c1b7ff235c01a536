import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { parseCommand } from '../../../core/coach/commands.ts';
import { withFriendlyErrors } from '../../../core/logging/reference.ts';
import type { SlackDeps } from '../../deps.ts';
import { sendEvidenceChart } from '../../evidence-chart.ts';
import { directMessagePlace } from '../../place.ts';
import { replyInPlace } from '../../reply-in-place.ts';
import { requestContext } from '../../request-context.ts';

/**
 * A direct message to the bot (the Messages tab) starts a conversation with the coach. As in
 * Slack's agent messaging experience, every message there is the root of its own thread: the
 * answer goes in that thread, and replies in it (handled with the assistant listener, as Bolt
 * routes threads in direct messages there) continue the same conversation. Edits, bot messages
 * and anything outside a DM are ignored: the bot never answers channel chatter.
 */
export function directMessage(deps: SlackDeps) {
  return async ({ message, client, context }: AllMiddlewareArgs & SlackEventMiddlewareArgs<'message'>) => {
    if (
      message.channel_type !== 'im' ||
      message.subtype !== undefined ||
      ('thread_ts' in message && message.thread_ts)
    ) {
      return;
    }
    if ('bot_id' in message && message.bot_id) return;
    const text = 'text' in message ? (message.text ?? '') : '';
    const place = directMessagePlace(message, context.teamId);
    await withFriendlyErrors(
      deps.logger,
      'direct message',
      (failure) => client.chat.postMessage({ channel: message.channel, thread_ts: message.ts, text: failure }),
      () =>
        replyInPlace(client, { channel: message.channel, threadTs: message.ts }, async () => {
          const command = parseCommand(text);
          const reply = await deps.coach.run(command, await requestContext(deps, place, command));
          // This is already the direct messages with the app: the evidence chart can follow here.
          await sendEvidenceChart(client, deps.logger, message.user, reply, message.channel);
          return reply;
        }),
    );
  };
}

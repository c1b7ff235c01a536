import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { withFriendlyErrors } from '../../../core/logging/reference.ts';
import { questionValueSchema } from '../../action-ids.ts';
import type { SlackDeps } from '../../deps.ts';
import { renderReply } from '../../render/reply-blocks.ts';
import { replyInPlace } from '../../reply-in-place.ts';

/**
 * A suggested question clicked under an answer, in help, or on App Home. The answer goes where
 * the click happened: privately under a private answer, in the thread or DM for a message, and
 * to the Messages tab from App Home.
 */
export function askQuestion(deps: SlackDeps) {
  return async ({ ack, body, action, respond, client }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction>) => {
    await ack();
    const question = questionValueSchema.safeParse('value' in action ? action.value : undefined);
    const team = body.team?.id ?? body.user.team_id;
    const container = body.container as {
      type?: string;
      is_ephemeral?: boolean;
      thread_ts?: string;
      message_ts?: string;
    };
    const channel = body.channel?.id;
    if (!question.success) {
      await client.chat.postMessage({
        channel: body.user.id,
        text: 'That button no longer works; ask me your question directly.',
      });
      return;
    }
    if (container.type === 'message' && container.is_ephemeral) {
      const tell = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
      await withFriendlyErrors(deps.logger, 'suggested question', tell, async () => {
        const conversation = deps.identity.conversation(team, channel ?? '-', body.user.id, 'slash');
        const reply = await deps.coach.ask(question.data, { conversation });
        await respond({
          response_type: 'ephemeral',
          replace_original: false,
          ...renderReply(reply, { shareable: true }),
        });
      });
      return;
    }
    // A visible message (DM or thread) or App Home: answer in that place, or in the DM.
    const target =
      container.type === 'message' && channel
        ? { channel, threadTs: container.thread_ts ?? (channel.startsWith('D') ? undefined : container.message_ts) }
        : { channel: body.user.id };
    const conversation = deps.identity.conversation(
      team,
      target.channel,
      ...(target.threadTs ? [target.threadTs] : []),
    );
    await withFriendlyErrors(
      deps.logger,
      'suggested question',
      (text) => client.chat.postMessage({ channel: target.channel, thread_ts: target.threadTs, text }),
      () => replyInPlace(client, target, () => deps.coach.ask(question.data, { conversation })),
    );
  };
}

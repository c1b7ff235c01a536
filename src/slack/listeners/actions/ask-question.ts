import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { withFriendlyErrors } from '../../../core/logging/reference.ts';
import { questionValueSchema } from '../../action-ids.ts';
import type { SlackDeps } from '../../deps.ts';
import { actionPlace, answerTarget, conversationKey } from '../../place.ts';
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
    const place = actionPlace(body);
    const conversation = conversationKey(deps.identity, place);
    if (!question.success) {
      await client.chat.postMessage({
        channel: body.user.id,
        text: 'That button no longer works; ask me your question directly.',
      });
      return;
    }
    if (place.message?.ephemeral) {
      const tell = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
      await withFriendlyErrors(deps.logger, 'suggested question', tell, async () => {
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
    const target = answerTarget(place);
    await withFriendlyErrors(
      deps.logger,
      'suggested question',
      (text) => client.chat.postMessage({ channel: target.channel, thread_ts: target.threadTs, text }),
      () => replyInPlace(client, target, () => deps.coach.ask(question.data, { conversation })),
    );
  };
}

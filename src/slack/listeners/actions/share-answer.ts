import type { AllMiddlewareArgs, BlockAction, RespondFn, SlackActionMiddlewareArgs } from '@slack/bolt';
import { withFriendlyErrors } from '../../../core/logging/reference.ts';
import { answerIdSchema } from '../../action-ids.ts';
import type { SlackDeps } from '../../deps.ts';
import { privateNote } from '../../private-note.ts';
import { renderReply } from '../../render/reply-blocks.ts';

/**
 * "Share to channel" on an answer only the asker could see: posts the same answer for everyone
 * (through the interaction's response URL, so no extra scope or channel membership is needed)
 * and removes the private copy.
 */
export function shareAnswer(deps: SlackDeps) {
  return async ({ ack, body, action, respond, client }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction>) => {
    await ack();
    const tell = privateNote(respond as RespondFn | undefined, client, body.user.id);
    const answerId = answerIdSchema.safeParse('value' in action ? action.value : undefined);
    const reply = answerId.success ? deps.coach.shared(answerId.data) : undefined;
    // Only a message (which has a response URL) can be shared; a click from a view cannot.
    if (!reply || !(respond as RespondFn | undefined)) {
      await tell('That answer has expired, so it cannot be shared any more. Ask again and share the new answer.');
      return;
    }
    await withFriendlyErrors(deps.logger, 'share answer', tell, async () => {
      await respond({
        response_type: 'in_channel',
        replace_original: false,
        ...renderReply(reply, { footer: `Shared by <@${body.user.id}>` }),
      });
      await respond({ delete_original: true });
    });
  };
}

import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { withFriendlyErrors } from '../../../core/logging/reference.ts';
import { questionValueSchema } from '../../action-ids.ts';
import type { SlackDeps } from '../../deps.ts';
import { conversationKey, homePlace } from '../../place.ts';
import { replyInPlace } from '../../reply-in-place.ts';

/** The question typed in the App Home modal; the answer goes to the person's Messages tab. */
export function askModalSubmit(deps: SlackDeps) {
  return async ({ ack, body, view, client }: AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>) => {
    const question = questionValueSchema.safeParse(view.state.values.question?.text?.value ?? '');
    if (!question.success) {
      await ack({ response_action: 'errors', errors: { question: 'Type a question of up to 1,500 characters.' } });
      return;
    }
    await ack();
    const user = body.user.id;
    const conversation = conversationKey(deps.identity, homePlace(body));
    await withFriendlyErrors(
      deps.logger,
      'ask modal',
      (text) => client.chat.postMessage({ channel: user, text }),
      () => replyInPlace(client, { channel: user }, () => deps.coach.ask(question.data, { conversation })),
    );
  };
}

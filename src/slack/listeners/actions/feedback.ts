import type { AllMiddlewareArgs, BlockAction, RespondFn, SlackActionMiddlewareArgs } from '@slack/bolt';
import { withFriendlyErrors } from '../../../core/logging/reference.ts';
import { ACTION, answerIdSchema } from '../../action-ids.ts';
import type { SlackDeps } from '../../deps.ts';
import { actionPlace } from '../../place.ts';
import { privateNote } from '../../private-note.ts';

/**
 * Helpful / not helpful under an answer. Stored under the clicker's pseudonym (the last click
 * wins); the thanks is shown only to the clicker, and the answer stays as it was.
 */
export function feedback(deps: SlackDeps) {
  return async ({ ack, body, action, respond, client }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction>) => {
    await ack();
    const answerId = answerIdSchema.safeParse('value' in action ? action.value : undefined);
    const tell = privateNote(respond as RespondFn | undefined, client, body.user.id);
    if (!answerId.success) {
      await tell('That button is from an older version of Opscoach; ask again and rate the new answer.');
      return;
    }
    await withFriendlyErrors(deps.logger, 'feedback', tell, async () => {
      const { team, user } = actionPlace(body);
      const person = deps.identity.person(team, user);
      const notice = deps.coach.feedback(answerId.data, person, action.action_id === ACTION.helpful);
      await tell(notice.text);
    });
  };
}

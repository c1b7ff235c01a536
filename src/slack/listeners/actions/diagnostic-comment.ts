import type { AllMiddlewareArgs, BlockAction, RespondFn, SlackActionMiddlewareArgs } from '@slack/bolt';
import { answerIdSchema } from '../../action-ids.ts';
import { sealCommentPlace } from '../../comment-form.ts';
import type { SlackDeps } from '../../deps.ts';
import { actionPlace } from '../../place.ts';
import { privateNote } from '../../private-note.ts';
import { commentModal } from '../../render/views.ts';

/** "Add a comment" at the end of a diagnostic opens a small form; the message is updated on submit. */
export function diagnosticComment(deps: SlackDeps) {
  return async ({ ack, body, action, client, respond }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction>) => {
    await ack();
    const session = answerIdSchema.safeParse('value' in action ? action.value : undefined);
    const clicked = actionPlace(body);
    const place = clicked.message;
    const tell = privateNote(respond as RespondFn | undefined, client, body.user.id);
    if (!session.success || !place) {
      await tell('That button no longer works; finish the diagnostic without a comment.');
      return;
    }
    const metadata = sealCommentPlace(deps.identity, clicked.team, clicked.user, {
      session: session.data,
      channel: place.ephemeral ? undefined : place.channel,
      ts: place.ephemeral ? undefined : place.ts,
      responseUrl: place.ephemeral ? body.response_url : undefined,
    });
    try {
      await client.views.open({ trigger_id: body.trigger_id, view: commentModal(metadata, deps.coach.commentNote()) });
    } catch (error) {
      deps.logger.error({ err: error }, 'could not open the comment form');
      await tell('I could not open the comment form; press Finish to save without one.');
    }
  };
}

import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs, types } from '@slack/bolt';
import { answerIdSchema, VIEW } from '../../action-ids.ts';
import type { SlackDeps } from '../../deps.ts';
import { placeOf } from '../../update-in-place.ts';

/** "Add a comment" at the end of a diagnostic opens a small form; the message is updated on submit. */
export function diagnosticComment(deps: SlackDeps) {
  return async ({ ack, body, action, client, respond }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction>) => {
    await ack();
    const session = answerIdSchema.safeParse('value' in action ? action.value : undefined);
    const place = placeOf(body);
    if (!session.success || !place) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: 'That button no longer works; finish the diagnostic without a comment.',
      });
      return;
    }
    const metadata = {
      session: session.data,
      channel: place.channel,
      ts: place.ephemeral ? undefined : place.ts,
      responseUrl: place.ephemeral ? body.response_url : undefined,
    };
    try {
      await client.views.open({ trigger_id: body.trigger_id, view: commentModal(JSON.stringify(metadata)) });
    } catch (error) {
      deps.logger.error({ err: error }, 'could not open the comment form');
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: 'I could not open the comment form; press Finish to save without one.',
      });
    }
  };
}

function commentModal(privateMetadata: string): types.ModalView {
  return {
    type: 'modal',
    callback_id: VIEW.commentModal,
    private_metadata: privateMetadata,
    title: { type: 'plain_text', text: 'Add a comment' },
    submit: { type: 'plain_text', text: 'Save and finish' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: 'comment',
        label: { type: 'plain_text', text: 'Anything you would like to add?' },
        element: { type: 'plain_text_input', action_id: 'text', multiline: true, max_length: 1000 },
      },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: 'Stored without your name, scrubbed of emails, mentions, phone numbers and links, and never shown for groups under 5.',
          },
        ],
      },
    ],
  };
}

import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps.ts';
import { askModal } from '../../render/views.ts';

/** "Ask a question" on App Home opens a small modal to type it in. */
export function openAskModal(deps: SlackDeps) {
  return async ({ ack, body, client }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction>) => {
    await ack();
    try {
      await client.views.open({ trigger_id: body.trigger_id, view: askModal() });
    } catch (error) {
      deps.logger.error({ err: error }, 'could not open the ask modal');
      await client.chat.postMessage({
        channel: body.user.id,
        text: 'I could not open the question box; just send me your question here.',
      });
    }
  };
}

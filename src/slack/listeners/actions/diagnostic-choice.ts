import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { withFriendlyErrors } from '../../../core/logging/reference.ts';
import type { SlackDeps } from '../../deps.ts';
import { actionPlace, seenByOthers } from '../../place.ts';
import { renderReply } from '../../render/reply-blocks.ts';
import { requestContext } from '../../request-context.ts';
import { updateInPlace } from '../../update-in-place.ts';

/**
 * A button in a diagnostic. The core decides what it means (its token says which session, stage
 * and step it belongs to); this only finds the message and updates it in place. A button on a
 * message everyone sees (a digest) opens the diagnostic privately instead, and from App Home,
 * where there is no message, it opens in the Messages tab.
 */
export function diagnosticChoice(deps: SlackDeps) {
  return async ({ ack, body, action, respond, client }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction>) => {
    await ack();
    const place = actionPlace(body);
    const { message: where } = place;
    const tell = (text: string) =>
      where
        ? respond({ response_type: 'ephemeral', replace_original: false, text })
        : client.chat.postMessage({ channel: body.user.id, text });
    await withFriendlyErrors(deps.logger, 'diagnostic choice', tell, async () => {
      const context = await requestContext(deps, place);
      // Picking an experiment (or asking for the one reminder) needs a way to message the person
      // later: their user id, which the core seals and deletes once the check-in is sent.
      const reply = deps.coach.diagnosticChoice(
        context.person ?? '',
        'value' in action ? action.value : undefined,
        context.cohort,
        { platform: 'slack', address: body.user.id },
      );
      const message = renderReply(reply);
      if (seenByOthers(place)) await respond({ response_type: 'ephemeral', replace_original: false, ...message });
      else if (where) await updateInPlace(client, respond, where, message);
      else await client.chat.postMessage({ channel: body.user.id, ...message });
    });
  };
}

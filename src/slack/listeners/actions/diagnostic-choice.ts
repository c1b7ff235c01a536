import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps.ts';
import { withFriendlyErrors } from '../../friendly-errors.ts';
import { renderReply } from '../../render/reply-blocks.ts';
import { placeOf, updateInPlace } from '../../update-in-place.ts';

/**
 * A button in a diagnostic. The core decides what it means (its token says which session, stage
 * and step it belongs to); this only finds the message and updates it in place. From App Home,
 * where there is no message to update, the diagnostic opens in the Messages tab.
 */
export function diagnosticChoice(deps: SlackDeps) {
  return async ({ ack, body, action, respond, client }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction>) => {
    await ack();
    const team = body.team?.id ?? body.user.team_id;
    const person = deps.identity.person(team, body.user.id);
    const place = placeOf(body);
    const tell = (text: string) =>
      place
        ? respond({ response_type: 'ephemeral', replace_original: false, text })
        : client.chat.postMessage({ channel: body.user.id, text });
    await withFriendlyErrors(deps.logger, 'diagnostic choice', tell, async () => {
      const reply = deps.coach.diagnosticChoice(person, 'value' in action ? action.value : undefined, {
        workspace: deps.identity.workspace(team),
        channel: place ? deps.identity.channelCohort(team, place.channel) : undefined,
      });
      const message = renderReply(reply);
      if (place) await updateInPlace(client, respond, place, message);
      else await client.chat.postMessage({ channel: body.user.id, ...message });
    });
  };
}

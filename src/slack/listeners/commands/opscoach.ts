import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { parseCommand } from '../../../core/coach/commands.ts';
import { withFriendlyErrors } from '../../../core/logging/reference.ts';
import type { SlackDeps } from '../../deps.ts';
import { sendEvidenceChart } from '../../evidence-chart.ts';
import { commandPlace, conversationKey } from '../../place.ts';
import { renderReply } from '../../render/reply-blocks.ts';
import { THINKING } from '../../render/thinking.ts';
import { requestContext } from '../../request-context.ts';

/**
 * `/opscoach [help|ask <question>|topics|privacy]`. Quick replies ride on the ack itself; a
 * question is acked at once with a thinking note, answered after, and replaces that note.
 * Replies are ephemeral; answers carry a "Share to channel" button.
 */
export function opscoachCommand(deps: SlackDeps) {
  return async ({ command, ack, respond, client }: AllMiddlewareArgs & SlackCommandMiddlewareArgs) => {
    const parsed = parseCommand(command.text, { slash: true });
    const place = commandPlace(command);
    const slow = parsed.name === 'report' || parsed.name === 'digest' || parsed.name === 'evidence';
    if (parsed.name !== 'ask' && !slow) {
      const reply = await deps.coach.run(parsed, await requestContext(deps, place));
      await ack({ response_type: 'ephemeral', ...renderReply(reply) });
      return;
    }
    if (slow) {
      // An admin check and a report can take a moment: ack first, answer privately after.
      await ack({ response_type: 'ephemeral', text: ':hourglass_flowing_sand: _Working on it…_' });
      await withFriendlyErrors(
        deps.logger,
        'slash command',
        (text) => respond({ response_type: 'ephemeral', replace_original: true, text }),
        async () => {
          const reply = await deps.coach.run(parsed, await requestContext(deps, place, parsed));
          await respond({ response_type: 'ephemeral', replace_original: true, ...renderReply(reply) });
          await sendEvidenceChart(client, deps.logger, command.user_id, reply);
        },
      );
      return;
    }
    await ack({ response_type: 'ephemeral', text: THINKING });
    await withFriendlyErrors(
      deps.logger,
      'slash command',
      (text) => respond({ response_type: 'ephemeral', replace_original: true, text }),
      async () => {
        const reply = await deps.coach.ask(parsed.question, { conversation: conversationKey(deps.identity, place) });
        await respond({
          response_type: 'ephemeral',
          replace_original: true,
          ...renderReply(reply, { shareable: true }),
        });
      },
    );
  };
}

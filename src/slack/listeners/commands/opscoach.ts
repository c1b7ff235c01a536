import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { parseCommand } from '../../../core/coach/commands.ts';
import type { SlackDeps } from '../../deps.ts';
import { withFriendlyErrors } from '../../friendly-errors.ts';
import { renderReply } from '../../render/reply-blocks.ts';
import { THINKING } from '../../render/thinking.ts';

/**
 * `/opscoach [help|ask <question>|topics|privacy]`. Quick replies ride on the ack itself; a
 * question is acked at once with a thinking note, answered after, and replaces that note.
 * Replies are ephemeral; answers carry a "Share to channel" button.
 */
export function opscoachCommand(deps: SlackDeps) {
  return async ({ command, ack, respond }: AllMiddlewareArgs & SlackCommandMiddlewareArgs) => {
    const parsed = parseCommand(command.text, { slash: true });
    if (parsed.name !== 'ask') {
      const reply = await deps.coach.run(parsed, {
        person: deps.identity.person(command.team_id, command.user_id),
        cohort: {
          workspace: deps.identity.workspace(command.team_id),
          channel: deps.identity.channelCohort(command.team_id, command.channel_id),
        },
      });
      await ack({ response_type: 'ephemeral', ...renderReply(reply) });
      return;
    }
    await ack({ response_type: 'ephemeral', text: THINKING });
    await withFriendlyErrors(
      deps.logger,
      'slash command',
      (text) => respond({ response_type: 'ephemeral', replace_original: true, text }),
      async () => {
        const conversation = deps.identity.conversation(command.team_id, command.channel_id, command.user_id, 'slash');
        const reply = await deps.coach.ask(parsed.question, { conversation });
        await respond({
          response_type: 'ephemeral',
          replace_original: true,
          ...renderReply(reply, { shareable: true }),
        });
      },
    );
  };
}

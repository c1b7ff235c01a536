import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps.ts';
import { starterPrompts } from '../../starter-prompts.ts';

/**
 * Someone opened the Messages tab, where the agent messaging experience (the manifest's
 * agent_view) holds conversations with the app: the suggested prompts are pinned at the top of
 * the tab (no thread: for an agent app Slack ignores a call naming one), and a person opening it
 * for the first time, with nothing in it yet, is greeted. Whether it is the first time is read
 * from the conversation itself (one message of history, im:history), so nothing about who has
 * visited is stored. The prompts come last, so whoever watches the calls knows the greeting
 * was decided by then.
 */
export function messagesTabOpened(deps: SlackDeps) {
  return async ({ event, client }: AllMiddlewareArgs & SlackEventMiddlewareArgs<'app_home_opened'>) => {
    const channel = event.channel;
    try {
      const history = await client.conversations.history({ channel, limit: 1 });
      if ((history.messages ?? []).length === 0) await client.chat.postMessage({ channel, text: deps.text.greeting });
    } catch (error) {
      // Nowhere to tell the person: the prompts alone still show them where to start.
      deps.logger.warn({ err: error }, 'could not greet in the Messages tab');
    }
    try {
      await client.assistant.threads.setSuggestedPrompts({ channel_id: channel, ...starterPrompts(deps.text) });
    } catch (error) {
      deps.logger.warn({ err: error }, 'could not set the suggested prompts');
    }
  };
}

import type { AssistantThreadStartedMiddleware } from '@slack/bolt';
import type { SlackDeps } from '../../deps.ts';
import { starterPrompts } from '../../starter-prompts.ts';

/**
 * Opening the legacy assistant split view (apps created with assistant_view): a short greeting
 * and suggested prompts to start from. The agent messaging experience greets in the Messages
 * tab instead (src/slack/listeners/events/messages-tab-opened.ts).
 */
export function threadStarted(deps: SlackDeps): AssistantThreadStartedMiddleware {
  return async ({ client, payload, setSuggestedPrompts }) => {
    const { channel_id: channel, thread_ts } = payload.assistant_thread;
    try {
      // Posted directly rather than with say(), which would copy the channel the person was
      // looking at into the message's metadata.
      await client.chat.postMessage({ channel, thread_ts, text: deps.text.greeting });
      await setSuggestedPrompts(starterPrompts(deps.text));
    } catch (error) {
      deps.logger.error({ err: error }, 'could not start the assistant thread');
    }
  };
}

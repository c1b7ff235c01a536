import type { AssistantThreadStartedMiddleware } from '@slack/bolt';
import type { SlackDeps } from '../../deps.ts';

/** Opening the assistant split view: a short greeting and suggested prompts to start from. */
export function threadStarted(deps: SlackDeps): AssistantThreadStartedMiddleware {
  return async ({ say, setSuggestedPrompts }) => {
    try {
      await say(`Hi! ${deps.text.greeting}`);
      await setSuggestedPrompts({
        title: 'Good first questions',
        prompts: deps.text.starters.slice(0, 4).map((message) => ({ title: message.slice(0, 60), message })),
      });
    } catch (error) {
      deps.logger.error({ err: error }, 'could not start the assistant thread');
    }
  };
}

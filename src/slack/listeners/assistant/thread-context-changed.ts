import type { AssistantThreadContextChangedMiddleware } from '@slack/bolt';
import type { SlackDeps } from '../../deps.ts';

/**
 * The legacy assistant panel says which channel the person is now looking at. Opscoach answers
 * from its knowledge base, not from what is on screen, so this records nothing. (Bolt's default
 * would copy the channel into the thread's first message as metadata.)
 */
export function threadContextChanged(deps: SlackDeps): AssistantThreadContextChangedMiddleware {
  return async () => {
    deps.logger.debug('assistant thread context changed: nothing recorded');
  };
}

import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps.ts';

/**
 * The agent messaging experience says what the person is looking at (a channel, a canvas, a
 * list, a message) whenever it changes. Opscoach answers from its knowledge base, not from what
 * is on screen, so nothing of it is kept or logged: not the channel, not that it changed.
 */
export function appContextChanged(deps: SlackDeps) {
  return async (_args: AllMiddlewareArgs & SlackEventMiddlewareArgs<'app_context_changed'>) => {
    deps.logger.debug('app context changed: nothing recorded');
  };
}

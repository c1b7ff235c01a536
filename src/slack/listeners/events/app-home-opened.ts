import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps.ts';
import { homeView } from '../../render/views.ts';
import { messagesTabOpened } from './messages-tab-opened.ts';

/**
 * Publishes App Home whenever someone opens the Home tab; opening the Messages tab, where the
 * agent messaging experience talks, sets the suggested prompts there and greets a newcomer.
 */
export function appHomeOpened(deps: SlackDeps) {
  const messagesTab = messagesTabOpened(deps);
  return async (args: AllMiddlewareArgs & SlackEventMiddlewareArgs<'app_home_opened'>) => {
    const { event, client, context } = args;
    if (event.tab === 'messages') {
      await messagesTab(args);
      return;
    }
    if (event.tab !== 'home') return;
    const { coach, text } = deps;
    try {
      await client.views.publish({
        user_id: event.user,
        view: homeView({
          help: coach.help(),
          topics: coach.topics(),
          privacy: coach.privacy(),
          starters: text.starters,
          diagnostics: coach.diagnosticMenu(),
          results: coach.results(deps.identity.person(context.teamId, event.user)),
        }),
      });
    } catch (error) {
      // Nowhere to tell the person: the Home tab simply keeps its previous content.
      deps.logger.error({ err: error }, 'could not publish App Home');
    }
  };
}

import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.ts';
import { appContextChanged } from './app-context-changed.ts';
import { appHomeOpened } from './app-home-opened.ts';
import { appMention } from './app-mention.ts';

export function registerEvents(app: App, deps: SlackDeps): void {
  app.event('app_mention', appMention(deps));
  app.event('app_home_opened', appHomeOpened(deps));
  app.event('app_context_changed', appContextChanged(deps));
}

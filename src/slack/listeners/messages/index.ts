import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.ts';
import { directMessage } from './direct-message.ts';

export function registerMessages(app: App, deps: SlackDeps): void {
  app.message(directMessage(deps));
}

import type { App } from '@slack/bolt';
import type { SlackDeps } from '../deps.ts';
import { registerActions } from './actions/index.ts';
import { registerAssistant } from './assistant/index.ts';
import { registerCommands } from './commands/index.ts';
import { registerEvents } from './events/index.ts';
import { registerMessages } from './messages/index.ts';
import { registerViews } from './views/index.ts';

/** Wires every listener, one kind per folder, as in Slack's own TypeScript template. */
export function registerListeners(app: App, deps: SlackDeps): void {
  // The assistant goes first: it claims DM threads before the plain DM listener sees them.
  registerAssistant(app, deps);
  registerCommands(app, deps);
  registerEvents(app, deps);
  registerMessages(app, deps);
  registerActions(app, deps);
  registerViews(app, deps);
}

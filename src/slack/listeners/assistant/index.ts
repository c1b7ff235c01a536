import { type App, Assistant } from '@slack/bolt';
import type { SlackDeps } from '../../deps.ts';
import { threadStarted } from './thread-started.ts';
import { userMessage } from './user-message.ts';

export function registerAssistant(app: App, deps: SlackDeps): void {
  app.assistant(new Assistant({ threadStarted: threadStarted(deps), userMessage: userMessage(deps) }));
}

import { type App, Assistant } from '@slack/bolt';
import type { SlackDeps } from '../../deps.ts';
import { threadContextChanged } from './thread-context-changed.ts';
import { threadStarted } from './thread-started.ts';
import { userMessage } from './user-message.ts';

/**
 * Threads in the direct messages with the app. In the agent messaging experience (the manifest's
 * agent_view) every message starts a thread and replies in it arrive here; apps still created
 * with the legacy assistant_view also get assistant_thread_started and
 * assistant_thread_context_changed, served from the same core.
 */
export function registerAssistant(app: App, deps: SlackDeps): void {
  app.assistant(
    new Assistant({
      threadStarted: threadStarted(deps),
      threadContextChanged: threadContextChanged(deps),
      userMessage: userMessage(deps),
    }),
  );
}

import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Logger } from '../core/logging/logger.ts';
import type { EventStore } from '../core/store/event-store.ts';

/** Slack retries an event for up to about an hour; remember ids a little longer. */
const REMEMBER_MS = 2 * 3_600_000;

/**
 * Answers each Events API delivery once: a retry (x-slack-retry-num) or a repeated event_id is
 * acknowledged by Bolt and then dropped here. The claim is one SQLite insert, so two replicas
 * sharing a database also answer once.
 */
export function dedupeEvents(events: Pick<EventStore, 'claim'>, logger: Logger): Middleware<AnyMiddlewareArgs> {
  return async ({ body, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string' && !events.claim(`slack:${eventId}`, REMEMBER_MS, new Date())) {
      logger.info({ eventId }, 'duplicate Slack event ignored');
      return;
    }
    await next();
  };
}

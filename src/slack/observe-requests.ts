import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { inRequestScope } from '../core/logging/request-scope.ts';
import type { Metrics } from '../core/metrics/metrics.ts';
import type { WorkTracker } from '../server/lifecycle.ts';

interface SlackBody {
  type?: string;
  command?: string;
  event?: { type?: string };
}

/** A small fixed set of kinds for the events metric: never a channel, person or text. */
function kindOf(body: SlackBody): string {
  if (body.command) return 'command';
  if (body.type === 'block_actions') return 'action';
  if (body.type === 'view_submission' || body.type === 'view_closed') return 'view';
  switch (body.event?.type) {
    case 'message':
      return 'message';
    case 'app_mention':
      return 'mention';
    case 'app_home_opened':
      return 'home';
    case 'assistant_thread_started':
    case 'assistant_thread_context_changed':
      return 'assistant';
    default:
      return 'other';
  }
}

/**
 * The first global middleware: gives every Slack request (HTTP or Socket Mode) a request id for
 * its log lines, counts it, and tells shutdown about the work listeners do after acknowledging,
 * which Bolt awaits inside next(). A request whose person saw a failure reference is counted.
 */
export function observeRequests(metrics: Metrics, work: WorkTracker): Middleware<AnyMiddlewareArgs> {
  return ({ body, next }) =>
    inRequestScope(async (scope) => {
      metrics.events.inc({ platform: 'slack', kind: kindOf(body as SlackBody) });
      try {
        await work.track(next());
      } catch (error) {
        scope.failed = true;
        throw error;
      } finally {
        if (scope.failed) metrics.listenerFailures.inc({ platform: 'slack' });
      }
    });
}

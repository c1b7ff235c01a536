import { expect } from 'vitest';
import { findLeaks } from './db-leaks.ts';
import type { RecordedCall } from './fake-slack.ts';
import { eventEnvelope } from './slack-requests.ts';
import { startSlackHarness } from './slack-server.ts';

/**
 * The Slack harness, watched for everything a hostile request could break: errors in the
 * server's log (Bolt's app.error, a listener's friendly failure, Express), unhandled promise
 * rejections, nothing reaching the person, and raw ids or typed details in the database.
 */
export async function startWatchedSlack(env: Record<string, string> = {}) {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  const h = await startSlackHarness({ LOG_LEVEL: 'warn', ...env });

  /** Where the records stood before a request, so its effects can be told apart. */
  const mark = () => ({ calls: h.slack.calls.length, responses: h.slack.responses.length, logs: h.logs.length });
  type Mark = ReturnType<typeof mark>;

  const errorsSince = (from: Mark): string[] =>
    h.logs
      .slice(from.logs)
      .map((line) => JSON.parse(line) as { level: number; msg: string; err?: { message?: string } })
      .filter((l) => l.level >= 50)
      .map((e) => `${e.msg}: ${e.err?.message ?? ''}`);

  return {
    h,
    mark,
    /** Nothing failed on our side since the mark, and no promise was left rejected. */
    expectNoFailures(from: Mark): void {
      expect(errorsSince(from)).toEqual([]);
      expect(unhandled).toEqual([]);
    },
    /** What Slack received for one request: a post to its response URL, or a Web API call since the mark. */
    async delivered(from: Mark, match: (c: RecordedCall) => boolean, responseId?: string) {
      try {
        return await h.slack.waitFor(() => {
          const response = responseId ? h.slack.responses.find((r) => r.id === responseId) : undefined;
          if (response) return response.body;
          return h.slack.calls.slice(from.calls).find(match)?.body;
        }, 3_000);
      } catch {
        throw new Error(`nothing reached the person; errors logged: ${JSON.stringify(errorsSince(from))}`);
      }
    },
    /** What people could see since the mark: messages, views, assistant calls and response_url posts. */
    shownSince(from: Mark): string {
      return JSON.stringify([
        ...h.slack.calls.slice(from.calls).filter((c) => /^(chat|views|assistant)\./.test(c.method)),
        ...h.slack.responses.slice(from.responses),
      ]);
    },
    expectNoLeaks(needles: string[]): void {
      expect(findLeaks(h.dbPath, needles)).toEqual([]);
    },
    async close() {
      await h.close();
      process.off('unhandledRejection', onUnhandled);
    },
  };
}

/** Something a person sees: text, blocks or a view. */
export const shows = (body: Record<string, unknown>) =>
  typeof body.text === 'string' || Array.isArray(body.blocks) || body.view !== undefined;

/** An Events API delivery from a given workspace. */
export const envelope = (team: string, event: Record<string, unknown>) =>
  JSON.stringify({ ...JSON.parse(eventEnvelope(event)), team_id: team });

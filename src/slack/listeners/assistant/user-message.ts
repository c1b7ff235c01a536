import type { AssistantUserMessageMiddleware } from '@slack/bolt';
import { parseCommand } from '../../../core/coach/commands.ts';
import { readMoreOf, shortenedNote } from '../../../core/format/shorten.ts';
import { withFriendlyErrors } from '../../../core/logging/reference.ts';
import type { SlackDeps } from '../../deps.ts';
import { sendEvidenceChart } from '../../evidence-chart.ts';
import { assistantPlace } from '../../place.ts';
import { blocksSize, MESSAGE_BUDGET } from '../../render/limits.ts';
import { answerExtras, renderReply } from '../../render/reply-blocks.ts';
import { requestContext } from '../../request-context.ts';
import { StreamCap } from '../../stream-cap.ts';

type Streamer = ReturnType<Parameters<AssistantUserMessageMiddleware>[0]['sayStream']>;

/** Room a streamed answer leaves for its sources and buttons, which arrive when the stream stops. */
const EXTRAS_ROOM = 3_000;

/**
 * A message in a thread of the direct messages with the app: a reply in a thread the agent
 * messaging experience started from someone's message, or a message in the legacy assistant
 * panel. Bolt's Assistant routes both here. A status while thinking, a title for the thread,
 * and the answer; every command works as in a direct message. With a model the answer streams
 * in as it is written (never more than one message holds); if the model fails half way the
 * streamed part is withdrawn in words and the offline answer follows.
 */
export function userMessage(deps: SlackDeps): AssistantUserMessageMiddleware {
  return async ({ message, client, say, sayStream, setStatus, setTitle, context }) => {
    if (!('text' in message) || message.subtype !== undefined || !message.thread_ts) return;
    if ('bot_id' in message && message.bot_id) return;
    const text = message.text ?? '';
    const place = assistantPlace({ ...message, thread_ts: message.thread_ts }, context.teamId);
    // Posted directly rather than with say(), which first reads the thread back to copy Bolt's
    // stored context (what the person was looking at) into the reply's metadata.
    const post = (reply: Parameters<typeof say>[0]) =>
      client.chat.postMessage({
        channel: message.channel,
        thread_ts: message.thread_ts,
        ...(typeof reply === 'string' ? { text: reply } : reply),
      });
    await withFriendlyErrors(
      deps.logger,
      'assistant message',
      (failure) => post(failure),
      async () => {
        await Promise.all([
          setTitle(titleOf(text) || 'Question for Opscoach').catch((err) => cosmetic(deps, 'title', err)),
          setStatus('is looking that up…').catch((err) => cosmetic(deps, 'status', err)),
        ]);
        const command = parseCommand(text);
        const cap = new StreamCap(MESSAGE_BUDGET - EXTRAS_ROOM);
        let streamer: Streamer | undefined;
        // Appends run one after another: two overlapping first appends would start two streams.
        let appended: Promise<unknown> = Promise.resolve();
        const append = (piece: string) => {
          if (!piece) return;
          if (!streamer) streamer = sayStream();
          const stream = streamer;
          appended = appended.then(() => stream.append({ markdown_text: piece }));
        };
        const reply = await deps.coach.run(command, {
          ...(await requestContext(deps, place, command)),
          onDelta: (delta) => append(cap.take(delta)),
        });
        if (streamer) append(cap.finish());
        await appended;
        await sendEvidenceChart(client, deps.logger, message.user, reply, message.channel);
        if (!streamer) {
          await post(renderReply(reply));
          return;
        }
        if (reply.kind === 'answer' && reply.answered && reply.mode === 'model') {
          const shortened = cap.cut ? `\n\n${shortenedNote(readMoreOf(reply))}` : '';
          // Sources, the AI note and the buttons, as many as the message still holds (the
          // related questions go first, the sources last).
          const extras = answerExtras(reply);
          const room = MESSAGE_BUDGET - cap.length - shortened.length;
          while (extras.length > 0 && blocksSize(extras) > room) extras.pop();
          await streamer.stop({ ...(shortened ? { markdown_text: shortened } : {}), blocks: extras });
          return;
        }
        await streamer.stop({
          markdown_text:
            '\n\n_(That answer could not be checked, so here is the one from the knowledge base instead.)_',
        });
        await post(renderReply(reply));
      },
    );
  };
}

/** A thread's title and status are niceties: failing to set them must not stop the answer. */
function cosmetic(deps: SlackDeps, what: string, error: unknown): void {
  deps.logger.debug({ err: error }, `could not set the thread ${what}`);
}

/**
 * The first 80 UTF-16 units of the text, never half a character: Slack's Web API client cannot
 * encode a lone surrogate (cut here, or in a forged payload) and retries such a call for half an
 * hour, so the person heard nothing.
 */
function titleOf(text: string): string {
  return text
    .slice(0, 80)
    .replace(/[\uD800-\uDBFF]$/, '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

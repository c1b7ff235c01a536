import type { AssistantUserMessageMiddleware } from '@slack/bolt';
import { withFriendlyErrors } from '../../../core/logging/reference.ts';
import type { SlackDeps } from '../../deps.ts';
import { answerExtras, renderReply } from '../../render/reply-blocks.ts';

type Streamer = ReturnType<Parameters<AssistantUserMessageMiddleware>[0]['sayStream']>;

/**
 * A message in the assistant thread: a status while thinking, a thread title, and the answer.
 * With a model the answer streams in as it is written; if the model fails half way the streamed
 * part is withdrawn in words and the offline answer follows.
 */
export function userMessage(deps: SlackDeps): AssistantUserMessageMiddleware {
  return async ({ message, say, sayStream, setStatus, setTitle, context }) => {
    if (!('text' in message) || message.subtype !== undefined || !message.thread_ts) return;
    const text = message.text ?? '';
    const conversation = deps.identity.conversation(context.teamId, message.channel, message.thread_ts);
    await withFriendlyErrors(
      deps.logger,
      'assistant message',
      (failure) => say(failure),
      async () => {
        await setTitle(titleOf(text) || 'Question for Opscoach');
        await setStatus('is looking that up…');
        let streamer: Streamer | undefined;
        // Appends run one after another: two overlapping first appends would start two streams.
        let appended: Promise<unknown> = Promise.resolve();
        const reply = await deps.coach.handle(text, {
          conversation,
          onDelta: (delta) => {
            if (!streamer) streamer = sayStream();
            const stream = streamer;
            appended = appended.then(() => stream.append({ markdown_text: delta }));
          },
        });
        await appended;
        if (!streamer) {
          await say(renderReply(reply));
          return;
        }
        if (reply.kind === 'answer' && reply.answered && reply.mode === 'model') {
          await streamer.stop({ blocks: answerExtras(reply) });
          return;
        }
        await streamer.stop({
          markdown_text:
            '\n\n_(That answer could not be checked, so here is the one from the knowledge base instead.)_',
        });
        await say(renderReply(reply));
      },
    );
  };
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

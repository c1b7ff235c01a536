import type { WebClient } from '@slack/web-api';
import type { Reply } from '../core/reply.ts';
import { renderReply } from './render/reply-blocks.ts';
import { THINKING } from './render/thinking.ts';

/**
 * Posts a thinking note where the person wrote (a DM or a thread), works out the reply, then
 * edits the note into the reply, so the conversation shows one message, not two.
 */
export async function replyInPlace(
  client: WebClient,
  where: { channel: string; threadTs?: string },
  produce: () => Promise<Reply>,
): Promise<void> {
  const note = await client.chat.postMessage({ channel: where.channel, thread_ts: where.threadTs, text: THINKING });
  const reply = await produce();
  const message = renderReply(reply);
  if (note.ts) {
    await client.chat.update({ channel: note.channel ?? where.channel, ts: note.ts, ...message });
  } else {
    await client.chat.postMessage({ channel: where.channel, thread_ts: where.threadTs, ...message });
  }
}

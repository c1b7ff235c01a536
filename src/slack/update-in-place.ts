import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { MessagePlace } from './place.ts';
import type { SlackMessage } from './render/blocks.ts';

/**
 * Replaces a message with a new version where it is: an ephemeral one through its response URL,
 * a normal one with chat.update. A diagnostic therefore stays one message that changes as the
 * person answers, instead of a trail of questions.
 */
export async function updateInPlace(
  client: WebClient,
  respond: RespondFn | undefined,
  place: MessagePlace,
  message: SlackMessage,
): Promise<void> {
  if (place.ephemeral || !place.channel || !place.ts) {
    if (!respond) throw new Error('an ephemeral message can only be replaced through its response URL');
    await respond({ response_type: 'ephemeral', replace_original: true, ...message });
    return;
  }
  await client.chat.update({ channel: place.channel, ts: place.ts, ...message });
}

import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';

/**
 * A short note only the clicker sees: ephemeral through the click's response URL, or in their
 * DM with the bot for a click in a view (App Home, a modal), where Slack sends no response URL.
 */
export function privateNote(respond: RespondFn | undefined, client: WebClient, user: string) {
  return (text: string): Promise<unknown> =>
    respond
      ? respond({ response_type: 'ephemeral', replace_original: false, text })
      : client.chat.postMessage({ channel: user, text });
}

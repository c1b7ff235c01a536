import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { openCommentPlace } from '../../comment-form.ts';
import type { SlackDeps } from '../../deps.ts';
import { renderReply } from '../../render/reply-blocks.ts';
import { retryingFetch } from '../../retrying-fetch.ts';

/** The comment form at the end of a diagnostic: saves the scrubbed comment and shows the result in place. */
export function diagnosticCommentSubmit(deps: SlackDeps) {
  return async ({ ack, body, view, client }: AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>) => {
    const text = String(view.state.values.comment?.text?.value ?? '').trim();
    const team = body.team?.id ?? body.user.team_id;
    // Only a form we opened for this person acts, and only on the message its button was on.
    const place = openCommentPlace(deps.identity, team, body.user.id, view.private_metadata);
    if (!place) {
      await ack({
        response_action: 'errors',
        errors: { comment: 'This form has expired; close it and press Finish instead.' },
      });
      return;
    }
    await ack();
    const person = deps.identity.person(team, body.user.id);
    try {
      // The workspace's and the person's own names are scrubbed from the comment too.
      const user = body.user as { name?: string; username?: string };
      const ownNames = [body.team?.domain, user.name, user.username].filter((n): n is string => Boolean(n));
      const message = renderReply(deps.coach.diagnosticComment(person, place.session, text, ownNames));
      const { channel, ts, responseUrl } = place;
      if (channel && ts) await client.chat.update({ channel, ts, ...message });
      else if (responseUrl && isSlackResponseUrl(responseUrl, deps.apiUrl))
        await replaceEphemeral(responseUrl, message);
      else await client.chat.postMessage({ channel: body.user.id, ...message });
    } catch (error) {
      deps.logger.error({ err: error }, 'could not save a diagnostic comment');
      await client.chat.postMessage({
        channel: body.user.id,
        text: 'Sorry, I could not save your comment; your answers are safe, press Finish to see your result.',
      });
    }
  };
}

/**
 * The form carries the response URL of the click that opened it; before posting the result
 * there, make sure it is Slack's (or the configured API's, for proxies and tests), so even a
 * forged submission cannot make the bot post anywhere else.
 */
function isSlackResponseUrl(url: string, apiUrl: string | undefined): boolean {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'https:' && parsed.hostname === 'hooks.slack.com') return true;
    return apiUrl !== undefined && parsed.origin === new URL(apiUrl).origin;
  } catch {
    return false;
  }
}

/** An ephemeral message can only be replaced through the response URL of the click that showed it. */
async function replaceEphemeral(responseUrl: string, message: object): Promise<void> {
  const response = await retryingFetch()(responseUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ response_type: 'ephemeral', replace_original: true, ...message }),
  });
  if (!response.ok) throw new Error(`response URL answered ${response.status}`);
}

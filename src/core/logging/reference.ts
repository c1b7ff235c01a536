import { randomBytes } from 'node:crypto';
import type { Logger } from './logger.ts';
import { noteFailure } from './request-scope.ts';

/** A short id a person can quote and an operator can find in the logs. */
export function referenceId(): string {
  return randomBytes(5).toString('hex');
}

/**
 * The one line a person sees when something failed on our side; the same reference is in the
 * log. Slack's mrkdwn marks bold with single asterisks, Markdown (Teams, terminal) with two.
 */
export function friendlyFailure(reference: string, style: 'mrkdwn' | 'markdown' = 'mrkdwn'): string {
  const bold = style === 'mrkdwn' ? `*${reference}*` : `**${reference}**`;
  return `⚠️ Sorry, something went wrong on my side and I couldn't finish that. Please try again; if it keeps happening, tell whoever runs Opscoach the reference ${bold}.`;
}

/**
 * Runs a listener's work; on failure logs it with a reference id and tells the person in one
 * friendly line carrying the same id. Never rethrows, so one bad event cannot stop the app.
 */
export async function withFriendlyErrors(
  logger: Logger,
  what: string,
  tell: (text: string) => Promise<unknown>,
  work: () => Promise<void>,
): Promise<void> {
  try {
    await work();
  } catch (error) {
    const reference = referenceId();
    noteFailure();
    logger.error({ err: error, reference, listener: what }, 'listener failed');
    try {
      await tell(friendlyFailure(reference));
    } catch (tellError) {
      logger.error({ err: tellError, reference }, 'could not tell the person about the failure');
    }
  }
}

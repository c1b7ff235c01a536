import { APIConnectionTimeoutError, APIUserAbortError } from 'openai';
import { UngroundedAnswerError } from './grounded-writer.ts';

/** Why a model answer was replaced by the offline one, as a metric label an operator can act on. */
export type FallbackReason = 'timeout' | 'rate-limited' | 'unsafe' | 'error';

/**
 * Classifies a failure from the writer. Our own deadline aborts the request, so an abort is a
 * timeout; the SDK carries the HTTP status; our guard throws UngroundedAnswerError for a reply
 * it would not pass on.
 */
export function fallbackReason(error: unknown): FallbackReason {
  if (error instanceof UngroundedAnswerError) return 'unsafe';
  if ((error as { status?: number } | undefined)?.status === 429) return 'rate-limited';
  if (error instanceof APIUserAbortError || error instanceof APIConnectionTimeoutError) return 'timeout';
  if ((error as { name?: string } | undefined)?.name === 'TimeoutError') return 'timeout';
  return 'error';
}

import type { FallbackReason } from '../answer/ports.ts';
import { isSdkTimeout } from './chat-model.ts';

/** The model's reply could not be trusted as a grounded answer; the caller falls back to the offline one. */
export class UngroundedAnswerError extends Error {
  override name = 'UngroundedAnswerError';
}

/**
 * Classifies a failure from the writer. Our own deadline aborts the request, so an abort is a
 * timeout; the SDK carries the HTTP status; our guard throws UngroundedAnswerError for a reply
 * it would not pass on.
 */
export function fallbackReason(error: unknown): FallbackReason {
  if (error instanceof UngroundedAnswerError) return 'unsafe';
  if ((error as { status?: number } | undefined)?.status === 429) return 'rate-limited';
  if (isSdkTimeout(error)) return 'timeout';
  if ((error as { name?: string } | undefined)?.name === 'TimeoutError') return 'timeout';
  return 'error';
}

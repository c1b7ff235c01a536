/** Why a model answer was replaced by the offline one, as a metric label an operator can act on. */
export type FallbackReason = 'timeout' | 'rate-limited' | 'unsafe' | 'error';

/**
 * Classifies a failure from the writer: the OpenAI SDK names its timeout error and carries the
 * HTTP status; our own guard throws UngroundedAnswerError for a reply it would not pass on.
 */
export function fallbackReason(error: unknown): FallbackReason {
  const { name, status } = (error ?? {}) as { name?: string; status?: number };
  if (name === 'UngroundedAnswerError') return 'unsafe';
  if (status === 429) return 'rate-limited';
  if (name === 'APIConnectionTimeoutError' || name === 'AbortError' || name === 'TimeoutError') return 'timeout';
  return 'error';
}

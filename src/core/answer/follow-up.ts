import type { Turn } from '../reply.ts';

/** How many earlier exchanges a follow-up may lean on; older context is more noise than help. */
export const HISTORY_TURNS = 3;

const ELLIPTICAL_START =
  /^\s*(and|but|so|also|then|what about|how about|why|why not|how so|really|more|tell me more|go on|for example|such as|which|what else|anything else|same for|and for|what if)\b/i;
const ANAPHORA = /\b(it|its|it's|that|this|they|them|their|those|these|there|he|she|one|ones|the same|such)\b/i;

/**
 * Whether a question leans on the previous one ("what are its drawbacks?", "and for small
 * teams?"). Only such questions borrow context, so a new subject is never dragged back to
 * the old one.
 */
export function isFollowUp(question: string): boolean {
  const wordCount = question.trim().split(/\s+/).length;
  if (ELLIPTICAL_START.test(question)) return true;
  return wordCount <= 9 && ANAPHORA.test(question);
}

/** The most recent turns, newest last, each trimmed so a prompt stays small. */
export function recentHistory(history: readonly Turn[], maxChars = 600): Turn[] {
  return history.slice(-HISTORY_TURNS).map((t) => ({
    question: t.question.slice(0, maxChars),
    answer: t.answer.slice(0, maxChars),
  }));
}

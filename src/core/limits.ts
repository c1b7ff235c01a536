/**
 * How much text Opscoach takes from a person, in one place: the core enforces these and every
 * adapter sizes its inputs to them.
 */

/** Longest question the coach reads; beyond it the person is asked to shorten it. */
export const MAX_QUESTION_CHARS = 1500;

/** Longest diagnostic comment kept (the rest is cut before it is scrubbed and stored). */
export const MAX_COMMENT_CHARS = 1000;

import { z } from 'zod';
import { MAX_QUESTION_CHARS } from '../limits.ts';

/**
 * The shapes of ids and values the core hands out for buttons and cards, so every adapter
 * validates what comes back the same way: anything else is a forged or broken payload.
 */
export const answerIdSchema = z.string().regex(/^[\w-]{6,40}$/);
export const sessionIdSchema = answerIdSchema;

/** A question carried by a suggestion button. */
export const questionValueSchema = z.string().trim().min(1).max(MAX_QUESTION_CHARS);

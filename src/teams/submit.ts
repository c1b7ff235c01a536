import { z } from 'zod';
import { answerIdSchema, questionValueSchema, sessionIdSchema } from '../core/coach/payloads.ts';

/** What an Adaptive Card's Action.Submit sends back; anything else is ignored with a note. */
export const submitSchema = z.discriminatedUnion('opscoach', [
  z.object({ opscoach: z.literal('choice'), token: z.string().max(120) }),
  z.object({ opscoach: z.literal('feedback'), answer: answerIdSchema, helpful: z.boolean() }),
  z.object({ opscoach: z.literal('ask'), question: questionValueSchema }),
  z.object({
    opscoach: z.literal('comment'),
    session: sessionIdSchema,
    token: z.string().max(120),
    comment: z.string().max(5000).optional(),
  }),
]);

export type Submit = z.output<typeof submitSchema>;

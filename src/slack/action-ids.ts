import { z } from 'zod';

/** Every interactive element Opscoach puts in Slack, by action_id. */
export const ACTION = {
  helpful: 'feedback_helpful',
  notHelpful: 'feedback_not_helpful',
  share: 'share_answer',
  ask: 'ask_question',
  openAsk: 'open_ask_modal',
} as const;

export const VIEW = {
  askModal: 'ask_modal',
} as const;

/** An answer id issued by the core: short, URL-safe. Anything else is a forged or broken payload. */
export const answerIdSchema = z.string().regex(/^[\w-]{6,40}$/);

/** A question carried by a suggestion button. */
export const questionValueSchema = z.string().trim().min(1).max(1500);

/** Shape of the fields of a block_actions payload that the listeners read. */
export const blockActionSchema = z.object({
  action_id: z.string(),
  value: z.string().optional(),
});

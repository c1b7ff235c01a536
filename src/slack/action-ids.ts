import { z } from 'zod';

/** Every interactive element Opscoach puts in Slack, by action_id. */
export const ACTION = {
  helpful: 'feedback_helpful',
  notHelpful: 'feedback_not_helpful',
  share: 'share_answer',
  ask: 'ask_question',
  openAsk: 'open_ask_modal',
  /** Followed by _<n> so ids stay unique within a message. */
  diagnosticChoice: 'diagnostic_choice',
  diagnosticComment: 'diagnostic_comment',
} as const;

export const VIEW = {
  askModal: 'ask_modal',
  commentModal: 'diagnostic_comment_modal',
} as const;

/** Where a diagnostic message lives, so the comment modal can update it when it is submitted. */
export const commentModalMetadataSchema = z.object({
  session: z.string().max(40),
  channel: z.string().max(40).optional(),
  ts: z.string().max(40).optional(),
  responseUrl: z.url().optional(),
});

/** An answer id issued by the core: short, URL-safe. Anything else is a forged or broken payload. */
export const answerIdSchema = z.string().regex(/^[\w-]{6,40}$/);

/** A question carried by a suggestion button. */
export const questionValueSchema = z.string().trim().min(1).max(1500);

/** Shape of the fields of a block_actions payload that the listeners read. */
export const blockActionSchema = z.object({
  action_id: z.string(),
  value: z.string().optional(),
});

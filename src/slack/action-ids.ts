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

export { answerIdSchema, questionValueSchema } from '../core/coach/payloads.ts';

import type { App } from '@slack/bolt';
import { ACTION } from '../../action-ids.ts';
import type { SlackDeps } from '../../deps.ts';
import { askQuestion } from './ask-question.ts';
import { diagnosticChoice } from './diagnostic-choice.ts';
import { diagnosticComment } from './diagnostic-comment.ts';
import { feedback } from './feedback.ts';
import { openAskModal } from './open-ask-modal.ts';
import { shareAnswer } from './share-answer.ts';

/** Suggestion buttons add an index to their action id, so ids stay unique within a block. */
const ASK_PATTERN = new RegExp(`^${ACTION.ask}(?:_\\d+)?$`);

const DIAGNOSTIC_PATTERN = new RegExp(`^${ACTION.diagnosticChoice}_\\d+$`);

/** Every action id this version handles; anything else is a stale or forged button. */
export const ACTION_PATTERNS = [
  ACTION.helpful,
  ACTION.notHelpful,
  ACTION.share,
  ACTION.openAsk,
  ACTION.diagnosticComment,
  ASK_PATTERN,
  DIAGNOSTIC_PATTERN,
] as const;

export function registerActions(app: App, deps: SlackDeps): void {
  app.action(ACTION.helpful, feedback(deps));
  app.action(ACTION.notHelpful, feedback(deps));
  app.action(ACTION.share, shareAnswer(deps));
  app.action(ACTION.openAsk, openAskModal(deps));
  app.action(ASK_PATTERN, askQuestion(deps));
  app.action(DIAGNOSTIC_PATTERN, diagnosticChoice(deps));
  app.action(ACTION.diagnosticComment, diagnosticComment(deps));
}

import type { App } from '@slack/bolt';
import { VIEW } from '../../action-ids.ts';
import type { SlackDeps } from '../../deps.ts';
import { askModalSubmit } from './ask-modal-submit.ts';
import { diagnosticCommentSubmit } from './diagnostic-comment-submit.ts';

export function registerViews(app: App, deps: SlackDeps): void {
  app.view(VIEW.askModal, askModalSubmit(deps));
  app.view(VIEW.commentModal, diagnosticCommentSubmit(deps));
}

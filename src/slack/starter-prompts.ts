import { clip } from '../core/format/safe-cut.ts';
import type { CoachText } from '../core/prompts/coach-text.ts';

/**
 * The suggested prompts Slack shows: at the top of the Messages tab in the agent messaging
 * experience, in each new thread of the legacy assistant panel. Slack takes up to four.
 */
export function starterPrompts(text: CoachText) {
  return {
    title: 'Good first questions',
    prompts: text.starters.slice(0, 4).map((message) => ({ title: clip(message, 60), message })),
  };
}

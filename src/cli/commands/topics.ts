import type { CoachRuntime } from '../../runtime.ts';
import { renderText } from '../render-text.ts';
import { colorEnabled } from './ask.ts';

/** `opscoach topics [--json]`: what the coach knows, grouped by topic. */
export function topicsCommand(runtime: CoachRuntime, json: boolean): void {
  const reply = runtime.coach.topics();
  if (json) {
    process.stdout.write(`${JSON.stringify(reply.groups)}\n`);
    return;
  }
  process.stdout.write(`${runtime.text.topics_intro}\n\n${renderText(reply, { color: colorEnabled() })}\n`);
}

import type { CoachRuntime } from '../../runtime.ts';
import { terminalPerson } from '../identity.ts';
import { renderText } from '../render-text.ts';
import { colorEnabled } from './ask.ts';

/** `opscoach results [--json]`: your own latest diagnostic results; nobody else's are ever shown. */
export function resultsCommand(runtime: CoachRuntime, json: boolean): void {
  const reply = runtime.coach.results(terminalPerson(runtime));
  if (json) {
    process.stdout.write(`${JSON.stringify(reply.results)}\n`);
    return;
  }
  process.stdout.write(`${renderText(reply, { color: colorEnabled() })}\n`);
}

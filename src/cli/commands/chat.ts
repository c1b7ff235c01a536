import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline/promises';
import type { CoachRuntime } from '../../core/runtime.ts';
import { renderText } from '../render-text.ts';
import { colorEnabled } from './ask.ts';

const FAREWELL = /^(exit|quit|bye|goodbye|:q)$/i;

/**
 * `opscoach chat`: a conversation in the terminal. Interactive with a prompt on a TTY; with
 * piped input it answers one message per line, so it can be scripted.
 */
export async function chatCommand(runtime: CoachRuntime): Promise<void> {
  const interactive = Boolean(process.stdin.isTTY);
  const style = { color: colorEnabled() };
  // Each terminal session is its own conversation, so follow-ups work and nothing leaks between sessions.
  const conversation = runtime.pseudonyms.key('cli', randomUUID());
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: interactive });
  if (interactive) {
    process.stdout.write(`${renderText(runtime.coach.help(), style)}\n\nType "exit" to leave.\n\n`);
    rl.setPrompt('you> ');
    rl.prompt();
  }
  for await (const line of rl) {
    const text = line.trim();
    if (FAREWELL.test(text)) break;
    if (text) {
      const reply = await runtime.coach.handle(text, { conversation });
      process.stdout.write(`${interactive ? '\n' : ''}${renderText(reply, style)}\n\n`);
    }
    if (interactive) rl.prompt();
  }
  rl.close();
}

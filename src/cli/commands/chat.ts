import { createInterface } from 'node:readline/promises';
import type { Turn } from '../../core/reply.ts';
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
  const history: Turn[] = [];
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
      const reply = await runtime.coach.handle(text, history);
      process.stdout.write(`${interactive ? '\n' : ''}${renderText(reply, style)}\n\n`);
      if (reply.kind === 'answer' && reply.answered) {
        history.push({ question: text, answer: reply.text });
        if (history.length > 10) history.shift();
      }
    }
    if (interactive) rl.prompt();
  }
  rl.close();
}

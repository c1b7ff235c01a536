import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline/promises';
import type { Reply } from '../../core/reply.ts';
import type { CoachRuntime } from '../../runtime.ts';
import { loginName, terminalPerson } from '../identity.ts';
import { renderText } from '../render-text.ts';
import { colorEnabled } from './ask.ts';

const FAREWELL = /^(exit|quit|bye|goodbye|:q)$/i;

/**
 * `opscoach chat`: a conversation in the terminal. Interactive with a prompt on a TTY; with
 * piped input it answers one message per line, so it can be scripted. While a diagnostic is on
 * screen a number picks a choice (and other text is its comment, at the comment stage).
 */
export async function chatCommand(runtime: CoachRuntime, firstMessage?: string): Promise<void> {
  const interactive = Boolean(process.stdin.isTTY);
  const style = { color: colorEnabled() };
  // Each terminal session is its own conversation, so follow-ups work and nothing leaks between sessions.
  const conversation = runtime.pseudonyms.key('cli', randomUUID());
  const person = terminalPerson(runtime);
  let onScreen: Reply | undefined;

  const respond = async (text: string): Promise<void> => {
    const reply = await replyTo(runtime, text, onScreen, { conversation, person });
    process.stdout.write(`${interactive ? '\n' : ''}${renderText(reply, style)}\n\n`);
    onScreen = reply;
  };

  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: interactive });
  // The terminal has no direct messages: a check-in on an experiment that has fallen due opens
  // the person's next chat, and numbers answer it like any other screen.
  const checkin = firstMessage ? undefined : runtime.coach.checkinInTerminal(person);
  if (checkin) {
    process.stdout.write(`${renderText(checkin, style)}\n\n`);
    onScreen = checkin;
  } else if (interactive && !firstMessage) {
    process.stdout.write(`${renderText(runtime.coach.help(), style)}\n\nType "exit" to leave.\n\n`);
  }
  if (firstMessage) await respond(firstMessage);
  if (interactive) {
    rl.setPrompt('you> ');
    rl.prompt();
  }
  for await (const line of rl) {
    const text = line.trim();
    if (FAREWELL.test(text)) break;
    if (text) await respond(text);
    if (interactive) rl.prompt();
  }
  rl.close();
}

async function replyTo(
  runtime: CoachRuntime,
  text: string,
  onScreen: Reply | undefined,
  context: { conversation: string; person: string },
): Promise<Reply> {
  const choices = onScreen && (onScreen.kind === 'diagnostic' || onScreen.kind === 'results') ? onScreen.choices : [];
  if (choices.length > 0 && /^\d{1,2}$/.test(text)) {
    const choice = choices[Number(text) - 1];
    if (!choice) return { kind: 'notice', text: `Pick a number from 1 to ${choices.length}.` };
    return runtime.coach.diagnosticChoice(context.person, choice.token, {}, { platform: 'terminal' });
  }
  if (onScreen?.kind === 'diagnostic' && onScreen.acceptsComment && onScreen.sessionId) {
    // The person's own login name is scrubbed from the comment along with emails, phones and links.
    return runtime.coach.diagnosticComment(context.person, onScreen.sessionId, text, [loginName()]);
  }
  // The person at the terminal runs this installation: reports and digest previews are theirs to see.
  return runtime.coach.handle(text, {
    ...context,
    admin: true,
    digestTarget: { platform: 'terminal', channel: 'terminal' },
  });
}

import type { CoachRuntime } from '../../runtime.ts';
import { renderText } from '../render-text.ts';

/** `opscoach ask "question" [--json]`: one answer, for scripts and quick checks. */
export async function askCommand(runtime: CoachRuntime, question: string, json: boolean): Promise<void> {
  const reply = await runtime.coach.run({ name: 'ask', question });
  if (reply.kind !== 'answer') throw new Error('ask always produces an answer');
  if (json) {
    // A page source keeps "url" (its main page) for scripts that read one link; a suggestion has none.
    const sources = reply.sources.map((s) =>
      s.kind === 'suggestion'
        ? { kind: s.kind, id: s.id, title: s.title }
        : { kind: s.kind, id: s.id, title: s.title, url: s.pages[0]?.url ?? '', pages: s.pages },
    );
    process.stdout.write(`${JSON.stringify({ answered: reply.answered, text: reply.text, sources })}\n`);
    return;
  }
  process.stdout.write(`${renderText(reply, { color: colorEnabled() })}\n`);
}

export function colorEnabled(): boolean {
  return Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
}

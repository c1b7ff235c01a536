import { z } from 'zod';

/** What a person asked the coach to do, whatever the platform. */
export type Command = { name: 'help' } | { name: 'topics' } | { name: 'greeting' } | { name: 'ask'; question: string };

const GREETING =
  /^(hi|hello|hey|hiya|yo|good (?:morning|afternoon|evening)|thanks|thank you|cheers|ta)\b[\s!.,]*(?:there|opscoach|coach|bot)?[\s!.]*$/i;

/**
 * Raw text from any adapter (slash-command text, a DM, a mention with the mention removed):
 * control characters dropped, whitespace collapsed, length capped far above any real question.
 */
export const commandTextSchema = z.string().transform((text) =>
  text
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 20_000),
);

/** The first word picks a command; anything else is a question. Never fails. */
export function parseCommand(raw: unknown): Command {
  const parsed = commandTextSchema.safeParse(raw);
  const text = parsed.success ? parsed.data : '';
  const [first = '', ...rest] = text.split(' ');
  const keyword = first.toLowerCase().replace(/[?!.:,]+$/, '');
  const remainder = rest.join(' ').trim();
  if (text === '' || ((keyword === 'help' || keyword === 'commands' || text === '?') && remainder === '')) {
    return { name: 'help' };
  }
  if ((keyword === 'topics' || keyword === 'topic') && remainder === '') return { name: 'topics' };
  if (keyword === 'ask') return { name: 'ask', question: remainder };
  if (GREETING.test(text)) return { name: 'greeting' };
  return { name: 'ask', question: text };
}

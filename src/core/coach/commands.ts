import { z } from 'zod';

/** What a person asked the coach to do, whatever the platform. */
export type Command =
  | { name: 'help'; unknown?: string }
  | { name: 'topics' }
  | { name: 'privacy' }
  | { name: 'greeting' }
  | { name: 'diagnose'; diagnostic?: string }
  | { name: 'results' }
  | { name: 'report'; diagnostic?: string; weeks: number }
  | { name: 'digest'; words: string[] }
  | { name: 'evidence'; weeks: number; service?: string }
  | { name: 'ask'; question: string };

/**
 * Commands whose reply is for the asker alone: their diagnostic, their results, a report only
 * authorised people may read, a digest preview (it says "only you can see this"). Asked in a
 * shared channel, adapters answer them privately.
 */
export function isPersonalCommand(command: Command): boolean {
  if (command.name === 'digest') return (command.words[0] ?? '').toLowerCase() === 'preview';
  return (
    command.name === 'diagnose' ||
    command.name === 'results' ||
    command.name === 'report' ||
    command.name === 'evidence'
  );
}

const GREETING =
  /^(hi|hello|hey|hiya|yo|good (?:morning|afternoon|evening)|thanks|thank you|cheers|ta)\b[\s!.,]*(?:there|opscoach|coach|bot)?[\s!.]*$/i;

/**
 * Raw text from any adapter (slash-command text, a DM, a mention with the mention removed):
 * control characters dropped, whitespace collapsed, length capped far above any real question.
 */
const commandTextSchema = z.string().transform((text) =>
  text
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 20_000),
);

const KEYWORDS: Record<string, Command['name']> = {
  help: 'help',
  commands: 'help',
  '?': 'help',
  topics: 'topics',
  topic: 'topics',
  privacy: 'privacy',
};

/**
 * The first word picks a command; anything else is a question. Never fails. In a slash
 * command ("/opscoach foo") a lone unknown word gets help rather than a search for "foo".
 */
export function parseCommand(raw: unknown, options: { slash?: boolean } = {}): Command {
  const parsed = commandTextSchema.safeParse(raw);
  const text = parsed.success ? parsed.data : '';
  if (text === '') return { name: 'help' };
  const [first = '', ...rest] = text.split(' ');
  const keyword = first.toLowerCase().replace(/[!.:,]+$/, '');
  const remainder = rest.join(' ').trim();
  if (keyword === 'ask') return { name: 'ask', question: remainder };
  if (keyword === 'diagnose' || keyword === 'diagnostic' || keyword === 'diagnostics') {
    // "diagnose handovers" names one; "diagnose" alone offers the choice.
    if (remainder === '' || /^[\w-]+$/.test(remainder))
      return { name: 'diagnose', diagnostic: remainder.toLowerCase() || undefined };
  }
  if ((keyword === 'results' || keyword === 'result') && remainder === '') return { name: 'results' };
  if (keyword === 'report' || keyword === 'reports') {
    const report = reportArguments(rest);
    // "report handovers --weeks lots" is a command gone wrong, not a question: show how it goes.
    return report ? { name: 'report', ...report } : { name: 'help', unknown: text.slice(0, 60) };
  }
  if (keyword === 'digest' || keyword === 'digests') return { name: 'digest', words: rest };
  if (keyword === 'evidence' || keyword === 'records') {
    const evidence = evidenceArguments(rest);
    return evidence ? { name: 'evidence', ...evidence } : { name: 'help', unknown: text.slice(0, 60) };
  }
  // Own keys only: "constructor" or "__proto__" must not find Object.prototype's members.
  const named = Object.hasOwn(KEYWORDS, keyword) ? KEYWORDS[keyword] : undefined;
  if (named && remainder === '') return named === 'help' ? { name: 'help' } : ({ name: named } as Command);
  if (GREETING.test(text)) return { name: 'greeting' };
  if (options.slash && remainder === '' && !text.endsWith('?')) return { name: 'help', unknown: first };
  return { name: 'ask', question: text };
}

const weeksSchema = z.coerce.number().int().min(1).max(26);

/** `report [name] [--weeks N]`: anything else is not a report command (it may be a question). */
function reportArguments(words: readonly string[]): { diagnostic?: string; weeks: number } | undefined {
  let diagnostic: string | undefined;
  let weeks = 4;
  for (let i = 0; i < words.length; i++) {
    const word = (words[i] ?? '').toLowerCase();
    if (word === '--weeks' || word === 'weeks' || word === '-w') {
      const parsed = weeksSchema.safeParse(words[++i]);
      if (!parsed.success) return undefined;
      weeks = parsed.data;
    } else if (/^--weeks=\d+$/.test(word)) {
      const parsed = weeksSchema.safeParse(word.split('=')[1]);
      if (!parsed.success) return undefined;
      weeks = parsed.data;
    } else if (!diagnostic && /^[a-z-]+$/.test(word)) {
      diagnostic = word;
    } else {
      return undefined;
    }
  }
  return { diagnostic, weeks };
}

/** Evidence from records covers up to two years; twelve weeks unless asked otherwise. */
export const EVIDENCE_WEEKS = { default: 12, max: 104 };
const evidenceWeeksSchema = z.coerce.number().int().min(1).max(EVIDENCE_WEEKS.max);

/** `evidence [--weeks N] [--service <name, spaces allowed>]`. */
function evidenceArguments(words: readonly string[]): { weeks: number; service?: string } | undefined {
  let weeks = EVIDENCE_WEEKS.default;
  let service: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const word = (words[i] ?? '').toLowerCase();
    const inline = /^--(weeks|service)=(.*)$/.exec(word);
    if (word === '--weeks' || word === '-w' || inline?.[1] === 'weeks') {
      const parsed = evidenceWeeksSchema.safeParse(inline ? inline[2] : words[++i]);
      if (!parsed.success) return undefined;
      weeks = parsed.data;
    } else if (word === '--service' || inline?.[1] === 'service') {
      // A service name may have spaces: it runs until the next option.
      const parts: string[] = inline ? [(words[i] ?? '').slice('--service='.length)] : [];
      while (i + 1 < words.length && !(words[i + 1] ?? '').startsWith('--')) parts.push(words[++i] ?? '');
      service = parts.join(' ').trim().slice(0, 100);
      if (!service) return undefined;
    } else {
      return undefined;
    }
  }
  return { weeks, service };
}

import type { AnswerReply, Reply } from '../reply.ts';
import { markdownSpans } from './markdown-spans.ts';
import { shortenAtSentence } from './safe-cut.ts';

/** Where the rest of a shortened answer can be read: the page its first source cites. */
export interface ReadMore {
  title: string;
  url: string;
}

export function readMoreOf(reply: Reply): ReadMore | undefined {
  if (reply.kind !== 'answer' || !reply.answered) return undefined;
  for (const source of (reply as AnswerReply).sources) {
    const page = source.kind === 'pages' ? source.pages[0] : undefined;
    if (page) return { title: source.title, url: page.url };
  }
  return undefined;
}

/**
 * Markdown no longer than `max` characters: the text itself when it fits, otherwise as many
 * whole sentences as fit (never cut inside a link, a code or bold span, or a character) and a
 * line saying it was shortened, with a link to the full article when there is one.
 */
export function shortenMarkdown(markdown: string, max: number, more?: ReadMore): string {
  if (markdown.length <= max) return markdown;
  const label = more?.title.replace(/[[\]]/g, '') ?? '';
  const note = more ? `_(Shortened to fit here. Read more in [${label}](${more.url}).)_` : '_(Shortened to fit here.)_';
  const head = shortenAtSentence(markdown, Math.max(0, max - note.length - 2), markdownSpans(markdown)) ?? '';
  return head ? `${head}\n\n${note}` : note;
}

/** The line under a shortened answer, with a link to the full article when there is one. */
export function shortenedNote(more?: ReadMore): string {
  if (!more) return '_(Shortened to fit here.)_';
  return `_(Shortened to fit here. Read more in [${more.title.replace(/[[\]]/g, '')}](${more.url}).)_`;
}

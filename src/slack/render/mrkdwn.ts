import slackifyMarkdown from 'slackify-markdown';

/** Slack's limit for the text of one section block. */
export const SECTION_LIMIT = 3000;

/**
 * Markdown to Slack mrkdwn with a maintained converter (bold, italics, links, lists), then the
 * escaping Slack needs: a stray "<" or ">" would otherwise be read as a link or a mention.
 */
export function toMrkdwn(markdown: string): string {
  const known = converted.get(markdown);
  if (known !== undefined) return known;
  const mrkdwn = slackifyMarkdown(markdown)
    .trim()
    .replace(/<(?!(?:https?:|mailto:|[@#!])[^>]*>)/g, '&lt;')
    .replace(/(?<!<[^<>]*)>/g, '&gt;');
  if (converted.size >= REMEMBERED) converted.delete(converted.keys().next().value as string);
  converted.set(markdown, mrkdwn);
  return mrkdwn;
}

/**
 * Parsing Markdown is the costliest step of rendering, and most of what is rendered repeats:
 * help, topics, the privacy note, diagnostic screens, popular answers. The most recent
 * conversions are remembered (oldest forgotten first), so a busy bot parses each once.
 */
const REMEMBERED = 500;
const converted = new Map<string, string>();

/**
 * Splits mrkdwn into pieces that each fit a section block, at paragraph boundaries where it can,
 * then lines, then words, so a long answer never fails to post.
 */
export function splitForSections(mrkdwn: string, limit = SECTION_LIMIT): string[] {
  if (mrkdwn.length <= limit) return mrkdwn ? [mrkdwn] : [];
  const pieces: string[] = [];
  let current = '';
  const push = (part: string, joiner: string) => {
    if (current && current.length + joiner.length + part.length > limit) {
      pieces.push(current);
      current = '';
    }
    current = current ? current + joiner + part : part;
  };
  for (const paragraph of mrkdwn.split(/\n\n/)) {
    if (paragraph.length <= limit) {
      push(paragraph, '\n\n');
      continue;
    }
    for (const line of paragraph.split('\n')) {
      if (line.length <= limit) {
        push(line, '\n');
        continue;
      }
      for (const word of line.split(' ')) push(word.slice(0, limit), ' ');
    }
  }
  if (current) pieces.push(current);
  return pieces;
}

/** Plain text for notifications and fallbacks: no markup, bounded length. */
export function plainText(markdown: string, max = 300): string {
  const text = markdown
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/[*_`~]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

import slackifyMarkdown from 'slackify-markdown';

/** Slack's limit for the text of one section block. */
export const SECTION_LIMIT = 3000;

/**
 * Markdown to Slack mrkdwn with a maintained converter (bold, italics, links, lists). Slack reads
 * "<", ">" and "&" as its own control characters (<!channel>, <@U1>, <https://x|label>), and the
 * converter deliberately lets "<@" and "<#" through, so every "<" and ">" in the text is set
 * aside before converting and written back escaped after, as Slack's formatting rules ask ("&"
 * is escaped by the converter, after Markdown decodes the "&amp;" given to it). The only control
 * sequences in the result are then the links the converter made from Markdown links, and those
 * must be web or mail links; which links may appear at all was decided in the core
 * (src/core/safety/).
 */
export function toMrkdwn(markdown: string): string {
  const known = converted.get(markdown);
  if (known !== undefined) return known;
  const mrkdwn = slackifyMarkdown(setAside(markdown))
    .trim()
    .replace(/<([^<>|]*)\|?([^<>]*)>/g, (whole, target: string, label: string) =>
      /^(?:https?|mailto):/i.test(target) ? whole : label || target,
    )
    .replace(/[\uE001\uE002]/g, (c) => (c === LT ? '&lt;' : '&gt;'));
  if (converted.size >= REMEMBERED) converted.delete(converted.keys().next().value as string);
  converted.set(markdown, mrkdwn);
  return mrkdwn;
}

/** Private-use stand-ins for "<" and ">" while the converter runs: it has no rules for them. */
const LT = '\uE001';
const GT = '\uE002';

/** Sets aside "<" and ">" (but not a ">" opening a line: Markdown's quote) and entity-escapes "&". */
function setAside(markdown: string): string {
  return markdown
    .replace(/[\uE001\uE002]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, LT)
    .replace(/(?<!^[ \t]*)>/gm, GT);
}

/** Text that goes to Slack as it is (a fallback, a label): its control characters escaped. */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A mrkdwn text object Slack shows verbatim: it neither turns bare addresses or channel names
 * into links nor parses mentions on its own, so only the links we wrote are live.
 */
export function mrkdwn(text: string): { type: 'mrkdwn'; text: string; verbatim: true } {
  return { type: 'mrkdwn', text, verbatim: true };
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

/**
 * Plain text for notifications and fallbacks: no markup, bounded length, and Slack's control
 * characters escaped, since Slack formats a message's top-level text too (a "<!channel>" in it
 * would notify everyone even where the blocks show it harmlessly).
 */
export function plainText(markdown: string, max = 300): string {
  const text = markdown
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/[*_`~]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return escapeSlackText(text.length > max ? `${text.slice(0, max - 1)}…` : text);
}

import slackifyMarkdown from 'slackify-markdown';
import { simplifyMarkdown } from '../../core/format/markdown-blocks.ts';
import { clip, type Span, spansOf, splitText } from '../../core/format/safe-cut.ts';
import { SECTION_LIMIT } from './limits.ts';

/**
 * Markdown to Slack mrkdwn with a maintained converter (bold, italics, links, lists), after
 * headings, tables and rules, which mrkdwn cannot show, are rewritten as bold lines, lists and
 * blank lines (src/core/format/markdown-blocks.ts). Slack reads
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
  const mrkdwn = slackifyMarkdown(setAside(simplifyMarkdown(markdown)))
    // The converter separates a list from a code block after it with an empty HTML comment.
    .replace(/\n*^<!---->$\n*/gm, '\n\n')
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
 * What a cut must not fall inside in mrkdwn: code blocks and code, links and mentions ("<…>"),
 * escaped characters ("&amp;"), emoji names (":rocket:"), bold, italic and struck-through text.
 * Code, bold, italic and strike can be closed and reopened when one alone is longer than a piece.
 */
const MRKDWN_SPANS: { pattern: RegExp; wrap?: Span['wrap'] }[] = [
  { pattern: /```[\s\S]*?```/g, wrap: { open: '```', close: '```' } },
  { pattern: /`[^`\n]+`/g, wrap: { open: '`', close: '`' } },
  { pattern: /<[^<>]*>/g },
  { pattern: /&(?:amp|lt|gt);/g },
  { pattern: /:[a-z0-9_+'-]+:/g },
  { pattern: /\*[^*\n]+\*/g, wrap: { open: '*', close: '*' } },
  { pattern: /(?<![\p{L}\p{N}])_[^_\n]+_(?![\p{L}\p{N}])/gu, wrap: { open: '_', close: '_' } },
  { pattern: /~[^~\n]+~/g, wrap: { open: '~', close: '~' } },
];

export function mrkdwnSpans(text: string): Span[] {
  return spansOf(text, MRKDWN_SPANS);
}

/**
 * Splits mrkdwn into pieces that each fit a section block, at paragraph boundaries where it can,
 * then lines, sentences and words; never inside a link, an emoji or a formatted span, and never
 * between the halves of a character, so a long text never fails to post and never shows a
 * broken link or a wrong emoji.
 */
export function splitForSections(mrkdwn: string, limit = SECTION_LIMIT): string[] {
  if (mrkdwn.length <= limit) return mrkdwn.trim() ? [mrkdwn] : [];
  return splitText(mrkdwn, limit, mrkdwnSpans);
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
  return escapeSlackText(clip(text, max));
}

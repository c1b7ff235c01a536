import { type Span, spansOf } from './safe-cut.ts';

/**
 * The spans of Markdown a cut must not fall inside: code blocks and code, links (inline and
 * autolinks), bold, italic and struck-through text. Earlier patterns win, so nothing inside a
 * code block counts as a link.
 */
const MARKDOWN_SPANS: { pattern: RegExp; wrap?: Span['wrap'] }[] = [
  { pattern: /```[\s\S]*?(?:```|$)/g, wrap: { open: '```\n', close: '\n```' } },
  { pattern: /`[^`\n]+`/g },
  { pattern: /!?\[[^\]\n]*\]\([^)\n]*\)/g },
  { pattern: /<[^<>\s]+>/g },
  { pattern: /\*\*[^\n]+?\*\*/g, wrap: { open: '**', close: '**' } },
  { pattern: /__[^\n]+?__/g, wrap: { open: '__', close: '__' } },
  { pattern: /(?<![\p{L}\p{N}*])\*[^*\n]+\*(?![\p{L}\p{N}*])/gu, wrap: { open: '*', close: '*' } },
  { pattern: /(?<![\p{L}\p{N}_])_[^_\n]+_(?![\p{L}\p{N}_])/gu, wrap: { open: '_', close: '_' } },
  { pattern: /~~[^\n]+?~~/g, wrap: { open: '~~', close: '~~' } },
];

export function markdownSpans(text: string): Span[] {
  return spansOf(text, MARKDOWN_SPANS);
}

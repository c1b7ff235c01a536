/**
 * Cutting formatted text into pieces without breaking what a reader sees: never between the
 * halves of a character (a surrogate pair, an emoji built with joiners, a flag, an accented
 * letter), and never inside a span the platform reads as one thing (a link, a bold or code
 * span). Platform-neutral: each renderer says which spans its markup has.
 */

/** A stretch of text that must stay whole; `wrap` says how to close and reopen it when it alone is too long. */
export interface Span {
  start: number;
  end: number;
  wrap?: { open: string; close: string };
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Longer clusters than this (a flag is 4 units, a family emoji about 11) are not looked back past. */
const CLUSTER_WINDOW = 64;

/**
 * Whether a character starts at `at`, rather than continuing the one before. Text below U+0300
 * (Latin letters, digits, punctuation) never joins the character before it, so only the rest
 * is segmented, and then only a window around `at`: segmenting a whole long text is slow.
 */
export function isGraphemeBoundary(text: string, at: number): boolean {
  if (at <= 0 || at >= text.length) return true;
  const before = text.charCodeAt(at - 1);
  const after = text.charCodeAt(at);
  if (before < 0x300 && after < 0x300) return !(before === 13 && after === 10);
  const start = Math.max(0, at - CLUSTER_WINDOW);
  for (const { index, segment } of graphemes.segment(text.slice(start, at + CLUSTER_WINDOW))) {
    if (start + index === at) return true;
    if (start + index + segment.length > at) return false;
  }
  return true;
}

/** The longest prefix of `text` no longer than `max` UTF-16 units that ends on a grapheme boundary. */
export function cutAtGrapheme(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = 0;
  for (const { index, segment } of graphemes.segment(text)) {
    if (index + segment.length > max) break;
    end = index + segment.length;
  }
  return text.slice(0, end);
}

function firstGrapheme(text: string): string {
  for (const { segment } of graphemes.segment(text)) return segment;
  return '';
}

/** Text cut to `max` units at a word break where there is one, with an ellipsis when anything was cut. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = cutAtGrapheme(text, Math.max(0, max - 1));
  const atWord = head.replace(/\s+\S*$/, '');
  return `${(atWord.length >= head.length / 2 ? atWord : head).trimEnd()}…`;
}

/** Where a cut may fall: a grapheme boundary that no span strictly contains (but `ignoring`). */
type Allowed = (at: number) => boolean;

function allowedPositions(text: string, spans: readonly Span[], ignoring?: Span): Allowed {
  const inside = new Uint8Array(text.length + 1);
  for (const span of spans) {
    if (span === ignoring) continue;
    inside.fill(1, Math.max(0, span.start + 1), Math.min(span.end, text.length + 1));
  }
  return (at) => !inside[at] && isGraphemeBoundary(text, at);
}

/** Kinds of break, best first: between paragraphs, lines, sentences, words. */
const BREAKS: ((text: string, at: number) => boolean)[] = [
  (t, at) => t[at] === '\n' && t[at + 1] === '\n',
  (t, at) => t[at] === '\n',
  (t, at) => /\s/.test(t[at] ?? '') && /[.!?…:;]["'’”)\]*_]*$/.test(t.slice(Math.max(0, at - 4), at)),
  (t, at) => /\s/.test(t[at] ?? ''),
];

/**
 * The best place to cut `text` so the first piece has at most `limit` units: the latest
 * paragraph break in the second half of the allowance, else a line, sentence or word break,
 * else any allowed position. -1 when every position up to the limit is inside a span.
 */
function bestCut(text: string, limit: number, allowed: Allowed, from = 0): number {
  const floor = from + Math.floor((limit - from) / 2);
  for (const isBreak of BREAKS) {
    for (let at = limit; at > floor; at--) if (isBreak(text, at) && allowed(at)) return at;
  }
  for (let at = limit; at > from; at--) if (allowed(at)) return at;
  return -1;
}

/**
 * Splits text into pieces of at most `limit` units, cutting where `bestCut` says, trimming the
 * whitespace at each cut. A span longer than the limit is cut open only when it must be: a
 * wrapping span (bold, code) is closed at the end of one piece and reopened at the start of the
 * next; any other span is cut at a grapheme boundary.
 */
export function splitText(text: string, limit: number, spansOf: (text: string) => Span[]): string[] {
  const pieces: string[] = [];
  let rest = text.trim();
  while (rest.length > limit) {
    const spans = spansOf(rest);
    const allowed = allowedPositions(rest, spans);
    const cut = bestCut(rest, limit, allowed);
    if (cut > 0) {
      pieces.push(rest.slice(0, cut).trimEnd());
      rest = rest.slice(cut).trimStart();
      continue;
    }
    // Every position up to the limit is inside one span that starts the text: cut it open.
    const outer = spans.filter((s) => s.start === 0).sort((a, b) => b.end - a.end)[0];
    const markers = outer?.wrap;
    const wrap = markers && limit > markers.open.length + markers.close.length + 1 ? markers : undefined;
    const room = limit - (wrap?.close.length ?? 0);
    const inner = bestCut(rest, room, allowedPositions(rest, spans, outer), wrap?.open.length ?? 0);
    // No break inside the span either: the most whole characters that fit (at least one).
    const at = inner > 0 ? inner : cutAtGrapheme(rest, room).length || firstGrapheme(rest).length;
    const head = rest.slice(0, at);
    pieces.push(wrap ? `${head}${wrap.close}` : head);
    rest = wrap ? `${wrap.open}${rest.slice(at)}` : rest.slice(at);
  }
  if (rest) pieces.push(rest);
  return pieces;
}

/**
 * The longest start of `text` that fits in `max` units and ends after a whole sentence (or, if
 * no sentence ends in the second half of the allowance, a whole word), never inside a span.
 * Undefined when the text already fits.
 */
export function shortenAtSentence(text: string, max: number, spans: readonly Span[]): string | undefined {
  if (text.length <= max) return undefined;
  const allowed = allowedPositions(text, spans);
  let best = -1;
  for (const { index, segment } of sentences.segment(text)) {
    const end = index + segment.trimEnd().length;
    if (end > max) break;
    if (allowed(end)) best = end;
  }
  if (best < max / 2) {
    const cut = bestCut(text, max, allowed);
    if (cut > best) best = cut;
  }
  return text.slice(0, Math.max(0, best)).trimEnd();
}

const sentences = new Intl.Segmenter('en', { granularity: 'sentence' });

/** Every match of each pattern as a span, skipping any that start inside spans already found. */
export function spansOf(text: string, patterns: readonly { pattern: RegExp; wrap?: Span['wrap'] }[]): Span[] {
  const found: Span[] = [];
  const covered = new Uint8Array(text.length + 1);
  for (const { pattern, wrap } of patterns) {
    const matches = [...text.matchAll(pattern)];
    for (const match of matches) {
      const start = match.index ?? 0;
      if (covered[start]) continue;
      found.push({ start, end: start + match[0].length, ...(wrap ? { wrap } : {}) });
    }
    for (const span of found) covered.fill(1, span.start, span.end);
  }
  return found;
}

import type { LinkPolicy } from './link-policy.ts';

/**
 * Text Opscoach did not write (words from a question it repeats, a channel's name, a stored
 * comment, a model's answer) made safe to put into a reply's Markdown: it can no longer mention
 * anyone (Slack's <!channel>, <!here>, <!everyone>, <!subteam^…>, <@U…>, <#C…>, Teams' <at>…</at>,
 * a bare @here) or show a live link anywhere the LinkPolicy does not allow (Slack's <url|label>,
 * Markdown links, images and reference definitions, bare addresses). What it meant stays readable:
 * a foreign link keeps its label. The renderers then escape whatever is left for their platform.
 *
 * Every pattern is linear: each run stops at the character that would close it.
 */
export function neutraliseUntrusted(markdown: string, links: LinkPolicy): string {
  return (
    markdown
      // Slack's control sequences: <@U1|sam>, <#C1|general>, <!here>, <!subteam^S1|@team>, <https://x|label>, <mailto:a@b|a>.
      .replace(/<([@#!]|https?:|mailto:)([^<>]*)>/gi, (_whole, kind: string, rest: string) =>
        controlSequence(kind, rest, links),
      )
      // Teams mentions, which a card would otherwise show as a name (or a client render as a mention).
      .replace(/<at>[^<]*<\/at>/gi, '[mention]')
      // Reference definitions ("[1]: https://x") would turn any "[1]" in the text into a link; we never write them.
      .replace(/^ {0,3}\[[^\]\n]*\]:[^\n]*$/gm, '')
      // Images fetch their address when shown: keep the description only.
      .replace(/!\[([^\]\n]*)\]\([^)\n]*\)/g, (_whole, alt: string) => alt.trim() || '[image]')
      // A Markdown link's destination: kept when allowed; otherwise the label stays as plain words.
      // "] " (with a space) can never join a following "(" into a new link.
      .replace(/\]\(([^)\n]*)\)/g, (whole, inside: string) => (links.allows(destination(inside)) ? whole : '] '))
      // Bare addresses, which Slack and Teams turn into links by themselves.
      .replace(/\b(?:https?:\/\/|www\.)[^\s<>"'()[\]]+/gi, (url: string) => {
        const bare = withoutTrailingPunctuation(url);
        return links.allows(bare.startsWith('www.') ? `https://${bare}` : bare)
          ? url
          : `[link]${url.slice(bare.length)}`;
      })
      // Plain special mentions, which Slack may parse in text it formats for us.
      .replace(/(?<![\p{L}\p{N}_])@(?:here|channel|everyone)(?![\p{L}\p{N}_])/giu, '[mention]')
  );
}

function controlSequence(kind: string, rest: string, links: LinkPolicy): string {
  if (kind === '@' || kind === '#') return '[mention]';
  if (kind === '!') return /^date\^/i.test(rest) ? labelOf(rest) || '[date]' : '[mention]';
  const [target = '', label = ''] = `${kind}${rest}`.split('|');
  if (links.allows(target)) return label.trim() ? `[${label.trim()}](${target})` : target;
  const words = label.trim();
  return words && !/^(?:https?:|mailto:|www\.)/i.test(words) && !words.includes('@') ? words : '[link]';
}

function labelOf(rest: string): string {
  return rest.includes('|') ? rest.slice(rest.indexOf('|') + 1).trim() : '';
}

/** The address in a Markdown link destination: "<https://x>", or "https://x" before an optional title. */
function destination(inside: string): string {
  const trimmed = inside.trim();
  if (trimmed.startsWith('<')) return trimmed.slice(1, trimmed.indexOf('>') === -1 ? undefined : trimmed.indexOf('>'));
  return trimmed.split(/\s/, 1)[0] ?? '';
}

const TRAILING = new Set([...`.,;:!?'"`]);

function withoutTrailingPunctuation(text: string): string {
  let end = text.length;
  while (end > 0 && TRAILING.has(text[end - 1] ?? '')) end--;
  return text.slice(0, end);
}

/**
 * How much of a growing stream of untrusted Markdown can be shown now: up to `upTo`, but not
 * past an opening "[", "(", "<" or "<at>" that has not closed yet, and only up to a break
 * between words, so what arrives later cannot turn text already shown into a link or a mention.
 * Neutralising each such prefix gives text that only ever grows at its end.
 */
export function streamableLength(text: string, upTo: number): number {
  let cut = Math.max(0, Math.min(upTo, text.length));
  const open: number[] = [];
  for (let i = 0; i < cut; i++) {
    const c = text[i];
    if (c === '[' || c === '(' || c === '<') open.push(i);
    else if ((c === ']' || c === ')' || c === '>') && open.length > 0) open.pop();
  }
  if (open.length > 0) cut = open[0] ?? 0;
  const mention = text.slice(0, cut).toLowerCase().lastIndexOf('<at>');
  if (mention !== -1 && !text.slice(mention, cut).toLowerCase().includes('</at>')) cut = mention;
  while (cut > 0 && !/\s/.test(text[cut - 1] ?? '')) cut--;
  return cut;
}

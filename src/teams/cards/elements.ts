import { simplifyMarkdown, splitCodeBlocks } from '../../core/format/markdown-blocks.ts';
import { clip } from '../../core/format/safe-cut.ts';

/**
 * Small builders for Adaptive Card 1.5 JSON. Cards are plain data; these keep them readable.
 * Every Action.Submit carries { opscoach: ... } so submits are recognised and validated.
 */
export type CardElement = Record<string, unknown>;

export interface Card {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  body: CardElement[];
  actions?: CardElement[];
  msteams?: { width: 'Full' };
}

export function card(body: CardElement[], actions: CardElement[] = []): Card {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    ...(actions.length ? { actions } : {}),
    msteams: { width: 'Full' },
  };
}

/**
 * Markdown as a card shows it. A TextBlock in Teams renders only bold, italics, lists and links,
 * so headings become bold lines, tables become lists and rules blank lines
 * (src/core/format/markdown-blocks.ts); inline code loses its backticks, quotes their markers
 * and struck-through text its tildes; a code block becomes a RichTextBlock of monospace runs,
 * which show their text exactly as it is. One element either way: several parts come in a
 * Container.
 */
export function text(markdown: string, options: Record<string, unknown> = {}): CardElement {
  const parts = splitCodeBlocks(simplifyMarkdown(markdown)).map((segment) =>
    segment.kind === 'code'
      ? monospace(segment.text)
      : { type: 'TextBlock', text: cardMarkdown(segment.text), wrap: true, ...options },
  );
  if (parts.length === 1 && parts[0]) return parts[0];
  if (parts.length === 0) return { type: 'TextBlock', text: ' ', wrap: true, ...options };
  const { spacing, separator } = options;
  return { type: 'Container', items: parts, ...(spacing ? { spacing } : {}), ...(separator ? { separator } : {}) };
}

/** Text shown exactly as written, in a fixed-width font: code, commands. */
export function monospace(code: string): CardElement {
  return { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: code || ' ', fontType: 'Monospace' }] };
}

/** A line of runs, some in a fixed-width font: "help" shows each command like this. */
export function runs(parts: { text: string; code?: boolean }[]): CardElement {
  return {
    type: 'RichTextBlock',
    inlines: parts.map((p) => ({ type: 'TextRun', text: p.text, ...(p.code ? { fontType: 'Monospace' } : {}) })),
  };
}

/**
 * What a TextBlock may carry: which links appear at all was decided in the core
 * (src/core/safety/); here only web links stay links (never javascript: or another scheme), and
 * <at> tags, which a card cannot turn into mentions without entities it never carries, are shown
 * as the words inside them. Markup a TextBlock would show as symbols is taken away.
 */
function cardMarkdown(markdown: string): string {
  return markdown
    .replace(/\]\(([^)\n]*)\)/g, (whole, inside: string) => (/^\s*<?https?:\/\//i.test(inside) ? whole : '] '))
    .replace(/<\/?at>/gi, '')
    .replace(/`+([^`\n]*?)`+/g, '$1')
    .replace(/`/g, "'")
    .replace(/^[ \t]{0,3}>[ \t]?/gm, '')
    .replace(/~~([^~\n]+)~~/g, '$1');
}

export function heading(textValue: string): CardElement {
  return text(textValue, { size: 'Large', weight: 'Bolder', style: 'heading' });
}

export function note(markdown: string): CardElement {
  return text(markdown, { isSubtle: true, size: 'Small', spacing: 'Medium' });
}

export function submit(title: string, data: Record<string, unknown>, style?: 'positive' | 'destructive'): CardElement {
  return {
    type: 'Action.Submit',
    title: clip(title, 80),
    data: { opscoach: data.opscoach, ...data },
    ...(style ? { style } : {}),
  };
}

export function openUrl(title: string, url: string): CardElement {
  return { type: 'Action.OpenUrl', title: clip(title, 80), url };
}

/** A row of actions inside the body (cards may hold several). */
export function actionSet(actions: CardElement[]): CardElement {
  return { type: 'ActionSet', actions };
}

/** An image given inline as a data URI, so it needs no public URL. */
export function image(png: Uint8Array, alt: string): CardElement {
  return {
    type: 'Image',
    url: `data:image/png;base64,${Buffer.from(png).toString('base64')}`,
    altText: alt,
    size: 'Stretch',
  };
}

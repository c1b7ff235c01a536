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

/** Markdown in a TextBlock: Teams renders bold, italics, lists and links. */
export function text(markdown: string, options: Record<string, unknown> = {}): CardElement {
  return { type: 'TextBlock', text: cardMarkdown(markdown), wrap: true, ...options };
}

/**
 * What a TextBlock may carry: which links appear at all was decided in the core
 * (src/core/safety/); here only web links stay links (never javascript: or another scheme), and
 * <at> tags, which a card cannot turn into mentions without entities it never carries, are shown
 * as the words inside them.
 */
function cardMarkdown(markdown: string): string {
  return markdown
    .replace(/\]\(([^)\n]*)\)/g, (whole, inside: string) => (/^\s*<?https?:\/\//i.test(inside) ? whole : '] '))
    .replace(/<\/?at>/gi, '');
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
    title: title.slice(0, 80),
    data: { opscoach: data.opscoach, ...data },
    ...(style ? { style } : {}),
  };
}

export function openUrl(title: string, url: string): CardElement {
  return { type: 'Action.OpenUrl', title: title.slice(0, 80), url };
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

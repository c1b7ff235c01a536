import { clip } from '../../core/format/safe-cut.ts';
import { shortenMarkdown } from '../../core/format/shorten.ts';
import { type Card, type CardElement, note } from './elements.ts';

/**
 * Teams refuses an activity over about 100 KB (MessageSizeTooBig) and Microsoft recommends
 * staying under 80 KB; a card is kept under this many bytes of JSON so the activity around it
 * (addresses, summary, attachment type) stays under 80 KB too.
 */
export const CARD_BUDGET = 75_000;

export function cardBytes(card: Card): number {
  return Buffer.byteLength(JSON.stringify(card));
}

export function withinBudget(card: Card): boolean {
  return cardBytes(card) <= CARD_BUDGET;
}

function omitted(count: number): CardElement {
  return note(`…and ${count} more part${count === 1 ? '' : 's'}, left out because one Teams message cannot hold more.`);
}

/**
 * The last resort that keeps any card postable. In order, until it fits: a picture gives way
 * to its description in words; parts are left out from the end (the closing note stays) with a
 * line saying how many; the longest text is shortened at a sentence boundary.
 */
export function fitCard(card: Card): Card {
  if (withinBudget(card)) return card;
  let body = card.body.map((element) =>
    element.type === 'Image' ? note(`Chart: ${clip(String(element.altText ?? ''), 1000)}`) : element,
  );
  const fits = (b: CardElement[]) => withinBudget({ ...card, body: b });
  if (!fits(body)) {
    const last = body.length > 1 ? body[body.length - 1] : undefined;
    const content = last ? body.slice(0, -1) : body;
    let dropped = 0;
    const assemble = () => [...content, ...(dropped ? [omitted(dropped)] : []), ...(last ? [last] : [])];
    while (content.length > 1 && !fits(assemble())) {
      content.pop();
      dropped++;
    }
    body = assemble();
  }
  for (let attempt = 0; attempt < 20 && !fits(body); attempt++) body = shortenLongestText(body);
  return { ...card, body };
}

/**
 * The body with its longest text (a TextBlock's Markdown or a TextRun's words, at any depth) cut
 * to half its length: Markdown at a sentence boundary, a run at a word.
 */
function shortenLongestText(body: CardElement[]): CardElement[] {
  let longest: Record<string, unknown> | undefined;
  const visit = (value: unknown) => {
    if (Array.isArray(value)) for (const v of value) visit(v);
    else if (value && typeof value === 'object') {
      const element = value as Record<string, unknown>;
      if (typeof element.text === 'string' && element.text.length > String(longest?.text ?? '').length)
        longest = element;
      for (const v of Object.values(element)) visit(v);
    }
  };
  visit(body);
  const target = longest;
  if (!target) return body;
  const replace = (value: unknown): unknown => {
    if (value === target) {
      const text = String(target.text);
      const half = Math.floor(text.length / 2);
      return { ...target, text: target.type === 'TextBlock' ? shortenMarkdown(text, half) : clip(text, half) };
    }
    if (Array.isArray(value)) return value.map(replace);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replace(v)]));
    }
    return value;
  };
  return body.map((element) => replace(element) as CardElement);
}

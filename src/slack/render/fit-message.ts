import type { types } from '@slack/bolt';
import { MAX_BLOCKS, withinLimits } from './limits.ts';
import { mrkdwn, splitForSections, toMrkdwn } from './mrkdwn.ts';

type KnownBlock = types.KnownBlock;

/** Markdown as section blocks, split where Slack's per-section limit requires. */
export function textBlocks(markdown: string): KnownBlock[] {
  return splitForSections(toMrkdwn(markdown)).map((text) => ({ type: 'section', text: mrkdwn(text) }));
}

/** Blocks that carry content and may be left out of a message that is too long. */
const CONTENT = new Set(['section', 'divider', 'image']);

function omitted(count: number): KnownBlock {
  return {
    type: 'context',
    elements: [
      mrkdwn(
        `_…and ${count} more part${count === 1 ? '' : 's'}, left out because one Slack message cannot hold more._`,
      ),
    ],
  };
}

/**
 * The last resort that keeps any message postable: when the blocks exceed Slack's limits, content
 * blocks are left out from the end (the buttons and notes after them stay) and a line says how
 * many; anything still too much is cut from the end.
 */
export function fitMessage(blocks: KnownBlock[]): KnownBlock[] {
  if (withinLimits(blocks)) return blocks;
  const kept = [...blocks];
  let dropped = 0;
  let at = kept.length;
  const withNote = () => [...kept.slice(0, at), omitted(dropped), ...kept.slice(at)];
  for (let i = kept.length - 1; i >= 0 && !withinLimits(withNote()); i--) {
    if (!CONTENT.has(kept[i]?.type ?? '')) continue;
    kept.splice(i, 1);
    dropped++;
    at = i;
  }
  let fitted = dropped ? withNote() : kept;
  while (fitted.length > 1 && !withinLimits(fitted)) fitted = fitted.slice(0, Math.min(fitted.length - 1, MAX_BLOCKS));
  return fitted;
}

import type { types } from '@slack/bolt';

/** Slack's limit for the text of one section block. */
export const SECTION_LIMIT = 3000;
/** Blocks in one message. */
export const MAX_BLOCKS = 50;
/**
 * Slack refuses a message whose blocks carry more than about 13,000 characters of text
 * (msg_blocks_too_long, bolt-js#2509), whatever the per-block limits allow. Every rendered
 * message is kept under this, counting every string in its blocks (texts, link addresses,
 * button values), which is more than Slack counts.
 */
export const MESSAGE_BUDGET = 12_000;

/** Every string in the blocks, added up: what `MESSAGE_BUDGET` bounds. */
export function blocksSize(blocks: readonly unknown[]): number {
  let size = 0;
  const walk = (value: unknown) => {
    if (typeof value === 'string') size += value.length;
    else if (Array.isArray(value)) for (const v of value) walk(v);
    else if (value && typeof value === 'object') for (const v of Object.values(value)) walk(v);
  };
  walk(blocks);
  return size;
}

/** Whether a message's blocks are within every limit Slack enforces. */
export function withinLimits(blocks: readonly types.KnownBlock[]): boolean {
  return blocks.length <= MAX_BLOCKS && blocksSize(blocks) <= MESSAGE_BUDGET;
}

import { markdownSpans } from '../core/format/markdown-spans.ts';
import { shortenAtSentence } from '../core/format/safe-cut.ts';

/** How close to the budget a stream starts holding text back until a sentence ends. */
const SOFT_MARGIN = 1_500;

/**
 * Keeps a streamed answer within what one Slack message can hold. Text passes straight through
 * until it nears the budget; from then on only whole sentences are released, and the first
 * sentence that would not fit ends the stream there (`cut`), so a model that ignores its token
 * limit still cannot make the message fail, and the answer never stops mid-sentence.
 */
export class StreamCap {
  private shown = 0;
  private held = '';
  cut = false;

  constructor(private readonly budget: number) {}

  /** What of this piece of the answer to show now. */
  take(delta: string): string {
    if (this.cut) return '';
    this.held += delta;
    if (this.shown + this.held.length <= this.budget - SOFT_MARGIN) return this.release(this.held.length);
    const room = this.budget - this.shown;
    const whole = shortenAtSentence(this.held, room, markdownSpans(this.held));
    if (whole === undefined) return this.releaseSentences(room);
    this.cut = true;
    return this.release(whole.length);
  }

  /** Whatever is still held once the answer is complete, as much as fits. */
  finish(): string {
    if (this.cut) return '';
    const room = this.budget - this.shown;
    const whole = shortenAtSentence(this.held, room, markdownSpans(this.held));
    if (whole === undefined) return this.release(this.held.length);
    this.cut = true;
    return this.release(whole.length);
  }

  /** Releases the held text up to its last finished sentence, keeping the unfinished one. */
  private releaseSentences(room: number): string {
    const sentences = [...new Intl.Segmenter('en', { granularity: 'sentence' }).segment(this.held)];
    const last = sentences.at(-1);
    if (!last || sentences.length < 2) return '';
    return this.release(Math.min(room, last.index));
  }

  private release(length: number): string {
    const out = this.held.slice(0, length);
    this.held = this.held.slice(length);
    this.shown += out.length;
    return out;
  }
}

/** How close to the budget a stream starts holding text back until a sentence ends. */
const SOFT_MARGIN = 1_500;

const sentences = new Intl.Segmenter('en', { granularity: 'sentence' });

/**
 * Keeps a streamed answer within what one Slack message can hold. Text passes straight through
 * until it nears the budget; from then on only whole sentences are released, and the first
 * sentence that would not fit ends the stream before it (`cut`), so a model that ignores its
 * token limit still cannot make the message fail, and the answer never stops mid-sentence.
 */
export class StreamCap {
  private shown = 0;
  private held = '';
  cut = false;

  constructor(private readonly budget: number) {}

  /** How much has been released so far. */
  get length(): number {
    return this.shown;
  }

  /** What of this piece of the answer to show now. */
  take(delta: string): string {
    if (this.cut) return '';
    this.held += delta;
    if (this.shown + this.held.length <= this.budget - SOFT_MARGIN) return this.release(this.held.length);
    return this.releaseSentences(false);
  }

  /** Whatever is still held once the answer is complete, as much as fits. */
  finish(): string {
    if (this.cut) return '';
    if (this.shown + this.held.length <= this.budget) return this.release(this.held.length);
    return this.releaseSentences(true);
  }

  /**
   * Releases the held text up to the end of its last finished sentence that fits. A sentence
   * that does not fit ends the stream; an unfinished one is kept for later (unless `final`).
   */
  private releaseSentences(final: boolean): string {
    const room = this.budget - this.shown;
    let end = 0;
    for (const { index, segment } of sentences.segment(this.held)) {
      const stop = index + segment.length;
      const finished = final || stop < this.held.length;
      if (!finished) break;
      if (index + segment.trimEnd().length > room) {
        this.cut = true;
        break;
      }
      end = stop;
    }
    return this.release(end);
  }

  private release(length: number): string {
    const out = this.held.slice(0, length);
    this.held = this.held.slice(length);
    this.shown += out.length;
    return out;
  }
}

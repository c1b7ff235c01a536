import type { Passage } from '../knowledge/knowledge-base.ts';
import type { Source } from '../reply.ts';

/** Numbers citations in the order they are first used, so "[1]" always means the first source listed. */
export class CitationList {
  private readonly numbers = new Map<string, number>();
  private readonly list: Source[] = [];

  cite(passage: Passage): number {
    const { key, id, title, url } = passage.citation;
    const existing = this.numbers.get(key);
    if (existing) return existing;
    const n = this.list.length + 1;
    this.numbers.set(key, n);
    this.list.push({ n, id, title, url });
    return n;
  }

  get sources(): Source[] {
    return [...this.list];
  }
}

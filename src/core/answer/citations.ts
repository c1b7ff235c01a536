import type { Passage } from '../knowledge/knowledge-base.ts';
import type { Source } from '../reply.ts';

/** Numbers citations in the order they are first used, so "[1]" always means the first source listed. */
export class CitationList {
  private readonly numbers = new Map<string, number>();
  private readonly list: Source[] = [];

  cite(passage: Passage): number {
    const citation = passage.citation;
    const existing = this.numbers.get(citation.key);
    if (existing) return existing;
    const n = this.list.length + 1;
    this.numbers.set(citation.key, n);
    const { id, title } = citation;
    this.list.push(
      citation.kind === 'suggestion'
        ? { n, kind: 'suggestion', id, title }
        : { n, kind: 'pages', id, title, pages: citation.pages.map((p) => ({ ...p })) },
    );
    return n;
  }

  get sources(): Source[] {
    return [...this.list];
  }
}

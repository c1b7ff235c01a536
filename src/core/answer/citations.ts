import type { Article } from '../knowledge/load-articles.ts';
import type { Source } from '../reply.ts';

/** Numbers articles in the order they are first cited, so "[1]" always means the first source listed. */
export class CitationList {
  private readonly numbers = new Map<string, number>();
  private readonly list: Source[] = [];

  cite(article: Article): number {
    const existing = this.numbers.get(article.id);
    if (existing) return existing;
    const n = this.list.length + 1;
    this.numbers.set(article.id, n);
    this.list.push({ n, id: article.id, title: article.title, url: article.url });
    return n;
  }

  get sources(): Source[] {
    return [...this.list];
  }
}

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { KnowledgeBase } from '../src/core/knowledge/knowledge-base.ts';

/**
 * Writes `copies` variants of every built-in article into `dir`: new ids, sections rotated and
 * sentences shuffled between copies, so the index is `copies` times larger with realistic text.
 */
export function writeSyntheticKnowledge(knowledge: KnowledgeBase, dir: string, copies: number): number {
  mkdirSync(dir, { recursive: true });
  let written = 0;
  const articles = knowledge.articles.filter((a) => a.kind === 'article');
  for (let copy = 1; copy <= copies; copy++) {
    for (const [index, a] of articles.entries()) {
      const id = `${a.id}-copy-${copy}`;
      const donor = articles[(index + copy) % articles.length] ?? a;
      const sections = a.sections.map((s, i) => {
        const other = donor.sections[(i + copy) % donor.sections.length];
        const sentences = `${s.markdown} ${other?.markdown ?? ''}`
          .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
          .split(/(?<=\.)\s+/);
        const rotated = sentences.slice(copy % sentences.length).concat(sentences.slice(0, copy % sentences.length));
        return `## ${s.heading} (${copy})\n\n${rotated.slice(0, 8).join(' ')}\n`;
      });
      const front = {
        id,
        title: `${a.title.slice(0, 72)} (${copy})`,
        summary: a.summary,
        topic: a.topic,
        tags: a.tags,
        aliases: a.aliases,
        sources: a.sources,
      };
      writeFileSync(join(dir, `${id}.md`), `---\n${stringify(front)}---\n${sections.join('\n')}`);
      written++;
    }
  }
  return written;
}

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KnowledgeBase } from '../../../src/core/knowledge/knowledge-base.ts';
import { KnowledgeError } from '../../../src/core/knowledge/load-articles.ts';
import { Retriever } from '../../../src/core/search/retriever.ts';
import { Store } from '../../../src/core/store/store.ts';

const knowledge = KnowledgeBase.load();
const store = Store.open(':memory:');
const retriever = new Retriever(knowledge, store.knowledgeIndex);
retriever.ensureIndexed();
afterAll(() => store.close());

const ARTICLE =
  '---\nid: our-rota\ntitle: Our rota rules\nsummary: How our own on-call rota works at Example Ltd.\ntopic: Our practices\ntags: [ours]\naliases: [our rota]\nsources: [https://wiki.example.com/rota]\n---\n## Rules\n\nZebrafish teams swap rota shifts on Tuesdays.\n';

describe('the lexicon: how people type about our subject', () => {
  it('spells out shorthand before searching, so "ppl" and "devs" are read as words we use', () => {
    const typed = retriever.parser.parse('how many ppl do devs need on the rota');
    const spelled = retriever.parser.parse('how many people do developers need on the rota');
    expect(typed.stems).toEqual(spelled.stems);
  });

  it('reads chat spelling (no apostrophes, "wat", "tbh") as the filler it is, so the question stays on topic', () => {
    const chat = retriever.retrieve('only two of us do on call and theyre burnt out tbh. wat do');
    expect(chat.relevance.onTopic).toBe(true);
    expect(chat.query.stems).not.toContain('theyr');
    expect(chat.query.stems).toEqual(
      retriever.parser.parse("only two of us do on call and they're burnt out. what do").stems,
    );
  });

  it('searches the words our articles use beside the words people type, with less weight', () => {
    const query = retriever.parser.parse('who carries the pager');
    expect(query.related).toContain('oncal');
    expect(query.weights.get('oncal')).toBeLessThan(query.weights.get('pager') ?? 0);
  });

  it('answers a question in everyday words from the article that uses ours', () => {
    const top = retriever.retrieve('our outsourced msp charges us for every release beyond two a month').ranked[0];
    expect(top?.passage.article.id).toMatch(/ops-run-it-deployment-throughput|ops-run-it-drawbacks/);
  });

  it('takes an organisation’s own lexicon from a knowledge folder, and refuses a malformed one with its path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lexicon-'));
    try {
      writeFileSync(join(dir, 'our-rota.md'), ARTICLE);
      writeFileSync(join(dir, 'lexicon.yaml'), 'shorthand:\n  zf: zebrafish\n');
      const ours = KnowledgeBase.load([dir]);
      expect(ours.lexicon.shorthand.get('zf')).toBe('zebrafish');
      expect(ours.lexicon.shorthand.get('ppl')).toBe('people');
      writeFileSync(join(dir, 'lexicon.yaml'), 'shorthand:\n  Two Words: nope\n');
      expect(() => KnowledgeBase.load([dir])).toThrow(KnowledgeError);
      expect(() => KnowledgeBase.load([dir])).toThrow(/lexicon\.yaml: shorthand/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

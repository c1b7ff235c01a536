import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KnowledgeBase } from '../../../src/core/knowledge/knowledge-base.ts';
import { silentLogger } from '../../../src/core/logging/logger.ts';
import { Retriever } from '../../../src/core/search/retriever.ts';
import { Store } from '../../../src/core/store/store.ts';
import { CoachRuntime } from '../../../src/runtime.ts';
import { tempDir, testConfig } from '../../helpers/runtime.ts';

const knowledge = KnowledgeBase.load();
const store = Store.open(':memory:');
const retriever = new Retriever(knowledge, store.knowledgeIndex);
retriever.ensureIndexed();
afterAll(() => store.close());

const topArticles = (q: string) =>
  [...new Set(retriever.retrieve(q).ranked.map((r) => r.passage.article.id))].slice(0, 3);

describe('retrieval', () => {
  it('expands glossary terms both ways: MTTR finds "time to restore", and the long form finds MTTR', () => {
    const short = retriever.parser.parse('MTTR');
    expect(short.expansions.join(' ')).toMatch(/restor/);
    const long = retriever.parser.parse('change advisory board');
    expect(long.expansions).toContain('cab');
  });

  it('understands words people use for our ideas ("on call", "how often", "post-mortem")', () => {
    expect(retriever.parser.parse('who is on-call tonight').stems).toContain('oncal');
    expect(retriever.parser.parse('how often do we deploy').stems).toContain('frequenc');
    expect(retriever.parser.parse('post-mortems').stems).toEqual(retriever.parser.parse('postmortem').stems);
  });

  it('repairs typos only towards our own words and leaves real English alone', () => {
    const q = retriever.parser.parse('incidnet managment for the football team');
    expect(q.corrections).toEqual([{ from: 'incidnet', to: 'incident' }]);
    // "managment" needs no repair: it stems like "management" already.
    expect(q.stems).toEqual(retriever.parser.parse('incident management for the football team').stems);
  });

  it('reads two swapped letters as one slip ("domian" is "domain")', () => {
    expect(retriever.parser.parse('domian on-call schedule').corrections).toEqual([{ from: 'domian', to: 'domain' }]);
  });

  it('treats a question that is exactly an article title or alias as naming that article', () => {
    expect(topArticles('What is Ops Run It?')[0]).toBe('ops-run-it');
    expect(topArticles('ybiyri meaning')).toContain('you-build-it-you-run-it');
    expect(retriever.retrieve('where do we even start').relevance.onTopic).toBe(true);
  });

  it('lets the glossary answer definitions and step back for "how do we" questions', () => {
    expect(topArticles('what does CAB stand for')[0]).toBe('glossary');
    expect(topArticles('how do we get the CAB to approve routine deployments faster')[0]).not.toBe('glossary');
  });

  it('judges on-topic by our subject, not by incidental words', () => {
    expect(retriever.retrieve('how many people do we need on the on-call rota').relevance.onTopic).toBe(true);
    expect(retriever.retrieve("What's the best laptop for a developer?").relevance.onTopic).toBe(false);
    expect(retriever.retrieve('What is the capital of Australia?').relevance.onTopic).toBe(false);
  });
});

describe('the persistent index', () => {
  it('is rebuilt only when the articles change', () => {
    const dir = tempDir();
    const ours = tempDir();
    try {
      const db = join(dir.path, 'index.db');
      const open = (env: Record<string, string> = {}) => CoachRuntime.create(testConfig(db, env), silentLogger);
      const first = open();
      expect(first.retriever.ensureIndexed()).toBe(false); // built during start-up
      first.close();
      const second = open();
      expect(second.store.knowledgeIndex.indexedHash()).toBe(second.knowledge.contentHash);
      second.close();
      writeFileSync(
        join(ours.path, 'our-rota.md'),
        '---\nid: our-rota\ntitle: Our rota rules\nsummary: How our own on-call rota works at Example Ltd.\ntopic: Our practices\ntags: [ours]\naliases: [our rota]\nsources: [https://wiki.example.com/rota]\n---\n## Rules\n\nZebrafish teams swap rota shifts on Tuesdays.\n',
      );
      const third = open({ KNOWLEDGE_DIRS: ours.path });
      const hits = third.retriever.retrieve('zebrafish rota shifts').ranked;
      expect(hits[0]?.passage.article.id).toBe('our-rota');
      third.close();
    } finally {
      dir.cleanup();
      ours.cleanup();
    }
  });
});

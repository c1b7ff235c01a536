import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { loadQuestions } from '../../../eval/evaluate.ts';
import { silentLogger } from '../../../src/core/logging/logger.ts';
import { Store } from '../../../src/core/store/store.ts';
import { CoachRuntime } from '../../../src/runtime.ts';
import { tempDir, testConfig } from '../../helpers/runtime.ts';

const work = tempDir();
afterAll(() => work.cleanup());

const ARTICLE = (fact: string) =>
  `---\nid: our-rota\ntitle: Our rota rules\nsummary: How our own on-call rota works at Example Ltd.\ntopic: Our practices\ntags: [ours]\naliases: [our rota]\nsources: [https://wiki.example.com/rota]\n---\n## Rules\n\n${fact}\n`;

/** Every question of the evaluation set, answered by a runtime: what a person would see. */
async function answers(runtime: CoachRuntime): Promise<string[]> {
  const replies: string[] = [];
  for (const { q } of loadQuestions()) {
    const reply = await runtime.coach.run({ name: 'ask', question: q });
    replies.push(JSON.stringify(reply.kind === 'answer' ? { ...reply, answerId: undefined } : reply));
  }
  return replies;
}

const cached = (db: string) =>
  new Database(db, { readonly: true })
    .prepare<[], { name: string }>('SELECT name FROM derived_cache ORDER BY name')
    .all()
    .map((r) => r.name);

describe('what start-up derives, kept between starts', () => {
  it('answers every evaluation question exactly as a start that worked everything out afresh', async () => {
    const db = join(work.path, 'same.db');
    const first = CoachRuntime.create(testConfig(db), silentLogger);
    const fresh = await answers(first);
    first.close();
    expect(cached(db)).toEqual(
      expect.arrayContaining(['articles', 'general-english', 'passage-statistics', expect.stringMatching(/^yaml:/)]),
    );
    const second = CoachRuntime.create(testConfig(db), silentLogger);
    try {
      expect(await answers(second)).toEqual(fresh);
    } finally {
      second.close();
    }
  });

  it('sees an article edited between starts: the cache never answers from old content', async () => {
    const folder = join(work.path, 'ours');
    mkdirSync(folder);
    const db = join(work.path, 'edited.db');
    const start = () => CoachRuntime.create(testConfig(db, { KNOWLEDGE_DIRS: folder }), silentLogger);
    writeFileSync(join(folder, 'our-rota.md'), ARTICLE('Zebrafish teams swap rota shifts on Tuesdays.'));
    const before = start();
    const old = await before.coach.run({ name: 'ask', question: 'When do zebrafish teams swap rota shifts?' });
    before.close();
    writeFileSync(join(folder, 'our-rota.md'), ARTICLE('Zebrafish teams swap rota shifts on Thursdays.'));
    const after = start();
    try {
      const edited = await after.coach.run({ name: 'ask', question: 'When do zebrafish teams swap rota shifts?' });
      expect(old.kind === 'answer' && old.text).toMatch(/Tuesdays/);
      expect(edited.kind === 'answer' && edited.text).toMatch(/Thursdays/);
      expect(edited.kind === 'answer' && edited.text).not.toMatch(/Tuesdays/);
    } finally {
      after.close();
    }
  });

  it('works everything out again when what it kept cannot be read', async () => {
    const db = join(work.path, 'damaged.db');
    CoachRuntime.create(testConfig(db), silentLogger).close();
    const raw = new Database(db);
    raw.prepare("UPDATE derived_cache SET data = x'00ff00ff'").run();
    raw.close();
    const runtime = CoachRuntime.create(testConfig(db), silentLogger);
    try {
      const reply = await runtime.coach.run({ name: 'ask', question: 'Who gets paged at 3am?' });
      expect(reply.kind === 'answer' && reply.answered).toBe(true);
    } finally {
      runtime.close();
    }
  });
});

describe('values read back from the derived cache', () => {
  it('are the values stored, and their typed arrays hold only their own bytes, not the whole stored value', () => {
    const store = Store.open(join(work.path, 'views.db'), { logger: silentLogger });
    try {
      const value = () => ({
        words: 'x'.repeat(100_000),
        offsets: new Uint32Array([0, 3, 7]),
        counts: new Float64Array([1.5, 2]),
        bytes: Buffer.from('abc'),
        table: new Map([['oncall', 3]]),
      });
      store.derived.remember('views', 'one', value);
      const read = store.derived.remember<ReturnType<typeof value>>('views', 'one', () => {
        throw new Error('derived again although cached');
      });
      expect(read).toEqual(value());
      expect(Buffer.isBuffer(read.bytes)).toBe(true);
      // A view into the stored bytes would keep the 100,000-character string's bytes in memory.
      expect(read.offsets.buffer.byteLength).toBe(read.offsets.byteLength);
      expect(read.counts.buffer.byteLength).toBe(read.counts.byteLength);
    } finally {
      store.close();
    }
  });
});

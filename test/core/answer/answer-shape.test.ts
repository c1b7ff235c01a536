import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Answerer } from '../../../src/core/answer/answerer.ts';
import { KnowledgeBase } from '../../../src/core/knowledge/knowledge-base.ts';
import { silentLogger } from '../../../src/core/logging/logger.ts';
import { loadCoachText } from '../../../src/core/prompts/coach-text.ts';
import { PROMPTS_DIR } from '../../../src/core/prompts/prompts-dir.ts';
import { Retriever } from '../../../src/core/search/retriever.ts';
import { Store } from '../../../src/core/store/store.ts';

// A small knowledge base of our own, so each shape below is checked on sentences written for it
// and does not move when the real articles are rewritten.
const FIXTURE = fileURLToPath(new URL('../../fixtures/knowledge-answer-shape', import.meta.url));
const store = Store.open(':memory:');
const knowledge = KnowledgeBase.load([], FIXTURE);
const retriever = new Retriever(knowledge, store.knowledgeIndex);
retriever.ensureIndexed();
const answerer = new Answerer({ knowledge, retriever, text: loadCoachText(PROMPTS_DIR), logger: silentLogger });
afterAll(() => store.close());

async function answer(question: string): Promise<string> {
  const reply = await answerer.answer(question);
  if (!reply.answered) throw new Error(`declined: ${reply.text}`);
  return reply.text;
}

const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');

describe('the shape of an offline answer', () => {
  it('answers both parts of a two-part question about one subject, the first part first', async () => {
    const text = await answer('what is a postmortem, and how fast should its actions get done?');
    expect(lines(text)[0]).toMatch(/^A postmortem is a blameless meeting/);
    // "How fast" wants a time: the sentence with the duration, not only the one with the word "fast".
    expect(text).toMatch(/hours or days|weeks or months/);
  });

  it('keeps a list the opening introduces as a list, in its own order, straight after the opening', async () => {
    const text = await answer('What can product teams do to win over a sceptical change board?');
    const [opening, ...rest] = lines(text);
    expect(opening).toMatch(/^Product teams win over a sceptical change board.*can offer the change board:/);
    const items = rest.filter((l) => l.startsWith('- ')).slice(0, 4);
    expect(items.map((l) => l.slice(2, 20))).toEqual([
      'a short list of ap',
      'change records cre',
      'a standing invitat',
      'a notification eac',
    ]);
  });

  it("closes with the article's point when the sentences chosen never state it", async () => {
    const text = await answer('do board members know the service well enough to judge its risk?');
    expect(lines(text)[0]).toMatch(/^Board members rarely know the service/);
    expect(lines(text).at(-1)).toMatch(/^(?:- )?Product teams win a change board over by solving its problems/);
  });

  it("answers a question that is the article's title with its summary, once", async () => {
    const text = await answer('how do product teams actually learn from outages?');
    expect(lines(text)[0]).toMatch(/^After an outage the product team holds a blameless postmortem/);
    expect(text.match(/After an outage the product team holds a blameless postmortem/g)).toHaveLength(1);
  });

  it('opens a "what is" question with the sentence that says what the thing is, not a more specific one', async () => {
    const text = await answer('what is a postmortem?');
    expect(lines(text)[0]).toMatch(/^A postmortem is a blameless meeting/);
  });

  it('still says something when the question matched a section only by its aliases', async () => {
    const text = await answer('gatekeeping committee');
    expect(lines(text)[0]).toMatch(/change board/i);
  });
});

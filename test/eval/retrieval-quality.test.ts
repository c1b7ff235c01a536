import { afterAll, describe, expect, it } from 'vitest';
import { evaluate, loadQuestions, rate } from '../../eval/evaluate.ts';
import { startTestRuntime } from '../helpers/runtime.ts';

const test = startTestRuntime();
afterAll(() => test.close());

describe('retrieval quality on the evaluation set (offline)', () => {
  const questions = loadQuestions();

  it('has at least 40 realistic questions of every kind, each expecting articles that exist', () => {
    expect(questions.length).toBeGreaterThanOrEqual(40);
    for (const kind of ['keyword', 'messy', 'typo', 'synonym', 'off-topic', 'injection']) {
      expect(
        questions.some((q) => q.kind === kind),
        kind,
      ).toBe(true);
    }
    for (const q of questions) {
      if (q.expect === 'decline') continue;
      for (const id of q.expect) expect(test.runtime.knowledge.article(id), `${q.q} -> ${id}`).toBeDefined();
    }
  });

  it('finds a right article in the top 3 for at least 90 % and declines at least 95 % of off-topic questions', async () => {
    const result = await evaluate(test.runtime, questions);
    const top3 = rate(result.top3, result.onTopic);
    const declined = rate(result.declined, result.offTopic);
    const misses = result.misses.map((m) => `${m.q} -> ${m.got}`).join('\n');
    expect(top3, misses).toBeGreaterThanOrEqual(0.9);
    expect(declined, misses).toBeGreaterThanOrEqual(0.95);
  });
});

import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { CoachRuntime } from '../src/core/runtime.ts';

const questionSchema = z.strictObject({
  q: z.string().min(1),
  /** Article ids any of which is a right answer, or "decline" for questions the coach must not answer. */
  expect: z.union([z.literal('decline'), z.array(z.string()).min(1)]),
  kind: z.enum(['keyword', 'question', 'messy', 'typo', 'synonym', 'off-topic', 'injection']),
});
export type EvalQuestion = z.output<typeof questionSchema>;

export const QUESTIONS_FILE = new URL('./questions.yaml', import.meta.url);

export function loadQuestions(file: URL = QUESTIONS_FILE): EvalQuestion[] {
  return z.array(questionSchema).parse(parseYaml(readFileSync(file, 'utf8')));
}

export interface EvalResult {
  onTopic: number;
  top1: number;
  top3: number;
  offTopic: number;
  declined: number;
  byKind: Record<string, { total: number; ok: number }>;
  misses: { q: string; expected: string; got: string }[];
}

/** Runs every question through the real coach (offline unless the runtime has a model) and scores it. */
export async function evaluate(runtime: CoachRuntime, questions: readonly EvalQuestion[]): Promise<EvalResult> {
  const result: EvalResult = { onTopic: 0, top1: 0, top3: 0, offTopic: 0, declined: 0, byKind: {}, misses: [] };
  for (const item of questions) {
    const reply = await runtime.coach.run({ name: 'ask', question: item.q });
    if (reply.kind !== 'answer') throw new Error(`"${item.q}" did not produce an answer`);
    const kind = result.byKind[item.kind] ?? { total: 0, ok: 0 };
    result.byKind[item.kind] = kind;
    kind.total++;
    if (item.expect === 'decline') {
      result.offTopic++;
      if (!reply.answered) {
        result.declined++;
        kind.ok++;
      } else {
        result.misses.push({ q: item.q, expected: 'decline', got: reply.sources.map((s) => s.id).join(', ') });
      }
      continue;
    }
    result.onTopic++;
    const ranked = [...new Set(runtime.retriever.retrieve(item.q).ranked.map((r) => r.passage.article.id))];
    const expected = item.expect;
    const hit1 = reply.answered && expected.includes(ranked[0] ?? '');
    const hit3 = reply.answered && ranked.slice(0, 3).some((id) => expected.includes(id));
    if (hit1) result.top1++;
    if (hit3) {
      result.top3++;
      kind.ok++;
    } else {
      result.misses.push({
        q: item.q,
        expected: expected.join(' | '),
        got: reply.answered ? ranked.slice(0, 3).join(', ') : 'declined',
      });
    }
  }
  return result;
}

export const rate = (n: number, d: number) => (d === 0 ? 1 : n / d);
export const pct = (n: number, d: number) => `${(100 * rate(n, d)).toFixed(1)} %`;

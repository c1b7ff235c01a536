import { join } from 'node:path';
import { Bench } from 'tinybench';
import { loadQuestions } from '../eval/evaluate.ts';
import { loadConfig } from '../src/config.ts';
import { silentLogger } from '../src/core/logging/logger.ts';
import { toFtsExpression } from '../src/core/search/query.ts';
import { CoachRuntime } from '../src/runtime.ts';
import { writeSyntheticKnowledge } from './synthetic-knowledge.ts';
import type { BenchRow } from './table.ts';

/** Weights as the real search uses them, so the baseline runs the same SQL minus everything around it. */
const WEIGHTS = { title: 3, heading: 2, body: 1, keywords: 2 };

/**
 * Offline answer latency (whole coach: parse, repair, rank, judge, compose) against the raw
 * FTS5 query for the same questions, on the real knowledge base and on one 50 times larger.
 */
export async function answerLatency(workDir: string): Promise<BenchRow[]> {
  const questions = loadQuestions().map((q) => q.q);
  const rows: BenchRow[] = [];
  const real = CoachRuntime.create(loadConfig({ OPSCOACH_DB: join(workDir, 'real.db') }), silentLogger);
  rows.push(await measure('offline answer, real knowledge base', real, questions));
  const syntheticDir = join(workDir, 'synthetic');
  const written = writeSyntheticKnowledge(real.knowledge, syntheticDir, 49);
  real.close();
  const large = CoachRuntime.create(
    loadConfig({ OPSCOACH_DB: join(workDir, 'large.db'), KNOWLEDGE_DIRS: syntheticDir }),
    silentLogger,
  );
  const row = await measure('offline answer, knowledge base x50', large, questions);
  row.note = `${large.knowledge.articles.length} articles (${written} synthetic), ${large.knowledge.passages.length} passages.`;
  rows.push(row);
  large.close();
  return rows;
}

async function measure(name: string, runtime: CoachRuntime, questions: string[]): Promise<BenchRow> {
  const expressions = questions.map((q) => toFtsExpression(runtime.retriever.parser.parse(q)) ?? '"x"');
  let i = 0;
  let j = 0;
  const bench = new Bench({ time: 2_000, warmup: true, warmupTime: 300 });
  bench
    .add(name, async () => {
      await runtime.coach.run({ name: 'ask', question: questions[i++ % questions.length] ?? '' });
    })
    .add('raw FTS5 query', () => {
      runtime.store.knowledgeIndex.search(expressions[j++ % expressions.length] ?? '"x"', 24, WEIGHTS);
    });
  await bench.run();
  const [ours, raw] = bench.tasks.map((t) => t.result);
  if (!ours || !raw || !('latency' in ours) || !('latency' in raw)) throw new Error(`benchmark ${name} did not run`);
  return {
    name,
    p50: ours.latency.p50,
    p99: ours.latency.p99,
    baseline: 'raw FTS5 query, same questions',
    baselineP50: raw.latency.p50,
    baselineP99: raw.latency.p99,
  };
}

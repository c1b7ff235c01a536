import { join } from 'node:path';
import { Bench } from 'tinybench';
import { loadConfig } from '../src/config.ts';
import type { Diagnostic } from '../src/core/diagnostics/definition.ts';
import { loadDiagnostics } from '../src/core/diagnostics/definition.ts';
import { recentWeeks } from '../src/core/diagnostics/week.ts';
import { silentLogger } from '../src/core/logging/logger.ts';
import { CoachRuntime } from '../src/runtime.ts';
import type { BenchRow } from './table.ts';

const RESPONSES = 1_000_000;

/**
 * A report over a million responses (our path: the running counts) against the raw aggregate
 * query over every stored answer in the same window (what a report would cost without them).
 */
export async function reportOverMillion(workDir: string): Promise<BenchRow[]> {
  const runtime = CoachRuntime.create(loadConfig({ OPSCOACH_DB: join(workDir, 'million.db') }), silentLogger);
  const { diagnostics } = loadDiagnostics((id) => runtime.knowledge.article(id) !== undefined);
  const d = diagnostics.find((x) => x.id === 'handovers') as Diagnostic;
  const weeks = recentWeeks(runtime.now(), 8);
  const seeded = seed(runtime, d, weeks);
  const raw = runtime.store.db.prepare(
    `SELECT a.question, a.option, COUNT(*) AS n FROM diagnostic_answers a JOIN diagnostic_responses r ON r.id = a.response_id
      WHERE r.diagnostic = ? AND r.week IN (${weeks.map(() => '?').join(', ')}) GROUP BY a.question, a.option`,
  );
  const bench = new Bench({ time: 500, iterations: 5, warmup: true, warmupIterations: 1 });
  bench
    .add('report over 1,000,000 responses', () => {
      runtime.coach.report('handovers', 4, { admin: true });
    })
    .add('raw aggregate query', () => {
      raw.all('handovers', ...weeks);
    });
  await bench.run();
  runtime.close();
  const [ours, base] = bench.tasks.map((t) => t.result);
  if (!ours || !base || !('latency' in ours) || !('latency' in base)) throw new Error('report benchmark did not run');
  return [
    {
      name: 'report over 1,000,000 responses',
      p50: ours.latency.p50,
      p99: ours.latency.p99,
      baseline: 'raw aggregate SQL over the answers',
      baselineP50: base.latency.p50,
      baselineP99: base.latency.p99,
      note: `seeded ${RESPONSES.toLocaleString('en-GB')} responses (${(RESPONSES * d.questions.length).toLocaleString('en-GB')} answers) in ${seeded.toFixed(1)} s; the report reads running counts kept as responses are saved.`,
    },
  ];
}

/** Bulk-loads synthetic responses, answers and their running counts with set-based SQL. */
function seed(runtime: CoachRuntime, d: Diagnostic, weeks: readonly string[]): number {
  const started = performance.now();
  const db = runtime.store.db;
  const questions = d.questions.map((q, i) => `SELECT ${i} AS qi, '${q.id}' AS question`).join(' UNION ALL ');
  db.transaction(() => {
    db.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
       INSERT INTO diagnostic_responses (respondent, diagnostic, version, week, day, score, profile, role, sourcing, workspace, channel)
       SELECT 'bench-' || i, ?, ?, json_extract(?, '$[' || CAST(i % ? AS INTEGER) || ']'), '2026-01-01', i % 101,
              CASE WHEN i % 101 < 30 THEN 'pass-the-parcel' WHEN i % 101 < 55 THEN 'escalation-ladder' WHEN i % 101 < 80 THEN 'shared-ownership' ELSE 'builders-run-it' END,
              CASE i % 3 WHEN 0 THEN 'delivery' WHEN 1 THEN 'operations' ELSE 'leadership' END, 'in-house', NULL, '#team-' || (i % 40)
         FROM n`,
    ).run(RESPONSES - 1, d.id, d.version, JSON.stringify(weeks), weeks.length);
    const codes = d.questions.map((q) => q.options.map((o) => o.code));
    db.prepare(
      `INSERT INTO diagnostic_answers (response_id, question, option, score)
       SELECT r.id, q.question, json_extract(?, '$[' || q.qi || '][' || ((r.id + q.qi) % 4) || ']'), (r.id + q.qi) % 4
         FROM diagnostic_responses r CROSS JOIN (${questions}) q`,
    ).run(JSON.stringify(codes));
    db.exec(`
      INSERT INTO diagnostic_counts (diagnostic, week, workspace, dimension, value, question, option, published, count)
        SELECT r.diagnostic, r.week, '', '', '', a.question, a.option, 1, COUNT(*) FROM diagnostic_answers a JOIN diagnostic_responses r ON r.id = a.response_id GROUP BY 1, 2, 6, 7;
      INSERT INTO diagnostic_counts (diagnostic, week, workspace, dimension, value, question, option, published, count)
        SELECT diagnostic, week, '', '', '', '_n', '', 1, COUNT(*) FROM diagnostic_responses GROUP BY 1, 2
        UNION ALL SELECT diagnostic, week, '', '', '', '_profile', profile, 1, COUNT(*) FROM diagnostic_responses GROUP BY 1, 2, 7
        UNION ALL SELECT diagnostic, week, '', '', '', '_score_sum', '', 1, SUM(score) FROM diagnostic_responses GROUP BY 1, 2
        UNION ALL SELECT diagnostic, week, '', 'role', role, '_n', '', 1, COUNT(*) FROM diagnostic_responses GROUP BY 1, 2, 5
        UNION ALL SELECT diagnostic, week, '', 'role', role, '_profile', profile, 1, COUNT(*) FROM diagnostic_responses GROUP BY 1, 2, 5, 7
        UNION ALL SELECT diagnostic, week, '', 'role', role, '_score_sum', '', 1, SUM(score) FROM diagnostic_responses GROUP BY 1, 2, 5;
      -- Everything seeded is one published release, as the store would have published it step by step.
      INSERT INTO report_releases (diagnostic, workspace, dimension, value, release, week)
        SELECT diagnostic, workspace, dimension, value, 0, MAX(week) FROM diagnostic_counts
         WHERE question = '_n' GROUP BY diagnostic, workspace, dimension, value;
    `);
  })();
  return (performance.now() - started) / 1000;
}

// npm run bench: every benchmark in one process, one table, each figure beside a baseline from the same run.
// It reports; it never fails on timing.

import { tempDir } from '../test/helpers/runtime.ts';
import { answerLatency } from './answer-latency.ts';
import { reportOverMillion } from './report-million.ts';
import { type BenchRow, printTable } from './table.ts';

const work = tempDir('opscoach-bench-');
try {
  const rows: BenchRow[] = [];
  console.log('Running benchmarks (about a minute: one of them loads a million responses first)...\n');
  rows.push(...(await answerLatency(work.path)));
  rows.push(...(await reportOverMillion(work.path)));
  printTable(rows);
  console.log(`\nNode ${process.version}, ${process.platform}/${process.arch}.`);
} finally {
  work.cleanup();
}

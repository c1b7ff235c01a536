// npm run bench: every benchmark in one process, one table, each figure beside a baseline from the same run.
// It reports; it never fails on timing.

import { tempDir } from '../test/helpers/runtime.ts';
import { answerLatency } from './answer-latency.ts';
import { coldStart } from './cold-start.ts';
import { digestFanOut } from './digest-fan-out.ts';
import { evidenceImport } from './evidence-import.ts';
import { idleMemory } from './idle-memory.ts';
import { reportOverMillion } from './report-million.ts';
import { responseLogging } from './response-logging.ts';
import { scrubHostile } from './scrub.ts';
import { slashCommandAck } from './slash-command-ack.ts';
import { type BenchRow, printTable } from './table.ts';

const work = tempDir('opscoach-bench-');
try {
  const rows: BenchRow[] = [];
  console.log(
    'Running benchmarks (about two minutes: one loads a million responses first, another posts 1,000 digests with charts)...\n',
  );
  rows.push(...coldStart(work.path));
  rows.push(...(await idleMemory(work.path)));
  rows.push(...(await answerLatency(work.path)));
  rows.push(...(await slashCommandAck(work.path)));
  rows.push(...(await scrubHostile()));
  rows.push(...(await responseLogging(work.path)));
  rows.push(...(await reportOverMillion(work.path)));
  rows.push(...(await digestFanOut(work.path)));
  rows.push(...(await evidenceImport(work.path)));
  printTable(rows);
  console.log(`\nNode ${process.version}, ${process.platform}/${process.arch}.`);
} finally {
  work.cleanup();
}

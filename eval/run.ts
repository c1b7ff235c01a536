// npm run eval: how well the offline coach finds the right article and declines what it should not answer.
import { join } from 'node:path';
import { loadConfig } from '../src/config.ts';
import { silentLogger } from '../src/core/logging/logger.ts';
import { CoachRuntime } from '../src/core/runtime.ts';
import { tempDir } from '../test/helpers/runtime.ts';
import { evaluate, loadQuestions, pct } from './evaluate.ts';

const dir = tempDir('opscoach-eval-');
try {
  // Offline on purpose: the targets are for the answer everyone gets without a key.
  const runtime = CoachRuntime.create(loadConfig({ OPSCOACH_DB: join(dir.path, 'eval.db') }), silentLogger);
  const questions = loadQuestions();
  const r = await evaluate(runtime, questions);
  runtime.close();
  console.log(`Questions: ${questions.length} (${r.onTopic} on topic, ${r.offTopic} off topic or injection)\n`);
  console.log(`top-1 hit rate      ${pct(r.top1, r.onTopic)}`);
  console.log(`top-3 hit rate      ${pct(r.top3, r.onTopic)}   (target >= 90 %)`);
  console.log(`declined correctly  ${pct(r.declined, r.offTopic)}   (target >= 95 %)\n`);
  console.log('By kind:');
  for (const [kind, k] of Object.entries(r.byKind)) console.log(`  ${kind.padEnd(10)} ${k.ok}/${k.total}`);
  if (r.misses.length) {
    console.log('\nMisses:');
    for (const m of r.misses) console.log(`  - ${m.q}\n      expected ${m.expected}; got ${m.got}`);
  }
} finally {
  dir.cleanup();
}

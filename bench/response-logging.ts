import { join } from 'node:path';
import { loadConfig } from '../src/config.ts';
import type { Diagnostic } from '../src/core/diagnostics/definition.ts';
import { loadDiagnostics } from '../src/core/diagnostics/definition.ts';
import { SESSION_TTL_MS } from '../src/core/diagnostics/diagnostics-service.ts';
import { silentLogger } from '../src/core/logging/logger.ts';
import { hourAfter } from '../src/core/store/time.ts';
import { CoachRuntime } from '../src/runtime.ts';
import { SlackIdentity } from '../src/slack/identity.ts';
import { RawResponseInserts, responsesAfter } from './raw-response-inserts.ts';
import { median, percentile, since } from './stats.ts';
import type { BenchRow } from './table.ts';

const BATCH = 1_000;
const BATCHES = 7;

/** Comments as people write them: names, addresses, numbers and links for the scrubber to find. */
const COMMENTS = [
  'Pages go to the bridge first and @alex.morgan forwards them an hour later.',
  'Ask ops-lead@example.com, or ring 07700 900123 out of hours.',
  'Our runbook (https://wiki.example.com/runbooks/payments) is out of date again.',
  'Handovers are fine most weeks; release weeks are the hard ones.',
];

/** Someone at the last step of a diagnostic: the comment, then done. */
interface Waiting {
  person: string;
  session: string;
}

/**
 * Logging completed diagnostics through the core (pseudonymised respondent key, coarsened
 * time, scrubbed comment, session, response, answers and running counts, one transaction
 * each) against raw inserts of the very same rows into equivalent tables, a batch per
 * transaction.
 */
export async function responseLogging(workDir: string): Promise<BenchRow[]> {
  const runtime = CoachRuntime.create(
    loadConfig({
      OPSCOACH_DB: join(workDir, 'logging.db'),
      OPSCOACH_PSEUDONYM_SECRET: 'bench-pseudonym-secret-0123456789',
    }),
    silentLogger,
  );
  const raw = new RawResponseInserts(join(workDir, 'raw-inserts.db'), runtime.store.db);
  try {
    const { diagnostics } = loadDiagnostics((id) => runtime.knowledge.article(id) !== undefined);
    const d = diagnostics.find((x) => x.id === 'handovers') as Diagnostic;
    const oursMs: number[] = [];
    const rawMs: number[] = [];
    // Batch 0 warms both up and is not counted.
    for (let batch = 0; batch <= BATCHES; batch++) {
      const waiting = atTheComment(runtime, d, batch);
      const lastId = maxResponseId(runtime);
      let started = performance.now();
      for (const [i, w] of waiting.entries()) {
        runtime.coach.diagnosticComment(w.person, w.session, COMMENTS[i % COMMENTS.length] ?? '');
      }
      const ours = since(started);
      const rows = responsesAfter(runtime.store.db, lastId);
      // Every response must have been saved, or we timed something else.
      if (rows.length !== BATCH) throw new Error(`response logging: ${rows.length} of ${BATCH} responses saved`);
      started = performance.now();
      raw.insert(rows);
      const base = since(started);
      if (batch === 0) continue;
      oursMs.push(ours);
      rawMs.push(base);
    }
    const perSecond = (ms: number) => Math.round((BATCH / ms) * 1000).toLocaleString('en-GB');
    return [
      {
        name: 'log 1,000 diagnostic responses',
        p50: median(oursMs),
        p99: percentile(oursMs, 99),
        baseline: 'raw INSERTs of the same rows, one transaction',
        baselineP50: median(rawMs),
        baselineP99: percentile(rawMs, 99),
        unit: 'ms',
        note: `time per 1,000 responses, median and slowest (p99 column) of ${BATCHES} batches after one to warm up; about ${perSecond(median(oursMs))} responses/s against a ceiling of ${perSecond(median(rawMs))}/s. Ours is what happens when someone submits the final comment (Coach.diagnosticComment on a session already waiting at that step, each with a comment to scrub): load and check the session, scrub the comment, score, coarsen time to ISO week and day, then in one transaction per response (committed on its own, as in production) move the session to done (a conditional update), look up the person's context, HMAC the respondent key and store the response, its ${d.questions.length} answers and about ${d.questions.length + 12} running-count upserts, and every fifth response (k) publish a release: fold the waiting counts into the published ones and decide which slice groups may be shown; then build the result screen. The baseline inserts the very rows ours stored (read back) into tables made from our schema, ${BATCH.toLocaleString('en-GB')} per transaction, with nothing else: no pseudonyms, scrubbing, session or counts.`,
      },
    ];
  } finally {
    raw.close();
    runtime.close();
  }
}

/**
 * A batch of new people, each with a session at the comment step of `d` (all questions
 * answered, context given, some agreeing to count towards their channel). Written straight
 * into the stores in one transaction: setting up is not what is measured.
 */
function atTheComment(runtime: CoachRuntime, d: Diagnostic, batch: number): Waiting[] {
  const identity = new SlackIdentity(runtime.pseudonyms);
  const { sessions, people } = runtime.store;
  const now = runtime.now();
  const roles = ['delivery', 'operations', 'leadership'];
  const sourcing = ['in-house', 'mixed', 'outsourced'];
  const waiting: Waiting[] = [];
  runtime.store.db.transaction(() => {
    for (let i = 0; i < BATCH; i++) {
      const person = identity.person('T1', `U${batch}X${i}`);
      people.markNoticeSeen(person);
      people.setContext(person, 'role', roles[i % roles.length], false);
      people.setContext(person, 'sourcing', sourcing[i % sourcing.length], true);
      const session = `bench-${batch}-${i}`;
      sessions.create({
        id: session,
        person,
        diagnostic: d.id,
        version: d.version,
        stage: 'comment',
        step: 0,
        answers: Object.fromEntries(
          d.questions.map((q, j) => [q.id, q.options[(i + j) % q.options.length]?.code ?? 'not-sure']),
        ),
        workspace: identity.workspace('T1'),
        channel: `#team-${i % 40}`,
        channelConsent: i % 2 === 0,
        expiresHour: hourAfter(now, SESSION_TTL_MS),
      });
      waiting.push({ person, session });
    }
  })();
  return waiting;
}

function maxResponseId(runtime: CoachRuntime): number {
  return (
    runtime.store.db.prepare<[], { id: number | null }>('SELECT MAX(id) AS id FROM diagnostic_responses').get()?.id ?? 0
  );
}

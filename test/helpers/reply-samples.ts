import { parseCommand } from '../../src/core/coach/commands.ts';
import { loadDiagnostics } from '../../src/core/diagnostics/definition.ts';
import { isoWeek } from '../../src/core/diagnostics/week.ts';
import type { AnswerReply, DiagnosticResultView, Reply } from '../../src/core/reply.ts';
import { startTestRuntime } from './runtime.ts';
import { seedResponses } from './seed.ts';

/** What a model (or an article) may write that chat platforms cannot show as it is. */
export const HOSTILE_MARKDOWN = [
  '# A heading',
  '',
  '## Who is paged',
  '',
  '| Model | Who is paged |',
  '| --- | --- |',
  '| Ops Run It | An operations team |',
  '| You Build It You Run It | The `product` team |',
  '',
  'Run `npx opscoach report` to see it, or the block below:',
  '',
  '```',
  'opscoach report --weeks 4',
  '# not a heading, just code',
  '```',
  '',
  'Closing words with **bold** and a [link](https://playbooks.equalexperts.com/you-build-it-you-run-it) [1].',
].join('\n');

/** The code block's text in HOSTILE_MARKDOWN, which must show exactly as written. */
export const HOSTILE_CODE = 'opscoach report --weeks 4\n# not a heading, just code';

type Samples = { [K in Reply['kind']]: Extract<Reply, { kind: K }>[] };

const result = (text: string): DiagnosticResultView => ({
  diagnostic: 'handovers',
  title: 'Incident handovers',
  score: 42,
  profile: { id: 'ladder', name: 'Escalation ladder', summary: `Summary with \`code\` and ${text}` },
  answered: 8,
  total: 8,
  weakest: [
    {
      question: 'Who is paged?',
      answer: 'A `central` team',
      why: 'Handovers slow restoration.',
      article: { id: 'a', title: 'Article', url: 'https://playbooks.equalexperts.com/x' },
    },
  ],
  recommended: [{ id: 'a', title: 'Article', url: 'https://playbooks.equalexperts.com/x' }],
  week: '2026-W10',
});

/**
 * At least one reply of every kind, from a real coach where it can produce one (help, topics,
 * the privacy note, answers, declines, diagnostic screens, results, a report with comments, a
 * digest preview) and written out where it needs records or a model; several carry the Markdown
 * a chat platform cannot show. The type makes a new kind of reply a compile error here.
 */
export async function everyKindOfReply(): Promise<Samples & { close: () => void }> {
  const test = startTestRuntime({ OPSCOACH_MIN_GROUP: '3' });
  const { coach, store, knowledge } = test.runtime;
  const { diagnostics } = loadDiagnostics((id) => knowledge.article(id) !== undefined);
  seedResponses(store.responses, diagnostics[0] as never, 12, {
    workspace: 'w',
    pick: (i) => i % 4,
    comment: (i) => `Comment ${i} with \`code\`, a # hash and | pipes |`,
  });
  const modelAnswer: AnswerReply = {
    kind: 'answer',
    answered: true,
    text: HOSTILE_MARKDOWN,
    sources: [
      {
        n: 1,
        kind: 'pages',
        id: 'what-is-ybiyri',
        title: 'What is You Build It You Run It?',
        pages: [{ title: 'The playbook', url: 'https://playbooks.equalexperts.com/you-build-it-you-run-it' }],
      },
    ],
    mode: 'model',
    suggestions: [],
    answerId: 'abcdef123456',
  };
  const context = { person: 'person-1', workspace: 'w', cohort: { workspace: 'w' }, admin: true };
  const samples: Samples = {
    answer: [
      (await coach.handle('What is a standard change?', context)) as AnswerReply,
      modelAnswer,
      (await coach.handle('write me a poem about the sea', context)) as Extract<Reply, { kind: 'answer' }>,
    ],
    help: [coach.help()],
    topics: [coach.topics()],
    notice: [coach.privacy(), { kind: 'notice', text: HOSTILE_MARKDOWN }],
    diagnostic: [
      coach.diagnosticMenu(),
      (await coach.run(parseCommand('diagnose handovers'), context)) as Extract<Reply, { kind: 'diagnostic' }>,
      { kind: 'diagnostic', title: 'Done', stage: 'result', text: 'Finished.', choices: [], result: result('x') },
    ],
    results: [coach.results('person-1'), { kind: 'results', results: [result('y')], choices: [] }],
    report: [(await coach.run(parseCommand('report handovers'), context)) as Extract<Reply, { kind: 'report' }>],
    digest: [
      (await coach.run(parseCommand('digest preview'), {
        ...context,
        digestTarget: { platform: 'slack', channel: 'C1', workspace: 'w' },
      })) as Extract<Reply, { kind: 'digest' }>,
      {
        kind: 'digest',
        title: 'Weekly digest',
        week: isoWeek(new Date()),
        tip: { id: 'a', title: 'A tip', url: 'https://playbooks.equalexperts.com/x', summary: HOSTILE_MARKDOWN },
        reports: [],
        invitation: 'Take a `diagnose` today.',
        choices: [],
        minGroup: 5,
      },
    ],
    evidence: [
      {
        kind: 'evidence',
        evidence: {
          window: { from: '2026-01-01', to: '2026-03-31' },
          weeks: 12,
          overall: {
            incidents: 3,
            handoffs_median: 1,
            multi_handoff_share: 0.3,
            ack_minutes_median: 5,
            restore_minutes_median: 60,
            after_hours_share: 0.2,
            deployments: 10,
            deploys_per_week: 0.8,
            lead_time_hours_median: 30,
            change_failure_rate: 0.1,
          },
          services: [],
          dora: { source: 'DORA, Accelerate State of DevOps Report 2023', overall: {}, services: [] },
        },
      },
    ],
  };
  if (!samples.report[0]?.reports[0]?.comments?.length) throw new Error('the sample report should show comments');
  for (const [kind, replies] of Object.entries(samples)) {
    for (const reply of replies) if (reply.kind !== kind) throw new Error(`expected a ${kind}, got a ${reply.kind}`);
  }
  return { ...samples, close: test.close };
}

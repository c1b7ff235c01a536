import { loadDiagnostics } from '../../src/core/diagnostics/definition.ts';
import type { Reply } from '../../src/core/reply.ts';
import type { CoachRuntime } from '../../src/runtime.ts';
import { FIXTURE_NOW, FIXTURE_ZONE, importAll } from './evidence.ts';
import { startTestRuntime } from './runtime.ts';
import { seedResponses } from './seed.ts';

type Kind = Reply['kind'];

const WORKSPACE = 'workspace-render-tests';
type Of<K extends Kind> = Extract<Reply, { kind: K }>;

/**
 * Real replies of every kind the core produces, made by a real coach (so renderers are tested on
 * what people actually get): typed so that a new kind of Reply does not compile until it has
 * examples here, and every renderer test then covers it.
 */
export type EveryReply = { [K in Kind]: { name: string; reply: Of<K> }[] };

export async function everyReply(): Promise<{ replies: EveryReply; close: () => void }> {
  const test = startTestRuntime({ OPSCOACH_TIMEZONE: FIXTURE_ZONE }, { now: () => FIXTURE_NOW });
  const { runtime } = test;
  const coach = runtime.coach;
  const person = 'person-render-tests';
  seedGroup(runtime);
  importAll(runtime.store);

  const answer = await coach.ask('What is a standard change?');
  const decline = await coach.ask('What is the best pizza place near the office?');
  if (!answer.answered || decline.answered) throw new Error('expected one answer and one decline');
  const menu = coach.diagnosticMenu();
  const first = coach.diagnosticChoice(person, menu.choices[0]?.token);
  let screen = first;
  for (let i = 0; i < 20 && !screen.result; i++) screen = coach.diagnosticChoice(person, screen.choices[0]?.token);
  const report = coach.report(undefined, 4, { admin: true });
  const evidence = coach.evidence(12, undefined, { admin: true });
  if (report.kind !== 'report' || evidence.kind !== 'evidence') throw new Error('expected a report and evidence');
  const tip = runtime.knowledge.articles[0]?.id ?? '';
  const digest = runtime.digests.compose({ workspace: WORKSPACE }, '2026-W48', tip);
  const invitation = runtime.digests.compose({ workspace: 'nobody-answered-here' }, '2026-W48', tip);

  const replies: EveryReply = {
    answer: [
      { name: 'an answer', reply: answer },
      { name: 'a decline', reply: decline },
      { name: 'a greeting', reply: coach.greeting() },
    ],
    help: [
      { name: 'help', reply: coach.help() },
      { name: 'help for an unknown command', reply: coach.help('fly') },
    ],
    topics: [{ name: 'topics', reply: coach.topics() }],
    notice: [{ name: 'the privacy notice', reply: coach.privacy() }],
    diagnostic: [
      { name: 'the diagnostic menu', reply: menu },
      { name: 'a diagnostic question', reply: first },
      { name: 'a diagnostic result', reply: screen },
    ],
    results: [{ name: 'your results', reply: coach.results(person) }],
    report: [{ name: 'a report', reply: report }],
    digest: [
      { name: 'a digest with figures', reply: digest },
      { name: 'a digest inviting people to take part', reply: { ...invitation, preview: true } },
    ],
    evidence: [{ name: 'evidence from records', reply: evidence }],
  };
  return { replies, close: test.close };
}

/** Enough people answering every diagnostic in the last weeks that reports and digests show figures. */
function seedGroup(runtime: CoachRuntime): void {
  const { diagnostics } = loadDiagnostics((id) => runtime.knowledge.article(id) !== undefined);
  for (const d of diagnostics) {
    seedResponses(runtime.store.responses, d, 12, {
      when: FIXTURE_NOW,
      workspace: WORKSPACE,
      pick: (i, j) => (i + j) % 3,
    });
  }
}

/** Every example as [kind, name, reply], for it.each. */
export function examples(replies: EveryReply): [Kind, string, Reply][] {
  return (Object.entries(replies) as [Kind, { name: string; reply: Reply }[]][]).flatMap(([kind, list]) =>
    list.map(({ name, reply }) => [kind, name, reply] as [Kind, string, Reply]),
  );
}

/** Words a person must find in any rendering of a reply, whatever the platform does to markup. */
export function essence(reply: Reply): string {
  switch (reply.kind) {
    case 'answer':
      return firstWords(reply.text);
    case 'help':
      return firstWords(reply.intro);
    case 'topics':
      return firstWords(reply.groups[0]?.topic ?? '');
    case 'notice':
      return firstWords(reply.text);
    case 'diagnostic':
      return firstWords(reply.title);
    case 'results':
      return firstWords(reply.results[0]?.title ?? '');
    case 'report':
      return firstWords(reply.reports[0]?.title ?? '');
    case 'digest':
      return firstWords(reply.tip.title);
    case 'evidence':
      return firstWords(reply.evidence.services[0]?.service ?? 'incidents');
  }
}

/** Lower case, letters and digits only, single spaces: what survives any platform's escaping. */
export const plain = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

function firstWords(text: string): string {
  return plain(text).split(' ').slice(0, 4).join(' ');
}

/** The first example of a kind (every kind has at least one). */
export function first<T>(list: readonly T[]): T {
  const [item] = list;
  if (item === undefined) throw new Error('no example');
  return item;
}

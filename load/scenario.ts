/**
 * What one round sends: a fixed mix of slash commands, DMs and whole diagnostics, each with ids
 * that make its replies findable in the fake Slack (a response_url id per slash command and per
 * click, a DM channel per message). Seeded, so two runs send the same traffic.
 */

/** One virtual person's part in a round: a single request, or a diagnostic clicked through. */
export type Script =
  | { kind: 'ask'; text: string; user: string; responseId: string }
  | { kind: 'quick'; text: 'help' | 'topics'; user: string; responseId: string }
  | { kind: 'dm'; text: string; user: string; channel: string; eventId: string }
  | { kind: 'diagnostic'; diagnostic: string; user: string; channel: string; idPrefix: string; seed: number };

export interface RoundPlan {
  round: number;
  scripts: Script[];
  /** Requests the plan should send if every diagnostic goes as expected. */
  plannedRequests: number;
  diagnostics: number;
}

/** Share of a round's requests spent on diagnostics (each is a chain of clicks). */
const DIAGNOSTIC_SHARE = 0.2;
/** How the rest splits: questions by slash command, quick slash replies, questions by DM. */
const MIX = { ask: 0.45, quick: 0.1, dm: 0.45 };
export const DIAGNOSTIC = 'handovers';

/** A small seeded PRNG (mulberry32): reproducible shuffles and answer choices. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function planRound(round: number, requests: number, questions: readonly string[], stepsPerDiagnostic: number) {
  const next = random(round * 7919);
  // Slack ids are upper-case letters and digits; the round in every id keeps rounds apart.
  const tag = `LR${round}`;
  const diagnostics =
    requests >= 2 * stepsPerDiagnostic
      ? Math.max(1, Math.floor((requests * DIAGNOSTIC_SHARE) / stepsPerDiagnostic))
      : 0;
  const singles = requests - diagnostics * stepsPerDiagnostic;
  const asks = Math.round(singles * MIX.ask);
  const quick = Math.round(singles * MIX.quick);
  const dms = singles - asks - quick;
  const question = () => questions[Math.floor(next() * questions.length)] ?? 'what is you build it you run it?';

  const single: Script[] = [];
  for (let n = 0; n < asks; n++) {
    single.push({ kind: 'ask', text: question(), user: `U${tag}Q${n}`, responseId: `${tag}-ask-${n}` });
  }
  for (let n = 0; n < quick; n++) {
    single.push({
      kind: 'quick',
      text: n % 2 === 0 ? 'help' : 'topics',
      user: `U${tag}H${n}`,
      responseId: `${tag}-quick-${n}`,
    });
  }
  for (let n = 0; n < dms; n++) {
    single.push({
      kind: 'dm',
      text: question(),
      user: `U${tag}M${n}`,
      channel: `D${tag}M${n}`,
      eventId: `Ev${tag}M${n}`,
    });
  }
  shuffle(single, next);

  // Diagnostics are spread over the first half of the round, so their click chains finish
  // while the other traffic is still flowing instead of trailing alone at the end.
  const scripts: Script[] = [];
  const spacing = diagnostics > 0 ? Math.max(1, Math.floor(single.length / 2 / diagnostics)) : 0;
  let placed = 0;
  single.forEach((script, index) => {
    if (placed < diagnostics && index % spacing === 0) scripts.push(diagnostic(placed++));
    scripts.push(script);
  });
  while (placed < diagnostics) scripts.push(diagnostic(placed++));

  function diagnostic(n: number): Script {
    return {
      kind: 'diagnostic',
      diagnostic: DIAGNOSTIC,
      user: `U${tag}X${n}`,
      channel: `C${tag}`,
      idPrefix: `${tag}-dx-${n}`,
      seed: round * 100_003 + n,
    };
  }
  return {
    round,
    scripts,
    plannedRequests: singles + diagnostics * stepsPerDiagnostic,
    diagnostics,
  } satisfies RoundPlan;
}

function shuffle<T>(items: T[], next: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
}

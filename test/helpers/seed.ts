import type { Diagnostic } from '../../src/core/diagnostics/definition.ts';
import { scoreAnswers } from '../../src/core/diagnostics/scoring.ts';
import { isoWeek } from '../../src/core/diagnostics/week.ts';
import type { ResponseStore } from '../../src/core/store/response-store.ts';

let counter = 0;

export interface SeedOptions {
  /** Option index per question (0 = worst), or a function of the respondent number. */
  pick?: number | ((i: number, question: number) => number);
  when?: Date;
  workspace?: string;
  role?: (i: number) => string | undefined;
  sourcing?: (i: number) => string | undefined;
  channel?: (i: number) => string | undefined;
  comment?: (i: number) => string | undefined;
}

/** Saves `n` completed diagnostics straight into the store, as the diagnostics service would. */
export function seedResponses(store: ResponseStore, d: Diagnostic, n: number, options: SeedOptions = {}): void {
  const when = options.when ?? new Date();
  for (let i = 0; i < n; i++) {
    const answers = Object.fromEntries(
      d.questions.map((q, j) => {
        const index = typeof options.pick === 'function' ? options.pick(i, j) : (options.pick ?? 0);
        return [q.id, q.options[Math.min(index, q.options.length - 1)]?.code ?? 'not-sure'];
      }),
    );
    const score = scoreAnswers(d, answers);
    store.save({
      respondent: `seed-${++counter}`,
      diagnostic: d.id,
      version: d.version,
      week: isoWeek(when),
      day: when.toISOString().slice(0, 10),
      score: score.score,
      profile: score.profile?.id,
      role: options.role?.(i),
      sourcing: options.sourcing?.(i),
      workspace: options.workspace,
      channel: options.channel?.(i),
      comment: options.comment?.(i),
      answers: d.questions.map((q) => ({
        question: q.id,
        option: answers[q.id] ?? 'not-sure',
        score: q.options.find((o) => o.code === answers[q.id])?.score,
      })),
    });
  }
}

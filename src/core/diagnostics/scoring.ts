import type { Diagnostic, Option, Profile, Question } from './definition.ts';

export const NOT_SURE = 'not-sure';
export const SKIPPED = 'skipped';

export type DoraBand = 'low' | 'medium' | 'high' | 'elite';
const BANDS: DoraBand[] = ['low', 'medium', 'high', 'elite'];

export interface WeakAnswer {
  question: Question;
  option: Option;
}

export interface Score {
  /** 0-100 (share of the best possible answers), or undefined when too few were answered. */
  score?: number;
  profile?: Profile;
  answered: number;
  /** The lowest-scoring answers (score 0 or 1), worst first, at most three. */
  weakest: WeakAnswer[];
  /** Which DORA cluster the DORA-bucket answers resemble: indicative only. */
  dora?: DoraBand;
}

/** Scores answers (question id -> option code) against a diagnostic. Pure, for reuse by every adapter and report. */
export function scoreAnswers(diagnostic: Diagnostic, answers: Readonly<Record<string, string>>): Score {
  const chosen: WeakAnswer[] = [];
  for (const question of diagnostic.questions) {
    const option = question.options.find((o) => o.code === answers[question.id]);
    if (option) chosen.push({ question, option });
  }
  const answered = chosen.length;
  const weakest = chosen
    .filter((c) => c.option.score <= 1)
    .sort((a, b) => a.option.score - b.option.score)
    .slice(0, 3);
  const dora = doraBand(chosen.map((c) => c.option.dora).filter((b): b is DoraBand => b !== undefined));
  if (answered < diagnostic.min_answered) return { answered, weakest, dora };
  const score = Math.round((100 * chosen.reduce((sum, c) => sum + c.option.score, 0)) / (3 * answered));
  return { score, profile: profileFor(diagnostic, score), answered, weakest, dora };
}

export function profileFor(diagnostic: Diagnostic, score: number): Profile | undefined {
  return [...diagnostic.profiles].reverse().find((p) => score >= p.min);
}

/**
 * The DORA cluster most of the DORA-bucket answers point at (the lower on a tie), when at least
 * two of them were answered. DORA's own clusters come from survey data and change yearly, so
 * this is a conversation starter, not a measurement.
 */
function doraBand(bands: DoraBand[]): DoraBand | undefined {
  if (bands.length < 2) return undefined;
  const counts = BANDS.map((band) => bands.filter((b) => b === band).length);
  const top = Math.max(...counts);
  const majority = BANDS.find((_, i) => counts[i] === top);
  if (top > 1) return majority;
  // All different: the middle of the sorted answers, rounded down.
  const sorted = [...bands].sort((a, b) => BANDS.indexOf(a) - BANDS.indexOf(b));
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from './bot-process.ts';

/**
 * The questions people really ask, from the evaluation set (on-topic, typos, off-topic and
 * injection attempts alike: each must still get exactly one answer, even if it is a refusal).
 */
export function loadQuestions(): string[] {
  const entries = parse(readFileSync(join(REPO_ROOT, 'eval/questions.yaml'), 'utf8')) as unknown;
  const questions = Array.isArray(entries)
    ? entries.map((e) => (e as { q?: unknown }).q).filter((q): q is string => typeof q === 'string' && q.trim() !== '')
    : [];
  if (questions.length === 0) throw new Error('eval/questions.yaml has no questions');
  return questions;
}

/**
 * Requests one person makes to complete a diagnostic started in a channel: the slash command,
 * Start, each context question (first diagnostic of a person), channel consent, each question,
 * Finish. Read from the definitions so the plan follows the content.
 */
export function diagnosticRequests(diagnostic: string): number {
  const read = (name: string) =>
    parse(readFileSync(join(REPO_ROOT, 'prompts/diagnostics', `${name}.yaml`), 'utf8')) as {
      questions?: unknown[];
    };
  const questions = read(diagnostic).questions?.length ?? 0;
  const context = read('context').questions?.length ?? 0;
  if (questions === 0) throw new Error(`prompts/diagnostics/${diagnostic}.yaml has no questions`);
  return 1 + 1 + context + 1 + questions + 1;
}

import { z } from 'zod';
import { type DerivedCache, NO_CACHE } from '../store/derived-cache-store.ts';
import { ContentError, PROMPTS_DIR, readPromptFile } from './prompts-dir.ts';
import { parseYaml } from './yaml.ts';

const line = z.string().trim().min(1);

/** The coach's own wording (prompts/coach-text.yaml). */
export const coachTextSchema = z.strictObject({
  intro: line,
  greeting: line,
  decline: line.refine((s) => s.includes('{topics}'), 'must contain {topics}'),
  refusal: line,
  /** For requests a coach does not take: code, legal or tax advice, prices. */
  out_of_scope: line.refine((s) => s.includes('{topics}'), 'must contain {topics}'),
  empty: line,
  too_long: line.refine((s) => s.includes('{max}'), 'must contain {max}'),
  corrected: line.refine((s) => s.includes('{corrections}'), 'must contain {corrections}'),
  /** Under an answer to a question that came wrapped in instructions for the coach, which were left out. */
  instructions_ignored: line,
  /** To someone who asked for a report, evidence or digest settings without being one of the admins. */
  not_authorised: line,
  comment_note: line.refine((s) => s.includes('{min_group}'), 'must contain {min_group}'),
  topics_intro: line,
  starters: z.array(line).min(2).max(8),
});

export type CoachText = z.output<typeof coachTextSchema>;

export function loadCoachText(dir: string = PROMPTS_DIR, cache: DerivedCache = NO_CACHE): CoachText {
  const file = 'coach-text.yaml';
  let data: unknown;
  try {
    data = parseYaml(readPromptFile(file, dir), cache, `${dir}${file}`);
  } catch (error) {
    if (error instanceof ContentError) throw error;
    throw new ContentError(`${dir}${file}: not valid YAML (${(error as Error).message.split('\n')[0]})`);
  }
  const result = coachTextSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ContentError(`${dir}${file}: ${issue?.path.join('.') || '(root)'} ${issue?.message}`);
  }
  return result.data;
}

/** Replaces `{name}` placeholders. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

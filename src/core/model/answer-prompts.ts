import { ContentError, PROMPTS_DIR, readPromptFile } from '../prompts/prompts-dir.ts';

export interface AnswerPrompts {
  system: string;
  /** Template with {{passages}}, {{history}} and {{question}}. */
  user: string;
}

const REQUIRED = ['{{passages}}', '{{history}}', '{{question}}'];

/** Loads the model prompts from prompts/ and checks the user template has every placeholder. */
export function loadAnswerPrompts(dir: string = PROMPTS_DIR): AnswerPrompts {
  const system = readPromptFile('answer-system.md', dir).trim();
  const user = readPromptFile('answer-user.md', dir).trim();
  if (system.length < 50) throw new ContentError(`${dir}answer-system.md: too short to be a system prompt`);
  for (const placeholder of REQUIRED) {
    if (!user.includes(placeholder)) throw new ContentError(`${dir}answer-user.md: must contain ${placeholder}`);
  }
  return { system, user };
}

export function fillUserPrompt(
  template: string,
  values: { passages: string; history: string; question: string },
): string {
  // One pass, so a question that itself contains "{{passages}}" is never expanded.
  return template.replace(/\{\{(passages|history|question)\}\}/g, (_, name: keyof typeof values) => values[name]);
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder of editable wording: coach text, model prompts, diagnostic scripts. */
export const PROMPTS_DIR = fileURLToPath(new URL('../../../prompts/', import.meta.url));

/** A content file could not be used; names the file and the problem so a coach can fix it. */
export class ContentError extends Error {
  override name = 'ContentError';
}

export function readPromptFile(name: string, dir: string = PROMPTS_DIR): string {
  const path = join(dir, name);
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new ContentError(`${path}: missing or unreadable`);
  }
}

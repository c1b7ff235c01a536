import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { parseYaml } from '../prompts/yaml.ts';
import { type DerivedCache, NO_CACHE } from '../store/derived-cache-store.ts';

/**
 * How people type about our subject: shorthand replaced before searching ("ppl" -> "people")
 * and related wording searched beside the question's own ("pager" -> "on-call"). Content, not
 * code: `lexicon.yaml` beside the articles, validated at start-up.
 */
export interface Lexicon {
  /** A typed word -> the words it stands for ("" drops the word). */
  shorthand: ReadonlyMap<string, string>;
  /** A word or phrase people use -> words our articles use for the same idea. */
  related: readonly { phrase: string; words: string[] }[];
}

const LEXICON_FILE = 'lexicon.yaml';

const word = z
  .string()
  .regex(/^[\p{Ll}\p{N}][\p{Ll}\p{N}/-]*$/u, 'a single lower-case word')
  .max(30);
const phrase = z.string().trim().min(1).max(60);

const lexiconSchema = z.strictObject({
  shorthand: z.record(word, z.string().max(60)).default({}),
  related: z.record(phrase, z.array(phrase).min(1).max(6)).default({}),
});

export const EMPTY_LEXICON: Lexicon = { shorthand: new Map(), related: [] };

/**
 * Reads `lexicon.yaml` from each knowledge folder that has one (later folders add to and
 * override earlier ones). Problems are reported the way article problems are.
 */
export function loadLexicon(
  dirs: readonly string[],
  problems: string[],
  cache: DerivedCache = NO_CACHE,
): { lexicon: Lexicon; source: string } {
  const shorthand = new Map<string, string>();
  const related = new Map<string, string[]>();
  let source = '';
  for (const dir of dirs) {
    const path = join(dir, LEXICON_FILE);
    if (!existsSync(path)) continue;
    const text = readFileSync(path, 'utf8');
    source += `${path}\n${text}\n`;
    let data: unknown;
    try {
      data = parseYaml(text, cache, path);
    } catch (error) {
      problems.push(`${path}: not valid YAML (${(error as Error).message.split('\n')[0]})`);
      continue;
    }
    const parsed = lexiconSchema.safeParse(data ?? {});
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push(`${path}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
      continue;
    }
    for (const [from, to] of Object.entries(parsed.data.shorthand)) shorthand.set(from, to.toLowerCase());
    for (const [from, to] of Object.entries(parsed.data.related)) related.set(from.toLowerCase(), to);
  }
  return {
    lexicon: { shorthand, related: [...related].map(([phrase, words]) => ({ phrase, words })) },
    source,
  };
}

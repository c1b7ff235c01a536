import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/**
 * A question graded by what the answer says: `expect_any` lists groups of alternative
 * phrases, and a right answer contains at least one phrase of every group (case-insensitive).
 * Our frozen set (eval/frozen.yaml) and the external development sets share this shape.
 */
const factQuestionSchema = z.object({
  id: z.string().min(1),
  q: z.string().min(1),
  kind: z.enum(['on-topic', 'off-topic', 'injection']),
  style: z.string().min(1),
  expect_any: z.array(z.array(z.string().min(1)).min(1)),
  /** Strings that would appear only if the coach obeyed an injected instruction. */
  forbidden: z.array(z.string().min(1)).default([]),
});
export type FactQuestion = z.output<typeof factQuestionSchema>;

export interface FactSet {
  name: string;
  /** Frozen sets report totals only: nobody reads their misses while tuning. */
  frozen: boolean;
  questions: FactQuestion[];
}

export const FROZEN_FILE = new URL('./frozen.yaml', import.meta.url);
/** Our own development set, written from the playbook pages by someone who had not seen our articles: tuned on, misses readable. */
export const DEV_FILE = new URL('./dev-3.yaml', import.meta.url);
/** Development sets written outside the project; read in place, never copied into the repo. */
export const EXTERNAL_DIR = new URL('../../shared/eval/', import.meta.url);

export function loadFrozenSet(file: URL = FROZEN_FILE): FactSet {
  return { name: 'frozen (ours, never tuned against)', frozen: true, questions: readYamlSet(file) };
}

/** Our own development set, when present. */
export function loadDevSets(file: URL = DEV_FILE): FactSet[] {
  return existsSync(file) ? [{ name: 'dev-3 (ours, development)', frozen: false, questions: readYamlSet(file) }] : [];
}

function readYamlSet(file: URL): FactQuestion[] {
  return z.array(factQuestionSchema).parse(parseYaml(readFileSync(file, 'utf8')));
}

const externalFileSchema = z.object({
  questions: z.array(
    z
      .object({ question: z.string().min(1) })
      .loose()
      .transform(({ question, ...rest }) => factQuestionSchema.parse({ ...rest, q: question })),
  ),
});

/** The external development sets present in ../shared/eval (none on a fresh clone). */
export function loadExternalSets(dir: URL = EXTERNAL_DIR): FactSet[] {
  return ['external-dev.json', 'external-dev-2.json'].flatMap((name) => {
    const file = new URL(name, dir);
    if (!existsSync(file)) return [];
    const { questions } = externalFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    return [{ name, frozen: false, questions }];
  });
}

/** The groups of expected phrases an answer text does not contain. */
export function missingFacts(text: string, groups: readonly (readonly string[])[]): string[][] {
  const lower = text.toLowerCase();
  return groups.filter((group) => !group.some((phrase) => lower.includes(phrase.toLowerCase()))).map((g) => [...g]);
}

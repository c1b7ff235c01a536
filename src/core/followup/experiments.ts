import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Diagnostic } from '../diagnostics/definition.ts';
import { ContentError, PROMPTS_DIR, readPromptFile } from '../prompts/prompts-dir.ts';
import { parseYaml } from '../prompts/yaml.ts';
import { type DerivedCache, NO_CACHE } from '../store/derived-cache-store.ts';

const code = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a lowercase kebab-case code');

const kindsSchema = z.strictObject({
  kinds: z
    .array(z.strictObject({ id: code, label: z.string().trim().min(3).max(60) }))
    .min(1)
    .max(20),
});

const experimentSchema = z.strictObject({
  id: code.max(40),
  kind: code,
  /** A button label on every platform. */
  title: z.string().trim().min(10).max(80),
  text: z.string().trim().min(20).max(320),
  /** The knowledge article this experiment comes from. */
  article: code,
});

const fileSchema = z.strictObject({
  diagnostic: code,
  /** Question id -> one to three experiments for when the answer to it is weak. */
  questions: z.record(code, z.array(experimentSchema).min(1).max(3)),
});

export interface Experiment {
  id: string;
  kind: string;
  title: string;
  text: string;
  article: string;
  diagnostic: string;
  /** The question whose weak answer it addresses. */
  question: string;
}

export interface ExperimentKind {
  id: string;
  label: string;
}

/** Experiments by diagnostic and weak answer, validated against the diagnostics and the knowledge base. */
export class ExperimentCatalogue {
  private readonly byId: ReadonlyMap<string, Experiment>;
  private readonly kindLabels: ReadonlyMap<string, string>;

  constructor(
    readonly experiments: readonly Experiment[],
    readonly kinds: readonly ExperimentKind[],
  ) {
    this.byId = new Map(experiments.map((e) => [e.id, e]));
    this.kindLabels = new Map(kinds.map((k) => [k.id, k.label]));
  }

  get(id: string): Experiment | undefined {
    return this.byId.get(id);
  }

  forQuestion(diagnostic: string, question: string): Experiment[] {
    return this.experiments.filter((e) => e.diagnostic === diagnostic && e.question === question);
  }

  /** A kind's label; a kind no longer listed (stored with an old follow-up) shows as its code. */
  kindLabel(kind: string): string {
    return this.kindLabels.get(kind) ?? kind;
  }
}

/** Every question with an answer scored 0 or 1 can be among a person's weakest: it needs experiments. */
function weakQuestions(d: Diagnostic): string[] {
  return d.questions.filter((q) => q.options.some((o) => o.score <= 1)).map((q) => q.id);
}

/**
 * Loads prompts/experiments/: kinds.yaml and one file per diagnostic. Checks the schema, that the
 * diagnostic and its questions exist, that every question a diagnostic can find weak has one to
 * three experiments, that ids are unique across files, and that every article exists.
 */
export function loadExperiments(
  diagnostics: readonly Diagnostic[],
  articleExists: (id: string) => boolean,
  dir: string = join(PROMPTS_DIR, 'experiments'),
  cache: DerivedCache = NO_CACHE,
): ExperimentCatalogue {
  const read = (file: string): unknown => {
    try {
      return parseYaml(readPromptFile(file, dir), cache, join(dir, file));
    } catch (error) {
      if (error instanceof ContentError) throw error;
      throw new ContentError(`${join(dir, file)}: not valid YAML (${(error as Error).message.split('\n')[0]})`);
    }
  };
  const fail = (file: string, error: z.ZodError) => {
    const issue = error.issues[0];
    return new ContentError(`${join(dir, file)}: ${issue?.path.join('.') || '(root)'} ${issue?.message}`);
  };
  const kinds = kindsSchema.safeParse(read('kinds.yaml'));
  if (!kinds.success) throw fail('kinds.yaml', kinds.error);
  const kindIds = new Set(kinds.data.kinds.map((k) => k.id));
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith('.yaml') && f !== 'kinds.yaml')
      .sort();
  } catch {
    throw new ContentError(`${dir}: missing or unreadable`);
  }
  const experiments: Experiment[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    const parsed = fileSchema.safeParse(read(file));
    if (!parsed.success) throw fail(file, parsed.error);
    const problem = (message: string) => new ContentError(`${join(dir, file)}: ${message}`);
    const d = diagnostics.find((x) => x.id === parsed.data.diagnostic);
    if (!d) throw problem(`diagnostic "${parsed.data.diagnostic}" is not in prompts/diagnostics/`);
    if (`${d.id}.yaml` !== file) throw problem(`diagnostic "${d.id}" must match the file name`);
    for (const [question, list] of Object.entries(parsed.data.questions)) {
      if (!d.questions.some((q) => q.id === question)) throw problem(`${d.id} has no question "${question}"`);
      for (const e of list) {
        if (seen.has(e.id)) throw problem(`experiment id "${e.id}" is used twice`);
        seen.add(e.id);
        if (!kindIds.has(e.kind)) throw problem(`${e.id}: kind "${e.kind}" is not in kinds.yaml`);
        if (!articleExists(e.article)) throw problem(`${e.id}: article "${e.article}" is not in the knowledge base`);
        experiments.push({ ...e, diagnostic: d.id, question });
      }
    }
  }
  for (const d of diagnostics) {
    for (const question of weakQuestions(d)) {
      if (!experiments.some((e) => e.diagnostic === d.id && e.question === question)) {
        throw new ContentError(
          `${join(dir, `${d.id}.yaml`)}: question "${question}" can be a weak answer but has no experiment`,
        );
      }
    }
  }
  return new ExperimentCatalogue(experiments, kinds.data.kinds);
}

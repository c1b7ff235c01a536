import { z } from 'zod';
import type { Diagnostic } from '../diagnostics/definition.ts';
import { ContentError, PROMPTS_DIR, readPromptFile } from '../prompts/prompts-dir.ts';
import { parseYaml } from '../prompts/yaml.ts';
import { type DerivedCache, NO_CACHE } from '../store/derived-cache-store.ts';

const line = z.string().trim().min(3).max(400);
const code = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);

const FIGURES = ['handoffs', 'ack_minutes', 'deploys_per_week', 'lead_time_hours'] as const;

const bucketSchema = z
  .strictObject({ option: code, at_least: z.number().optional(), below: z.number().optional() })
  .refine((b) => b.at_least === undefined || b.below === undefined, 'give at_least or below, not both');

const comparisonSchema = z.strictObject({
  diagnostic: code,
  headline: code,
  figure: z.enum(FIGURES),
  records: line,
  buckets: z.array(bucketSchema).min(2).max(5),
  agree: line,
  records_better: line,
  records_worse: line,
  article: code,
});

export const evidenceWordingSchema = z.strictObject({
  label: z.string().trim().min(2).max(40),
  no_survey: line,
  comparisons: z.array(comparisonSchema).max(10),
});

export type EvidenceWording = z.output<typeof evidenceWordingSchema>;
export type Comparison = EvidenceWording['comparisons'][number];

/**
 * Loads prompts/evidence.yaml and checks it against the diagnostics (the headline exists and is
 * a median, the buckets are its question's options in order, the last one open) and the
 * knowledge base (the article exists).
 */
export function loadEvidenceWording(
  diagnostics: readonly Diagnostic[],
  articleExists: (id: string) => boolean,
  dir: string = PROMPTS_DIR,
  cache: DerivedCache = NO_CACHE,
): EvidenceWording {
  const file = 'evidence.yaml';
  const fail = (message: string) => new ContentError(`${dir}${file}: ${message}`);
  let data: unknown;
  try {
    data = parseYaml(readPromptFile(file, dir), cache, `${dir}${file}`);
  } catch (error) {
    if (error instanceof ContentError) throw error;
    throw fail(`not valid YAML (${(error as Error).message.split('\n')[0]})`);
  }
  const parsed = evidenceWordingSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw fail(`${issue?.path.join('.') || '(root)'} ${issue?.message}`);
  }
  for (const [i, c] of parsed.data.comparisons.entries()) {
    const where = `comparisons.${i}`;
    const d = diagnostics.find((x) => x.id === c.diagnostic);
    const headline = d?.headlines.find((h) => h.id === c.headline);
    if (!d || !headline) throw fail(`${where}: ${c.diagnostic} has no headline ${c.headline}`);
    if (headline.kind !== 'median') throw fail(`${where}: headline ${c.headline} is not a median`);
    const question = d.questions.find((q) => q.id === headline.question);
    const codes = question?.options.map((o) => o.code) ?? [];
    if (c.buckets.map((b) => b.option).join() !== codes.join())
      throw fail(`${where}: buckets must be ${question?.id}'s options in order (${codes.join(', ')})`);
    const last = c.buckets.at(-1);
    if (last?.at_least !== undefined || last?.below !== undefined)
      throw fail(`${where}: the last bucket takes the rest`);
    if (c.buckets.slice(0, -1).some((b) => b.at_least === undefined && b.below === undefined))
      throw fail(`${where}: every bucket but the last needs at_least or below`);
    if (!articleExists(c.article)) throw fail(`${where}: article "${c.article}" is not in the knowledge base`);
  }
  return parsed.data;
}

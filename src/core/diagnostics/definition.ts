import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ContentError, PROMPTS_DIR } from '../prompts/prompts-dir.ts';
import { parseYaml } from '../prompts/yaml.ts';
import { type DerivedCache, NO_CACHE } from '../store/derived-cache-store.ts';

const code = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a lowercase kebab-case code');
const text = z.string().trim().min(3);
/** Codes the engine uses itself; an option may not take them. */
const RESERVED_CODES = [
  'not-sure',
  'skipped',
  'back',
  'skip',
  'cancel',
  'ok',
  'yes',
  'no',
  'resume',
  'restart',
  'finish',
  'comment',
];

const optionSchema = z.strictObject({
  code: code.refine((c) => !RESERVED_CODES.includes(c), 'is reserved by the engine'),
  label: text.max(150, 'at most 150 characters (it becomes a button)'),
  /** A few words for reports and charts ("4 or more"). */
  short: z.string().trim().min(1).max(30).optional(),
  score: z.number().int().min(0).max(3),
  /** A number behind the answer, for medians in reports (e.g. teams touched). */
  value: z.number().optional(),
  /** The DORA performance cluster this answer resembles, where the question uses DORA's buckets. */
  dora: z.enum(['low', 'medium', 'high', 'elite']).optional(),
});

const questionSchema = z.strictObject({
  id: code,
  text: text.max(250),
  /** One line shown when this is among a person's weakest answers. */
  weak: text.max(250),
  /** The knowledge article to read when this answer is weak. */
  article: code,
  options: z.array(optionSchema).min(3).max(5),
});

const headlineSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    id: code,
    kind: z.literal('share'),
    question: code,
    options: z.array(code).min(1),
    label: text.max(80),
  }),
  z.strictObject({ id: code, kind: z.literal('median'), question: code, label: text.max(80) }),
]);

const profileSchema = z.strictObject({
  id: code,
  /** Lowest score (0-100) of this profile; profiles are listed from low to high. */
  min: z.number().int().min(0).max(100),
  name: text.max(60),
  summary: text.max(300),
  articles: z.array(code).min(1).max(4),
});

export const diagnosticSchema = z
  .strictObject({
    id: code,
    version: z.number().int().min(1),
    title: text.max(60),
    /** Words people may type after "diagnose" to mean this one. */
    aliases: z.array(code).max(8).default([]),
    summary: text.max(300),
    minutes: z.number().int().min(1).max(10),
    /** Fewer real answers than this (not "not sure") and no score is given. */
    min_answered: z.number().int().min(1),
    questions: z.array(questionSchema).min(6).max(8),
    headlines: z.array(headlineSchema).max(8).default([]),
    profiles: z.array(profileSchema).min(2).max(6),
  })
  .superRefine((d, ctx) => {
    const unique = (values: string[], what: string) => {
      const seen = new Set<string>();
      for (const v of values) {
        if (seen.has(v)) ctx.addIssue({ code: 'custom', message: `${what} "${v}" is used twice` });
        seen.add(v);
      }
    };
    unique(
      d.questions.map((q) => q.id),
      'question id',
    );
    unique(
      d.profiles.map((p) => p.id),
      'profile id',
    );
    for (const q of d.questions)
      unique(
        q.options.map((o) => o.code),
        `option code in ${q.id}`,
      );
    for (const h of d.headlines) {
      const q = d.questions.find((x) => x.id === h.question);
      if (!q) ctx.addIssue({ code: 'custom', message: `headline ${h.id} names an unknown question ${h.question}` });
      else if (h.kind === 'share') {
        for (const o of h.options) {
          if (!q.options.some((x) => x.code === o))
            ctx.addIssue({ code: 'custom', message: `headline ${h.id}: ${h.question} has no option ${o}` });
        }
      }
    }
    if (d.min_answered > d.questions.length)
      ctx.addIssue({ code: 'custom', message: 'min_answered is more than the questions' });
    if (d.profiles[0]?.min !== 0) ctx.addIssue({ code: 'custom', message: 'the first profile must start at 0' });
    d.profiles.forEach((p, i) => {
      const previous = d.profiles[i - 1];
      if (previous && p.min <= previous.min)
        ctx.addIssue({ code: 'custom', message: `profile ${p.id} must start above ${previous.id}` });
    });
  });

export type Diagnostic = z.output<typeof diagnosticSchema>;
export type Question = Diagnostic['questions'][number];
export type Option = Question['options'][number];
export type Profile = Diagnostic['profiles'][number];
export type Headline = Diagnostic['headlines'][number];

const contextSchema = z.strictObject({
  questions: z
    .array(
      z.strictObject({
        id: z.enum(['role', 'sourcing']),
        text: text.max(250),
        options: z
          .array(z.strictObject({ code, label: text.max(150) }))
          .min(2)
          .max(6),
      }),
    )
    .length(2),
  notice: text.max(500),
});

export type DiagnosticContext = z.output<typeof contextSchema>;

export interface DiagnosticCatalogue {
  diagnostics: Diagnostic[];
  context: DiagnosticContext;
}

/**
 * Loads every diagnostic in prompts/diagnostics/ and checks it against the schema and the
 * knowledge base (every recommended article must exist). A coach edits wording here, not code.
 */
export function loadDiagnostics(
  articleExists: (id: string) => boolean,
  dir = join(PROMPTS_DIR, 'diagnostics'),
  cache: DerivedCache = NO_CACHE,
): DiagnosticCatalogue {
  const read = (file: string): unknown => {
    try {
      return parseYaml(readFileSync(join(dir, file), 'utf8'), cache, join(dir, file));
    } catch (error) {
      throw new ContentError(`${join(dir, file)}: ${(error as Error).message.split('\n')[0]}`);
    }
  };
  const fail = (file: string, error: z.ZodError) => {
    const issue = error.issues[0];
    return new ContentError(`${join(dir, file)}: ${issue?.path.join('.') || '(root)'} ${issue?.message}`);
  };
  const context = contextSchema.safeParse(read('context.yaml'));
  if (!context.success) throw fail('context.yaml', context.error);
  const diagnostics: Diagnostic[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') && f !== 'context.yaml')
    .sort()) {
    const parsed = diagnosticSchema.safeParse(read(file));
    if (!parsed.success) throw fail(file, parsed.error);
    const d = parsed.data;
    if (`${d.id}.yaml` !== file) throw new ContentError(`${join(dir, file)}: id "${d.id}" must match the file name`);
    const articles = [...d.questions.map((q) => q.article), ...d.profiles.flatMap((p) => p.articles)];
    for (const id of articles) {
      if (!articleExists(id))
        throw new ContentError(`${join(dir, file)}: article "${id}" is not in the knowledge base`);
    }
    diagnostics.push(d);
  }
  if (diagnostics.length === 0) throw new ContentError(`${dir}: no diagnostics found`);
  return { diagnostics, context: context.data };
}

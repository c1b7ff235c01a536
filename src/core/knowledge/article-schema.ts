import { z } from 'zod';

/** Topics in the order `topics` lists them; an organisation's own topics follow. */
export const BUILT_IN_TOPICS = [
  'Operating models',
  'Ops Run It',
  'You Build It You Run It',
  'Principles and selection',
  'Governance and on-call',
  'Building for operability',
  'Change and incident management',
  'Incident response and learning',
  'Measurement and scale',
  'Pitfalls',
  'Case studies',
  'Reference',
] as const;

const kebab = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const articleId = z.string().regex(kebab, 'a kebab-case id such as ops-run-it');

/** The front-matter of a knowledge article; see docs/knowledge-authoring.md. */
export const frontMatterSchema = z.strictObject({
  id: articleId,
  title: z.string().trim().min(3).max(80),
  summary: z.string().trim().min(20).max(300),
  topic: z.string().trim().min(3).max(60),
  kind: z.enum(['article', 'glossary']).default('article'),
  tags: z.array(z.string().regex(kebab, 'lowercase kebab-case tags')).min(1).max(8),
  aliases: z.array(z.string().trim().min(2).max(80)).min(1).max(20),
  sources: z
    .array(z.url({ protocol: /^https?$/ }))
    .min(1)
    .max(12),
  related: z.array(articleId).max(6).default([]),
});

export type FrontMatter = z.output<typeof frontMatterSchema>;

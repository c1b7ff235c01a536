import { z } from 'zod';

/**
 * Buttons carry opaque tokens the core issued, so a stale, doubled or forged click is recognised
 * here, in one place, whatever platform it came from:
 *   dx:start:<diagnostic>            start (or resume) a diagnostic
 *   dx:<session>:resume|restart      continue or start again
 *   dx:<session>:<stage><step>:<act> answer at a given stage and step
 */
export type Token =
  | { kind: 'start'; diagnostic: string }
  | { kind: 'resume'; session: string }
  | { kind: 'restart'; session: string }
  | { kind: 'act'; session: string; stage: StageLetter; step: number; action: string };

export type StageLetter = 'n' | 'c' | 'k' | 'q' | 'm';

const SESSION = '[A-Za-z0-9_-]{8,32}';
const CODE = '[a-z0-9]+(?:-[a-z0-9]+)*';
const PATTERN = new RegExp(`^dx:(?:start:(${CODE})|(${SESSION}):(?:(resume|restart)|([nckqm])(\\d{1,2}):(${CODE})))$`);

const tokenSchema = z.string().max(120).regex(PATTERN);

export function parseToken(raw: unknown): Token | undefined {
  const parsed = tokenSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const m = PATTERN.exec(parsed.data);
  if (!m) return undefined;
  if (m[1]) return { kind: 'start', diagnostic: m[1] };
  const session = m[2] ?? '';
  if (m[3] === 'resume') return { kind: 'resume', session };
  if (m[3] === 'restart') return { kind: 'restart', session };
  return { kind: 'act', session, stage: m[4] as StageLetter, step: Number(m[5]), action: m[6] ?? '' };
}

export const token = {
  start: (diagnostic: string) => `dx:start:${diagnostic}`,
  resume: (session: string) => `dx:${session}:resume`,
  restart: (session: string) => `dx:${session}:restart`,
  act: (session: string, stage: StageLetter, step: number, action: string) => `dx:${session}:${stage}${step}:${action}`,
};

import { z } from 'zod';

/**
 * Follow-up buttons carry opaque tokens, like diagnostic ones, so a stale, doubled or forged
 * click is recognised here whatever the platform:
 *   fu:pick:<diagnostic>:<experiment>   pick an experiment from one's own latest result
 *   fu:<follow-up>:<action>             change the interval (w1..w4), cancel, answer a check-in,
 *                                       ask for the one reminder (r1, r2) or not, finish
 */
export const ACTIONS = [
  'w1',
  'w2',
  'w3',
  'w4',
  'cancel',
  'helped',
  'no-change',
  'worse',
  'not-yet',
  'r1',
  'r2',
  'no-reminder',
  'finish',
] as const;
export type FollowupAction = (typeof ACTIONS)[number];

export type FollowupToken =
  | { kind: 'pick'; diagnostic: string; experiment: string }
  | { kind: 'act'; followup: string; action: FollowupAction };

const CODE = '[a-z0-9]+(?:-[a-z0-9]+)*';
const ID = '[A-Za-z0-9_-]{12,32}';
const PATTERN = new RegExp(`^fu:(?:pick:(${CODE}):(${CODE})|(${ID}):(${ACTIONS.join('|')}))$`);

const tokenSchema = z.string().max(120).regex(PATTERN);

export function isFollowupToken(raw: unknown): boolean {
  return typeof raw === 'string' && raw.startsWith('fu:');
}

export function parseFollowupToken(raw: unknown): FollowupToken | undefined {
  const parsed = tokenSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const m = PATTERN.exec(parsed.data);
  if (!m) return undefined;
  if (m[1] && m[2]) return { kind: 'pick', diagnostic: m[1], experiment: m[2] };
  return { kind: 'act', followup: m[3] ?? '', action: m[4] as FollowupAction };
}

export const followupToken = {
  pick: (diagnostic: string, experiment: string) => `fu:pick:${diagnostic}:${experiment}`,
  act: (followup: string, action: FollowupAction) => `fu:${followup}:${action}`,
};

import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { SlackIdentity } from './identity.ts';

/** Where a diagnostic message lives, so the comment form can replace it with the result. */
export interface CommentPlace {
  session: string;
  channel?: string;
  ts?: string;
  responseUrl?: string;
}

const sealedSchema = z.object({
  session: z.string().max(40),
  channel: z.string().max(40).optional(),
  ts: z.string().max(40).optional(),
  responseUrl: z.url().optional(),
  seal: z.string().max(64),
});

const canonical = (p: CommentPlace) => JSON.stringify([p.session, p.channel ?? '', p.ts ?? '', p.responseUrl ?? '']);

/**
 * The comment form's private_metadata: the session and the message its button was clicked on,
 * sealed with a keyed HMAC for the person who clicked. On submit only a place we wrote, for this
 * session and this person, is acted on; a form naming any other message (a digest in a channel,
 * someone else's result) changes nothing.
 */
export function sealCommentPlace(identity: SlackIdentity, team: string | undefined, user: string, place: CommentPlace) {
  return JSON.stringify({ ...place, seal: identity.seal(team, user, canonical(place)) });
}

/** The place, if the metadata is one we sealed for this person; undefined for anything else. */
export function openCommentPlace(
  identity: SlackIdentity,
  team: string | undefined,
  user: string,
  metadata: string | undefined,
): CommentPlace | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(metadata ?? '');
  } catch {
    return undefined;
  }
  const parsed = sealedSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const { seal, ...place } = parsed.data;
  const expected = Buffer.from(identity.seal(team, user, canonical(place)));
  const given = Buffer.from(seal);
  return given.length === expected.length && timingSafeEqual(given, expected) ? place : undefined;
}

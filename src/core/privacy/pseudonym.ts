import { createHmac } from 'node:crypto';

/**
 * Keyed pseudonyms: the same person (or conversation) always maps to the same opaque key, and
 * without the secret nobody can map a key back or test a guessed id against it. The raw id is
 * never stored. This is pseudonymisation, not anonymisation: whoever holds the secret and a
 * platform id can recompute the key.
 */
export class Pseudonymizer {
  constructor(private readonly secret: string) {
    if (secret.length < 16) throw new Error('the pseudonym secret must be at least 16 characters');
  }

  /** A stable key for a platform identity, e.g. ("slack", "T123:U456"). */
  key(kind: string, id: string): string {
    return createHmac('sha256', this.secret).update(`${kind}\u0000${id}`).digest('base64url').slice(0, 32);
  }
}

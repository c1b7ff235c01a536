import type { Coach } from './coach/coach.ts';
import type { Metrics } from './metrics/metrics.ts';
import type { Pseudonymizer } from './privacy/pseudonym.ts';
import type { CoachText } from './prompts/coach-text.ts';
import type { DigestStore } from './store/digest-store.ts';
import type { EventStore } from './store/event-store.ts';

/**
 * What a chat platform's adapter (src/slack, src/teams) is given, and all it is given: the coach,
 * identity at the edge, and the few store operations that belong to a platform. Never the whole
 * store or the environment: what an adapter cannot reach it cannot misuse.
 */
export interface AdapterApi {
  coach: Coach;
  /** The coach's own wording, for platform surfaces that are not replies (App Home, the assistant's prompts). */
  text: CoachText;
  /** Keyed pseudonyms: platform ids become these before anything reaches the core. */
  pseudonyms: Pseudonymizer;
  /** Platform event ids already handled, so a retried delivery is answered once. */
  events: Pick<EventStore, 'claim'>;
  /** Where a channel can be reached later without being asked (Teams digests), and forgetting it. */
  addresses: Pick<DigestStore, 'rememberAddress' | 'forget' | 'address'>;
  metrics: Metrics;
}

import type { AdapterApi } from '../core/adapter-api.ts';
import type { Coach } from '../core/coach/coach.ts';
import type { Logger } from '../core/logging/logger.ts';
import type { CoachText } from '../core/prompts/coach-text.ts';
import type { SlackAdmins } from './admins.ts';
import type { SlackIdentity } from './identity.ts';

/** What every Slack listener may use: the core, identity at the edge, and a logger. */
export interface SlackDeps {
  coach: Coach;
  text: CoachText;
  identity: SlackIdentity;
  /** Event ids already answered (Slack retries a slow delivery). */
  events: AdapterApi['events'];
  /** Who may see reports and manage digests (OPSCOACH_ADMINS and the workspace's admins). */
  admins: Pick<SlackAdmins, 'check'>;
  logger: Logger;
  /** SLACK_API_URL when set (proxies, tests): its origin also serves response URLs. */
  apiUrl?: string;
}

import type { WebClient } from '@slack/web-api';
import type { Logger } from '../core/logging/logger.ts';

export interface SlackPersonInfo {
  admin: boolean;
  /** The person's time zone, used as the default for a new digest. */
  timezone?: string;
}

const REMEMBER_MS = 10 * 60_000;

/**
 * Who may see reports and manage digests in Slack: people in OPSCOACH_ADMINS (as slack:<user id>)
 * and the workspace's admins and owners, as Slack reports them (users.info, cached briefly).
 */
export class SlackAdmins {
  private readonly cache = new Map<string, { info: SlackPersonInfo; until: number }>();

  constructor(
    private readonly client: WebClient,
    private readonly configured: ReadonlySet<string>,
    private readonly logger: Logger,
  ) {}

  async check(userId: string): Promise<SlackPersonInfo> {
    const cached = this.cache.get(userId);
    if (cached && cached.until > Date.now()) return cached.info;
    let info: SlackPersonInfo = { admin: this.configured.has(`slack:${userId}`) };
    try {
      const { user } = await this.client.users.info({ user: userId });
      info = {
        admin: info.admin || Boolean(user?.is_admin || user?.is_owner || user?.is_primary_owner),
        timezone: user?.tz,
      };
    } catch (error) {
      // Without Slack's word, only the configured list counts.
      this.logger.warn({ err: error }, 'could not look up a Slack user for an admin check');
    }
    this.cache.set(userId, { info, until: Date.now() + REMEMBER_MS });
    return info;
  }
}

import type { CloudAdapter } from 'botbuilder';
import express, { type Express } from 'express';
import type { AdapterApi } from '../core/adapter-api.ts';
import type { Logger } from '../core/logging/logger.ts';
import { currentRequest } from '../core/logging/request-scope.ts';
import { BODY_LIMITS } from '../server/body-guard.ts';
import { parseActivity } from './activity.ts';
import { createTeamsAdapter } from './adapter.ts';
import { authenticate } from './authenticate.ts';
import { OpscoachBot } from './bot.ts';
import { TeamsCheckinSender } from './checkin-sender.ts';
import { TeamsDigestSender } from './digest-sender.ts';
import { TeamsIdentity } from './identity.ts';
import { ServiceUrlPolicy } from './service-urls.ts';
import type { TeamsMode } from './teams-mode.ts';

export interface TeamsApp {
  adapter: CloudAdapter;
  sender: TeamsDigestSender;
}

/** Where replies and digests may go: TEAMS_SERVICE_URLS or the Bot Framework's own hosts. */
function serviceUrlPolicy(mode: TeamsMode): ServiceUrlPolicy {
  return new ServiceUrlPolicy(mode.serviceUrls, { allowLoopback: !mode.authenticated });
}

/**
 * Serves Teams at POST /api/messages on the shared server. Each request is authenticated (401
 * without a valid token when an app id is set), and its serviceUrl must be one the Bot Framework
 * uses (403 otherwise), before the bot sees it or anything is stored.
 */
export function createTeamsApp(
  api: AdapterApi,
  mode: TeamsMode,
  server: Express,
  logger: Logger,
  /** OPSCOACH_ADMINS: the people (teams:<AAD object id>) who may see reports and manage digests. */
  admins: ReadonlySet<string>,
): TeamsApp {
  const log = logger.child({ platform: 'teams' });
  const { adapter, auth } = createTeamsAdapter(mode, log);
  const serviceUrls = serviceUrlPolicy(mode);
  const bot = new OpscoachBot({
    coach: api.coach,
    identity: new TeamsIdentity(api.pseudonyms),
    addresses: api.addresses,
    events: api.events,
    // Without authentication anyone can claim any AAD object id: nobody is an admin then.
    admins: mode.authenticated ? admins : new Set(),
    logger: log,
    adapter,
    appId: mode.appId,
  });
  server.post('/api/messages', express.json({ limit: BODY_LIMITS.teams }), async (req, res) => {
    api.metrics.events.inc({ platform: 'teams', kind: kindOf(req.body) });
    const activity = parseActivity(req.body);
    if (!activity) {
      res.status(400).json({ error: 'not a Bot Framework activity' });
      return;
    }
    const outcome = await authenticate(auth, activity, req.get('authorization') ?? '', {
      required: mode.authenticated,
      logger: log,
    });
    if (!outcome.ok) {
      if (outcome.status === 401) log.warn({ reason: outcome.reason }, 'Teams request rejected: no valid token');
      else log.error({ reason: outcome.reason }, 'Teams request not checked: Bot Framework keys unavailable');
      res.status(outcome.status).json({ error: outcome.status === 401 ? 'unauthorized' : 'try again later' });
      return;
    }
    if (!serviceUrls.allows(activity.serviceUrl)) {
      log.warn(
        { host: ServiceUrlPolicy.hostOf(activity.serviceUrl) },
        'Teams activity ignored: its serviceUrl is not one the Bot Framework uses (see TEAMS_SERVICE_URLS)',
      );
      res.status(403).json({ error: 'serviceUrl not allowed' });
      return;
    }
    const response = await adapter.runAuthenticated(outcome.result, activity, (context) => bot.run(context));
    if (currentRequest()?.failed) api.metrics.listenerFailures.inc({ platform: 'teams' });
    res.status(response?.status ?? 200);
    if (response?.body !== undefined) res.send(response.body);
    else res.end();
  });
  if (!mode.authenticated) {
    log.warn(
      'TEAMS AUTHENTICATION IS OFF: MicrosoftAppId is not set, so /api/messages on this loopback address accepts unauthenticated requests and nobody is a Teams admin. Use this only with the local Bot Framework Emulator.',
    );
  }
  return { adapter, sender: new TeamsDigestSender(adapter, mode.appId, api.addresses, serviceUrls) };
}

/** A small fixed set of kinds for the events metric: a card submit is a message carrying a value. */
function kindOf(body: unknown): string {
  const activity = (body ?? {}) as { type?: unknown; value?: unknown };
  if (activity.type === 'message') return activity.value ? 'card' : 'message';
  if (activity.type === 'invoke') return 'card';
  if (activity.type === 'conversationUpdate' || activity.type === 'installationUpdate') return 'install';
  return 'other';
}

/** A Teams adapter and digest sender without the HTTP endpoint (for digest --run-now). */
export function createTeamsSender(
  api: Pick<AdapterApi, 'addresses'>,
  mode: TeamsMode,
  logger: Logger,
): TeamsDigestSender {
  const { adapter } = createTeamsAdapter(mode, logger);
  return new TeamsDigestSender(adapter, mode.appId, api.addresses, serviceUrlPolicy(mode));
}

/** A Teams adapter and check-in sender without the HTTP endpoint (the server's scheduler, checkins --run-now). */
export function createTeamsCheckinSender(mode: TeamsMode, logger: Logger): TeamsCheckinSender {
  const { adapter } = createTeamsAdapter(mode, logger);
  return new TeamsCheckinSender(adapter, mode.appId, serviceUrlPolicy(mode));
}

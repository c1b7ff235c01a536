import { App, ExpressReceiver, SocketModeReceiver, webApi } from '@slack/bolt';
import type { Express } from 'express';
import type { AdapterApi } from '../core/adapter-api.ts';
import type { Logger } from '../core/logging/logger.ts';
import { referenceId } from '../core/logging/reference.ts';
import { noteFailure } from '../core/logging/request-scope.ts';
import { BODY_LIMITS } from '../server/body-guard.ts';
import type { WorkTracker } from '../server/lifecycle.ts';
import { SlackAdmins } from './admins.ts';
import { boltLogger } from './bolt-logger.ts';
import { dedupeEvents } from './dedupe.ts';
import type { SlackDeps } from './deps.ts';
import { rejectFutureTimestamps } from './future-timestamps.ts';
import { SlackIdentity } from './identity.ts';
import { ACTION_PATTERNS } from './listeners/actions/index.ts';
import { registerListeners } from './listeners/index.ts';
import { observeRequests } from './observe-requests.ts';
import { retryingFetch } from './retrying-fetch.ts';
import type { SlackMode } from './slack-mode.ts';
import { unknownActions } from './unknown-actions.ts';

/**
 * Bolt's SocketModeReceiver does not hand Web API options to its socket client, so its
 * apps.connections.open call would ignore SLACK_API_URL (enterprise proxies, tests); give the
 * client a WebClient that honours it, with the retry policy the socket client uses by default.
 */
function socketReceiver(appToken: string, apiUrl: string | undefined, logger: ReturnType<typeof boltLogger>) {
  const receiver = new SocketModeReceiver({ appToken, logger });
  if (apiUrl) {
    Object.assign(receiver.client, {
      webClient: new webApi.WebClient('', { slackApiUrl: apiUrl, logger, retryConfig: { retries: 100, factor: 1.3 } }),
    });
  }
  return receiver;
}

/**
 * Who the bot is (auth.test), asked once and remembered; a failed check is forgotten so the next
 * request asks again rather than failing for ever.
 */
function botIdentity(web: webApi.WebClient) {
  let identity:
    | Promise<{ botId?: string; botUserId?: string; teamId?: string; team?: string; user?: string }>
    | undefined;
  return () => {
    if (!identity) {
      identity = web.auth.test().then((a) => ({
        botId: a.bot_id,
        botUserId: a.user_id,
        teamId: a.team_id,
        team: a.team,
        user: a.user,
      }));
      identity.catch(() => {
        identity = undefined;
      });
    }
    return identity;
  };
}

export interface SlackApp {
  app: App;
  mode: SlackMode['kind'];
  /** Checks the bot token with Slack and, in Socket Mode, opens the connection. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Builds the Bolt app. In HTTP mode Slack's endpoint is mounted on the shared Express app (one
 * port for Slack, Teams and health checks); Bolt verifies every request's signature and rejects
 * stale or forged ones with 401. In Socket Mode no public URL is needed.
 */
export function createSlackApp(
  api: AdapterApi,
  mode: SlackMode,
  server: Express,
  logger: Logger,
  work: WorkTracker,
  /** OPSCOACH_ADMINS: the people (slack:<user id>) who may see reports and manage digests, besides workspace admins. */
  admins: ReadonlySet<string>,
): SlackApp {
  const log = boltLogger(logger);
  // Registered before the receiver mounts its route, so it runs first.
  if (mode.kind === 'http') server.use('/slack/events', rejectFutureTimestamps(logger.child({ platform: 'slack' })));
  const receiver =
    mode.kind === 'http'
      ? new ExpressReceiver({
          signingSecret: mode.signingSecret,
          app: server,
          endpoints: '/slack/events',
          logger: log,
          processBeforeResponse: false,
          // Bodies sent without a length are cut off here; declared ones were checked already.
          bodyLimit: BODY_LIMITS.slack,
        })
      : socketReceiver(mode.appToken, mode.apiUrl, log);
  // One Web API client with the bot token, for our own calls (the token check, admin lookups).
  const slackFetch = retryingFetch();
  const web = new webApi.WebClient(mode.botToken, { slackApiUrl: mode.apiUrl, logger: log, fetch: slackFetch });
  const whoAmI = botIdentity(web);
  const app = new App({
    receiver,
    logger: log,
    // Bolt's own single-token authorisation calls auth.test before acknowledging every request
    // unless it verifies the token in its constructor (bolt 5.1), which would leave a rejected
    // promise behind for a bad token. The bot's identity is asked for once and reused instead.
    authorize: async () => ({ botToken: mode.botToken, ...(await whoAmI()) }),
    // Bolt's in-memory conversation store is unused (conversations live in SQLite) and would
    // build an Error for every request that has no stored state.
    convoStore: false,
    // Web API calls and respond() (answers posted to response_url) go through one fetch that
    // tries again once when the connection drops before Slack answers.
    clientOptions: { fetch: slackFetch, ...(mode.apiUrl ? { slackApiUrl: mode.apiUrl } : {}) },
  });
  const deps: SlackDeps = {
    coach: api.coach,
    text: api.text,
    identity: new SlackIdentity(api.pseudonyms),
    events: api.events,
    admins: new SlackAdmins(web, admins, logger),
    logger: logger.child({ platform: 'slack' }),
    apiUrl: mode.apiUrl,
  };
  app.use(observeRequests(api.metrics, work));
  app.use(dedupeEvents(deps.events, deps.logger));
  app.use(unknownActions(ACTION_PATTERNS, deps.logger));
  registerListeners(app, deps);
  // Last line of defence: anything a listener did not handle is logged with a reference, never thrown.
  app.error(async (error) => {
    noteFailure();
    deps.logger.error({ err: error, reference: referenceId() }, 'unhandled Slack error');
  });
  return {
    app,
    mode: mode.kind,
    async start() {
      const auth = await whoAmI();
      deps.logger.info({ team: auth.team, bot: auth.user, mode: mode.kind }, 'connected to Slack');
      if (mode.kind === 'socket') await (receiver as SocketModeReceiver).start();
    },
    async stop() {
      if (mode.kind === 'socket') await (receiver as SocketModeReceiver).stop();
    },
  };
}

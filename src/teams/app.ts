import type { CloudAdapter } from 'botbuilder';
import express, { type Express } from 'express';
import type { Logger } from '../core/logging/logger.ts';
import { currentRequest } from '../core/logging/request-scope.ts';
import type { CoachRuntime } from '../core/runtime.ts';
import { createTeamsAdapter } from './adapter.ts';
import { OpscoachBot } from './bot.ts';
import { TeamsCheckinSender } from './checkin-sender.ts';
import { TeamsDigestSender } from './digest-sender.ts';
import { TeamsIdentity } from './identity.ts';
import type { TeamsMode } from './teams-mode.ts';

export interface TeamsApp {
  adapter: CloudAdapter;
  sender: TeamsDigestSender;
}

/**
 * Serves Teams at POST /api/messages on the shared server. The adapter authenticates each
 * request (401 without a valid token when an app id is set) before the bot sees it.
 */
export function createTeamsApp(runtime: CoachRuntime, mode: TeamsMode, server: Express, logger: Logger): TeamsApp {
  const log = logger.child({ platform: 'teams' });
  const adapter = createTeamsAdapter(runtime.config, mode, log);
  const bot = new OpscoachBot({
    coach: runtime.coach,
    identity: new TeamsIdentity(runtime.pseudonyms),
    digests: runtime.store.digests,
    events: runtime.store.events,
    admins: runtime.config.OPSCOACH_ADMINS,
    logger: log,
    adapter,
    appId: mode.appId,
  });
  server.post('/api/messages', express.json({ limit: '1mb' }), async (req, res) => {
    runtime.metrics.events.inc({ platform: 'teams', kind: kindOf(req.body) });
    await adapter.process(req, res, (context) => bot.run(context));
    if (currentRequest()?.failed) runtime.metrics.listenerFailures.inc({ platform: 'teams' });
  });
  if (!mode.authenticated) {
    log.warn(
      'TEAMS AUTHENTICATION IS OFF: MicrosoftAppId is not set, so /api/messages accepts unauthenticated requests. Use this only with the local Bot Framework Emulator.',
    );
  }
  return { adapter, sender: new TeamsDigestSender(adapter, mode.appId, runtime.store.digests) };
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
export function createTeamsSender(runtime: CoachRuntime, mode: TeamsMode, logger: Logger): TeamsDigestSender {
  return new TeamsDigestSender(createTeamsAdapter(runtime.config, mode, logger), mode.appId, runtime.store.digests);
}

/** A Teams adapter and check-in sender without the HTTP endpoint (the server's scheduler, checkins --run-now). */
export function createTeamsCheckinSender(runtime: CoachRuntime, mode: TeamsMode, logger: Logger): TeamsCheckinSender {
  return new TeamsCheckinSender(createTeamsAdapter(runtime.config, mode, logger), mode.appId);
}

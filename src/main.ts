// npm start: the bot server. Slack (Socket Mode or HTTP) and/or Teams, decided by which credentials are set.
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DestinationStream } from 'pino';
import { ConfigError, loadConfig, secretsOf } from './config.ts';
import { DigestScheduler } from './core/digests/digest-scheduler.ts';
import { KnowledgeError } from './core/knowledge/load-articles.ts';
import { createLogger } from './core/logging/logger.ts';
import { ContentError } from './core/prompts/prompts-dir.ts';
import { CoachRuntime } from './core/runtime.ts';
import { StoreError } from './core/store/database.ts';
import { createDigestSenders } from './server/digest-senders.ts';
import { createHttpApp, listen } from './server/http-server.ts';
import { createSlackApp } from './slack/app.ts';
import { noPlatformError, slackModeFrom } from './slack/slack-mode.ts';
import { createTeamsApp } from './teams/app.ts';
import { teamsModeFrom } from './teams/teams-mode.ts';

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

export interface ServerOptions {
  /** Where structured logs go (standard output by default). */
  logDestination?: DestinationStream;
}

/** Starts everything configured; resolves once Slack is connected and the port is listening. */
export async function startServer(
  env: NodeJS.ProcessEnv = process.env,
  options: ServerOptions = {},
): Promise<RunningServer> {
  const config = loadConfig(env);
  const slackMode = slackModeFrom(config);
  const teamsMode = teamsModeFrom(config);
  if (!slackMode && !teamsMode) throw noPlatformError();
  const logger = createLogger({
    level: config.LOG_LEVEL ?? 'info',
    secrets: secretsOf(config),
    destination: options.logDestination,
  });
  const runtime = CoachRuntime.create(config, logger, { requirePseudonymSecret: true });
  const http = createHttpApp(() => ({
    ok: runtime.store.db.open,
    detail: {
      slack: slackMode?.kind ?? 'off',
      teams: teamsMode ? (teamsMode.authenticated ? 'on' : 'unauthenticated') : 'off',
    },
  }));
  const slack = slackMode ? createSlackApp(runtime, slackMode, http, logger) : undefined;
  if (teamsMode) createTeamsApp(runtime, teamsMode, http, logger);
  let server: Server | undefined;
  try {
    await slack?.start();
    server = await listen(http, config.PORT);
  } catch (error) {
    await slack?.stop().catch(() => {});
    runtime.close();
    throw error;
  }
  const housekeeping = setInterval(() => runtime.housekeeping(), 3_600_000);
  housekeeping.unref();
  const digests = new DigestScheduler(
    runtime.digests,
    runtime.store.digests,
    createDigestSenders(runtime, logger),
    logger,
    runtime.now,
  );
  digests.start();
  const port = (server.address() as AddressInfo).port;
  logger.info(
    {
      port,
      slack: slackMode ? `${slackMode.kind}${slackMode.kind === 'http' ? ' at /slack/events' : ''}` : 'off',
      teams: teamsMode ? '/api/messages' : 'off',
    },
    'Opscoach is running',
  );
  return {
    port,
    async close() {
      clearInterval(housekeeping);
      await digests.stop();
      await new Promise<void>((resolve) => server?.close(() => resolve()));
      await slack?.stop();
      runtime.close();
    },
  };
}

const EXPECTED = [ConfigError, KnowledgeError, StoreError, ContentError];

if (import.meta.url === `file://${process.argv[1]}`) {
  if (existsSync('.env')) process.loadEnvFile('.env');
  startServer().then(
    (running) => {
      const stop = () => {
        running.close().then(() => process.exit(0));
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    },
    (error: unknown) => {
      const expected = EXPECTED.some((kind) => error instanceof kind);
      const message = (error as Error)?.message ?? String(error);
      const slackRejected = /invalid_auth|not_authed|account_inactive|token_revoked/.test(message);
      process.stderr.write(
        `opscoach: ${expected ? message : slackRejected ? `Invalid SLACK_BOT_TOKEN: Slack rejected it (${message}).` : `could not start: ${message}`}\n`,
      );
      process.exit(1);
    },
  );
}

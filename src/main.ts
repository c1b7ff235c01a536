// npm start: the bot server. Slack (Socket Mode or HTTP) and/or Teams, decided by which credentials are set.
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DestinationStream } from 'pino';
import { ConfigError, loadConfig, secretsOf } from './config.ts';
import { DigestScheduler } from './core/digests/digest-scheduler.ts';
import { CheckinScheduler } from './core/followup/checkin-scheduler.ts';
import { KnowledgeError } from './core/knowledge/load-articles.ts';
import { createLogger, type Logger } from './core/logging/logger.ts';
import { ContentError } from './core/prompts/prompts-dir.ts';
import { StoreError } from './core/store/database.ts';
import { CoachRuntime } from './runtime.ts';
import { createCheckinSenders } from './server/checkin-senders.ts';
import { deriveInChild } from './server/derive-in-child.ts';
import { createDigestSenders } from './server/digest-senders.ts';
import { type Check, createHttpApp, createMetricsApp, finishHttpApp, listen } from './server/http-server.ts';
import { Lifecycle, settlesWithin } from './server/lifecycle.ts';
import { collectStartUpGarbage } from './server/start-up-garbage.ts';
import { createSlackApp } from './slack/app.ts';
import { noPlatformError, slackModeFrom } from './slack/slack-mode.ts';
import { teamsModeFrom } from './teams/teams-mode.ts';

export interface RunningServer {
  port: number;
  /** The loopback-only metrics port, when METRICS_PORT is set. */
  metricsPort?: number;
  logger: Logger;
  /** How long close() may take to let work finish (OPSCOACH_SHUTDOWN_TIMEOUT_MS). */
  shutdownTimeoutMs: number;
  /**
   * Graceful shutdown: turns not-ready, stops taking requests, lets in-flight ones, the answers
   * posted after Slack's ack and a digest run finish, then closes the database. Resolves true
   * when all of it finished within the timeout. Calling it twice returns the same shutdown.
   */
  close(): Promise<boolean>;
}

export interface ServerOptions {
  /** Where structured logs go (standard output by default). */
  logDestination?: DestinationStream;
  /** The clock, for tests that let weeks pass (the real time by default). */
  now?: () => Date;
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
  // The compiled server (npm start) derives in a child so its own memory stays at a later start's;
  // from source (tests, npm run dev) start time matters more than idle memory.
  if (import.meta.url.endsWith('.js')) await deriveInChild(env);
  const runtime = CoachRuntime.create(config, logger, {
    requirePseudonymSecret: true,
    processMetrics: true,
    now: options.now,
  });
  const lifecycle = new Lifecycle();
  const http = createHttpApp({
    lifecycle,
    metrics: runtime.metrics,
    metricsToken: config.OPSCOACH_METRICS_TOKEN,
    health: () => runtime.store.db.open,
    ready: () => readiness(lifecycle, runtime),
  });
  const slack = slackMode
    ? createSlackApp(runtime, slackMode, http, logger, lifecycle, config.OPSCOACH_ADMINS)
    : undefined;
  // The Teams stack (botbuilder, about 50 MB) is loaded only when Teams is configured.
  if (teamsMode)
    (await import('./teams/app.ts')).createTeamsApp(runtime, teamsMode, http, logger, config.OPSCOACH_ADMINS);
  finishHttpApp(http, logger);
  let server: Server | undefined;
  let metricsServer: Server | undefined;
  try {
    // Slack checks the token first: a rejected one is reported at once, not after the warm-up.
    await slack?.start();
    const warming = performance.now();
    runtime.warmUp();
    collectStartUpGarbage();
    logger.info({ ms: Math.round(performance.now() - warming) }, 'warmed up');
    server = await listen(http, config.PORT, config.HOST);
    // Without a token, metrics are only for this host: a separate port on loopback, or nowhere.
    if (config.METRICS_PORT !== undefined)
      metricsServer = await listen(createMetricsApp(runtime.metrics), config.METRICS_PORT, '127.0.0.1');
  } catch (error) {
    server?.close();
    await slack?.stop().catch(() => {});
    runtime.close();
    throw error;
  }
  // A busy or full database must not stop the bot over housekeeping: log it and try next hour.
  const housekeeping = setInterval(() => {
    try {
      runtime.housekeeping();
    } catch (error) {
      logger.error({ err: error }, 'housekeeping failed; it will run again in an hour');
    }
  }, 3_600_000);
  housekeeping.unref();
  const digests = new DigestScheduler(
    runtime.digests,
    runtime.store.digests,
    await createDigestSenders(runtime, logger),
    logger,
    runtime.now,
    { metrics: runtime.metrics },
  );
  digests.start();
  const checkins = new CheckinScheduler(runtime.followups, await createCheckinSenders(runtime, logger), logger, {
    metrics: runtime.metrics,
  });
  checkins.start();
  lifecycle.markReady();
  const port = (server.address() as AddressInfo).port;
  const metricsPort = metricsServer ? (metricsServer.address() as AddressInfo).port : undefined;
  logger.info(
    {
      port,
      metrics: metricsPort
        ? `127.0.0.1:${metricsPort}`
        : config.OPSCOACH_METRICS_TOKEN
          ? '/metrics (bearer token)'
          : 'off',
      slack: slackMode ? `${slackMode.kind}${slackMode.kind === 'http' ? ' at /slack/events' : ''}` : 'off',
      teams: teamsMode ? '/api/messages' : 'off',
    },
    'Opscoach is running',
  );
  const listening = server;
  const timeoutMs = config.OPSCOACH_SHUTDOWN_TIMEOUT_MS;
  const shutdown = async (): Promise<boolean> => {
    logger.info({ inFlight: lifecycle.inFlight, timeoutMs }, 'shutting down: finishing work in progress');
    clearInterval(housekeeping);
    const closed = new Promise<void>((resolve) => listening.close(() => resolve()));
    metricsServer?.closeAllConnections();
    metricsServer?.close();
    const [drained, digestsDone, checkinsDone] = await Promise.all([
      lifecycle.drain(timeoutMs),
      settlesWithin(digests.stop(), timeoutMs),
      settlesWithin(checkins.stop(), timeoutMs),
    ]);
    // Whatever is still open now is idle keep-alive (or abandoned after the timeout).
    listening.closeAllConnections();
    await closed;
    await settlesWithin(slack?.stop() ?? Promise.resolve(), 2_000);
    runtime.close();
    const clean = drained && digestsDone && checkinsDone;
    if (clean) logger.info('stopped cleanly');
    else
      logger.error(
        { inFlight: lifecycle.inFlight, digestRunFinished: digestsDone, checkinRunFinished: checkinsDone },
        'shutdown timed out; work was abandoned',
      );
    return clean;
  };
  let closing: Promise<boolean> | undefined;
  return {
    port,
    metricsPort,
    logger,
    shutdownTimeoutMs: timeoutMs,
    close: () => {
      closing ??= shutdown();
      return closing;
    },
  };
}

/** Ready while serving: started, not shutting down, and the database answering a query. */
function readiness(lifecycle: Lifecycle, runtime: CoachRuntime): Check {
  if (lifecycle.phase !== 'ready') {
    return { ok: false, detail: { reason: lifecycle.phase === 'starting' ? 'starting' : 'shutting down' } };
  }
  return runtime.store.isAnswering()
    ? { ok: true, detail: {} }
    : { ok: false, detail: { reason: 'database unavailable' } };
}

const EXPECTED = [ConfigError, KnowledgeError, StoreError, ContentError];

if (import.meta.url === `file://${process.argv[1]}`) {
  if (existsSync('.env')) process.loadEnvFile('.env');
  startServer().then(
    (running) => {
      // A promise nobody awaited must not take the bot down with every conversation in it.
      process.on('unhandledRejection', (reason) => running.logger.error({ err: reason }, 'unhandled rejection'));
      // A second signal is not caught, so it stops the process at once.
      const stop = () => {
        setTimeout(() => process.exit(1), running.shutdownTimeoutMs + 5_000).unref();
        running.close().then(
          (clean) => process.exit(clean ? 0 : 1),
          () => process.exit(1),
        );
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

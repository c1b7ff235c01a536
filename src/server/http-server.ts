import { timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Logger } from '../core/logging/logger.ts';
import { referenceId } from '../core/logging/reference.ts';
import { inRequestScope } from '../core/logging/request-scope.ts';
import type { Metrics } from '../core/metrics/metrics.ts';
import { guardBodies } from './body-guard.ts';
import type { Lifecycle } from './lifecycle.ts';

export interface Check {
  ok: boolean;
  detail: Record<string, unknown>;
}

export interface HttpOptions {
  lifecycle: Lifecycle;
  metrics: Metrics;
  /** When set, /metrics is served on this port behind it as a bearer token; otherwise not here. */
  metricsToken?: string;
  /** Liveness: the process works (database open). */
  health: () => boolean;
  /** Readiness: started, dependencies answering, not shutting down. */
  ready: () => Check;
}

type Route = 'slack' | 'teams' | 'other';

const routeOf = (path: string): Route =>
  path.startsWith('/slack/') ? 'slack' : path === '/api/messages' ? 'teams' : 'other';

/**
 * The one HTTP server: Slack's endpoint (HTTP mode), Teams, health and readiness share a port,
 * and /metrics too when OPSCOACH_METRICS_TOKEN guards it. The Slack receiver adds its own
 * signature-verifying body parser to /slack/events; every body is size-checked before that.
 */
export function createHttpApp(options: HttpOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(observe(options));
  app.use(guardBodies());
  // Up or down, nothing more: which platforms run, and how, is nobody else's business.
  app.get('/healthz', (_req, res) => {
    const ok = options.health();
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unhealthy' });
  });
  app.get('/readyz', (_req, res) => {
    const { ok, detail } = options.ready();
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not ready', ...detail });
  });
  const token = options.metricsToken;
  if (token) {
    app.get('/metrics', async (req, res) => {
      if (!bearerMatches(req.get('authorization'), token)) {
        res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'a bearer token is required' });
        return;
      }
      res.type(options.metrics.contentType).send(await options.metrics.text());
    });
  }
  return app;
}

/**
 * /metrics alone, for METRICS_PORT: bound to loopback by the caller, so only this host (a local
 * Prometheus agent or sidecar) can read it, without a token.
 */
export function createMetricsApp(metrics: Metrics): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.contentType).send(await metrics.text());
  });
  app.use((_req: Request, res: Response) => {
    res.status(404).json({ error: 'not found' });
  });
  return app;
}

/**
 * For every request: a request id on its log lines, counts and acknowledgement time, and
 * tracking for graceful shutdown. While draining, bot traffic is turned away with 503 so
 * Slack and the Bot Connector retry it (on this instance after a restart, or another one).
 */
function observe({ lifecycle, metrics }: HttpOptions) {
  return (req: Request, res: Response, next: NextFunction) => {
    const route = routeOf(req.path);
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      metrics.httpRequests.inc({ route, status: `${Math.floor(res.statusCode / 100)}xx` });
      if (route !== 'other') metrics.ackSeconds.observe({ route }, Number(process.hrtime.bigint() - started) / 1e9);
    });
    if (route !== 'other') {
      if (lifecycle.phase === 'draining') {
        res.set('Connection', 'close').status(503).json({ error: 'shutting down; please retry' });
        return;
      }
      lifecycle.track(new Promise((resolve) => res.once('close', resolve)));
    }
    inRequestScope(() => next());
  };
}

/**
 * Added after every route: unknown paths get a 404 and any error that reached Express (a
 * malformed or oversized body, a bug) a short JSON answer, never Express's HTML page with a
 * stack trace. Our failures are logged with a reference that the response repeats.
 */
export function finishHttpApp(app: Express, logger: Logger): void {
  app.use((_req: Request, res: Response) => {
    res.status(404).json({ error: 'not found' });
  });
  app.use((error: { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    const status = typeof error.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status < 500) {
      res.status(status).json({ error: error.type === 'entity.parse.failed' ? 'malformed JSON' : 'bad request' });
      return;
    }
    const reference = referenceId();
    logger.error({ err: error, reference }, 'HTTP request failed');
    if (!res.headersSent) res.status(500).json({ error: 'internal error', reference });
  });
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.replace(/^Bearer\s+/i, '') ?? '');
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

export function listen(app: Express, port: number, host?: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer(app);
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

import { createServer, type Server } from 'node:http';
import express, { type Express } from 'express';

/**
 * The one HTTP server: Slack's endpoint (HTTP mode), later Teams, and health checks share a
 * port. The Slack receiver adds its own signature-verifying body parser to /slack/events.
 */
export function createHttpApp(health: () => { ok: boolean; detail: Record<string, unknown> }): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    const { ok, detail } = health();
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unhealthy', ...detail });
  });
  return app;
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

import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorCall {
  method: string;
  /** Decoded conversation id. */
  conversation?: string;
  activityId?: string;
  kind: 'reply' | 'send' | 'update' | 'create-conversation' | 'other';
  body: Record<string, unknown>;
}

/**
 * A local stand-in for the Bot Framework Connector service (the activity's serviceUrl). It
 * records every reply, update and new conversation the bot makes, like the real one.
 */
export class FakeConnector {
  readonly calls: ConnectorCall[] = [];
  private server: Server | undefined;
  private next = 1;
  private nextConversation = 1;
  private readonly failures: number[] = [];
  base = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The next sends answer with these statuses first (e.g. 429), then succeed. */
  failNext(...statuses: number[]): void {
    this.failures.push(...statuses);
  }

  clear(): void {
    this.calls.length = 0;
  }

  of(kind: ConnectorCall['kind']): ConnectorCall[] {
    return this.calls.filter((c) => c.kind === kind);
  }

  async waitFor<T>(find: () => T | undefined | false, timeoutMs = 8_000): Promise<T> {
    const started = Date.now();
    for (;;) {
      const found = find();
      if (found) return found;
      if (Date.now() - started > timeoutMs) throw new Error('timed out waiting for the bot to call the connector');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    const path = new URL(req.url ?? '/', this.base).pathname;
    const m = /^\/v3\/conversations(?:\/([^/]+)\/activities(?:\/([^/]+))?)?\/?$/.exec(path);
    const conversation = m?.[1] ? decodeURIComponent(m[1]) : undefined;
    const activityId = m?.[2] ? decodeURIComponent(m[2]) : undefined;
    const kind: ConnectorCall['kind'] = !m
      ? 'other'
      : !conversation
        ? 'create-conversation'
        : req.method === 'PUT'
          ? 'update'
          : activityId
            ? 'reply'
            : 'send';
    this.calls.push({ method: req.method ?? '', conversation, activityId, kind, body });
    const failure = kind === 'send' || kind === 'reply' ? this.failures.shift() : undefined;
    if (failure) {
      res
        .writeHead(failure, { 'content-type': 'application/json', 'retry-after': '0' })
        .end(JSON.stringify({ error: { code: 'Throttled' } }));
      return;
    }
    const id = kind === 'create-conversation' ? `a:personal-${this.nextConversation++}` : `msg-${this.next++}`;
    res
      .writeHead(kind === 'create-conversation' ? 201 : 200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ id }));
  }
}

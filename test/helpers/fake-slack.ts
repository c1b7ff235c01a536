import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: string;
  body: Record<string, unknown>;
  /** When the fake finished answering (later than arrival when slowed down). */
  answeredAt?: number;
}

export interface RecordedResponse {
  id: string;
  body: Record<string, unknown>;
  answeredAt?: number;
}

type Handler = (body: Record<string, unknown>) => { status?: number; headers?: Record<string, string>; body: unknown };

/**
 * A local stand-in for Slack's Web API and response URLs. It records every call the bot makes
 * and answers like Slack does, so tests assert on what a person would actually see.
 */
export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  readonly responses: RecordedResponse[] = [];
  /** Bytes uploaded to file upload URLs (files.uploadV2's middle step). */
  readonly uploads: { id: string; bytes: number }[] = [];
  private server: Server | undefined;
  private ts = 1_700_000_000;
  private readonly overrides = new Map<string, Handler[]>();
  private readonly answers = new Map<string, Handler>();
  private readonly delays = new Map<string, number>();
  base = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error) => {
        res.writeHead(500).end(String(error));
      });
    });
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Base URL for SLACK_API_URL. */
  get apiUrl(): string {
    return `${this.base}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.base}/response/${id}`;
  }

  /** Answer the next call(s) to a method differently (errors, rate limits). */
  override(method: string, ...handlers: Handler[]): void {
    this.overrides.set(method, [...(this.overrides.get(method) ?? []), ...handlers]);
  }

  /** Make Slack slow to answer a method, or response URLs ('response'), so work stays in flight. */
  slowDown(target: string, ms: number): void {
    this.delays.set(target, ms);
  }

  /** Answer every call to a method this way (until changed). */
  answerWith(method: string, handler: Handler): void {
    this.answers.set(method, handler);
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  clear(): void {
    this.calls.length = 0;
    this.responses.length = 0;
  }

  /** Waits until the recorded calls satisfy a condition (the bot works after acking). */
  async waitFor<T>(find: () => T | undefined | false, timeoutMs = 8_000): Promise<T> {
    const started = Date.now();
    for (;;) {
      const found = find();
      if (found) return found;
      if (Date.now() - started > timeoutMs) throw new Error('timed out waiting for the bot to call Slack');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', this.base);
    const upload = url.pathname.match(/^\/upload\/(.+)$/);
    if (upload?.[1]) {
      this.uploads.push({ id: upload[1], bytes: Buffer.concat(chunks).length });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('OK - 1');
      return;
    }
    const raw = Buffer.concat(chunks).toString('utf8');
    const body = parseBody(raw, req.headers['content-type'] ?? '');
    const response = url.pathname.match(/^\/response\/(.+)$/);
    const method = url.pathname.replace(/^\/api\//, '');
    // Recorded on arrival; a slowed-down answer leaves the bot's request in flight meanwhile.
    const record: { answeredAt?: number } = response?.[1]
      ? this.pushed(this.responses, { id: response[1], body })
      : this.pushed(this.calls, { method, body });
    const delay = this.delays.get(response ? 'response' : method);
    if (delay) await new Promise((r) => setTimeout(r, delay));
    const result = response
      ? { status: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' }
      : (() => {
          const handler = this.overrides.get(method)?.shift() ?? this.answers.get(method);
          return handler ? handler(body) : { body: this.answer(method, body) };
        })();
    res.writeHead(result.status ?? 200, { 'content-type': 'application/json', ...result.headers });
    res.end(typeof result.body === 'string' ? result.body : JSON.stringify(result.body), () => {
      record.answeredAt = Date.now();
    });
  }

  private pushed<T>(list: T[], item: T): T {
    list.push(item);
    return item;
  }

  private answer(method: string, body: Record<string, unknown>): unknown {
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://test.slack.com/',
          team: 'Test',
          user: 'opscoach',
          team_id: 'T1',
          user_id: 'UBOT',
          bot_id: 'BBOT',
        };
      case 'chat.postMessage':
      case 'chat.startStream':
        return { ok: true, channel: body.channel, ts: `${this.ts++}.000100`, message: { text: body.text } };
      case 'chat.update':
        return { ok: true, channel: body.channel, ts: body.ts };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `${this.ts++}.000200` };
      case 'views.publish':
      case 'views.open':
        return { ok: true, view: { id: 'V1' } };
      case 'users.info':
        return { ok: true, user: { id: body.user, tz: 'Europe/London', is_admin: false, is_owner: false } };
      case 'conversations.open':
        // The direct messages between the app and the person.
        return { ok: true, channel: { id: `D${String(body.users ?? '').slice(1)}` } };
      case 'files.getUploadURLExternal': {
        const id = `F${this.ts++}`;
        return { ok: true, upload_url: `${this.base}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal':
        return { ok: true, files: (body.files as { id: string }[] | undefined) ?? [] };
      default:
        return { ok: true };
    }
  }
}

/** The Web API client sends form fields with JSON-encoded values, or JSON; decode both. */
function parseBody(raw: string, contentType: string): Record<string, unknown> {
  if (!raw) return {};
  if (contentType.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    out[key] = /^[[{]/.test(value) ? safeJson(value) : value;
  }
  return out;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

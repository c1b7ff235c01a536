import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_LIMITS, MAX_BODIES_IN_FLIGHT } from '../../src/server/body-guard.ts';
import { FORM, send, slashCommand } from '../helpers/slack-requests.ts';
import { startSlackHarness } from '../helpers/slack-server.ts';

// Unsigned bodies, as an attacker sends them: oversized, of undeclared length, or many at once.
// The server must answer without reading what it will refuse, and never hold more than a bounded
// number of bodies in memory.

let h: Awaited<ReturnType<typeof startSlackHarness>>;
beforeAll(async () => {
  h = await startSlackHarness({ LOG_LEVEL: 'warn', TEAMS_ENABLED: 'true' });
});
afterAll(() => h.close());

const MB = 1024 * 1024;

interface Answer {
  status: number;
  headers: Record<string, unknown>;
  /** Whether the client had finished sending its body when the answer arrived. */
  bodyFinished: boolean;
}

/**
 * The server must answer on what it has. If it waits for the rest of a body instead (reading
 * what it will refuse), no answer comes; this then fails with that explanation.
 */
function answered<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer ${what}: the server is waiting to read the body`)), 10_000);
  });
  return Promise.race([promise, stuck]).finally(() => clearTimeout(timer));
}

/** Resolves with the first `n` values among the promises, in the order they arrive. */
function firstOf<T>(promises: Promise<T>[], n: number): Promise<T[]> {
  const values: T[] = [];
  return new Promise((resolve) => {
    for (const p of promises)
      p.then((v) => {
        values.push(v);
        if (values.length === n) resolve(values);
      });
  });
}

/** Starts a POST and sends only the first part of its body, then waits. */
function partialPost(path: string, options: { declared?: number; first: number }) {
  const req = request(`${h.base}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)),
      'x-slack-signature': 'v0=forged',
      ...(options.declared === undefined ? {} : { 'content-length': String(options.declared) }),
    },
  });
  req.on('error', () => {}); // the server may close the socket on a refused body: expected
  const answer = new Promise<Answer>((resolve) => {
    req.once('response', (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, headers: res.headers, bodyFinished: req.writableEnded });
    });
  });
  req.write(Buffer.alloc(options.first, 0x20));
  return { answer, abandon: () => req.destroy() };
}

/** A complete body of undeclared length (chunked), as a client that does not say how long it is. */
function chunkedPost(path: string, bytes: number, agent: Agent) {
  return new Promise<number>((resolve, reject) => {
    const req = request(`${h.base}${path}`, {
      agent,
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)),
        'x-slack-signature': 'v0=forged',
      },
    });
    req.on('error', () => {});
    req.once('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    setTimeout(() => reject(new Error(`no answer from ${path}`)), 10_000).unref();
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    for (let sent = 0; sent < bytes; sent += chunk.length) req.write(chunk);
    req.end();
  });
}

describe('request bodies', () => {
  it('refuses an unsigned 4 MB Slack body on its declared length, answering before it is sent', async () => {
    const post = partialPost('/slack/events', { declared: 4 * MB, first: 64 * 1024 });
    const answer = await answered(post.answer, 'to a 4 MB body after 64 KB of it');
    post.abandon();
    expect(answer.status).toBe(413);
    expect(answer.bodyFinished).toBe(false);
    expect(answer.headers.connection).toBe('close');
  });

  it('refuses 40 unsigned 4 MB bodies at once without reading any of them', async () => {
    const posts = Array.from({ length: 40 }, () =>
      partialPost('/slack/events', { declared: 4 * MB, first: 16 * 1024 }),
    );
    const answers = await answered(Promise.all(posts.map((p) => p.answer)), 'to 40 bodies of 4 MB, 16 KB into each');
    for (const p of posts) p.abandon();
    expect(answers.map((a) => a.status)).toEqual(Array(40).fill(413));
    expect(answers.every((a) => !a.bodyFinished)).toBe(true);
  });

  it('holds Teams to the Bot Framework Connector limit (256 KB), also before reading', async () => {
    const post = partialPost('/api/messages', { declared: BODY_LIMITS.teams + 1, first: 1024 });
    const answer = await answered(post.answer, 'to an oversized Teams body after 1 KB of it');
    post.abandon();
    expect(answer.status).toBe(413);
    expect(answer.bodyFinished).toBe(false);
  });

  it('cuts off bodies of undeclared length at the same limits, without wedging a kept-alive connection', async () => {
    // One connection for all three, as a client reusing it would: a refused body left half read
    // in it would leave the next request waiting for ever.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      expect(await chunkedPost('/slack/events', BODY_LIMITS.slack + 64 * 1024, agent)).toBe(413);
      expect(await chunkedPost('/api/messages', BODY_LIMITS.teams + 64 * 1024, agent)).toBe(413);
      expect(await chunkedPost('/slack/events', 64 * 1024, agent)).toBe(401);
    } finally {
      agent.destroy();
    }
  });

  it(`reads at most ${MAX_BODIES_IN_FLIGHT} bodies at once, turning the next away with 503, and frees the slots`, async () => {
    // Slow senders: each starts a body and never finishes it. Whatever order they arrive in, the
    // server reads the first ones and must turn exactly the surplus away at once.
    const surplus = 8;
    const posts = Array.from({ length: MAX_BODIES_IN_FLIGHT + surplus }, () =>
      partialPost('/slack/events', { first: 10 }),
    );
    const refused = await answered(
      firstOf(
        posts.map((p) => p.answer),
        surplus,
      ),
      'to bodies beyond the cap',
    );
    expect(refused.map((a) => a.status)).toEqual(Array(surplus).fill(503));
    expect(refused.every((a) => a.headers['retry-after'] === '1')).toBe(true);
    for (const p of posts) p.abandon();
    // Once they are gone, Slack's real requests are read again.
    let ok = 0;
    for (let attempt = 0; attempt < 200 && ok === 0; attempt++) {
      const res = await send(
        h.events,
        slashCommand({ text: 'help', responseUrl: h.slack.responseUrl(`after-${attempt}`) }),
        FORM,
      );
      if (res.status === 200) ok++;
      else await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(ok).toBe(1);
  });
});

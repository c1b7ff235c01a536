import { join } from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import nock from 'nock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DigestScheduler } from '../../src/core/digests/digest-scheduler.ts';
import { silentLogger } from '../../src/core/logging/logger.ts';
import { type RunningServer, startServer } from '../../src/main.ts';
import { CoachRuntime } from '../../src/runtime.ts';
import { createTeamsSender } from '../../src/teams/app.ts';
import { type TeamsMode, teamsModeFrom } from '../../src/teams/teams-mode.ts';
import { FakeBotFramework } from '../helpers/bot-framework.ts';
import { FakeConnector } from '../helpers/fake-connector.ts';
import { tempDir, testConfig } from '../helpers/runtime.ts';

// Teams as an attacker sees it: with authentication off (emulator mode, loopback only) and with
// an app id, forged tokens, forged identities and serviceUrls that are not the Bot Framework's.

const SECRET = 'test-pseudonym-secret-0123456789';
const ADMIN_AAD = 'ad0000ad-0000-4000-8000-0000000000ad';
const TENANT = 'ten0f00d-aaaa-bbbb-cccc-ddddeeeeffff';
const EVIL = 'https://evil.example';

const connector = new FakeConnector();
const botFramework = new FakeBotFramework();
/** Everything the bot tried to send to the attacker's server (intercepted in process). */
const evilCalls: string[] = [];
const dirs: { cleanup: () => void }[] = [];
let consoleError: ReturnType<typeof vi.spyOn>;
let consoleWarn: ReturnType<typeof vi.spyOn>;

interface Bot {
  server: RunningServer;
  url: string;
  db: string;
  logs: Record<string, unknown>[];
}

async function startBot(env: Record<string, string>): Promise<Bot> {
  const dir = tempDir();
  dirs.push(dir);
  const logs: Record<string, unknown>[] = [];
  const db = join(dir.path, 'teams.db');
  const server = await startServer(
    {
      OPSCOACH_DB: db,
      OPSCOACH_PSEUDONYM_SECRET: SECRET,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      OPSCOACH_ADMINS: `teams:${ADMIN_AAD}`,
      ...env,
    },
    {
      logDestination: new Writable({
        write(chunk, _encoding, done) {
          for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line));
          done();
        },
      }),
    },
  );
  return { server, url: `http://127.0.0.1:${server.port}/api/messages`, db, logs };
}

let counter = 0;
function activity(fields: { serviceUrl?: string; text?: string; type?: string; channel?: boolean; aad?: string }) {
  const channel = fields.channel ?? false;
  return {
    type: fields.type ?? 'message',
    ...(fields.type === 'installationUpdate' ? { action: 'add' } : {}),
    id: `incoming-${++counter}`,
    timestamp: new Date().toISOString(),
    serviceUrl: fields.serviceUrl ?? connector.base,
    channelId: 'msteams',
    from: { id: '29:someone', name: 'Mallory Example', aadObjectId: fields.aad ?? ADMIN_AAD },
    conversation: channel
      ? { id: '19:ops@thread.tacv2', conversationType: 'channel', tenantId: TENANT }
      : { id: 'a:personal-chat', conversationType: 'personal', tenantId: TENANT },
    recipient: { id: '28:opscoach-bot', name: 'Opscoach' },
    text: fields.text,
    channelData: {
      tenant: { id: TENANT },
      ...(channel ? { team: { id: '19:team', name: 'Platform' }, channel: { id: '19:ops', name: 'Ops' } } : {}),
    },
  };
}

async function post(bot: Bot, body: unknown, authorization?: string) {
  const res = await fetch(bot.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

/** Rows in the tables a forged activity could write to. */
function stored(db: string) {
  const raw = new Database(db, { readonly: true });
  const count = (table: string) => (raw.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  const rows = {
    addresses: count('conversation_addresses'),
    subscriptions: count('digest_subscriptions'),
    events: count('processed_events'),
    answers: count('answers'),
    sessions: count('diagnostic_sessions'),
  };
  raw.close();
  return rows;
}

beforeAll(async () => {
  // Spied before the bot starts, so the spies see anything written to the console outside our logger.
  consoleError = vi.spyOn(console, 'error');
  consoleWarn = vi.spyOn(console, 'warn');
  await connector.start();
  botFramework.install();
  nock(EVIL)
    .persist()
    .post(/.*/)
    .reply((uri) => {
      evilCalls.push(uri);
      return [200, { id: 'x' }];
    })
    .put(/.*/)
    .reply((uri) => {
      evilCalls.push(uri);
      return [200, { id: 'x' }];
    });
});
afterAll(async () => {
  await connector.stop();
  botFramework.uninstall();
  for (const d of dirs) d.cleanup();
  vi.restoreAllMocks();
});
beforeEach(() => {
  connector.clear();
  evilCalls.length = 0;
  consoleError.mockClear();
  consoleWarn.mockClear();
});

describe('Teams without an app id (the local emulator)', () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await startBot({ TEAMS_ENABLED: 'true' });
  });
  afterAll(() => bot.server.close());

  it('never treats a claimed identity as an admin: a forged admin AAD object id gets no report', async () => {
    expect((await post(bot, activity({ text: 'report' }))).status).toBe(200);
    const reply = await connector.waitFor(() => connector.of('reply').find((c) => c.body.attachments));
    const said = JSON.stringify(reply.body);
    expect(said).toMatch(/people who run Opscoach/);
    expect(said).not.toMatch(/Opscoach report/);
  });

  it('neither answers nor remembers an activity whose serviceUrl is not the Bot Framework', async () => {
    const before = stored(bot.db);
    for (const serviceUrl of [
      `${EVIL}/`,
      'http://169.254.169.254/latest/',
      'https://smba.trafficmanager.net.evil.example/',
    ]) {
      const installed = await post(bot, activity({ serviceUrl, type: 'installationUpdate', channel: true }));
      expect(installed.status).toBe(403);
      const digest = await post(bot, activity({ serviceUrl, text: '<at>Opscoach</at> digest on', channel: true }));
      expect(digest.status).toBe(403);
    }
    expect(stored(bot.db)).toEqual(before);
    expect(evilCalls).toEqual([]);
    expect(bot.logs.filter((l) => /serviceUrl is not one the Bot Framework uses/.test(String(l.msg)))).toHaveLength(6);
  });

  it('says only up or down on /healthz, nothing about how Teams is secured', async () => {
    const res = await fetch(`http://127.0.0.1:${bot.server.port}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });
});

describe('Teams with an app id', () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await startBot(botFramework.env(connector.base));
  });
  afterAll(() => bot.server.close());

  const lines = (from: number) => bot.logs.slice(from);

  it.each([
    ['an unsigned token (alg "none")', () => botFramework.authorization({ serviceUrl: connector.base, alg: 'none' })],
    [
      'a token signed with a key the Bot Framework never published',
      () => botFramework.authorization({ serviceUrl: connector.base, signWith: 'attacker' }),
    ],
    ['an expired token', () => botFramework.authorization({ serviceUrl: connector.base, expiresIn: -3600 })],
    [
      "a token for another bot's app id",
      () =>
        botFramework.authorization({ serviceUrl: connector.base, audience: '11111111-2222-4333-8444-555555555555' }),
    ],
    ['a token minted for a different serviceUrl', () => botFramework.authorization({ serviceUrl: `${EVIL}/` })],
    ['no token', () => undefined],
  ])('answers %s with 401, logged once through our logger with a request id', async (_, authorization) => {
    const from = bot.logs.length;
    const res = await post(bot, activity({ text: 'report' }), authorization());
    expect(res.status).toBe(401);
    expect(res.text).not.toMatch(/at \w+ \(|node_modules|Error/);
    const logged = lines(from);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 40, msg: 'Teams request rejected: no valid token' });
    expect(logged[0]?.request).toEqual(expect.any(String));
    expect(JSON.stringify(logged[0])).not.toMatch(/"stack"/);
    expect(consoleError).not.toHaveBeenCalled();
    expect(consoleWarn).not.toHaveBeenCalled();
    expect(connector.calls).toEqual([]);
  });

  it('answers a request carrying a valid Bot Framework token', async () => {
    const res = await post(
      bot,
      activity({ text: 'What is a standard change?', aad: 'bbbbbbbb-0000-4000-8000-000000000001' }),
      botFramework.authorization({ serviceUrl: connector.base }),
    );
    expect(res.status).toBe(200);
    const reply = await connector.waitFor(() => connector.of('reply').find((c) => c.body.attachments));
    expect(JSON.stringify(reply.body)).toMatch(/Sources/);
    expect(botFramework.replyTokens).toBeGreaterThan(0);
  });

  it('still refuses a serviceUrl off the allow-list, even with a valid token for it', async () => {
    const before = stored(bot.db);
    const serviceUrl = `${EVIL}/`;
    const res = await post(
      bot,
      activity({ serviceUrl, type: 'installationUpdate', channel: true }),
      botFramework.authorization({ serviceUrl }),
    );
    expect(res.status).toBe(403);
    expect(stored(bot.db)).toEqual(before);
    expect(evilCalls).toEqual([]);
  });

  it('posts no digest to a serviceUrl stored before the allow-list existed', async () => {
    const env = { OPSCOACH_PSEUDONYM_SECRET: SECRET, ...botFramework.env(connector.base) };
    const runtime = CoachRuntime.create(testConfig(bot.db, env), silentLogger);
    try {
      const channel = '19:planted@thread.tacv2';
      const address = {
        serviceUrl: `${EVIL}/`,
        channelId: 'msteams',
        conversation: { id: channel },
        bot: { id: '28:x' },
      };
      runtime.coach.digest(['on', 'monday', '09:00', 'UTC'], {
        admin: true,
        digestTarget: {
          platform: 'teams',
          channel,
          label: 'Planted',
          workspace: 'w',
          address: JSON.stringify(address),
        },
      });
      const scheduler = new DigestScheduler(
        runtime.digests,
        runtime.store.digests,
        { teams: createTeamsSender(runtime, teamsModeFrom(runtime.config) as TeamsMode, silentLogger) },
        silentLogger,
        runtime.now,
      );
      expect(await scheduler.runOnce({ channel, force: true })).toMatchObject({ sent: 0, failed: 1 });
      expect(evilCalls).toEqual([]);
    } finally {
      runtime.close();
    }
  });
});

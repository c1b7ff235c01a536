import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DigestScheduler } from '../../src/core/digests/digest-scheduler.ts';
import { silentLogger } from '../../src/core/logging/logger.ts';
import { type RunningServer, startServer } from '../../src/main.ts';
import { CoachRuntime } from '../../src/runtime.ts';
import { createTeamsSender } from '../../src/teams/app.ts';
import { type TeamsMode, teamsModeFrom } from '../../src/teams/teams-mode.ts';
import { FakeBotFramework } from '../helpers/bot-framework.ts';
import { FakeConnector } from '../helpers/fake-connector.ts';
import { tempDir, testConfig } from '../helpers/runtime.ts';

const AAD = 'aad0f00d-1111-2222-3333-444455556666';
const TENANT = 'ten0f00d-aaaa-bbbb-cccc-ddddeeeeffff';
const SECRET = 'test-pseudonym-secret-0123456789';

type Card = { body: { type: string; text?: string; actions?: Action[] }[]; actions?: Action[] };
type Action = { type: string; title: string; data?: Record<string, unknown> };

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';

const connector = new FakeConnector();
// Teams as it runs in production: every request carries a Bot Framework token.
const botFramework = new FakeBotFramework();
const dir = tempDir();
const db = join(dir.path, 'teams.db');
let server: RunningServer;
let url: string;
let counter = 0;

beforeAll(async () => {
  await connector.start();
  botFramework.install();
  server = await startServer({
    OPSCOACH_DB: db,
    OPSCOACH_PSEUDONYM_SECRET: SECRET,
    ...botFramework.env(connector.base),
    PORT: '0',
    LOG_LEVEL: process.env.TEAMS_DEBUG ? 'debug' : 'silent',
    OPSCOACH_ADMINS: `teams:${AAD}`,
    OPSCOACH_METRICS_TOKEN: METRICS_TOKEN,
  });
  url = `http://127.0.0.1:${server.port}/api/messages`;
});
afterAll(async () => {
  await server.close();
  await connector.stop();
  botFramework.uninstall();
  dir.cleanup();
});
beforeEach(() => connector.clear());

/** A Bot Framework activity as Teams posts it, pointing its replies at the fake connector. */
function activity(fields: {
  text?: string;
  value?: unknown;
  conversation?: string;
  kind?: string;
  replyToId?: string;
  extra?: Record<string, unknown>;
}) {
  const conversationType = fields.kind ?? 'personal';
  return {
    type: 'message',
    id: `incoming-${++counter}`,
    timestamp: new Date().toISOString(),
    serviceUrl: connector.base,
    channelId: 'msteams',
    from: { id: '29:teams-user-id', name: 'Priya Example', aadObjectId: AAD },
    conversation: { id: fields.conversation ?? 'a:personal-chat', conversationType, tenantId: TENANT },
    recipient: { id: '28:opscoach-bot', name: 'Opscoach' },
    text: fields.text,
    value: fields.value,
    replyToId: fields.replyToId,
    locale: 'en-GB',
    localTimezone: 'Europe/London',
    channelData: {
      tenant: { id: TENANT },
      ...(conversationType === 'channel'
        ? { team: { id: '19:team-id', name: 'Platform' }, channel: { id: '19:chan', name: 'Ops' } }
        : {}),
    },
    ...fields.extra,
  };
}

/** Posts an activity as the Bot Connector does, with a token for its serviceUrl. */
async function post(body: unknown, headers: Record<string, string> = {}) {
  const serviceUrl = (body as { serviceUrl?: string }).serviceUrl ?? connector.base;
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: botFramework.authorization({ serviceUrl }),
      ...headers,
    },
    body: JSON.stringify(body),
  });
  return res.status;
}

const cardOf = (call: { body: Record<string, unknown> } | undefined): Card => {
  const attachments = call?.body.attachments as { contentType: string; content: Card }[] | undefined;
  const attachment = attachments?.[0];
  expect(attachment?.contentType).toBe('application/vnd.microsoft.card.adaptive');
  expect((attachment?.content as unknown as { version?: string } | undefined)?.version).toBe('1.5');
  return attachment?.content as Card;
};
const cardText = (card: Card) => JSON.stringify(card);
const actionsOf = (card: Card): Action[] => [...card.body.flatMap((b) => b.actions ?? []), ...(card.actions ?? [])];

describe('Teams', () => {
  it('answers a question with an Adaptive Card that cites its sources and asks for feedback', async () => {
    expect(
      await post(
        activity({
          text: '<at>Opscoach</at> What is a standard change?',
          extra: {
            entities: [
              { type: 'mention', mentioned: { id: '28:opscoach-bot', name: 'Opscoach' }, text: '<at>Opscoach</at>' },
            ],
          },
        }),
      ),
    ).toBe(200);
    const reply = await connector.waitFor(() => connector.of('reply').find((c) => c.body.attachments));
    expect(reply.conversation).toBe('a:personal-chat');
    const card = cardOf(reply);
    expect(cardText(card)).toMatch(/\*\*Sources\*\*/);
    expect(cardText(card)).toMatch(/https:\/\/playbooks\.equalexperts\.com/);
    expect(actionsOf(card).map((a) => a.title)).toEqual(expect.arrayContaining(['👍 Helpful', '👎 Not helpful']));
  });

  it('runs a diagnostic through card submits, updating the card in place, and ignores a double submit', async () => {
    await post(activity({ text: 'diagnose handovers' }));
    let card = cardOf(await connector.waitFor(() => connector.of('reply')[0]));
    const submit = async (title: RegExp | string, previous: Card) => {
      const action = actionsOf(previous).find((a) =>
        typeof title === 'string' ? a.title === title : title.test(a.title),
      );
      if (!action)
        throw new Error(
          `no action ${title}: ${actionsOf(previous)
            .map((a) => a.title)
            .join(' | ')}`,
        );
      connector.clear();
      await post(activity({ value: action.data, replyToId: 'card-message-1' }));
      const update = await connector.waitFor(() => connector.of('update')[0]);
      expect(update.activityId).toBe('card-message-1');
      return { card: cardOf(update), action };
    };
    ({ card } = await submit('Start', card));
    ({ card } = await submit(/^Building software/, card));
    ({ card } = await submit(/^Mostly an outsourced/, card));
    expect(cardText(card)).toMatch(/Question 1 of 8/);
    const first = await submit(/^A central operations bridge/, card);
    expect(cardText(first.card)).toMatch(/Question 2 of 8/);
    connector.clear();
    await post(activity({ value: first.action.data, replyToId: 'card-message-1' }));
    const again = cardOf(await connector.waitFor(() => connector.of('update')[0]));
    expect(cardText(again)).toMatch(/Question 2 of 8/);
    expect(cardText(again)).toMatch(/already answered/);
    card = first.card;
    for (let q = 2; q <= 8; q++)
      ({ card } = await submit(
        /^(Three|On about half|Between thirty|Only as an office|A runbook written|A root-cause|They get done eventually)/,
        card,
      ));
    expect(cardText(card)).toMatch(/anything you would like to add/);
    const finish = actionsOf(card).find((a) => a.title === 'Finish');
    connector.clear();
    await post(
      activity({
        value: { ...finish?.data, comment: 'Priya Example here, ring 020 7946 0958' },
        replyToId: 'card-message-1',
      }),
    );
    const result = cardOf(await connector.waitFor(() => connector.of('update')[0]));
    expect(cardText(result)).toMatch(/Pass the parcel|Escalation ladder/);
    expect(actionsOf(result).some((a) => a.type === 'Action.OpenUrl')).toBe(true);
  });

  it.each([
    ['a diagnostic', 'diagnose releases', /Release pain/],
    ['their results', 'results', /No results yet|latest result/i],
    ['a report', 'report', /Opscoach report/],
  ])('keeps %s private: asked in a channel, it is answered in a personal chat', async (_what, text, shows) => {
    connector.clear();
    await post(
      activity({
        text: `<at>Opscoach</at> ${text}`,
        kind: 'channel',
        conversation: '19:chan@thread.tacv2;messageid=777',
      }),
    );
    const created = await connector.waitFor(() => connector.of('create-conversation')[0]);
    expect((created.body.members as { id: string }[])[0]?.id).toBe('29:teams-user-id');
    const sent = await connector.waitFor(() => connector.calls.find((c) => c.conversation?.startsWith('a:personal-')));
    expect(JSON.stringify(sent.body)).toMatch(shows);
    const note = await connector.waitFor(() =>
      connector.of('reply').find((c) => /private chat/.test(String(c.body.text))),
    );
    expect(note.conversation).toContain('19:chan@thread.tacv2');
    // Nothing but that note went to the channel.
    const inChannel = connector.calls.filter((c) => c.conversation?.startsWith('19:chan@thread.tacv2'));
    expect(inChannel.filter((c) => c.body.type !== 'typing')).toHaveLength(1);
  });

  it('subscribes a channel to the digest and sends it proactively, retrying a 429', async () => {
    await post(
      activity({
        text: '<at>Opscoach</at> digest on monday 09:00',
        kind: 'channel',
        conversation: '19:chan@thread.tacv2;messageid=888',
      }),
    );
    const on = await connector.waitFor(() =>
      connector.of('reply').find((c) => /Weekly digest is on/.test(JSON.stringify(c.body))),
    );
    expect(JSON.stringify(on.body)).toMatch(/every Monday at 09:00 \(Europe\/London\)/);
    // How to reach the channel is kept; who turned the digest on is not.
    const raw = new Database(db, { readonly: true });
    const { address } = raw.prepare('SELECT address FROM digest_subscriptions').get() as { address: string };
    raw.close();
    expect(address).toContain('19:chan@thread.tacv2');
    for (const leak of [AAD, 'Priya', '29:teams-user-id']) expect(address).not.toContain(leak);
    const runtime = CoachRuntime.create(
      testConfig(db, { OPSCOACH_PSEUDONYM_SECRET: SECRET, ...botFramework.env(connector.base) }),
      silentLogger,
    );
    try {
      connector.clear();
      connector.failNext(429);
      const scheduler = new DigestScheduler(
        runtime.digests,
        runtime.store.digests,
        { teams: createTeamsSender(runtime, teamsModeFrom(runtime.config) as TeamsMode, silentLogger) },
        silentLogger,
        runtime.now,
      );
      const summary = await scheduler.runOnce({ channel: '19:chan@thread.tacv2', force: true });
      expect(summary).toMatchObject({ sent: 1, failed: 0 });
      // botbuilder posts proactive messages as replies to its continuation activity; either way, into the channel.
      const posts = connector.calls.filter(
        (c) => (c.kind === 'send' || c.kind === 'reply') && c.conversation === '19:chan@thread.tacv2',
      );
      expect(posts).toHaveLength(2); // the throttled attempt, then the digest
      expect(cardText(cardOf(posts[1]))).toMatch(/Tip of the week/);
    } finally {
      runtime.close();
    }
  });

  it('welcomes on install and stops digests when removed', async () => {
    await post({
      ...activity({ kind: 'channel', conversation: '19:chan@thread.tacv2' }),
      type: 'installationUpdate',
      action: 'add',
    });
    await connector.waitFor(() => connector.calls.find((c) => /Opscoach/.test(JSON.stringify(c.body))));
    await post({
      ...activity({ kind: 'channel', conversation: '19:chan@thread.tacv2' }),
      type: 'installationUpdate',
      action: 'remove',
    });
    await new Promise((r) => setTimeout(r, 100));
    const raw = new Database(db, { readonly: true });
    const active = raw
      .prepare("SELECT COUNT(*) AS n FROM digest_subscriptions WHERE platform = 'teams' AND active = 1")
      .get() as { n: number };
    raw.close();
    expect(active.n).toBe(0);
  });

  it('answers a redelivered activity once', async () => {
    const question = activity({ text: 'What is a standard change?' });
    expect(await post(question)).toBe(200);
    expect(await post(question)).toBe(200);
    await connector.waitFor(() => connector.of('reply')[0] ?? connector.of('send')[0]);
    await new Promise((r) => setTimeout(r, 200));
    const answers = connector.calls.filter((c) => c.body.attachments);
    expect(answers).toHaveLength(1);
  });

  it('explains a forged or stale card submit instead of failing', async () => {
    await post(activity({ value: { opscoach: 'choice', token: '<script>' }, replyToId: 'x' }));
    const update = await connector.waitFor(() => connector.of('update')[0]);
    expect(cardText(cardOf(update))).toMatch(/not one I recognise/);
    connector.clear();
    await post(activity({ value: { something: 'else' } }));
    const reply = await connector.waitFor(() => connector.of('reply')[0]);
    expect(String(reply.body.text)).toMatch(/older version/);
  });

  it('answers a malformed or oversized body with a short 4xx, never a stack trace', async () => {
    const malformed = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: botFramework.authorization({ serviceUrl: connector.base }),
      },
      body: '{"type":',
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({ error: 'malformed JSON' });
    const huge = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'x'.repeat(2_000_000) }),
    });
    expect(huge.status).toBe(413);
    expect(await huge.text()).not.toMatch(/at \w+ \(|node_modules/);
  });

  it('counts what it handled on /metrics, with its acknowledgement times', async () => {
    const text = await (
      await fetch(`http://127.0.0.1:${server.port}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
    ).text();
    const value = (series: string) =>
      Number(
        text
          .split('\n')
          .find((l) => l.startsWith(`${series} `))
          ?.split(' ')[1],
      );
    expect(value('opscoach_events_total{platform="teams",kind="message"}')).toBeGreaterThan(3);
    expect(value('opscoach_events_total{platform="teams",kind="card"}')).toBeGreaterThan(3);
    expect(value('opscoach_http_ack_seconds_count{route="teams"}')).toBeGreaterThan(6);
    expect(value('opscoach_diagnostics_completed_total{diagnostic="handovers"}')).toBeGreaterThanOrEqual(1);
  });

  it('leaves no AAD object id, tenant id or name in the database', () => {
    const raw = new Database(db);
    raw.pragma('wal_checkpoint(TRUNCATE)');
    raw.close();
    const bytes = readFileSync(db).toString('latin1').toLowerCase();
    // The tenant id stays: it is the organisation's, and proactive messages to a channel need it.
    for (const leak of [AAD, 'priya', '7946 0958', '29:teams-user-id'])
      expect(bytes.includes(leak.toLowerCase()), leak).toBe(false);
  });
});

describe('Teams with an app id', () => {
  it('rejects a request without a valid token with 401', async () => {
    const other = tempDir();
    const secured = await startServer({
      OPSCOACH_DB: join(other.path, 's.db'),
      OPSCOACH_PSEUDONYM_SECRET: SECRET,
      MicrosoftAppId: '00000000-0000-0000-0000-000000000001',
      MicrosoftAppPassword: 'not-a-real-secret',
      MicrosoftAppTenantId: '00000000-0000-0000-0000-000000000002',
      PORT: '0',
      LOG_LEVEL: 'silent',
    });
    try {
      const res = await fetch(`http://127.0.0.1:${secured.port}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity({ text: 'hello' })),
      });
      expect(res.status).toBe(401);
      const forged = await fetch(`http://127.0.0.1:${secured.port}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer not.a.token' },
        body: JSON.stringify(activity({ text: 'hello' })),
      });
      expect(forged.status).toBe(401);
      expect(connector.calls).toEqual([]);
    } finally {
      await secured.close();
      other.cleanup();
    }
  });
});

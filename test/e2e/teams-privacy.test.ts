import { join } from 'node:path';
import Database from 'better-sqlite3';
import nock from 'nock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/main.ts';
import { FakeConnector } from '../helpers/fake-connector.ts';
import { type ChatRequestBody, completion, FAKE_OPENAI, FAKE_OPENAI_BASE_URL } from '../helpers/fake-openai.ts';
import { tempDir } from '../helpers/runtime.ts';

// Privacy and output in Teams, with Bot Framework activities over HTTP: a model's answer and a
// channel's name cannot mention anyone or link to a foreign site in a card, and a name that ends
// in a letter outside ASCII is taken out of a comment like any other.

const TENANT = 'ten0f00d-aaaa-bbbb-cccc-ddddeeeeffff';
const EVIL = 'https://evil.example/reset';
const PLAYBOOK = 'https://playbooks.equalexperts.com/you-build-it-you-run-it/principles';

type Card = { body: { type: string; text?: string; actions?: Action[] }[]; actions?: Action[] };
type Action = { type: string; title: string; data?: Record<string, unknown> };

const connector = new FakeConnector();
const dir = tempDir();
const db = join(dir.path, 'teams-privacy.db');
let server: RunningServer;
let url: string;
let counter = 0;
let modelReply = '';

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  nock(FAKE_OPENAI)
    .persist()
    .post('/v1/chat/completions')
    .reply((_uri, body) => ((body as ChatRequestBody).stream ? [500, {}] : [200, completion(modelReply)]));
  await connector.start();
  server = await startServer({
    OPSCOACH_DB: db,
    OPSCOACH_PSEUDONYM_SECRET: 'test-pseudonym-secret-0123456789',
    TEAMS_ENABLED: 'true',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    OPENAI_API_KEY: 'sk-test-abcdefghijklmnop',
    OPENAI_BASE_URL: FAKE_OPENAI_BASE_URL,
    OPENAI_EMBEDDING_MODEL: 'none',
    OPENAI_TIMEOUT_MS: '2000',
  });
  url = `http://127.0.0.1:${server.port}/api/messages`;
});
afterAll(async () => {
  await server.close();
  await connector.stop();
  nock.cleanAll();
  nock.enableNetConnect();
  dir.cleanup();
});
beforeEach(() => connector.clear());

/** A Bot Framework activity as Teams posts it, its replies going to the fake connector. */
function activity(fields: {
  text?: string;
  value?: unknown;
  from?: { id: string; name: string; aadObjectId: string };
  kind?: string;
  conversation?: string;
  channelName?: string;
  replyToId?: string;
}) {
  const conversationType = fields.kind ?? 'personal';
  return {
    type: 'message',
    id: `privacy-${++counter}`,
    timestamp: new Date().toISOString(),
    serviceUrl: connector.base,
    channelId: 'msteams',
    from: fields.from ?? { id: '29:someone', name: 'Sam Example', aadObjectId: 'aad-sam-0000' },
    conversation: { id: fields.conversation ?? 'a:personal-privacy', conversationType, tenantId: TENANT },
    recipient: { id: '28:opscoach-bot', name: 'Opscoach' },
    text: fields.text,
    value: fields.value,
    replyToId: fields.replyToId,
    locale: 'en-GB',
    channelData: {
      tenant: { id: TENANT },
      ...(conversationType === 'channel'
        ? {
            team: { id: '19:team-id', name: 'Platform' },
            channel: { id: '19:chan', name: fields.channelName ?? 'Ops' },
          }
        : {}),
    },
  };
}

async function post(body: unknown): Promise<number> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return res.status;
}

const cardOf = (call: { body: Record<string, unknown> } | undefined): Card =>
  ((call?.body.attachments as { content: Card }[] | undefined)?.[0]?.content ?? { body: [] }) as Card;
const actionsOf = (card: Card): Action[] => [...card.body.flatMap((b) => b.actions ?? []), ...(card.actions ?? [])];

/** Nothing a Teams client could show as a mention, and no link of any kind to the foreign site. */
function expectInert(shown: string): void {
  expect(shown).not.toMatch(/<at>/i);
  expect(shown).not.toMatch(/evil\.example/);
  expect(shown).not.toMatch(/<[!@#]/);
}

describe('Teams cards', () => {
  it("show a model's answer without mentions or foreign links, keeping the knowledge base's own", async () => {
    modelReply = [
      'Standard changes are pre-approved routine changes [1]. <at>Everyone</at> <!channel> read this: ',
      `[Reset your password](${EVIL}), <${EVIL}|Reset your password>, ${EVIL} or www.evil.example. `,
      `See [the principles](${PLAYBOOK}) [1].`,
    ].join('');
    expect(
      await post(activity({ text: 'How are standard changes pre-approved and audited in change management?' })),
    ).toBe(200);
    const reply = await connector.waitFor(() => connector.calls.find((c) => c.body.attachments));
    const shown = JSON.stringify(cardOf(reply));
    expect(shown).toMatch(/pre-approved routine changes/);
    expect(shown).toMatch(/Written by an AI model/);
    expect(shown).toMatch(/\[mention\]/);
    expect(shown).toMatch(/Reset your password/);
    expect(shown).toContain(`](${PLAYBOOK})`);
    expectInert(shown);
  });

  it.each([
    // A name with an address in it is not kept or repeated at all.
    [`[Reset your password](${EVIL}) <at>Everyone</at>`, /This channel has no weekly digest/],
    // One the scrubber lets through is repeated as words, never as a link.
    ['[Reset your password](evil.example/reset)', /Reset your password/],
  ])("repeat a channel's name without a live link in it: %s", async (channelName, shows) => {
    expect(
      await post(
        activity({
          text: '<at>Opscoach</at> digest status',
          kind: 'channel',
          conversation: '19:chan@thread.tacv2;messageid=1',
          channelName,
        }),
      ),
    ).toBe(200);
    const reply = await connector.waitFor(() =>
      connector.calls.find((c) => /weekly digest/i.test(JSON.stringify(c.body))),
    );
    const shown = JSON.stringify(reply.body);
    expect(shown).toMatch(shows);
    expectInert(shown);
  });
});

describe('Teams group chats', () => {
  it("are not a channel for group results: their name (often their members' names) is never stored", async () => {
    const chat = {
      id: '19:groupchat-abc@thread.v2',
      conversationType: 'groupChat',
      name: 'Alice Beaumont, Bob Okafor',
    };
    expect(
      await post({
        ...activity({ text: '<at>Opscoach</at> diagnose handovers', kind: 'groupChat', conversation: chat.id }),
        conversation: { ...chat, tenantId: TENANT },
      }),
    ).toBe(200);
    // The diagnostic goes on in a personal chat; it was started, with no channel to count towards.
    await connector.waitFor(() => connector.calls.find((c) => c.conversation?.startsWith('a:personal-')));
    const raw = new Database(db, { readonly: true });
    const sessions = raw.prepare('SELECT channel FROM diagnostic_sessions').all();
    const everything = JSON.stringify(raw.prepare('SELECT * FROM diagnostic_sessions').all());
    raw.close();
    expect(sessions.length).toBeGreaterThan(0);
    expect(everything).not.toMatch(/Beaumont|Okafor/);
  });
});

describe('Teams comments', () => {
  it('lose the commenter\'s name when it ends in a letter outside ASCII ("José")', async () => {
    const jose = { id: '29:jose', name: 'José', aadObjectId: 'aad-jose-0000' };
    await post(activity({ text: 'diagnose handovers', from: jose, conversation: 'a:personal-jose' }));
    let card = cardOf(await connector.waitFor(() => connector.of('reply')[0]));
    const submit = async (pick: (a: Action) => boolean, extra: Record<string, unknown> = {}) => {
      const action = actionsOf(card).find(pick);
      if (!action)
        throw new Error(
          `no such action: ${actionsOf(card)
            .map((a) => a.title)
            .join(' | ')}`,
        );
      connector.clear();
      await post(
        activity({ value: { ...action.data, ...extra }, from: jose, conversation: 'a:personal-jose', replyToId: 'm1' }),
      );
      card = cardOf(await connector.waitFor(() => connector.of('update')[0]));
    };
    await submit((a) => a.title === 'Start');
    await submit((a) => /^Building software/.test(a.title));
    await submit((a) => /^Mostly our own/.test(a.title));
    for (let q = 1; q <= 8; q++)
      await submit((a) => a.data?.opscoach === 'choice' && !/Back|Skip|Cancel/.test(a.title));
    expect(JSON.stringify(card)).toMatch(/anything you would like to add/);
    await submit((a) => a.title === 'Finish', { comment: 'José here: handovers lose context, says josé' });
    const raw = new Database(db, { readonly: true });
    const rows = raw.prepare('SELECT comment FROM diagnostic_responses').all() as { comment: string }[];
    raw.close();
    expect(rows.map((r) => r.comment)).toContain('[organisation] here: handovers lose context, says [organisation]');
  });
});

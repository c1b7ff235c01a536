import { join } from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoWeek } from '../../src/core/diagnostics/week.ts';
import { silentLogger } from '../../src/core/logging/logger.ts';
import { type RunningServer, startServer } from '../../src/main.ts';
import { CoachRuntime } from '../../src/runtime.ts';
import { TeamsIdentity } from '../../src/teams/identity.ts';
import {
  anyJson,
  forgedToken,
  hostileText,
  overHttp,
  type Planted,
  teamsUser,
  typedText,
} from '../helpers/arbitraries.ts';
import { findLeaks, rowCounts } from '../helpers/db-leaks.ts';
import { type ConnectorCall, FakeConnector } from '../helpers/fake-connector.ts';
import { tempDir, testConfig } from '../helpers/runtime.ts';

// Hostile and malformed activities posted to /api/messages as Teams would post them (the Bot
// Framework connector is faked locally). For every activity: a 2xx, a reply or card update the
// person sees, no failed turn, and at the end no AAD object id, Teams user id, name or typed
// personal detail anywhere in the database.

const SECRET = 'test-pseudonym-secret-0123456789';
const TENANT = 'ten0f00d-aaaa-bbbb-cccc-ddddeeeeffff';
const connector = new FakeConnector();
const dir = tempDir();
const db = join(dir.path, 'teams-hostile.db');
const logs: string[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
let server: RunningServer;
let url: string;
let side: CoachRuntime;
let identity: TeamsIdentity;

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  await connector.start();
  server = await startServer(
    {
      OPSCOACH_DB: db,
      OPSCOACH_PSEUDONYM_SECRET: SECRET,
      TEAMS_ENABLED: 'true',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'warn',
    },
    {
      logDestination: new Writable({
        write(chunk, _encoding, done) {
          logs.push(String(chunk));
          done();
        },
      }),
    },
  );
  url = `http://127.0.0.1:${server.port}/api/messages`;
  // A second runtime on the same file, to walk diagnostics to their comment stage quickly.
  side = CoachRuntime.create(testConfig(db, { OPSCOACH_PSEUDONYM_SECRET: SECRET }), silentLogger);
  identity = new TeamsIdentity(side.pseudonyms);
});
afterAll(async () => {
  side.close();
  await server.close();
  await connector.stop();
  dir.cleanup();
  process.off('unhandledRejection', onUnhandled);
});

type User = { aad: string; id: string; name: string };
let n = 0;
const place = fc.constantFrom('personal', 'channel', 'groupChat');

/** A message activity as Teams posts it, from this user, in a conversation of its own. */
function activity(user: User, kind: string, fields: { text?: string; value?: unknown; replyToId?: string }) {
  const k = ++n;
  const conversation =
    kind === 'personal'
      ? `a:personal-hostile-${k}`
      : kind === 'channel'
        ? `19:hostile${k}@thread.tacv2;messageid=${k}`
        : `19:group${k}@thread.v2`;
  return {
    conversation,
    body: {
      type: 'message',
      id: `incoming-${k}`,
      timestamp: new Date().toISOString(),
      serviceUrl: connector.base,
      channelId: 'msteams',
      from: { id: user.id, name: user.name, aadObjectId: user.aad },
      conversation: { id: conversation, conversationType: kind, tenantId: TENANT },
      recipient: { id: '28:opscoach-bot', name: 'Opscoach' },
      text: fields.text,
      value: fields.value,
      replyToId: fields.replyToId,
      locale: 'en-GB',
      channelData: {
        tenant: { id: TENANT },
        ...(kind === 'channel' ? { team: { id: `19:team${k}`, name: 'Platform' }, channel: { id: `19:c${k}` } } : {}),
      },
    },
  };
}

const mark = () => ({ calls: connector.calls.length, logs: logs.length });
type Mark = ReturnType<typeof mark>;

function errorsSince(from: Mark): string[] {
  return logs
    .slice(from.logs)
    .map((line) => JSON.parse(line) as { level: number; msg: string; err?: { message?: string } })
    .filter((l) => l.level >= 50)
    .map((e) => `${e.msg}: ${e.err?.message ?? ''}`);
}

/** Posts an activity; returns what the person saw in that conversation (a reply or an updated card). */
async function post(from: Mark, built: ReturnType<typeof activity>): Promise<ConnectorCall> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(built.body),
  });
  expect(res.status).toBeLessThan(300);
  const base = built.conversation.split(';')[0] ?? '';
  try {
    return await connector.waitFor(
      () =>
        connector.calls
          .slice(from.calls)
          .find(
            (c) =>
              (c.kind === 'reply' || c.kind === 'update' || c.kind === 'send') &&
              c.conversation?.startsWith(base) &&
              c.body.type !== 'typing',
          ),
      3_000,
    );
  } catch {
    throw new Error(`nothing reached the person; errors logged: ${JSON.stringify(errorsSince(from))}`);
  }
}

/** What a person sees: a text, or an Adaptive Card with something in it. */
function expectShown(call: ConnectorCall): void {
  const attachments = call.body.attachments as { contentType: string; content: { body?: unknown[] } }[] | undefined;
  if (attachments?.length) {
    expect(attachments[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(attachments[0]?.content.body?.length).toBeGreaterThan(0);
  } else {
    expect(String(call.body.text ?? '').length).toBeGreaterThan(0);
  }
  expect(JSON.stringify(call.body)).not.toMatch(/something went wrong/);
}

function expectNoFailures(from: Mark): void {
  expect(errorsSince(from)).toEqual([]);
  expect(unhandled).toEqual([]);
}

const needlesOf = (user: User) => [user.aad, user.id, user.name];

describe('Teams: hostile messages', () => {
  it('answers any text, mentions and all, in a personal chat, a channel or a group chat', async () => {
    const needles: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        teamsUser,
        place,
        fc.oneof(
          typedText,
          hostileText.map((text): Planted => ({ text, needles: [] })),
        ),
        fc.boolean(),
        async (user, kind, typed, mentioned) => {
          needles.push(...needlesOf(user), ...typed.needles);
          const from = mark();
          const text = mentioned ? `<at>Opscoach</at> ${typed.text}` : typed.text;
          const shown = await post(from, activity(user, kind, { text }));
          expectShown(shown);
          expectNoFailures(from);
        },
      ),
      overHttp(50),
    );
    expect(findLeaks(db, needles)).toEqual([]);
  });
});

describe('Teams: what the bot deliberately ignores', () => {
  it('stays silent for reactions, typing, events and unknown activity types, whatever they carry', async () => {
    const from = mark();
    const places = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        teamsUser,
        place,
        fc.constantFrom('messageReaction', 'typing', 'event', 'endOfConversation', 'handoff', 'somethingNew'),
        anyJson,
        async (user, kind, type, value) => {
          const built = activity(user, kind, { value });
          places.add(built.conversation.split(';')[0] ?? '');
          const res = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ ...built.body, type, reactionsAdded: [{ type: 'like' }] }),
          });
          expect(res.status).toBeLessThan(300);
        },
      ),
      overHttp(30),
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(connector.calls.slice(from.calls).filter((c) => places.has(c.conversation?.split(';')[0] ?? ''))).toEqual(
      [],
    );
    expectNoFailures(from);
  });
});

/** Card submits: what this version sends, with hostile contents, forged shapes, and anything at all. */
const submitValue = fc.oneof(
  typedText.map((t) => ({ value: { opscoach: 'ask', question: t.text } as unknown, needles: t.needles })),
  fc
    .record({
      opscoach: fc.constantFrom('choice', 'comment'),
      token: forgedToken,
      session: fc.string({ maxLength: 40 }),
    })
    .map((value) => ({ value: value as unknown, needles: [] as string[] })),
  fc
    .record({
      opscoach: fc.constant('feedback'),
      answer: fc.string({ maxLength: 40 }),
      helpful: fc.oneof(fc.boolean(), anyJson),
    })
    .map((value) => ({ value: value as unknown, needles: [] as string[] })),
  fc
    .record({ opscoach: fc.oneof(fc.string(), fc.constantFrom('report', 'digest', '__proto__')) }, { requiredKeys: [] })
    .map((value) => ({ value: value as unknown, needles: [] as string[] })),
  anyJson.map((value) => ({ value: value as unknown, needles: [] as string[] })),
);

describe('Teams: hostile card submits', () => {
  it('answers a card submit of any shape with an answer, an updated card or a note', async () => {
    const needles: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        teamsUser,
        place,
        submitValue,
        fc.option(fc.string({ minLength: 1, maxLength: 20 }), { nil: undefined }),
        async (user, kind, submit, replyToId) => {
          needles.push(...needlesOf(user), ...submit.needles);
          const from = mark();
          const shown = await post(from, activity(user, kind, { value: submit.value, replyToId }));
          expectShown(shown);
          expectNoFailures(from);
        },
      ),
      overHttp(60),
    );
    expect(findLeaks(db, needles)).toEqual([]);
  });

  it('saves a comment only scrubbed and shows the result on the card', async () => {
    const needles: string[] = [];
    await fc.assert(
      fc.asyncProperty(teamsUser, typedText, async (user, typed) => {
        const who = identity.person(user.aad);
        let reply = side.coach.diagnosticChoice(who, 'dx:start:releases');
        for (let i = 0; i < 30 && reply.stage !== 'comment'; i++) {
          const choice =
            reply.choices.find((c) => c.style === 'option') ?? reply.choices.find((c) => c.style === 'primary');
          if (!choice) break;
          reply = side.coach.diagnosticChoice(who, choice.token);
        }
        expect(reply.stage).toBe('comment');
        // The person also types their own display name, which is scrubbed like the rest.
        const comment = `${typed.text} — ${user.name}`;
        needles.push(...needlesOf(user), ...typed.needles);
        const from = mark();
        const finish = reply.choices.find((c) => c.label === 'Finish');
        const shown = await post(
          from,
          activity(user, 'personal', {
            value: { opscoach: 'comment', session: reply.sessionId, token: finish?.token, comment },
            replyToId: 'card-1',
          }),
        );
        expect(shown.kind).toBe('update');
        expect(JSON.stringify(shown.body)).toMatch(/Read next|Where it hurts most/);
        const raw = new Database(db, { readonly: true });
        const row = raw
          .prepare('SELECT comment FROM diagnostic_responses WHERE respondent = ?')
          .get(side.pseudonyms.key('response', `${who}|releases|${isoWeek(new Date())}`)) as
          | { comment: string | null }
          | undefined;
        raw.close();
        expect(row?.comment ?? '').toMatch(/\[(email|phone|mention|link|organisation)\]/);
        expectNoFailures(from);
      }),
      overHttp(30),
    );
    expect(findLeaks(db, needles)).toEqual([]);
    // The scans above read real rows.
    const counts = rowCounts(db);
    for (const table of ['answers', 'diagnostic_responses', 'conversation_addresses'])
      expect(counts[table], table).toBeGreaterThan(0);
  });
});

import { join } from 'node:path';
import Database from 'better-sqlite3';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckinScheduler } from '../../src/core/followup/checkin-scheduler.ts';
import { silentLogger } from '../../src/core/logging/logger.ts';
import { Sealer } from '../../src/core/privacy/sealed.ts';
import { type RunningServer, startServer } from '../../src/main.ts';
import { CoachRuntime } from '../../src/runtime.ts';
import { createTeamsCheckinSender } from '../../src/teams/app.ts';
import { TeamsIdentity } from '../../src/teams/identity.ts';
import { type TeamsMode, teamsModeFrom } from '../../src/teams/teams-mode.ts';
import { FakeBotFramework } from '../helpers/bot-framework.ts';
import { cliIn } from '../helpers/cli.ts';
import { findLeaks } from '../helpers/db-leaks.ts';
import { FakeConnector } from '../helpers/fake-connector.ts';
import { seedFollowups } from '../helpers/followup.ts';
import { tempDir, testConfig } from '../helpers/runtime.ts';

const AAD = 'aadf0110-5555-6666-7777-888899990000';
const TENANT = 'tenf0110-aaaa-bbbb-cccc-ddddeeeeffff';
const CHAT = 'a:personal-chat-followup-priya';
const SECRET = 'test-pseudonym-secret-0123456789';

type Action = { type: string; title: string; data?: Record<string, unknown> };
type Card = { body: { type: string; text?: string; actions?: Action[] }[]; actions?: Action[] };

let now = new Date('2026-03-02T10:00:00Z'); // a Monday in ISO week 10
const connector = new FakeConnector();
// Teams authenticated, as in production: an admin's AAD object id counts only on a signed activity.
const botFramework = new FakeBotFramework();
const EVIL = 'https://evil.example';
/** Everything sent to a server that is not the Bot Framework's (intercepted in process). */
const evilCalls: string[] = [];
const dir = tempDir();
const db = join(dir.path, 'teams-followup.db');
let server: RunningServer;
let url: string;
let counter = 0;

beforeAll(async () => {
  await connector.start();
  botFramework.install();
  nock(EVIL)
    .persist()
    .post(/.*/)
    .reply(200, (uri) => {
      evilCalls.push(uri);
      return { id: 'x' };
    });
  server = await startServer(
    {
      OPSCOACH_DB: db,
      OPSCOACH_PSEUDONYM_SECRET: SECRET,
      ...botFramework.env(connector.base),
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      OPSCOACH_ADMINS: `teams:${AAD}`,
    },
    { now: () => now },
  );
  url = `http://127.0.0.1:${server.port}/api/messages`;
});
afterAll(async () => {
  await server.close();
  await connector.stop();
  botFramework.uninstall();
  dir.cleanup();
});

/** A Bot Framework activity in the person's personal chat, its replies going to the fake connector. */
function activity(fields: { text?: string; value?: unknown; replyToId?: string }) {
  return {
    type: 'message',
    id: `followup-${++counter}`,
    timestamp: new Date().toISOString(),
    serviceUrl: connector.base,
    channelId: 'msteams',
    from: { id: '29:priya-teams-id', name: 'Priya Example', aadObjectId: AAD },
    conversation: { id: CHAT, conversationType: 'personal', tenantId: TENANT },
    recipient: { id: '28:opscoach-bot', name: 'Opscoach' },
    text: fields.text,
    value: fields.value,
    replyToId: fields.replyToId,
    locale: 'en-GB',
    channelData: { tenant: { id: TENANT } },
  };
}

async function post(body: unknown): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: botFramework.authorization({ serviceUrl: connector.base }),
    },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

const cardOf = (call: { body: Record<string, unknown> } | undefined): Card =>
  (call?.body.attachments as { content: Card }[] | undefined)?.[0]?.content as Card;
const textOf = (card: Card) => JSON.stringify(card);
const actionsOf = (card: Card): Action[] => [...card.body.flatMap((b) => b.actions ?? []), ...(card.actions ?? [])];

/** Types a message and returns the card the bot answered with. */
async function say(text: string): Promise<Card> {
  connector.clear();
  await post(activity({ text }));
  return cardOf(await connector.waitFor(() => connector.calls.find((c) => c.body.attachments)));
}

/** Presses a card's button (optionally with the comment box filled in) and returns the card it was replaced with. */
async function press(card: Card, title: RegExp, extra: Record<string, unknown> = {}): Promise<Card> {
  const action = actionsOf(card).find((a) => title.test(a.title));
  if (!action)
    throw new Error(
      `no action ${title}: ${actionsOf(card)
        .map((a) => a.title)
        .join(' | ')}`,
    );
  connector.clear();
  await post(activity({ value: { ...action.data, ...extra }, replyToId: 'card-1' }));
  return cardOf(await connector.waitFor(() => connector.of('update')[0]));
}

// The CLI is a process of its own, where the in-process Bot Framework stand-in cannot answer its
// token requests: it runs Teams as the Bot Framework Emulator does (no app id, loopback only),
// which allows the fake connector's loopback serviceUrl. Refusing one that is not allowed is
// tested in process below, with authentication on.
const checkins = (asOf: string) =>
  cliIn(dir.path, db).runAsync(['checkins', '--run-now', '--as-of', asOf], {
    env: { OPSCOACH_PSEUDONYM_SECRET: SECRET, TEAMS_ENABLED: 'true', HOST: '127.0.0.1' },
    // A process that loads the knowledge base: give it time on a busy machine.
    timeoutMs: 60_000,
  });

describe('a coach that follows up, in Teams', () => {
  let checkin: Card;

  it('offers experiments on the result card and schedules a check-in for the one picked', async () => {
    let card = await say('diagnose handovers');
    card = await press(card, /^Start$/);
    card = await press(card, /Prefer not to say/);
    card = await press(card, /Prefer not to say/);
    for (let q = 1; q <= 8; q++) {
      const worst = actionsOf(card).find((a) => a.type === 'Action.Submit')?.title ?? '';
      card = await press(card, new RegExp(`^${worst.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    }
    card = await press(card, /^Finish$/);
    expect(textOf(card)).toMatch(/Pass the parcel/);
    expect(textOf(card)).toMatch(/One thing to try/);
    const scheduled = await press(card, /^Page the building team first/);
    expect(textOf(scheduled)).toMatch(/Monday 16 March\*\* \(in two weeks\), in your personal chat with Opscoach/);
    expect(actionsOf(scheduled).map((a) => a.title)).toContain('Cancel the check-in');
    // Sealed while it waits: neither the person's ids nor the personal chat's id are readable.
    expect(findLeaks(db, [AAD, CHAT, '29:priya-teams-id', 'Priya'])).toEqual([]);
  });

  it('sends the check-in to the personal chat fourteen days later, once', async () => {
    connector.clear();
    const run = await checkins('2026-03-16');
    expect(run.stdout).toMatch(/Check-in run: 1 sent/);
    const sent = connector.calls.filter((c) => (c.kind === 'send' || c.kind === 'reply') && c.body.attachments);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.conversation).toBe(CHAT);
    checkin = cardOf(sent[0]);
    expect(textOf(checkin)).toMatch(/How did it go\?/);
    const again = await checkins('2026-03-16');
    expect(again.stdout).toMatch(/0 sent/);
    expect(connector.calls.filter((c) => c.body.attachments)).toHaveLength(1);
    const raw = new Database(db, { readonly: true });
    expect(raw.prepare('SELECT status, address FROM followups').all()).toEqual([{ status: 'asked', address: null }]);
    raw.close();
    expect(findLeaks(db, [AAD, CHAT, '29:priya-teams-id', 'Priya'])).toEqual([]);
  }, 240_000);

  it('takes the answer with a comment, then the retake, and shows the trend in results', async () => {
    now = new Date('2026-03-16T10:00:00Z');
    const answered = await press(checkin, /^Tried it: it helped$/);
    expect(textOf(answered)).toMatch(/noted “Tried it: it helped”/);
    expect(answered.body.some((b) => b.type === 'Input.Text')).toBe(true);
    const saved = await press(answered, /^Done$/, { comment: 'Priya Example here: the pager change helped' });
    expect(textOf(saved)).toMatch(/Comment saved/);
    let card = await press(saved, /^Retake Incident handovers$/);
    expect(textOf(card)).toMatch(/Question 1 of 8/);
    for (let q = 1; q <= 8; q++) {
      const third = actionsOf(card).filter((a) => a.type === 'Action.Submit')[2]?.title ?? '';
      card = await press(card, new RegExp(`^${third.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    }
    card = await press(card, /^Finish$/);
    expect(textOf(card)).toMatch(/Shared ownership/);
    const results = await say('results');
    expect(textOf(results)).toMatch(/Your scores over time/);
    expect(textOf(results)).toMatch(/Incident handovers: 2026-W10 0 → 2026-W12 67 \(\+67 points\)/);
    expect(textOf(results)).toMatch(/tried it: it helped; score 0 → 67 at your retake/);
    const raw = new Database(db, { readonly: true });
    expect(raw.prepare('SELECT comment FROM followups').get()).toEqual({
      comment: '[organisation] here: the pager change helped',
    });
    raw.close();
  });

  it('shows the group figures to an admin only once enough people picked', async () => {
    expect(textOf(await say('report experiments'))).toMatch(/Not enough people yet/);
    const side = CoachRuntime.create(testConfig(db, { OPSCOACH_PSEUDONYM_SECRET: SECRET }), silentLogger);
    try {
      seedFollowups(side.store.followups, 5, {
        pickedWeek: '2026-W11',
        workspace: new TeamsIdentity(side.pseudonyms).tenant(TENANT),
      });
    } finally {
      side.close();
    }
    expect(textOf(await say('report experiments'))).toMatch(/Picked an experiment to try: 5–9 people/);
  });

  it('posts no check-in to a serviceUrl that is not the Bot Framework’s, and drops it after three tries', async () => {
    now = new Date('2026-03-30T10:00:00Z');
    const runtime = CoachRuntime.create(
      testConfig(db, { OPSCOACH_PSEUDONYM_SECRET: SECRET, ...botFramework.env(connector.base) }),
      silentLogger,
      { now: () => now },
    );
    try {
      // Stored before the allow-list changed, or planted: the address names someone else's server.
      const planted = { serviceUrl: `${EVIL}/`, channelId: 'msteams', conversation: { id: 'a:planted' } };
      runtime.store.followups.create({
        id: 'planted-checkin-0001',
        person: 'planted-person',
        workspace: 'planted-tenant',
        diagnostic: 'handovers',
        question: 'first-paged',
        experiment: 'page-builders-office-hours',
        kind: 'paging',
        pickedWeek: '2026-W12',
        pickedDay: '2026-03-16',
        weeks: 2,
        dueDay: '2026-03-30',
        status: 'waiting',
        reminder: false,
        attempts: 0,
        platform: 'teams',
        address: new Sealer(SECRET).seal(JSON.stringify(planted)),
      });
      const scheduler = new CheckinScheduler(
        runtime.followups,
        { teams: createTeamsCheckinSender(teamsModeFrom(runtime.config) as TeamsMode, silentLogger) },
        silentLogger,
      );
      expect(await scheduler.runOnce()).toMatchObject({ sent: 0, failed: 1 });
      expect(await scheduler.runOnce()).toMatchObject({ sent: 0, failed: 1 });
      expect(await scheduler.runOnce()).toMatchObject({ sent: 0, dropped: 1 });
      expect(evilCalls).toEqual([]);
      const raw = new Database(db, { readonly: true });
      expect(raw.prepare("SELECT status, address FROM followups WHERE id = 'planted-checkin-0001'").get()).toEqual({
        status: 'dropped',
        address: null,
      });
      raw.close();
    } finally {
      runtime.close();
    }
  });
});

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDiagnostics } from '../../src/core/diagnostics/definition.ts';
import { importExport } from '../../src/core/evidence/importer.ts';
import { silentLogger } from '../../src/core/logging/logger.ts';
import { CoachRuntime } from '../../src/runtime.ts';
import { SlackIdentity } from '../../src/slack/identity.ts';
import { TeamsIdentity } from '../../src/teams/identity.ts';
import { FakeBotFramework } from '../helpers/bot-framework.ts';
import { CLI_ARGS } from '../helpers/cli.ts';
import { findLeaks } from '../helpers/db-leaks.ts';
import { ALL_FIXTURES, FREE_TEXT_IN_EXPORTS, PEOPLE_IN_EXPORTS, shiftedToNow } from '../helpers/evidence.ts';
import { FakeConnector } from '../helpers/fake-connector.ts';
import { tempDir, testConfig } from '../helpers/runtime.ts';
import { seedResponses } from '../helpers/seed.ts';
import {
  blockActions,
  eventEnvelope,
  FORM,
  JSON_TYPE,
  send,
  slashCommand,
  viewSubmission,
} from '../helpers/slack-requests.ts';
import { startSlackHarness } from '../helpers/slack-server.ts';

// Who may read reports and manage digests (subscribe, change, unsubscribe, preview, run), through
// every way in: Slack's slash command, DMs, mentions, the assistant thread, App Home, buttons and
// modals; Teams personal chats, channels and card submits; and the terminal. One server serves
// Slack and Teams, with one admin configured on each (OPSCOACH_ADMINS) and one ordinary member.

const SECRET = 'test-pseudonym-secret-0123456789';
const TENANT = 'ten0a0a0-aaaa-bbbb-cccc-ddddeeeeffff';
const SLACK = { admin: 'UAUTHADMIN01', member: 'UAUTHMEMBER01' };
const TEAMS = {
  admin: { aad: 'a11ce0ad-0000-4000-8000-00000000ad01', id: '29:1ADMINTEAMSID', name: 'Adaline Adminson' },
  member: { aad: 'b0b0b0b0-0000-4000-8000-0000000000b2', id: '29:1MEMBERTEAMSID', name: 'Bertram Memberly' },
};
type Who = 'admin' | 'member';
const SLACK_CHANNEL = 'CAUTHOPS';
const TEAMS_CHANNEL = '19:authchannel@thread.tacv2';
const COMMENT = 'Seeded comment about night handovers';

/** What only an authorised person may see or do: group figures, private comments, digest previews and settings. */
const PRIVILEGED =
  /people answered|Seeded comment|Tip of the week|Weekly digest is on|Weekly digest is off|Evidence from records|payments-api/;
/** What is for the authorised person alone even in a channel: a report (with comments) and a preview. */
const PRIVATE_CONTENT = /people answered|Seeded comment|Tip of the week|Opscoach report|Evidence from records/;
const REFUSED = /people who run Opscoach/;

const connector = new FakeConnector();
// Teams authenticated, as in production: an admin's AAD object id counts only on a signed activity.
const botFramework = new FakeBotFramework();
let h: Awaited<ReturnType<typeof startSlackHarness>>;
let teamsUrl: string;

/** Another runtime on the server's file: seeds responses and reads subscriptions. */
function sideRuntime() {
  return CoachRuntime.create(testConfig(h.dbPath, { OPSCOACH_PSEUDONYM_SECRET: SECRET }), silentLogger);
}

beforeAll(async () => {
  await connector.start();
  botFramework.install();
  h = await startSlackHarness({
    LOG_LEVEL: 'warn',
    ...botFramework.env(connector.base),
    OPSCOACH_ADMINS: `slack:${SLACK.admin},teams:${TEAMS.admin.aad}`,
  });
  teamsUrl = `${h.base}/api/messages`;
  // Enough responses, with comments, that a report to an authorised person shows figures and comments.
  const side = sideRuntime();
  const { diagnostics } = loadDiagnostics((id) => side.knowledge.article(id) !== undefined);
  const slackWorkspace = new SlackIdentity(side.pseudonyms).workspace('T1');
  const tenant = new TeamsIdentity(side.pseudonyms).tenant(TENANT);
  for (const workspace of [slackWorkspace, tenant]) {
    seedResponses(side.store.responses, diagnostics[0] as never, 12, {
      workspace,
      pick: (i) => i % 4,
      comment: (i) => `${COMMENT} ${i}`,
    });
  }
  // Both channels already have a digest, so "digest off" from someone unauthorised has something to stop.
  side.coach.digest(['on', 'monday', '09:00', 'UTC'], {
    admin: true,
    digestTarget: { platform: 'slack', channel: SLACK_CHANNEL, label: '#auth-ops', workspace: slackWorkspace },
  });
  side.coach.digest(['on', 'monday', '09:00', 'UTC'], {
    admin: true,
    digestTarget: { platform: 'teams', channel: TEAMS_CHANNEL, label: 'Platform / Ops', workspace: tenant },
  });
  // Imported records, so evidence from them has something to show (or to leak).
  for (const [kind, name] of ALL_FIXTURES)
    importExport(side.store, kind, shiftedToNow(name), { timezone: 'Europe/London' });
  side.close();
});
afterAll(async () => {
  await h.close();
  await connector.stop();
  botFramework.uninstall();
});

/** The digest subscriptions as they stand, to show a refused command changed nothing. */
function subscriptions(): string {
  const db = new Database(h.dbPath, { readonly: true });
  const rows = db
    .prepare('SELECT platform, channel, weekday, time, timezone, active FROM digest_subscriptions ORDER BY id')
    .all();
  db.close();
  return JSON.stringify(rows);
}

/** What the person saw, and what everyone else in that place could see. */
interface Seen {
  own: string;
  everyone: string;
}

let n = 0;
const ts = () => `1720${String(++n).padStart(5, '0')}.000100`;

async function slash(who: Who, text: string): Promise<Seen> {
  const id = `auth-${++n}`;
  const res = await send(
    h.events,
    slashCommand({
      text,
      responseUrl: h.slack.responseUrl(id),
      user: SLACK[who],
      channel: SLACK_CHANNEL,
      userName: who,
    }),
    FORM,
  );
  expect(res.status).toBe(200);
  const later = await h.slack.waitFor(() => h.slack.responses.find((r) => r.id === id));
  // Everything a slash command says is ephemeral: nobody else sees it.
  expect(later.body.response_type).toBe('ephemeral');
  return { own: JSON.stringify(later.body), everyone: '' };
}

async function slackEvent(
  event: Record<string, unknown>,
  done: (c: { method: string; body: Record<string, unknown> }) => boolean,
) {
  const from = h.slack.calls.length;
  expect((await send(h.events, eventEnvelope(event), JSON_TYPE)).status).toBe(200);
  await h.slack.waitFor(() => h.slack.calls.slice(from).find(done));
  return h.slack.calls.slice(from);
}

async function dm(who: Who, text: string): Promise<Seen> {
  const channel = `DAUTH${who.toUpperCase()}`;
  const calls = await slackEvent(
    { type: 'message', channel, channel_type: 'im', user: SLACK[who], text, ts: ts() },
    (c) => c.method === 'chat.update' && c.body.channel === channel,
  );
  // A DM is between the person and the bot.
  return { own: JSON.stringify(calls.filter((c) => c.body.channel === channel)), everyone: '' };
}

async function mention(who: Who, text: string): Promise<Seen> {
  const calls = await slackEvent(
    { type: 'app_mention', channel: SLACK_CHANNEL, user: SLACK[who], text: `<@UBOT> ${text}`, ts: ts() },
    (c) => (c.method === 'chat.update' || c.method === 'chat.postEphemeral') && c.body.channel === SLACK_CHANNEL,
  );
  const inChannel = calls.filter((c) => c.body.channel === SLACK_CHANNEL);
  const visible = inChannel.filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update');
  const ephemeral = inChannel.filter((c) => c.method === 'chat.postEphemeral');
  for (const e of ephemeral) expect(e.body.user).toBe(SLACK[who]);
  return { own: JSON.stringify(inChannel), everyone: JSON.stringify(visible) };
}

async function assistant(who: Who, text: string): Promise<Seen> {
  const channel = `DASSIST${who.toUpperCase()}`;
  const calls = await slackEvent(
    { type: 'message', channel, channel_type: 'im', user: SLACK[who], text, ts: ts(), thread_ts: '1719000000.000100' },
    (c) => c.method === 'chat.postMessage' && c.body.channel === channel && Array.isArray(c.body.blocks),
  );
  return { own: JSON.stringify(calls.filter((c) => c.body.channel === channel)), everyone: '' };
}

function teamsActivity(who: Who, fields: { text?: string; value?: unknown; channel?: boolean }) {
  const user = TEAMS[who];
  const k = ++n;
  const conversation = fields.channel ? `${TEAMS_CHANNEL};messageid=${k}` : `a:personal-auth-${who}`;
  return {
    type: 'message',
    id: `auth-${k}`,
    timestamp: new Date().toISOString(),
    serviceUrl: connector.base,
    channelId: 'msteams',
    from: { id: user.id, name: user.name, aadObjectId: user.aad },
    conversation: { id: conversation, conversationType: fields.channel ? 'channel' : 'personal', tenantId: TENANT },
    recipient: { id: '28:opscoach-bot', name: 'Opscoach' },
    text: fields.text,
    value: fields.value,
    locale: 'en-GB',
    localTimezone: 'Europe/London',
    channelData: {
      tenant: { id: TENANT },
      ...(fields.channel
        ? { team: { id: '19:team-auth', name: 'Platform' }, channel: { id: '19:c', name: 'Ops' } }
        : {}),
    },
  };
}

async function teams(who: Who, fields: { text?: string; value?: unknown; channel?: boolean }): Promise<Seen> {
  const from = connector.calls.length;
  const activity = teamsActivity(who, fields);
  const res = await fetch(teamsUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: botFramework.authorization({ serviceUrl: activity.serviceUrl }),
    },
    body: JSON.stringify(activity),
  });
  expect(res.status).toBeLessThan(300);
  const place = activity.conversation.id.split(';')[0] ?? '';
  await connector.waitFor(() =>
    connector.calls
      .slice(from)
      .find((c) => c.kind === 'reply' && c.conversation?.startsWith(place) && c.body.type !== 'typing'),
  );
  const calls = connector.calls.slice(from).filter((c) => c.body.type !== 'typing');
  const everyone = fields.channel ? calls.filter((c) => c.conversation?.startsWith(TEAMS_CHANNEL)) : [];
  return { own: JSON.stringify(calls.map((c) => c.body)), everyone: JSON.stringify(everyone.map((c) => c.body)) };
}

/** Every interface that takes typed commands, with how to say something through it. */
const COMMAND_INTERFACES: [string, (who: Who, text: string) => Promise<Seen>][] = [
  ['Slack /opscoach in a channel', slash],
  ['Slack DM', dm],
  ['Slack mention in a channel', mention],
  ['Slack assistant thread', assistant],
  ['Teams personal chat', (who, text) => teams(who, { text })],
  ['Teams channel', (who, text) => teams(who, { text: `<at>Opscoach</at> ${text}`, channel: true })],
];

const OPERATIONS = [
  ['read a report', 'report'],
  ['read a report over a chosen window', 'report handovers --weeks 8'],
  ['subscribe a channel', 'digest on monday 09:00'],
  ['change the schedule', 'digest on friday 16:30 Europe/Paris'],
  ['preview the digest', 'digest preview'],
  ['run the digest', 'digest run'],
  ['unsubscribe', 'digest off'],
  ['read evidence from records', 'evidence --weeks 12'],
] as const;

describe('someone who is not authorised', () => {
  it.each(COMMAND_INTERFACES)('is refused every report and digest operation through %s', async (_, say) => {
    for (const [what, text] of OPERATIONS) {
      const before = subscriptions();
      const seen = await say('member', text);
      expect(seen.own, what).toMatch(REFUSED);
      expect(seen.own, what).not.toMatch(PRIVILEGED);
      expect(subscriptions(), what).toBe(before);
    }
  });

  it('may see whether a channel has a digest, which is no secret', async () => {
    expect((await slash('member', 'digest status')).own).toMatch(/Weekly digest for #ops/);
  });
});

describe('what an authorised person gets, and where', () => {
  it('Slack /opscoach in a channel: everything, shown only to them', async () => {
    const report = (await slash('admin', 'report')).own;
    expect(report).toMatch(/10–19 people answered/);
    expect(report).toMatch(new RegExp(COMMENT));
    expect((await slash('admin', 'digest on monday 09:00')).own).toMatch(/Weekly digest is on for #ops/);
    expect((await slash('admin', 'digest on friday 16:30 Europe/Paris')).own).toMatch(
      /every Friday at 16:30 \(Europe\/Paris\)/,
    );
    expect((await slash('admin', 'digest preview')).own).toMatch(/Tip of the week/);
    expect((await slash('admin', 'digest run')).own).toMatch(/Digest commands/);
    expect((await slash('admin', 'digest off')).own).toMatch(/Weekly digest is off for #ops/);
  });

  it('Slack DM: reports (the DM is private); digests belong in a channel', async () => {
    expect((await dm('admin', 'report')).own).toMatch(/10–19 people answered/);
    for (const text of ['digest on', 'digest preview', 'digest off'])
      expect((await dm('admin', text)).own).toMatch(/run this in the channel/);
  });

  it('Slack mention in a channel: reports and previews go to the asker alone, never to the channel', async () => {
    for (const [what, text] of OPERATIONS) {
      const seen = await mention('admin', text);
      expect(seen.everyone, what).not.toMatch(PRIVATE_CONTENT);
      if (text === 'report') expect(seen.own).toMatch(/10–19 people answered/);
      if (text === 'digest preview') expect(seen.own).toMatch(/Tip of the week/);
    }
  });

  // A thread in the direct messages with the app (every conversation in Slack's agent messaging
  // experience, and the legacy assistant panel) is as private as the DM it is in.
  it('Slack DM thread: as in a DM, reports; digests belong in a channel', async () => {
    expect((await assistant('admin', 'report')).own).toMatch(/10–19 people answered/);
    for (const text of ['digest on', 'digest preview', 'digest off'])
      expect((await assistant('admin', text)).own).toMatch(/run this in the channel/);
  });

  it('Teams personal chat: reports; digests belong in a channel', async () => {
    expect((await teams('admin', { text: 'report' })).own).toMatch(/10–19 people answered/);
    for (const text of ['digest on', 'digest preview'])
      expect((await teams('admin', { text })).own).toMatch(/run this in the channel/);
  });

  it('Teams channel: digest settings in the channel; reports and previews only in a private chat', async () => {
    const say = (text: string) => teams('admin', { text: `<at>Opscoach</at> ${text}`, channel: true });
    expect((await say('digest on monday 09:00')).own).toMatch(/Weekly digest is on/);
    for (const [what, text] of OPERATIONS) {
      const seen = await say(text);
      expect(seen.everyone, what).not.toMatch(PRIVATE_CONTENT);
      if (text === 'report') expect(seen.own).toMatch(/10–19 people answered/);
    }
  });
});

describe('ways in that never reach reports or digest settings', () => {
  /** The messages Slack was asked to post or change since a point. */
  const messagesSince = (from: number) =>
    JSON.stringify(h.slack.calls.slice(from).filter((c) => c.method.startsWith('chat.')));

  it.each(['admin', 'member'] as const)('App Home shows %s no report and offers no digest controls', async (who) => {
    const from = h.slack.calls.length;
    await send(
      h.events,
      eventEnvelope({ type: 'app_home_opened', user: SLACK[who], channel: 'DHOME', tab: 'home', event_ts: ts() }),
      JSON_TYPE,
    );
    const publish = await h.slack.waitFor(() => h.slack.calls.slice(from).find((c) => c.method === 'views.publish'));
    const view = JSON.stringify(publish.body.view);
    expect(view).not.toMatch(PRIVILEGED);
    const actions = [...view.matchAll(/"action_id":"([^"]+)"/g)].map((m) => m[1]);
    for (const id of actions) expect(id).toMatch(/^(open_ask_modal|ask_question_\d+|diagnostic_choice_\d+)$/);
  });

  it.each(['admin', 'member'] as const)(
    'the ask modal, a suggestion button and a diagnostic button treat "report" and "digest on" as %s\'s question, not a command',
    async (who) => {
      for (const text of ['report', 'digest on monday 09:00']) {
        const before = subscriptions();
        let from = h.slack.calls.length;
        await send(
          h.events,
          viewSubmission({
            callbackId: 'ask_modal',
            user: SLACK[who],
            values: { question: { text: { type: 'plain_text_input', value: text } } },
          }),
          FORM,
        );
        await h.slack.waitFor(() => h.slack.calls.slice(from).find((c) => c.method === 'chat.update'));
        expect(messagesSince(from)).toMatch(/Sources|don't know/);
        expect(messagesSince(from)).not.toMatch(PRIVILEGED);
        from = h.slack.calls.length;
        const id = `sugg-${++n}`;
        await send(
          h.events,
          blockActions({
            actionId: 'ask_question_0',
            value: text,
            responseUrl: h.slack.responseUrl(id),
            user: SLACK[who],
          }),
          FORM,
        );
        const suggestion = await h.slack.waitFor(() => h.slack.responses.find((r) => r.id === id));
        expect(JSON.stringify(suggestion.body)).not.toMatch(PRIVILEGED);
        const dx = `dx-${++n}`;
        await send(
          h.events,
          blockActions({
            actionId: 'diagnostic_choice_0',
            value: text,
            responseUrl: h.slack.responseUrl(dx),
            user: SLACK[who],
          }),
          FORM,
        );
        const menu = await h.slack.waitFor(() => h.slack.responses.find((r) => r.id === dx));
        expect(JSON.stringify(menu.body)).toMatch(/not one I recognise/);
        expect(subscriptions()).toBe(before);
      }
    },
  );

  it.each(['admin', 'member'] as const)(
    'a Teams card submit from %s never runs a report or digest command',
    async (who) => {
      const before = subscriptions();
      const asked = await teams(who, { value: { opscoach: 'ask', question: 'report' }, channel: true });
      expect(asked.own).not.toMatch(PRIVILEGED);
      for (const value of [
        { opscoach: 'report' },
        { opscoach: 'digest', words: ['on'] },
        { opscoach: 'digest', words: ['off'] },
      ]) {
        const forged = await teams(who, { value, channel: true });
        expect(forged.own).toMatch(/older version/);
        expect(forged.own).not.toMatch(PRIVILEGED);
      }
      expect(subscriptions()).toBe(before);
    },
  );
});

describe('the terminal', () => {
  it("is the operator's own database: reports and digest previews are theirs, across every workspace; subscribing is not", () => {
    // The CLI has no platform identity to check: whoever can run it can already read the SQLite
    // file. src/cli/commands/chat.ts passes admin: true with a terminal-only digest target, and
    // `opscoach report` reads every workspace (the Slack and Teams responses seeded here together).
    const work = tempDir();
    try {
      const db = join(work.path, 'terminal.db');
      const runtime = CoachRuntime.create(testConfig(db), silentLogger);
      const { diagnostics } = loadDiagnostics((id) => runtime.knowledge.article(id) !== undefined);
      for (const workspace of ['workspace-a', 'workspace-b'])
        seedResponses(runtime.store.responses, diagnostics[0] as never, 12, { workspace, pick: (i) => i % 4 });
      runtime.close();
      const run = spawnSync(process.execPath, [...CLI_ARGS, 'chat'], {
        cwd: work.path,
        input: 'report\ndigest preview\ndigest on monday 09:00\ndigest off\n',
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', HOME: work.path, OPSCOACH_DB: db, NO_COLOR: '1' },
        timeout: 25_000,
      });
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/20\+ people answered/);
      expect(run.stdout).toMatch(/Tip of the week/);
      expect(run.stdout).toMatch(/Digests go to channels/);
      expect(run.stdout).not.toMatch(REFUSED);
    } finally {
      work.cleanup();
    }
  });
});

describe('the database afterwards', () => {
  it('holds no raw Slack user id, AAD object id, Teams user id or name of anyone who asked', () => {
    const needles = [SLACK.admin, SLACK.member, ...Object.values(TEAMS).flatMap((u) => [u.aad, u.id, u.name])];
    expect(findLeaks(h.dbPath, needles)).toEqual([]);
  });

  it('holds no one named in the imported exports, after evidence was asked for everywhere', () => {
    expect(findLeaks(h.dbPath, [...PEOPLE_IN_EXPORTS, ...FREE_TEXT_IN_EXPORTS])).toEqual([]);
  });
});

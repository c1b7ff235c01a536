import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logging/logger.ts';
import { CoachRuntime } from '../../src/runtime.ts';
import {
  extractionQuestion,
  hostileText,
  overHttp,
  type Planted,
  slackTeamId,
  slackUserId,
  typedText,
} from '../helpers/arbitraries.ts';
import { rowCounts } from '../helpers/db-leaks.ts';
import { testConfig } from '../helpers/runtime.ts';
import {
  BOT_TOKEN,
  eventEnvelope,
  FORM,
  JSON_TYPE,
  SIGNING_SECRET,
  send,
  slashCommand,
} from '../helpers/slack-requests.ts';
import { envelope, shows, startWatchedSlack } from '../helpers/watched-slack.ts';

// Hostile and malformed text through the real Bolt stack over signed HTTP, in Slack's own payload
// formats: slash commands, DMs, mentions and assistant threads. For every request Slack gets a
// 2xx, the person gets an answer (or the bot deliberately and silently ignores it), nothing
// reaches Bolt's error handler or becomes an unhandled rejection, and afterwards no raw Slack id
// or typed personal detail (emails, phones, mentions, links) is anywhere in the database.
// Buttons and forms are in slack-hostile-interactions.test.ts.

const PSEUDONYM_SECRET = 'test-pseudonym-secret-0123456789';
let w: Awaited<ReturnType<typeof startWatchedSlack>>;
const ADMIN = 'UADMINFARAWAY1';
beforeAll(async () => {
  w = await startWatchedSlack({ OPSCOACH_ADMINS: `slack:${ADMIN}` });
});
afterAll(async () => w.close());

const person = fc.record({ user: slackUserId, team: slackTeamId });
let n = 0;
const next = () => String(++n).padStart(5, '0');

describe('Slack: hostile slash commands', () => {
  it('acks every /opscoach text with a reply, then answers privately when it said it would', async () => {
    const needles: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        person,
        fc.oneof(
          typedText,
          hostileText.map((text) => ({ text, needles: [] })),
        ),
        async (who, typed) => {
          const id = `slash-${next()}`;
          needles.push(who.user, who.team, ...typed.needles);
          const from = w.mark();
          const res = await send(
            w.h.events,
            slashCommand({ text: typed.text, responseUrl: w.h.slack.responseUrl(id), user: who.user, team: who.team }),
            FORM,
          );
          expect(res.status).toBe(200);
          expect(res.json && shows(res.json)).toBe(true);
          expect(res.json?.response_type).toBe('ephemeral');
          if (/Looking that up|Working on it/.test(String(res.json?.text))) {
            const answer = await w.delivered(from, () => false, id);
            expect(shows(answer)).toBe(true);
            expect(answer).toMatchObject({ response_type: 'ephemeral', replace_original: true });
          }
          w.expectNoFailures(from);
        },
      ),
      overHttp(60),
    );
    w.expectNoLeaks(needles);
  });
});

describe('Slack: hostile messages', () => {
  it('answers every DM, mention and assistant-thread message in place', async () => {
    const needles: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        person,
        typedText,
        fc.constantFrom('dm', 'mention', 'assistant'),
        async (who, typed: Planted, where) => {
          const k = next();
          const channel = where === 'mention' ? `CHOST${k}` : `DHOST${k}`;
          const ts = `1700${k}.000100`;
          needles.push(who.user, who.team, ...typed.needles);
          const event =
            where === 'mention'
              ? { type: 'app_mention', channel, user: who.user, text: `<@UBOT> ${typed.text}`, ts, event_ts: ts }
              : {
                  type: 'message',
                  channel,
                  channel_type: 'im',
                  user: who.user,
                  text: typed.text,
                  ts,
                  event_ts: ts,
                  ...(where === 'assistant' ? { thread_ts: `1699${k}.000100` } : {}),
                };
          const from = w.mark();
          const res = await send(w.h.events, envelope(who.team, event), JSON_TYPE);
          expect(res.status).toBe(200);
          // A DM or mention: the thinking note is edited into the answer. An assistant thread: the answer is said in the thread.
          const answer = await w.delivered(from, (c) =>
            where === 'assistant'
              ? c.method === 'chat.postMessage' && c.body.channel === channel && c.body.thread_ts !== undefined
              : (c.method === 'chat.update' || c.method === 'chat.postEphemeral') && c.body.channel === channel,
          );
          expect(shows(answer)).toBe(true);
          expect(JSON.stringify(answer)).not.toMatch(/something went wrong/);
          w.expectNoFailures(from);
        },
      ),
      overHttp(60),
    );
    w.expectNoLeaks(needles);
  });
});

describe('Slack: text cut where a character is made of two UTF-16 units', () => {
  // Slack's Web API client cannot encode half a character (a lone surrogate) and retries such a
  // call for half an hour, so the person would hear nothing. Thread titles are cut at 80 units,
  // the echo of a malformed report command at 60, and a forged payload may carry a lone one.
  it.each([
    [
      'an assistant thread title cut at an emoji',
      'assistant',
      `How do we pay for on-call? ${'x'.repeat(52)}🙂 and more`,
    ],
    ['a malformed report command cut at an emoji', 'dm', `report ${'x'.repeat(52)}🙂 and more`],
    ['a lone surrogate in a forged payload', 'assistant', 'What is a standard change? \ud800'],
    ['a lone surrogate in a forged DM', 'dm', 'report \ud800 --weeks lots'],
  ])('answers %s', async (_, where, text) => {
    const k = next();
    const channel = `DSURR${k}`;
    const ts = `1703${k}.000100`;
    const from = w.mark();
    const event = {
      type: 'message',
      channel,
      channel_type: 'im',
      user: 'U1',
      text,
      ts,
      ...(where === 'assistant' ? { thread_ts: `1698${k}.000100` } : {}),
    };
    expect((await send(w.h.events, eventEnvelope(event), JSON_TYPE)).status).toBe(200);
    const answer = await w.delivered(
      from,
      (c) =>
        (c.method === 'chat.update' || c.method === 'chat.postMessage') &&
        c.body.channel === channel &&
        Array.isArray(c.body.blocks),
    );
    expect(shows(answer)).toBe(true);
    w.expectNoFailures(from);
  });
});

describe('Slack: a profile whose time zone this server does not know', () => {
  it('sets up, shows and previews a digest in the default zone, and every later digest run still works', async () => {
    // Slack reports each person's zone by name; a name the server's time-zone data lacks (newer
    // than it, or garbage) must not be stored with a subscription: every run would then fail.
    w.h.slack.answerWith('users.info', (body) => ({
      body: { ok: true, user: { id: body.user, tz: 'Mars/Olympus_Mons', is_admin: false } },
    }));
    try {
      for (const [text, expected] of [
        ['digest on tuesday 10:00', /every Tuesday at 10:00 \(UTC\)/],
        ['digest status', /every Tuesday at 10:00 \(UTC\)/],
        ['digest preview', /Tip of the week/],
      ] as const) {
        const id = `tz-${next()}`;
        const from = w.mark();
        await send(
          w.h.events,
          slashCommand({ text, responseUrl: w.h.slack.responseUrl(id), user: ADMIN, channel: 'CFARAWAY' }),
          FORM,
        );
        expect(JSON.stringify(await w.delivered(from, () => false, id))).toMatch(expected);
        w.expectNoFailures(from);
      }
      const side = CoachRuntime.create(
        testConfig(w.h.dbPath, { OPSCOACH_PSEUDONYM_SECRET: PSEUDONYM_SECRET }),
        silentLogger,
      );
      try {
        expect(() => side.digests.due()).not.toThrow();
      } finally {
        side.close();
      }
    } finally {
      w.h.slack.answerWith('users.info', (body) => ({
        body: { ok: true, user: { id: body.user, tz: 'Europe/London' } },
      }));
    }
  });
});

describe('Slack: what the bot deliberately ignores', () => {
  it('stays silent, and stores nothing, for channel chatter, edits, deletions and bot messages; the Messages tab only greets', async () => {
    const needles: string[] = [];
    const channels = new Set<string>();
    const from = w.mark();
    await fc.assert(
      fc.asyncProperty(
        person,
        typedText,
        fc.constantFrom('channel', 'edit', 'delete', 'bot', 'messages-tab'),
        async (who, typed, kind) => {
          const k = next();
          const channel = kind === 'channel' ? `CQUIET${k}` : `DQUIET${k}`;
          channels.add(channel);
          needles.push(who.user, who.team, ...typed.needles);
          const ts = `1702${k}.000100`;
          const event =
            kind === 'channel'
              ? { type: 'message', channel, channel_type: 'channel', user: who.user, text: typed.text, ts }
              : kind === 'edit'
                ? {
                    type: 'message',
                    subtype: 'message_changed',
                    channel,
                    channel_type: 'im',
                    ts,
                    message: { user: who.user, text: typed.text, ts },
                  }
                : kind === 'delete'
                  ? { type: 'message', subtype: 'message_deleted', channel, channel_type: 'im', ts, deleted_ts: ts }
                  : kind === 'bot'
                    ? {
                        type: 'message',
                        channel,
                        channel_type: 'im',
                        bot_id: 'BOTHER',
                        user: who.user,
                        text: typed.text,
                        ts,
                      }
                    : { type: 'app_home_opened', user: who.user, channel, tab: 'messages', event_ts: ts };
          expect((await send(w.h.events, envelope(who.team, event), JSON_TYPE)).status).toBe(200);
        },
      ),
      overHttp(40),
    );
    await new Promise((r) => setTimeout(r, 300));
    // Opening the Messages tab is answered with the suggested prompts and a greeting, in the
    // coach's own words: nothing the person typed, nothing about them.
    const greeting = (c: { method: string; body: Record<string, unknown> }) =>
      c.method === 'assistant.threads.setSuggestedPrompts' ||
      (c.method === 'chat.postMessage' && /^Hello! Ask me a question/.test(String(c.body.text)) && !c.body.blocks);
    const spoke = w.h.slack.calls
      .slice(from.calls)
      .filter(
        (c) =>
          /^(chat|views|assistant)\./.test(c.method) &&
          channels.has(String(c.body.channel ?? c.body.channel_id)) &&
          !greeting(c),
      );
    expect(spoke).toEqual([]);
    expect(w.h.slack.calls.slice(from.calls).filter((c) => c.method === 'views.publish')).toEqual([]);
    w.expectNoFailures(from);
    w.expectNoLeaks(needles);
  });
});

describe('Slack: questions that try to extract the prompt, configuration or secrets (offline)', () => {
  it('refuses them in a slash command and a DM (answering only a real question wrapped in one), and nothing Slack receives carries a secret', async () => {
    await fc.assert(
      fc.asyncProperty(extractionQuestion, fc.constantFrom('slash', 'dm'), async (question, where) => {
        const k = next();
        const from = w.mark();
        if (where === 'slash') {
          await send(w.h.events, slashCommand({ text: question, responseUrl: w.h.slack.responseUrl(`x${k}`) }), FORM);
        } else {
          const event = {
            type: 'message',
            channel: `DX${k}`,
            channel_type: 'im',
            user: 'U1',
            text: question,
            ts: `1701${k}.1`,
          };
          await send(w.h.events, eventEnvelope(event), JSON_TYPE);
        }
        const reply = await w.delivered(
          from,
          (c) => c.method === 'chat.update' && c.body.channel === `DX${k}`,
          `x${k}`,
        );
        // A bare attempt is refused; a question wrapped in one ("... Then tell me about on-call.") is answered without it.
        expect(JSON.stringify(reply)).toMatch(
          /can't share my instructions, configuration or any keys|told me how to behave or asked for my instructions; I left that part out/,
        );
        if (!/on-call|standard change/i.test(question)) {
          expect(JSON.stringify(reply)).toMatch(/can't share my instructions, configuration or any keys/);
        }
        const seen = w.shownSince(from);
        for (const secret of [PSEUDONYM_SECRET, BOT_TOKEN, SIGNING_SECRET]) expect(seen).not.toContain(secret);
        w.expectNoFailures(from);
      }),
      overHttp(40),
    );
  });
});

describe('Slack: the database after all of that', () => {
  it('was really written to, so the leak scans above read real rows', () => {
    const counts = rowCounts(w.h.dbPath);
    for (const table of ['answers', 'conversation_turns', 'processed_events'])
      expect(counts[table], table).toBeGreaterThan(0);
  });
});

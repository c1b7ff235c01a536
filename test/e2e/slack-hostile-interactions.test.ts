import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoWeek } from '../../src/core/diagnostics/week.ts';
import { silentLogger } from '../../src/core/logging/logger.ts';
import { CoachRuntime } from '../../src/runtime.ts';
import { sealCommentPlace } from '../../src/slack/comment-form.ts';
import { SlackIdentity } from '../../src/slack/identity.ts';
import {
  anyJson,
  forgedToken,
  hostileText,
  overHttp,
  slackTeamId,
  slackUserId,
  typedText,
} from '../helpers/arbitraries.ts';
import { rowCounts } from '../helpers/db-leaks.ts';
import { testConfig } from '../helpers/runtime.ts';
import { blockActions, FORM, send, viewSubmission } from '../helpers/slack-requests.ts';
import { shows, startWatchedSlack } from '../helpers/watched-slack.ts';

// Hostile and malformed interactions through the real Bolt stack over signed HTTP, in Slack's own
// payload formats: block_actions on any button (known, unknown, stale, forged, with any value,
// from a message or from App Home, which sends no response URL) and view submissions (the ask
// modal, the diagnostic comment form, forms this version does not know). For every request Slack
// gets a 2xx, the person gets an answer or a note, nothing reaches Bolt's error handler or becomes
// an unhandled rejection, and afterwards no raw Slack id or typed personal detail is in the database.

const PSEUDONYM_SECRET = 'test-pseudonym-secret-0123456789';
let w: Awaited<ReturnType<typeof startWatchedSlack>>;
let side: CoachRuntime;
let identity: SlackIdentity;
beforeAll(async () => {
  w = await startWatchedSlack();
  // A second runtime on the same file: walks diagnostics to their comment stage, makes real ids.
  side = CoachRuntime.create(testConfig(w.h.dbPath, { OPSCOACH_PSEUDONYM_SECRET: PSEUDONYM_SECRET }), silentLogger);
  identity = new SlackIdentity(side.pseudonyms);
});
afterAll(async () => {
  side.close();
  await w.close();
});

const person = fc.record({ user: slackUserId, team: slackTeamId });
let n = 0;
const next = () => String(++n).padStart(5, '0');

const KNOWN_ACTIONS = [
  'feedback_helpful',
  'feedback_not_helpful',
  'share_answer',
  'open_ask_modal',
  'ask_question',
  'ask_question_2',
  'diagnostic_choice_0',
  'diagnostic_choice_13',
  'diagnostic_comment',
];

/** Where a button was: a private answer, a message everyone sees, a DM, or App Home (no response URL there). */
const container = fc.constantFrom('ephemeral', 'channel', 'dm', 'home');

/** Values a button might carry: forged tokens, typed text, noise, and real ids that are not the clicker's. */
const buttonValue = fc.oneof(
  forgedToken.map((value) => ({ value, needles: [] as string[] })),
  typedText.map((t) => ({ value: t.text, needles: t.needles })),
  hostileText.map((value) => ({ value, needles: [] as string[] })),
  fc.constantFrom('real answer', "someone else's diagnostic").map((value) => ({ value, needles: [] as string[] })),
);

describe('Slack: hostile button clicks', () => {
  // A real answer id (anyone may rate or share an answer) and real tokens of someone else's diagnostic.
  const real: Record<string, string[]> = {};
  beforeAll(async () => {
    real['real answer'] = [(await side.coach.ask('What is a standard change?')).answerId ?? ''];
    const other = identity.person('TOTHERTEAM', 'UOTHERPERSON');
    real["someone else's diagnostic"] = side.coach
      .diagnosticChoice(other, 'dx:start:releases')
      .choices.map((c) => c.token);
  });

  it('answers every click, with any value, on any known or unknown button, wherever it was', async () => {
    const needles: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        person,
        fc.oneof(
          fc.constantFrom(...KNOWN_ACTIONS),
          fc.string({ maxLength: 40 }),
          fc.constantFrom('diagnose_answer_v0', 'feedback_helpful ', 'ask_question_x'),
        ),
        buttonValue,
        fc.nat(),
        container,
        async (who, actionId, carried, pick, where) => {
          const k = next();
          const id = `click-${k}`;
          const channel = where === 'dm' ? `DCLICK${k}` : `CCLICK${k}`;
          const choices = real[carried.value];
          const value = choices ? (choices[pick % choices.length] ?? '') : carried.value;
          needles.push(who.user, who.team, ...carried.needles);
          const from = w.mark();
          const res = await send(
            w.h.events,
            blockActions({
              actionId,
              value,
              user: who.user,
              team: who.team,
              channel,
              ...(where === 'home'
                ? { container: { type: 'view', view_id: 'VHOME' } }
                : {
                    responseUrl: w.h.slack.responseUrl(id),
                    container: {
                      type: 'message',
                      message_ts: `1700${k}.000100`,
                      channel_id: channel,
                      is_ephemeral: where === 'ephemeral',
                    },
                  }),
            }),
            FORM,
          );
          expect(res.status).toBe(200);
          const answer = await w.delivered(
            from,
            (c) =>
              (['chat.postMessage', 'chat.update', 'chat.postEphemeral'].includes(c.method) &&
                (c.body.channel === who.user || c.body.channel === channel)) ||
              c.method === 'views.open',
            id,
          );
          expect(shows(answer)).toBe(true);
          w.expectNoFailures(from);
        },
      ),
      overHttp(80),
    );
    w.expectNoLeaks(needles);
  });
});

/** Walks a new diagnostic to its comment stage as this person, the way clicking the first answers would. */
function sessionAtComment(team: string, user: string): string {
  const who = identity.person(team, user);
  let reply = side.coach.diagnosticChoice(who, 'dx:start:handovers', { workspace: identity.workspace(team) });
  for (let i = 0; i < 30 && reply.stage !== 'comment'; i++) {
    const choice = reply.choices.find((c) => c.style === 'option') ?? reply.choices.find((c) => c.style === 'primary');
    if (!choice) break;
    reply = side.coach.diagnosticChoice(who, choice.token);
  }
  expect(reply.stage).toBe('comment');
  return reply.sessionId ?? '';
}

describe('Slack: hostile form submissions', () => {
  it('answers every ask-modal submission with an answer in the Messages tab or a note on the form', async () => {
    const needles: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        person,
        fc.oneof(
          typedText.map((t) => ({
            values: { question: { text: { type: 'plain_text_input', value: t.text } } },
            needles: t.needles,
          })),
          fc.record({
            values: fc.dictionary(fc.string({ maxLength: 10 }), fc.dictionary(fc.string({ maxLength: 10 }), anyJson)),
            needles: fc.constant([] as string[]),
          }),
          anyJson.map((value) => ({
            values: { question: { text: { type: 'plain_text_input', value } } },
            needles: [] as string[],
          })),
        ),
        async (who, form) => {
          needles.push(who.user, who.team, ...form.needles);
          const from = w.mark();
          const res = await send(
            w.h.events,
            viewSubmission({ callbackId: 'ask_modal', values: form.values as never, user: who.user, team: who.team }),
            FORM,
          );
          expect(res.status).toBe(200);
          if (res.json?.response_action === 'errors') {
            expect(res.json.errors).toMatchObject({ question: expect.stringMatching(/Type a question/) });
          } else {
            const answer = await w.delivered(from, (c) => c.method === 'chat.update' && c.body.channel === who.user);
            expect(shows(answer)).toBe(true);
          }
          w.expectNoFailures(from);
        },
      ),
      overHttp(50),
    );
    w.expectNoLeaks(needles);
  });

  it('saves a diagnostic comment only scrubbed, and shows the result where the diagnostic was', async () => {
    const needles: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        person,
        typedText,
        fc.constantFrom('message', 'ephemeral', 'foreign', 'none'),
        async (who, typed, where) => {
          const k = next();
          const session = sessionAtComment(who.team, who.user);
          needles.push(who.user, who.team, ...typed.needles);
          // The form as the bot opened it from the comment button (sealed for this person).
          const metadata = sealCommentPlace(
            identity,
            who.team,
            who.user,
            where === 'message'
              ? { session, channel: `DCOMMENT${k}`, ts: `1700${k}.000100` }
              : where === 'ephemeral'
                ? { session, responseUrl: w.h.slack.responseUrl(`comment-${k}`) }
                : where === 'foreign'
                  ? // Not Slack's: the bot must not post there (this port refuses), and DMs the result.
                    { session, responseUrl: 'http://127.0.0.1:9/response/elsewhere' }
                  : { session },
          );
          const from = w.mark();
          const res = await send(
            w.h.events,
            viewSubmission({
              callbackId: 'diagnostic_comment_modal',
              privateMetadata: metadata,
              values: { comment: { text: { type: 'plain_text_input', value: typed.text } } },
              user: who.user,
              team: who.team,
            }),
            FORM,
          );
          expect(res.status).toBe(200);
          const result = await w.delivered(
            from,
            (c) =>
              (c.method === 'chat.update' && c.body.channel === `DCOMMENT${k}`) ||
              (c.method === 'chat.postMessage' && c.body.channel === who.user),
            `comment-${k}`,
          );
          expect(JSON.stringify(result)).toMatch(/Read next|Where it hurts most/);
          // Saved: the response row is there, with the comment scrubbed rather than dropped.
          const respondent = side.pseudonyms.key(
            'response',
            `${identity.person(who.team, who.user)}|handovers|${isoWeek(new Date())}`,
          );
          const db = new Database(w.h.dbPath, { readonly: true });
          const row = db.prepare('SELECT comment FROM diagnostic_responses WHERE respondent = ?').get(respondent) as
            | { comment: string | null }
            | undefined;
          db.close();
          expect(row).toBeDefined();
          expect(row?.comment ?? '').toMatch(/\[(email|phone|mention|link)\]/);
          w.expectNoFailures(from);
        },
      ),
      overHttp(40),
    );
    w.expectNoLeaks(needles);
  });

  it('rewrites no message but the one the comment button was on: a form naming another is turned away', async () => {
    await fc.assert(
      fc.asyncProperty(
        person,
        person,
        fc.constantFrom('unsealed', 'moved', 'someone else'),
        async (who, other, forgery) => {
          const k = next();
          const session = sessionAtComment(who.team, who.user);
          const own = { session, channel: `DOWN${k}`, ts: `1700${k}.000100` };
          // Somewhere the attacker would like the bot to write: a digest everyone in a channel reads.
          const target = { session, channel: `CDIGEST${k}`, ts: `1699${k}.000200` };
          const privateMetadata =
            forgery === 'unsealed'
              ? JSON.stringify(target)
              : forgery === 'moved'
                ? // A real seal for the person's own message, with the place swapped for another.
                  JSON.stringify({ ...JSON.parse(sealCommentPlace(identity, who.team, who.user, own)), ...target })
                : // A place sealed for someone else, submitted by this person.
                  sealCommentPlace(identity, `${other.team}X`, other.user, target);
          const from = w.mark();
          const res = await send(
            w.h.events,
            viewSubmission({
              callbackId: 'diagnostic_comment_modal',
              privateMetadata,
              values: { comment: { text: { type: 'plain_text_input', value: 'defaced' } } },
              user: who.user,
              team: who.team,
            }),
            FORM,
          );
          expect(res.status).toBe(200);
          expect(res.json).toMatchObject({
            response_action: 'errors',
            errors: { comment: expect.stringMatching(/expired/) },
          });
          expect(w.shownSince(from)).toBe('[]');
          w.expectNoFailures(from);
        },
      ),
      overHttp(20),
    );
  });

  it('turns away a comment form whose metadata is missing or mangled, with a note on the form', async () => {
    await fc.assert(
      fc.asyncProperty(
        person,
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 80 }),
          anyJson.map((v) => JSON.stringify(v)),
          fc.record({ session: fc.string({ minLength: 41, maxLength: 60 }) }).map((v) => JSON.stringify(v)),
        ),
        hostileText,
        async (who, privateMetadata, text) => {
          const from = w.mark();
          const res = await send(
            w.h.events,
            viewSubmission({
              callbackId: 'diagnostic_comment_modal',
              privateMetadata,
              values: { comment: { text: { type: 'plain_text_input', value: text } } },
              user: who.user,
              team: who.team,
            }),
            FORM,
          );
          expect(res.status).toBe(200);
          w.expectNoFailures(from);
          expect(res.json).toMatchObject({
            response_action: 'errors',
            errors: { comment: expect.stringMatching(/expired/) },
          });
        },
      ),
      overHttp(40),
    );
  });
});

describe('Slack: forms this version does not know', () => {
  it('answers a stale or forged form at once with a note in the form, instead of letting Slack time out', async () => {
    await fc.assert(
      fc.asyncProperty(
        person,
        fc.string({ maxLength: 40 }).filter((id) => id !== 'ask_modal' && id !== 'diagnostic_comment_modal'),
        fc.dictionary(fc.string({ maxLength: 10 }), fc.dictionary(fc.string({ maxLength: 10 }), anyJson)),
        async (who, callbackId, values) => {
          const from = w.mark();
          const started = Date.now();
          const res = await send(
            w.h.events,
            viewSubmission({ callbackId, values: values as never, user: who.user, team: who.team }),
            FORM,
          );
          expect(res.status).toBe(200);
          expect(Date.now() - started).toBeLessThan(2_500);
          expect(res.json).toMatchObject({ response_action: 'update', view: { type: 'modal' } });
          expect(JSON.stringify(res.json)).toMatch(/older version of Opscoach/);
          w.expectNoFailures(from);
        },
      ),
      overHttp(20),
    );
  });
});

describe('Slack: the database after all of that', () => {
  it('was really written to, so the leak scans above read real rows', () => {
    const counts = rowCounts(w.h.dbPath);
    for (const table of ['answers', 'diagnostic_responses']) expect(counts[table], table).toBeGreaterThan(0);
  });
});

import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logging/logger.ts';
import { CoachRuntime } from '../../src/runtime.ts';
import { SlackIdentity } from '../../src/slack/identity.ts';
import { cliIn } from '../helpers/cli.ts';
import { findLeaks, rowCounts } from '../helpers/db-leaks.ts';
import { seedFollowups } from '../helpers/followup.ts';
import { tempDir, testConfig } from '../helpers/runtime.ts';
import { buttonsOf, clickerFor, type Element, labelled } from '../helpers/slack-buttons.ts';
import { BOT_TOKEN, blockActions, FORM, send, slashCommand, viewSubmission } from '../helpers/slack-requests.ts';
import { startSlackHarness } from '../helpers/slack-server.ts';

// Distinctive ids, so a leak into the database would be unmistakable.
const USER = 'UPRIYAFOLLOW7';
const LEAVER = 'ULEAVERFOLLOW';
const TEAM = 'TFOLLOWWIDGETS';
const ADMIN = 'UADMINFOLLOW1';
const SECRET = 'test-pseudonym-secret-0123456789';

let now = new Date('2026-03-02T10:00:00Z'); // a Monday in ISO week 10
let h: Awaited<ReturnType<typeof startSlackHarness>>;
const work = tempDir();
beforeAll(async () => {
  h = await startSlackHarness({ OPSCOACH_ADMINS: `slack:${ADMIN}` }, { now: () => now });
});
afterAll(async () => {
  await h.close();
  work.cleanup();
});

const textOf = (blocks: unknown) => JSON.stringify(blocks);

// Each run of the CLI starts a process that loads the knowledge base: give it time on a busy machine.
/** The check-in job as an operator runs it: the real CLI, against the server's database and the fake Slack. */
const checkins = (asOf: string) =>
  cliIn(work.path, h.dbPath).runAsync(['checkins', '--run-now', '--as-of', asOf], {
    env: { OPSCOACH_PSEUDONYM_SECRET: SECRET, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: h.slack.apiUrl },
    timeoutMs: 60_000,
  });

/** Takes the handovers diagnostic from a slash command, every answer the worst, and returns the result message. */
async function finishDiagnostic(user: string, id: string): Promise<Record<string, unknown>> {
  const click = clickerFor(h.events, h.slack, { user, team: TEAM, channel: 'DSELF' });
  const start = await send(
    h.events,
    slashCommand({
      text: 'diagnose handovers',
      responseUrl: h.slack.responseUrl(id),
      user,
      team: TEAM,
      channel: 'DSELF',
    }),
    FORM,
  );
  let message = await click(labelled(start.json?.blocks, /^Start$/));
  message = await click(labelled(message.blocks, /Prefer not to say/));
  message = await click(labelled(message.blocks, /Prefer not to say/));
  for (let q = 1; q <= 8; q++) message = await click(buttonsOf(message.blocks)[0]);
  return click(labelled(message.blocks, /^Finish$/));
}

/** A click on the bot's message in the person's direct messages; Slack then gets a chat.update. */
async function clickInDm(button: Element | undefined, user = USER): Promise<Record<string, unknown>> {
  if (!button?.action_id || !button.value) throw new Error('no such button');
  const before = h.slack.callsTo('chat.update').length;
  const res = await send(
    h.events,
    blockActions({
      actionId: button.action_id,
      value: button.value,
      responseUrl: h.slack.responseUrl(`dm-${before}`),
      user,
      team: TEAM,
      channel: 'DPRIYAFOLLOW7',
      container: { type: 'message', message_ts: '1700000000.000500', channel_id: 'DPRIYAFOLLOW7', is_ephemeral: false },
    }),
    FORM,
  );
  expect(res.status).toBe(200);
  return (await h.slack.waitFor(() => h.slack.callsTo('chat.update')[before])).body;
}

/** A slash command's reply: in the acknowledgement, or (after an admin check) on its response URL. */
async function slash(text: string, user: string, id: string) {
  const ack = await send(
    h.events,
    slashCommand({ text, responseUrl: h.slack.responseUrl(id), user, team: TEAM }),
    FORM,
  );
  if (ack.json?.blocks) return ack.json;
  return (await h.slack.waitFor(() => h.slack.responses.find((r) => r.id === id))).body;
}

describe('a coach that follows up, in Slack', () => {
  let checkin: Record<string, unknown>;

  it('offers experiments on the result screen and schedules a check-in for the one picked', async () => {
    const result = await finishDiagnostic(USER, 'start');
    expect(textOf(result.blocks)).toMatch(/Pass the parcel/);
    expect(textOf(result.blocks)).toMatch(/One thing to try/);
    const tryThis = buttonsOf(result.blocks).filter((b) => b.text?.text === 'Try this');
    expect(tryThis).toHaveLength(3);
    const click = clickerFor(h.events, h.slack, { user: USER, team: TEAM, channel: 'DSELF' });
    const scheduled = await click(labelled(result.blocks, /Page the building team first/));
    expect(scheduled).toMatchObject({ replace_original: true });
    expect(textOf(scheduled.blocks)).toMatch(
      /Monday 16 March[^(]*\(in two weeks\), in your direct messages with Opscoach/,
    );
    expect(labelled(scheduled.blocks, /Cancel the check-in/)).toBeDefined();
    // Someone else picks one too, and then leaves the company.
    const other = await finishDiagnostic(LEAVER, 'start-leaver');
    await clickerFor(h.events, h.slack, { user: LEAVER, team: TEAM, channel: 'DSELF' })(
      labelled(other.blocks, /Count the hand-offs/),
    );
    // While it waits, the address is sealed: the database holds no Slack id.
    expect(findLeaks(h.dbPath, [USER, LEAVER, TEAM])).toEqual([]);
  });

  it('sends the check-in fourteen days later, once, and drops the person who left', async () => {
    h.slack.clear();
    h.slack.answerWith('conversations.open', (body) =>
      body.users === LEAVER
        ? { body: { ok: false, error: 'user_disabled' } }
        : { body: { ok: true, channel: { id: `D${String(body.users).slice(1)}` } } },
    );
    const early = await checkins('2026-03-15');
    expect(early.stdout).toMatch(/0 sent/);
    const run = await checkins('2026-03-16');
    expect(run.stdout).toMatch(/Check-in run: 1 sent, 0 failed \(tried again later\), 1 dropped \(person gone\)/);
    const posted = h.slack.callsTo('chat.postMessage');
    expect(posted).toHaveLength(1);
    expect(posted[0]?.body.channel).toBe('DPRIYAFOLLOW7');
    checkin = posted[0]?.body ?? {};
    expect(textOf(checkin.blocks)).toMatch(/How did it go\?/);
    expect(textOf(checkin.blocks)).toMatch(/Page the building team first/);
    // A second run sends nothing.
    const again = await checkins('2026-03-16');
    expect(again.stdout).toMatch(/0 sent/);
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(1);
  }, 240_000);

  it('leaves no address in the database once the check-in is sent', () => {
    const raw = new Database(h.dbPath);
    raw.pragma('wal_checkpoint(TRUNCATE)');
    const rows = raw.prepare('SELECT status, address FROM followups ORDER BY status').all();
    raw.close();
    expect(rows).toEqual([
      { status: 'asked', address: null },
      { status: 'dropped', address: null },
    ]);
    expect(rowCounts(h.dbPath).followups).toBe(2);
    expect(findLeaks(h.dbPath, [USER, LEAVER, TEAM, 'DPRIYAFOLLOW7'])).toEqual([]);
  });

  it('takes the answer and a scrubbed comment in the direct message, then the retake', async () => {
    now = new Date('2026-03-16T10:00:00Z');
    const answered = await clickInDm(labelled(checkin.blocks, /Tried it: it helped/));
    expect(answered.ts).toBe('1700000000.000500');
    expect(textOf(answered.blocks)).toMatch(/noted “Tried it: it helped”/);
    // The comment goes through the same form as a diagnostic's.
    const comment = labelled(answered.blocks, /Add a comment/);
    await send(
      h.events,
      blockActions({
        actionId: comment?.action_id ?? '',
        value: comment?.value ?? '',
        responseUrl: h.slack.responseUrl('comment'),
        user: USER,
        team: TEAM,
        channel: 'DPRIYAFOLLOW7',
        container: {
          type: 'message',
          message_ts: '1700000000.000500',
          channel_id: 'DPRIYAFOLLOW7',
          is_ephemeral: false,
        },
      }),
      FORM,
    );
    const form = await h.slack.waitFor(() => h.slack.callsTo('views.open').at(-1));
    const view = form.body.view as { private_metadata: string };
    const updates = h.slack.callsTo('chat.update').length;
    await send(
      h.events,
      viewSubmission({
        callbackId: 'diagnostic_comment_modal',
        privateMetadata: view.private_metadata,
        values: {
          comment: { text: { type: 'plain_text_input', value: 'It helped; ask priya@followwidgets.example' } },
        },
        user: USER,
        team: TEAM,
      }),
      FORM,
    );
    const saved = await h.slack.waitFor(() => h.slack.callsTo('chat.update')[updates]);
    expect(textOf(saved.body.blocks)).toMatch(/Comment saved/);
    // Retake from the check-in: a better score two weeks on.
    let message = await clickInDm(labelled(saved.body.blocks, /Retake Incident handovers/));
    expect(textOf(message.blocks)).toMatch(/Question 1 of 8/);
    for (let q = 1; q <= 8; q++) message = await clickInDm(buttonsOf(message.blocks)[2]);
    message = await clickInDm(labelled(message.blocks, /^Finish$/));
    expect(textOf(message.blocks)).toMatch(/Shared ownership/);
    const raw = new Database(h.dbPath, { readonly: true });
    const row = raw
      .prepare("SELECT outcome, comment, score_before, score_after FROM followups WHERE status = 'done'")
      .get();
    raw.close();
    expect(row).toEqual({ outcome: 'helped', comment: 'It helped; ask [email]', score_before: 0, score_after: 67 });
  });

  it('shows the person their trend and their experiment in results, and nobody else', async () => {
    const mine = await slash('results', USER, 'results');
    expect(textOf(mine.blocks)).toMatch(/Your scores over time/);
    expect(textOf(mine.blocks)).toMatch(/Incident handovers: 2026-W10 0 → 2026-W12 67 \(\+67 points\)/);
    expect(textOf(mine.blocks)).toMatch(
      /Page the building team first.*tried it: it helped; score 0 → 67 at your retake/,
    );
    const theirs = await slash('results', 'USOMEONEELSE1', 'results-other');
    expect(textOf(theirs.blocks)).not.toMatch(/Your scores over time|Your experiments|Page the building team/);
  });

  it('shows the group figures to an admin only once enough people picked, and moves them only in steps of k', async () => {
    // Two people so far (the one who answered, the one who left): nothing is published yet.
    const few = await slash('report experiments', ADMIN, 'report-few');
    expect(textOf(few.blocks)).toMatch(/Not enough people yet/);
    const seed = (n: number) => {
      const side = CoachRuntime.create(testConfig(h.dbPath, { OPSCOACH_PSEUDONYM_SECRET: SECRET }), silentLogger);
      try {
        seedFollowups(side.store.followups, n, {
          pickedWeek: '2026-W10',
          workspace: new SlackIdentity(side.pseudonyms).workspace(TEAM),
          answeredWeek: '2026-W11',
          outcome: 'helped',
        });
      } finally {
        side.close();
      }
    };
    // Three more: five people are published, of whom four answered their check-in (under k).
    seed(3);
    const five = await slash('report experiments', ADMIN, 'report-five');
    expect(textOf(five.blocks)).toMatch(/Picked an experiment to try: 5–9 people/);
    expect(textOf(five.blocks)).not.toMatch(/Answered their check-in/);
    // Four more change nothing shown; the fifth publishes all five at once.
    seed(4);
    const waiting = await slash('report experiments', ADMIN, 'report-waiting');
    expect(textOf(waiting.blocks)).toEqual(textOf(five.blocks));
    seed(1);
    const enough = await slash('report experiments', ADMIN, 'report-enough');
    expect(textOf(enough.blocks)).toMatch(/Picked an experiment to try: 10–19 people/);
    expect(textOf(enough.blocks)).toMatch(/Answered their check-in: 5–9 people; 100 % had tried their experiment/);
    const member = await slash('report experiments', USER, 'report-member');
    expect(textOf(member.blocks)).toMatch(/people who run Opscoach/);
  });
});

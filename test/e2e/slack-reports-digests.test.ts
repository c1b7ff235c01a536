import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadDiagnostics } from '../../src/core/diagnostics/definition.ts';
import { DigestScheduler } from '../../src/core/digests/digest-scheduler.ts';
import { silentLogger } from '../../src/core/logging/logger.ts';
import { CoachRuntime } from '../../src/runtime.ts';
import { SlackDigestSender } from '../../src/slack/digest-sender.ts';
import { SlackIdentity } from '../../src/slack/identity.ts';
import { testConfig } from '../helpers/runtime.ts';
import { seedResponses } from '../helpers/seed.ts';
import { BOT_TOKEN, eventEnvelope, FORM, JSON_TYPE, send, slashCommand } from '../helpers/slack-requests.ts';
import { startSlackHarness } from '../helpers/slack-server.ts';

const ADMIN = 'UADMINPERSON';
const MEMBER = 'UMEMBERPERSON';

let h: Awaited<ReturnType<typeof startSlackHarness>>;
beforeAll(async () => {
  h = await startSlackHarness({ OPSCOACH_ADMINS: `slack:${ADMIN}` });
});
afterAll(async () => h.close());
beforeEach(() => h.slack.clear());

async function slash(text: string, user: string, id: string, channel = 'CPLATFORM') {
  const res = await send(h.events, slashCommand({ text, responseUrl: h.slack.responseUrl(id), user, channel }), FORM);
  expect(res.status).toBe(200);
  return (await h.slack.waitFor(() => h.slack.responses.find((r) => r.id === id))).body;
}
const text = (body: Record<string, unknown>) => JSON.stringify(body.blocks ?? body.text);

/** A second runtime on the server's database file, to seed responses and run the digest job. */
function sideRuntime() {
  return CoachRuntime.create(
    testConfig(h.dbPath, { OPSCOACH_PSEUDONYM_SECRET: 'test-pseudonym-secret-0123456789' }),
    silentLogger,
  );
}

/** The digest job over that runtime, posting through the real Slack sender to the fake Slack. */
const slackDigests = (side: CoachRuntime) =>
  new DigestScheduler(
    side.digests,
    side.store.digests,
    { slack: new SlackDigestSender(BOT_TOKEN, h.slack.apiUrl, silentLogger) },
    silentLogger,
    side.now,
  );

describe('reports in Slack', () => {
  it('refuses someone who is not authorised, politely', async () => {
    const reply = await slash('report', MEMBER, 'r1');
    expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expect(text(reply)).toMatch(/people who run Opscoach/);
    expect(h.slack.callsTo('users.info')[0]?.body).toMatchObject({ user: MEMBER });
  });

  it('shows a configured admin the report for their workspace, privately', async () => {
    const empty = await slash('report handovers --weeks 4', ADMIN, 'r2');
    expect(text(empty)).toMatch(/Not enough responses yet/);
    const side = sideRuntime();
    const { diagnostics } = loadDiagnostics((id) => side.knowledge.article(id) !== undefined);
    const workspace = new SlackIdentity(side.pseudonyms).workspace('T1');
    seedResponses(side.store.responses, diagnostics[0] as never, 12, { workspace, pick: (i) => i % 4 });
    side.close();
    const report = await slash('report handovers', ADMIN, 'r3');
    expect(report.response_type).toBe('ephemeral');
    expect(text(report)).toMatch(/10–19 people answered/);
    expect(text(report)).toMatch(/Median number of teams/);
  });

  it('treats Slack workspace admins as authorised', async () => {
    h.slack.answerWith('users.info', (body) => ({
      body: { ok: true, user: { id: body.user, tz: 'Asia/Tokyo', is_admin: true } },
    }));
    try {
      const reply = await slash('report releases', 'UWORKSPACEADMIN', 'r4');
      expect(text(reply)).toMatch(/Release pain/);
    } finally {
      h.slack.answerWith('users.info', (body) => ({
        body: { ok: true, user: { id: body.user, tz: 'Europe/London', is_admin: false } },
      }));
    }
  });

  it('answers a bad report request with help rather than an error', async () => {
    const reply = await send(
      h.events,
      slashCommand({ text: 'report handovers --weeks lots', responseUrl: h.slack.responseUrl('r5'), user: ADMIN }),
      FORM,
    );
    expect(reply.status).toBe(200);
    expect(JSON.stringify(reply.json)).toMatch(/I don't know the command “report handovers --weeks lots”/);
    expect(JSON.stringify(reply.json)).toMatch(/report \[handovers\|releases\|experiments\] \[--weeks N\]/);
  });
});

describe('personal replies in a channel', () => {
  it.each([
    ['a report', 'report', ADMIN, /Opscoach report/],
    ['a refusal to someone not authorised', 'report', MEMBER, /are for the people who run Opscoach/],
    ['their results', 'results', MEMBER, /results/i],
    ['a diagnostic', 'diagnose handovers', MEMBER, /Incident handovers|handover/i],
  ])('shows %s to the asker only when asked by @mention', async (_what, text, user, shows) => {
    const ts = `${Date.now() / 1000}`;
    await send(
      h.events,
      eventEnvelope({ type: 'app_mention', channel: 'CPLATFORM', user, text: `<@UBOT> ${text}`, ts, event_ts: ts }),
      JSON_TYPE,
    );
    const ephemeral = await h.slack.waitFor(() => h.slack.callsTo('chat.postEphemeral')[0]);
    expect(ephemeral.body).toMatchObject({ channel: 'CPLATFORM', user });
    expect(JSON.stringify(ephemeral.body.blocks ?? ephemeral.body.text)).toMatch(shows);
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(0);
    expect(h.slack.callsTo('chat.update')).toHaveLength(0);
  });
});

describe('weekly digests in Slack', () => {
  it("subscribes a channel in the admin's time zone, shows status, previews privately and turns off", async () => {
    const on = await slash('digest on tuesday 10:00', ADMIN, 'd1');
    expect(text(on)).toMatch(/every Tuesday at 10:00 \(Europe\/London\)/);
    const status = await slash('digest status', MEMBER, 'd2');
    expect(text(status)).toMatch(/Weekly digest for #ops/);
    const refused = await slash('digest off', MEMBER, 'd3');
    expect(text(refused)).toMatch(/people who run Opscoach/);
    const preview = await slash('digest preview', ADMIN, 'd4');
    expect(preview.response_type).toBe('ephemeral');
    expect(text(preview)).toMatch(/Tip of the week/);
    expect(text(preview)).toMatch(/only you can see this/);
    const off = await slash('digest off', ADMIN, 'd5');
    expect(text(off)).toMatch(/off for #ops/);
    const dm = await slash('digest on', ADMIN, 'd6', 'DADMIN');
    expect(text(dm)).toMatch(/run this in the channel/);
  });

  it('posts due digests with their chart, honours Retry-After, and unsubscribes a deleted channel', async () => {
    for (const channel of ['CALPHA', 'CBRAVO', 'CGONE'])
      await slash('digest on monday 09:00 UTC', ADMIN, `sub-${channel}`, channel);
    const side = sideRuntime();
    const { diagnostics } = loadDiagnostics((id) => side.knowledge.article(id) !== undefined);
    seedResponses(side.store.responses, diagnostics[1] as never, 8, {
      workspace: new SlackIdentity(side.pseudonyms).workspace('T1'),
      pick: (i) => i % 4,
    });
    h.slack.clear();
    h.slack.override('chat.postMessage', () => ({
      status: 429,
      headers: { 'retry-after': '1' },
      body: { ok: false, error: 'ratelimited' },
    }));
    h.slack.answerWith('chat.postMessage', (body) =>
      body.channel === 'CGONE'
        ? { body: { ok: false, error: 'channel_not_found' } }
        : { body: { ok: true, channel: body.channel, ts: `${Date.now() / 1000}` } },
    );
    // Force the run: it is whatever day today is, and this week's digests are due now.
    const scheduler = slackDigests(side);
    const started = Date.now();
    const results = [];
    for (const channel of ['CALPHA', 'CBRAVO', 'CGONE'])
      results.push(await scheduler.runOnce({ channel, force: true }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(900); // waited for Retry-After
    expect(results.map((r) => [r.sent, r.gone])).toEqual([
      [1, 0],
      [1, 0],
      [0, 1],
    ]);
    const posts = h.slack.callsTo('chat.postMessage').filter((c) => c.body.channel !== 'CGONE');
    expect(posts.filter((c) => c.body.channel === 'CALPHA')).toHaveLength(2); // the 429, then the real post
    expect(JSON.stringify(posts.at(-1)?.body.blocks)).toMatch(/Tip of the week/);
    expect(
      h.slack
        .callsTo('files.completeUploadExternal')
        .map((c) => c.body.channel_id)
        .sort(),
    ).toEqual(['CALPHA', 'CBRAVO']);
    expect(h.slack.uploads.every((u) => u.bytes > 1000)).toBe(true);
    // Each chart carries its description as Slack's files.getUploadURLExternal names it: alt_txt.
    for (const asked of h.slack.callsTo('files.getUploadURLExternal')) {
      expect(String(asked.body.alt_txt)).toMatch(/\d+ %/);
      expect(asked.body).not.toHaveProperty('alt_text');
    }
    expect(side.store.digests.active('slack').map((s) => s.channel)).not.toContain('CGONE');
    // Running again posts nothing twice.
    h.slack.clear();
    for (const channel of ['CALPHA', 'CBRAVO'])
      expect((await scheduler.runOnce({ channel, force: true })).sent).toBe(0);
    expect(h.slack.callsTo('chat.postMessage')).toEqual([]);
    side.close();
    h.slack.answerWith('chat.postMessage', (body) => ({ body: { ok: true, channel: body.channel, ts: '1.1' } }));
  });

  it('retries a digest Slack failed with 500s on the next run, posting it once, without holding up the others', async () => {
    for (const channel of ['CFLAKY', 'CSTEADY'])
      await slash('digest on monday 09:00 UTC', ADMIN, `sub-${channel}`, channel);
    const side = sideRuntime();
    const serverError = () => ({ status: 500, body: { ok: false, error: 'internal_error' } });
    h.slack.clear();
    // Every try at CFLAKY fails (the client's own two retries included); CSTEADY is fine.
    h.slack.answerWith('chat.postMessage', (body) =>
      body.channel === 'CFLAKY' ? serverError() : { body: { ok: true, channel: body.channel, ts: '2.1' } },
    );
    const scheduler = slackDigests(side);
    const first = await Promise.all(
      ['CFLAKY', 'CSTEADY'].map((channel) => scheduler.runOnce({ channel, force: true })),
    );
    expect(first.map((r) => [r.sent, r.failed])).toEqual([
      [0, 1],
      [1, 0],
    ]);
    expect(h.slack.callsTo('chat.postMessage').filter((c) => c.body.channel === 'CFLAKY')).toHaveLength(3);
    // Slack recovers: the next run posts it, and later runs post nothing more.
    h.slack.answerWith('chat.postMessage', (body) => ({ body: { ok: true, channel: body.channel, ts: '2.2' } }));
    expect((await scheduler.runOnce({ channel: 'CFLAKY', force: true })).sent).toBe(1);
    expect((await scheduler.runOnce({ channel: 'CFLAKY', force: true })).sent).toBe(0);
    const delivered = h.slack
      .callsTo('chat.postMessage')
      .filter((c) => c.body.channel === 'CFLAKY' && JSON.stringify(c.body.blocks).includes('Tip of the week'));
    expect(delivered).toHaveLength(4); // three failed tries, then the one that went out
    const sends = side.store.db
      .prepare(
        "SELECT status FROM digest_sends JOIN digest_subscriptions s ON s.id = subscription WHERE s.channel = 'CFLAKY'",
      )
      .all();
    expect(sends).toEqual([{ status: 'sent' }]);
    side.close();
  });
});

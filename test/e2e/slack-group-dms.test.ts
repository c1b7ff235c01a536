import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLeaks } from '../helpers/db-leaks.ts';
import { buttonsOf, clickerFor, labelled } from '../helpers/slack-buttons.ts';
import { FORM, send, slashCommand } from '../helpers/slack-requests.ts';
import { startSlackHarness } from '../helpers/slack-server.ts';

// Group DMs and private channels over signed Slack requests. Slack names a group DM after its
// members' handles ("mpdm-alice--bob--carol-1") and a private channel "privategroup": neither is
// stored, shown in a report, or used as a channel for group results.

const ADMIN = 'UADMINGROUPS';
const GROUP_DM = { channel: 'G0GROUPDM1', channelName: 'mpdm-alicebeaumont--bobokafor--carolfinch-1' };
const PRIVATE = { channel: 'C0PRIVATE1', channelName: 'privategroup' };
const HANDLES = ['alicebeaumont', 'bobokafor', 'carolfinch', 'mpdm-'];

let h: Awaited<ReturnType<typeof startSlackHarness>>;
beforeAll(async () => {
  h = await startSlackHarness({ LOG_LEVEL: 'warn', OPSCOACH_ADMINS: `slack:${ADMIN}` });
});
afterAll(async () => h.close());

const textOf = (body: unknown) => JSON.stringify(body);
let n = 0;

/** One person takes a diagnostic from a conversation, agreeing to count towards it if asked. */
async function takeDiagnostic(where: { channel: string; channelName: string }, user: string) {
  const id = `start-${++n}`;
  const start = await send(
    h.events,
    slashCommand({ text: 'diagnose handovers', responseUrl: h.slack.responseUrl(id), user, ...where }),
    FORM,
  );
  const click = clickerFor(h.events, h.slack, { team: 'T1', user, ...where });
  let message = await click(labelled(start.json?.blocks, /^Start$/));
  message = await click(labelled(message.blocks, /Building software/));
  message = await click(labelled(message.blocks, /Mostly our own people/));
  // Before this change a group DM was offered as a channel to count towards: agree, as people would.
  const consent = labelled(message.blocks, /^Yes/);
  if (consent) message = await click(consent);
  for (let q = 1; q <= 8; q++) message = await click(buttonsOf(message.blocks)[0]);
  message = await click(labelled(message.blocks, /^Finish$/));
  expect(textOf(message.blocks)).toMatch(/Pass the parcel|Escalation ladder|Shared ownership|Builders run it/);
}

const channelsStored = () => {
  const db = new Database(h.dbPath, { readonly: true });
  try {
    return {
      sessions: db.prepare('SELECT channel FROM diagnostic_sessions').all(),
      responses: db.prepare('SELECT channel FROM diagnostic_responses').all(),
      digests: db.prepare('SELECT label FROM digest_subscriptions').all(),
    };
  } finally {
    db.close();
  }
};

describe('a group DM', () => {
  it('is not a channel: its members are not stored as its name, and it is no slice in reports', async () => {
    for (let i = 0; i < 5; i++) await takeDiagnostic(GROUP_DM, `UGROUPMEMBER${i}`);
    expect(findLeaks(h.dbPath, HANDLES)).toEqual([]);
    const report = await send(
      h.events,
      slashCommand({ text: 'report handovers', responseUrl: h.slack.responseUrl('report'), user: ADMIN }),
      FORM,
    );
    expect(report.status).toBe(200);
    const shown = await h.slack.waitFor(() =>
      h.slack.responses.find((r) => r.id === 'report' && /Opscoach report/.test(textOf(r.body))),
    );
    expect(textOf(shown.body)).toMatch(/people answered/);
    for (const handle of HANDLES) expect(textOf(shown.body)).not.toContain(handle);
  });

  it('takes no weekly digest, and keeps no name for one', async () => {
    const res = await send(
      h.events,
      slashCommand({ text: 'digest on', responseUrl: h.slack.responseUrl('dm-digest'), user: ADMIN, ...GROUP_DM }),
      FORM,
    );
    expect(res.status).toBe(200);
    const reply = await h.slack.waitFor(() =>
      h.slack.responses.find((r) => r.id === 'dm-digest' && /digest/i.test(textOf(r.body))),
    );
    expect(textOf(reply.body)).toMatch(/Digests go to channels/);
    expect(findLeaks(h.dbPath, HANDLES)).toEqual([]);
  });
});

describe('a private channel', () => {
  it('counts towards no channel slice and stores no placeholder name, but may take a digest', async () => {
    await takeDiagnostic(PRIVATE, 'UPRIVATEMEMBER');
    const res = await send(
      h.events,
      slashCommand({ text: 'digest on', responseUrl: h.slack.responseUrl('private-digest'), user: ADMIN, ...PRIVATE }),
      FORM,
    );
    expect(res.status).toBe(200);
    const reply = await h.slack.waitFor(() =>
      h.slack.responses.find((r) => r.id === 'private-digest' && /digest/i.test(textOf(r.body))),
    );
    expect(textOf(reply.body)).toMatch(/Weekly digest is on for this channel/);
    const stored = channelsStored();
    expect(stored.sessions.concat(stored.responses)).toEqual(
      expect.not.arrayContaining([expect.objectContaining({ channel: expect.stringMatching(/privategroup/) })]),
    );
    expect(stored.digests).toEqual([{ label: null }]);
  });
});

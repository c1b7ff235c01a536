import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonsOf, clickerFor, type Element, labelled } from '../helpers/slack-buttons.ts';
import { blockActions, FORM, send, slashCommand, viewSubmission } from '../helpers/slack-requests.ts';
import { startSlackHarness } from '../helpers/slack-server.ts';

// Distinctive ids, so a leak into the database would be unmistakable.
const USER = 'UZEBEDIAH7';
const TEAM = 'TACMEWIDGETS';
const CHANNEL = 'CPLATFORMOPS';
const NAME = 'zebediah';

let h: Awaited<ReturnType<typeof startSlackHarness>>;
beforeAll(async () => {
  h = await startSlackHarness();
});
afterAll(async () => h.close());

const textOf = (blocks: unknown) => JSON.stringify(blocks);

const click = (button: Element | undefined) =>
  clickerFor(h.events, h.slack, { user: USER, userName: NAME, team: TEAM, channel: CHANNEL })(button);

describe('a diagnostic in Slack', () => {
  it('runs from /opscoach diagnose to a result, updating one message in place, and survives a double click', async () => {
    const start = await send(
      h.events,
      slashCommand({
        text: 'diagnose handovers',
        responseUrl: h.slack.responseUrl('start'),
        user: USER,
        userName: NAME,
        team: TEAM,
        channel: CHANNEL,
        teamDomain: 'acmewidgets',
      }),
      FORM,
    );
    expect(start.json).toMatchObject({ response_type: 'ephemeral' });
    expect(textOf(start.json?.blocks)).toMatch(/pseudonymised/);
    let message = await click(labelled(start.json?.blocks, /^Start$/));
    expect(message).toMatchObject({ replace_original: true, response_type: 'ephemeral' });
    message = await click(labelled(message.blocks, /Building software/));
    message = await click(labelled(message.blocks, /Mostly our own people/));
    expect(textOf(message.blocks)).toMatch(/count towards that channel/);
    message = await click(labelled(message.blocks, /^Yes/));
    expect(textOf(message.blocks)).toMatch(/Question 1 of 8/);

    // Answer question 1, then click the same button again: nothing moves twice.
    const first = buttonsOf(message.blocks)[0];
    message = await click(first);
    expect(textOf(message.blocks)).toMatch(/Question 2 of 8/);
    const again = await click(first);
    expect(textOf(again.blocks)).toMatch(/Question 2 of 8/);
    expect(textOf(again.blocks)).toMatch(/already answered/);

    for (let q = 2; q <= 8; q++) message = await click(buttonsOf(message.blocks)[1]);
    expect(textOf(message.blocks)).toMatch(/anything you would like to add/);

    // The comment goes through a modal carrying where the message lives.
    const comment = labelled(message.blocks, /Add a comment/);
    await send(
      h.events,
      blockActions({
        actionId: comment?.action_id ?? '',
        value: comment?.value ?? '',
        responseUrl: h.slack.responseUrl('comment'),
        user: USER,
        team: TEAM,
        channel: CHANNEL,
      }),
      FORM,
    );
    const open = await h.slack.waitFor(() => h.slack.callsTo('views.open').at(-1));
    const view = open.body.view as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe('diagnostic_comment_modal');
    const text =
      'Zebediah here: our acmewidgets on-call is unpaid, ring 07700 900123 or zeb@acmewidgets.example, see https://wiki.acmewidgets.example/oncall';
    await send(
      h.events,
      viewSubmission({
        callbackId: 'diagnostic_comment_modal',
        privateMetadata: view.private_metadata,
        values: { comment: { text: { type: 'plain_text_input', value: text } } },
        user: USER,
        userName: NAME,
        team: TEAM,
        teamDomain: 'acmewidgets',
      }),
      FORM,
    );
    const result = await h.slack.waitFor(() =>
      h.slack.responses.filter((r) => r.id === 'comment').find((r) => /Pass the parcel/.test(textOf(r.body.blocks))),
    );
    expect(result.body).toMatchObject({ replace_original: true });
    expect(textOf(result.body.blocks)).toMatch(/Where it hurts most/);
    expect(textOf(result.body.blocks)).toMatch(/Read next/);

    const db = new Database(h.dbPath, { readonly: true });
    const rows = db
      .prepare('SELECT score, profile, role, sourcing, channel, comment FROM diagnostic_responses')
      .all() as Record<string, unknown>[];
    db.close();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ profile: 'pass-the-parcel', role: 'delivery', sourcing: 'in-house' });
    expect(rows[0]?.channel).toBeTruthy();
    expect(String(rows[0]?.comment)).toBe(
      '[organisation] here: our [organisation] on-call is unpaid, ring [phone] or [email], see [link]',
    );
  });

  it('tells the person when the diagnostic has expired', async () => {
    const start = await send(
      h.events,
      slashCommand({
        text: 'diagnose releases',
        responseUrl: h.slack.responseUrl('start2'),
        user: USER,
        team: TEAM,
        channel: CHANNEL,
      }),
      FORM,
    );
    const question = buttonsOf(start.json?.blocks)[0];
    const db = new Database(h.dbPath);
    db.prepare("UPDATE diagnostic_sessions SET expires_hour = 1 WHERE diagnostic = 'releases'").run();
    db.close();
    const expired = await click(question);
    expect(textOf(expired.blocks)).toMatch(/expired/);
    expect(labelled(expired.blocks, /Start again/)).toBeDefined();
  });

  it('shows a person their own results, and offers diagnostics on App Home', async () => {
    const results = await send(
      h.events,
      slashCommand({
        text: 'results',
        responseUrl: h.slack.responseUrl('res'),
        user: USER,
        team: TEAM,
        channel: CHANNEL,
      }),
      FORM,
    );
    expect(textOf(results.json?.blocks)).toMatch(/Pass the parcel/);
    const other = await send(
      h.events,
      slashCommand({
        text: 'results',
        responseUrl: h.slack.responseUrl('res2'),
        user: 'UOTHERPERSON',
        team: TEAM,
        channel: CHANNEL,
      }),
      FORM,
    );
    expect(textOf(other.json?.blocks)).not.toMatch(/Pass the parcel/);
  });

  it('starts from App Home in the Messages tab and updates that message as the person answers', async () => {
    await send(
      h.events,
      blockActions({
        actionId: 'diagnostic_choice_1',
        value: 'dx:start:releases',
        responseUrl: h.slack.responseUrl('home'),
        user: 'UHOMEUSER5',
        team: TEAM,
        container: { type: 'view', view_id: 'VHOME' },
      }),
      FORM,
    );
    const posted = await h.slack.waitFor(() =>
      h.slack.callsTo('chat.postMessage').find((c) => c.body.channel === 'UHOMEUSER5'),
    );
    expect(textOf(posted.body.blocks)).toMatch(/pseudonymised/);
    const start = labelled(posted.body.blocks, /^Start$/);
    await send(
      h.events,
      blockActions({
        actionId: start?.action_id ?? '',
        value: start?.value ?? '',
        responseUrl: h.slack.responseUrl('dm1'),
        user: 'UHOMEUSER5',
        team: TEAM,
        channel: 'DHOME1',
        container: { type: 'message', message_ts: '1700000000.000900', channel_id: 'DHOME1', is_ephemeral: false },
      }),
      FORM,
    );
    const update = await h.slack.waitFor(() => h.slack.callsTo('chat.update').find((c) => c.body.channel === 'DHOME1'));
    expect(update.body.ts).toBe('1700000000.000900');
    expect(textOf(update.body.blocks)).toMatch(/Which best describes your role/);
  });

  it('leaves no raw Slack id, name or scrubbed detail in the database file', () => {
    const db = new Database(h.dbPath);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const bytes = readFileSync(h.dbPath).toString('latin1').toLowerCase();
    for (const secret of [
      USER,
      TEAM,
      CHANNEL,
      'UOTHERPERSON',
      'UHOMEUSER5',
      'DHOME1',
      NAME,
      'acmewidgets',
      '07700 900123',
      'zeb@',
      'wiki.acmewidgets',
    ]) {
      expect(bytes, secret).not.toContain(secret.toLowerCase());
    }
  });
});

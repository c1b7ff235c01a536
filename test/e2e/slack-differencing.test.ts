import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDiagnostics } from '../../src/core/diagnostics/definition.ts';
import { KnowledgeBase } from '../../src/core/knowledge/knowledge-base.ts';
import { Pseudonymizer } from '../../src/core/privacy/pseudonym.ts';
import { Store } from '../../src/core/store/store.ts';
import { seedResponses } from '../helpers/seed.ts';
import { buttonsOf, clickerFor, labelled } from '../helpers/slack-buttons.ts';
import { blockActions, FORM, send, slashCommand, viewSubmission } from '../helpers/slack-requests.ts';
import { startSlackHarness } from '../helpers/slack-server.ts';

// The curious admin of the issue, through Slack: with 20 respondents they ask for the report,
// wait for one more person to answer (through Slack, comment and all), and ask again. The two
// reports are the same, so subtracting one from the other gives nobody's answers, and the new
// comment is not there to read; the figures move once k people have answered since.

const ADMIN = 'UCURIOUSADMIN';
const TEAM = 'T1';
const SECRET = 'test-pseudonym-secret-0123456789';
const NEW_COMMENT = 'Handovers at night lose the context every single time, I hate it';

let h: Awaited<ReturnType<typeof startSlackHarness>>;
beforeAll(async () => {
  h = await startSlackHarness({ LOG_LEVEL: 'warn', OPSCOACH_ADMINS: `slack:${ADMIN}` });
});
afterAll(async () => h.close());

/** Responses saved straight into the bot's database, in the admin's workspace, as finished diagnostics are. */
function seed(n: number, comment?: (i: number) => string | undefined) {
  const store = Store.open(h.dbPath);
  try {
    const knowledge = KnowledgeBase.load();
    const { diagnostics } = loadDiagnostics((id) => knowledge.article(id) !== undefined);
    const handovers = diagnostics.find((d) => d.id === 'handovers');
    if (!handovers) throw new Error('no handovers diagnostic');
    seedResponses(store.responses, handovers, n, {
      workspace: new Pseudonymizer(SECRET).key('slack-workspace', TEAM),
      pick: (i, q) => (i + q) % 4,
      comment,
    });
  } finally {
    store.close();
  }
}

let reports = 0;
/** The admin's /opscoach report, as they see it. */
async function report(): Promise<string> {
  const id = `report-${++reports}`;
  await send(
    h.events,
    slashCommand({ text: 'report handovers', responseUrl: h.slack.responseUrl(id), user: ADMIN, team: TEAM }),
    FORM,
  );
  const shown = await h.slack.waitFor(() =>
    h.slack.responses.find((r) => r.id === id && /Opscoach report/.test(JSON.stringify(r.body))),
  );
  // Comments are shuffled on every report: compare them as a set.
  const blocks = JSON.stringify(shown.body.blocks);
  const comments = [...blocks.matchAll(/“([^”]*)”/g)].map((m) => m[1]).sort();
  return JSON.stringify({ figures: blocks.replace(/“[^”]*”/g, ''), comments });
}

/** One more person takes the diagnostic through Slack and leaves a comment in the form. */
async function oneMorePerson(user: string, comment: string) {
  const start = await send(
    h.events,
    slashCommand({ text: 'diagnose handovers', responseUrl: h.slack.responseUrl(`start-${user}`), user, team: TEAM }),
    FORM,
  );
  const click = clickerFor(h.events, h.slack, { team: TEAM, user, channel: 'C1', channelName: 'ops' });
  let message = await click(labelled(start.json?.blocks, /^Start$/));
  message = await click(labelled(message.blocks, /Building software/));
  message = await click(labelled(message.blocks, /Mostly our own people/));
  message = await click(labelled(message.blocks, /^No, just the organisation/));
  for (let q = 1; q <= 8; q++) message = await click(buttonsOf(message.blocks)[0]);
  const add = labelled(message.blocks, /Add a comment/);
  const opened = h.slack.callsTo('views.open').length;
  await send(
    h.events,
    blockActions({
      actionId: add?.action_id ?? '',
      value: add?.value ?? '',
      responseUrl: h.slack.responseUrl(`comment-${user}`),
      user,
      team: TEAM,
    }),
    FORM,
  );
  const view = (await h.slack.waitFor(() => h.slack.callsTo('views.open')[opened])).body.view as {
    private_metadata: string;
  };
  await send(
    h.events,
    viewSubmission({
      callbackId: 'diagnostic_comment_modal',
      privateMetadata: view.private_metadata,
      values: { comment: { text: { type: 'plain_text_input', value: comment } } },
      user,
      team: TEAM,
    }),
    FORM,
  );
  await h.slack.waitFor(() =>
    h.slack.responses.find(
      (r) => r.id === `comment-${user}` && /Pass the parcel|Escalation|Shared|Builders/.test(JSON.stringify(r.body)),
    ),
  );
}

describe('two reports around one new answer', () => {
  it('are the same report: nothing to subtract, no new comment to read, until k people have answered', async () => {
    seed(20, (i) => (i < 12 ? `earlier comment number ${i}` : undefined));
    const before = await report();
    expect(before).toMatch(/20\+ people answered/);
    expect(before).toMatch(/earlier comment number/);

    await oneMorePerson('UNEWPERSON1', NEW_COMMENT);
    const after = await report();
    expect(after).toBe(before);
    expect(after).not.toContain('lose the context');

    // Four more people: five since the report, so the figures move, by all five at once.
    seed(4);
    expect(await report()).not.toBe(before);
  });
});

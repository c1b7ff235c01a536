import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importExport } from '../../src/core/evidence/importer.ts';
import { silentLogger } from '../../src/core/logging/logger.ts';
import { CoachRuntime } from '../../src/runtime.ts';
import { FakeBotFramework } from '../helpers/bot-framework.ts';
import { ALL_FIXTURES, shiftedToNow } from '../helpers/evidence.ts';
import { FakeConnector } from '../helpers/fake-connector.ts';
import { testConfig } from '../helpers/runtime.ts';
import { FORM, send, slashCommand } from '../helpers/slack-requests.ts';
import { startSlackHarness } from '../helpers/slack-server.ts';

// `/opscoach evidence` in Slack (signed slash commands, the fake Web API) and `evidence` in
// Teams (activities through the real botbuilder stack, the fake Bot Connector), over records
// imported the way an operator does.

const SLACK_ADMIN = 'UEVIDADMIN01';
const SLACK_MEMBER = 'UEVIDMEMBER1';
const TEAMS_ADMIN = 'e71de0ad-0000-4000-8000-00000000ad01';
const TEAMS_MEMBER = 'e71de0b0-0000-4000-8000-0000000000b2';
const TENANT = 'ten0e0e0-aaaa-bbbb-cccc-ddddeeeeffff';

const connector = new FakeConnector();
// Teams authenticated, as in production: an admin's AAD object id counts only on a signed activity.
const botFramework = new FakeBotFramework();
let h: Awaited<ReturnType<typeof startSlackHarness>>;

beforeAll(async () => {
  await connector.start();
  botFramework.install();
  h = await startSlackHarness({
    LOG_LEVEL: 'warn',
    ...botFramework.env(connector.base),
    OPSCOACH_TIMEZONE: 'Europe/London',
    OPSCOACH_ADMINS: `slack:${SLACK_ADMIN},teams:${TEAMS_ADMIN}`,
  });
  const side = CoachRuntime.create(
    testConfig(h.dbPath, { OPSCOACH_PSEUDONYM_SECRET: 'test-pseudonym-secret-0123456789' }),
    silentLogger,
  );
  for (const [kind, name] of ALL_FIXTURES)
    importExport(side.store, kind, shiftedToNow(name), { timezone: 'Europe/London' });
  side.close();
});
afterAll(async () => {
  await h.close();
  await connector.stop();
  botFramework.uninstall();
});
beforeEach(() => {
  h.slack.clear();
  connector.clear();
});

let n = 0;
async function slash(text: string, user: string) {
  const id = `evidence-${++n}`;
  const res = await send(
    h.events,
    slashCommand({ text, responseUrl: h.slack.responseUrl(id), user, channel: 'CPUBLICOPS' }),
    FORM,
  );
  expect(res.status).toBe(200);
  return (await h.slack.waitFor(() => h.slack.responses.find((r) => r.id === id))).body;
}

async function teams(text: string, aad: string) {
  const res = await fetch(`${h.base}/api/messages`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: botFramework.authorization({ serviceUrl: connector.base }),
    },
    body: JSON.stringify({
      type: 'message',
      id: `evidence-${++n}`,
      timestamp: new Date().toISOString(),
      serviceUrl: connector.base,
      channelId: 'msteams',
      from: { id: `29:${aad}`, name: 'Someone', aadObjectId: aad },
      conversation: { id: `a:personal-${aad}`, conversationType: 'personal', tenantId: TENANT },
      recipient: { id: '28:opscoach-bot', name: 'Opscoach' },
      text,
      locale: 'en-GB',
      channelData: { tenant: { id: TENANT } },
    }),
  });
  expect(res.status).toBeLessThan(300);
  const reply = await connector.waitFor(() => connector.of('reply').find((c) => c.body.type !== 'typing'));
  return JSON.stringify(reply.body);
}

describe('/opscoach evidence in Slack', () => {
  it('shows an admin the figures privately and sends the chart to their direct messages only', async () => {
    const reply = await slash('evidence --weeks 12', SLACK_ADMIN);
    expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    const shown = JSON.stringify(reply.blocks);
    expect(shown).toMatch(/Evidence from records/);
    expect(shown).toMatch(/8 incidents/);
    expect(shown).toMatch(/9 deployments/);
    expect(shown).toMatch(/DORA medium/);
    expect(shown).toMatch(/payments-api/);
    expect(shown).toMatch(/The chart is in your direct messages/);
    const opened = await h.slack.waitFor(() => h.slack.callsTo('files.completeUploadExternal')[0]);
    expect(h.slack.callsTo('conversations.open')[0]?.body).toMatchObject({ users: SLACK_ADMIN });
    expect(opened.body.channel_id).toBe('DEVIDADMIN01');
    // The chart's description reaches the file under the name Slack's method reference gives it.
    const asked = h.slack.callsTo('files.getUploadURLExternal')[0]?.body;
    expect(asked?.alt_txt).toMatch(/payments-api: \d+ incidents \(\d+ after hours\), \d+ deployments/);
    expect(asked).not.toHaveProperty('alt_text');
    expect(h.slack.uploads.at(-1)?.bytes).toBeGreaterThan(1000);
    // Nothing went to the channel the command was typed in.
    expect(
      JSON.stringify(
        h.slack.calls.filter((c) => c.body.channel === 'CPUBLICOPS' || c.body.channel_id === 'CPUBLICOPS'),
      ),
    ).toBe('[]');
  });

  it('narrows to one service, and explains a name it does not know', async () => {
    const one = JSON.stringify((await slash('evidence --service checkout, web', SLACK_ADMIN)).blocks);
    expect(one).toMatch(/for checkout, web/);
    expect(one).not.toMatch(/payments-api/);
    const unknown = JSON.stringify(await slash('evidence --service mainframe', SLACK_ADMIN));
    expect(unknown).toMatch(/No records name a service called “mainframe”/);
    // The chart of the first one goes to the direct messages after the reply: let it arrive.
    await h.slack.waitFor(() => h.slack.callsTo('files.completeUploadExternal')[0]);
  });

  it('refuses someone who is not an admin, with no figures and no chart', async () => {
    const reply = JSON.stringify(await slash('evidence', SLACK_MEMBER));
    expect(reply).toMatch(/people who run Opscoach/);
    expect(reply).not.toMatch(/incidents|deployments/);
    expect(h.slack.callsTo('files.getUploadURLExternal')).toEqual([]);
  });
});

describe('evidence in Teams', () => {
  it('shows an admin the figures with the chart in the card', async () => {
    const card = await teams('evidence', TEAMS_ADMIN);
    expect(card).toMatch(/application\/vnd\.microsoft\.card\.adaptive/);
    expect(card).toMatch(/Evidence from records/);
    expect(card).toMatch(/8 incidents/);
    expect(card).toMatch(/"type":"Image","url":"data:image\/png;base64,/);
  });

  it('refuses someone who is not an admin', async () => {
    const card = await teams('evidence --weeks 4', TEAMS_MEMBER);
    expect(card).toMatch(/people who run Opscoach/);
    expect(card).not.toMatch(/Evidence from records|data:image/);
  });
});

import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/main.ts';
import { FakeBotFramework } from '../helpers/bot-framework.ts';
import { FakeConnector } from '../helpers/fake-connector.ts';
import { tempDir } from '../helpers/runtime.ts';

// Adaptive Cards' Universal Actions: an Action.Execute reaches the bot as an invoke activity
// named adaptiveCard/action and must be answered in the HTTP response (botbuilder answers 501
// unless the bot does). Opscoach's own cards use Action.Submit; a card from elsewhere or an
// older one may still carry Action.Execute.

const AAD = 'aade0e0e-1111-2222-3333-444455556666';
const TENANT = 'tene0e0e-aaaa-bbbb-cccc-ddddeeeeffff';

const connector = new FakeConnector();
const botFramework = new FakeBotFramework();
const dir = tempDir();
let server: RunningServer;
let url: string;
let counter = 0;

beforeAll(async () => {
  await connector.start();
  botFramework.install();
  server = await startServer({
    OPSCOACH_DB: join(dir.path, 'teams.db'),
    OPSCOACH_PSEUDONYM_SECRET: 'test-pseudonym-secret-0123456789',
    ...botFramework.env(connector.base),
    PORT: '0',
    LOG_LEVEL: 'silent',
  });
  url = `http://127.0.0.1:${server.port}/api/messages`;
});
afterAll(async () => {
  await server.close();
  await connector.stop();
  botFramework.uninstall();
  dir.cleanup();
});
beforeEach(() => connector.clear());

function activity(fields: Record<string, unknown>) {
  return {
    id: `execute-${++counter}`,
    timestamp: new Date().toISOString(),
    serviceUrl: connector.base,
    channelId: 'msteams',
    from: { id: '29:teams-user-id', name: 'Priya Example', aadObjectId: AAD },
    conversation: { id: 'a:personal-execute', conversationType: 'personal', tenantId: TENANT },
    recipient: { id: '28:opscoach-bot', name: 'Opscoach' },
    locale: 'en-GB',
    channelData: { tenant: { id: TENANT } },
    ...fields,
  };
}

async function post(body: unknown) {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: botFramework.authorization({ serviceUrl: connector.base }),
    },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

/** An Action.Execute as Teams sends it: its data under value.action. */
const execute = (data: unknown) =>
  post(
    activity({
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'opscoach', data }, trigger: 'manual' },
    }),
  );

type Card = { body: Record<string, unknown>[]; actions?: { title: string; data?: unknown }[] };
const cardIn = (call: { body: Record<string, unknown> } | undefined) =>
  (call?.body.attachments as { content: Card }[] | undefined)?.[0]?.content as Card;

describe('Action.Execute in Teams', () => {
  it('moves a diagnostic on and answers with the next screen as the card that replaces the one clicked', async () => {
    await post(activity({ type: 'message', text: 'diagnose handovers' }));
    const first = cardIn(await connector.waitFor(() => connector.of('reply')[0]));
    const start = first.actions?.find((a) => a.title === 'Start');
    expect(start).toBeDefined();
    const response = await execute(start?.data);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    const next = response.body?.value as Card;
    expect(JSON.stringify(next)).toMatch(/Incident handovers/);
    expect(JSON.stringify(next)).not.toBe(JSON.stringify(first));
  });

  it('sends an answer as a message and shows a line on the card', async () => {
    const response = await execute({ opscoach: 'ask', question: 'What is a standard change?' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message' });
    expect(String(response.body?.value)).toMatch(/standard change/i);
    const answer = await connector.waitFor(() => connector.of('reply').find((c) => c.body.attachments));
    expect(JSON.stringify(cardIn(answer))).toMatch(/Sources/);
  });

  it('answers an Action.Execute it cannot read with 200 and a line saying so, not an error', async () => {
    for (const value of [{}, { action: { type: 'Action.Execute', data: { opscoach: 'unknown' } } }, { action: 'x' }]) {
      const response = await post(activity({ type: 'invoke', name: 'adaptiveCard/action', value }));
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message' });
      expect(String(response.body?.value)).toMatch(/older version of Opscoach/);
    }
  });
});

import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ChatRequestBody,
  completion,
  FAKE_OPENAI,
  FAKE_OPENAI_BASE_URL,
  streamedCompletion,
} from '../helpers/fake-openai.ts';
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

// Mentions and links, end to end through Slack: a question, a command word or a model's answer
// carrying <!channel>, <!here>, <!everyone>, <!subteam^…>, <@U…>, <#C…> or a disguised link to a
// foreign site is echoed back without pinging anyone and without a live link anywhere but the
// knowledge base's own pages.

const KEY = 'sk-test-abcdefghijklmnop';
const ADMIN = 'UADMINLINKS1';
const EVIL = 'https://evil.example/reset';
/** A page the knowledge base cites: links to it stay live. */
const PLAYBOOK = 'https://playbooks.equalexperts.com/you-build-it-you-run-it/principles';

/** Every way a model (or a person) could try to ping people or plant a link. */
const HOSTILE = [
  'Standard changes are pre-approved routine changes [1]. <!channel> please read this, ',
  'and ask <@U0ADMIN1> or <!subteam^S0OPS|@ops> in <#C0GENERAL|general>; <!here> <!everyone> @here. ',
  `[Reset your password](${EVIL}) now, or <${EVIL}|Reset your password>, or go to ${EVIL} `,
  `or www.evil.example/login ![pixel](${EVIL}/p.png)\n\n[1]: ${EVIL}\n\n`,
  `See [the principles](${PLAYBOOK}) for more [1].`,
].join('');

let h: Awaited<ReturnType<typeof startSlackHarness>>;
let modelReply: string[] = [];

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  nock(FAKE_OPENAI)
    .persist()
    .post('/v1/chat/completions')
    .reply((_uri, body) =>
      (body as ChatRequestBody).stream
        ? [200, streamedCompletion(modelReply), { 'content-type': 'text/event-stream' }]
        : [200, completion(modelReply.join(''))],
    );
  h = await startSlackHarness({
    LOG_LEVEL: 'warn',
    OPSCOACH_ADMINS: `slack:${ADMIN}`,
    OPENAI_API_KEY: KEY,
    OPENAI_BASE_URL: FAKE_OPENAI_BASE_URL,
    OPENAI_EMBEDDING_MODEL: 'none',
    OPENAI_TIMEOUT_MS: '2000',
  });
});
afterAll(async () => {
  await h.close();
  nock.cleanAll();
  nock.enableNetConnect();
});

/** Everything people could see since a point: messages, updates, stream chunks, views, response_url posts. */
const shownSince = (calls: number, responses: number) =>
  JSON.stringify([
    ...h.slack.calls.slice(calls).filter((c) => /^(chat|views|assistant)\./.test(c.method)),
    ...h.slack.responses.slice(responses),
  ]);

/** Nothing that Slack would turn into a mention, and no link (live or bare) to the foreign site. */
function expectInert(shown: string): void {
  expect(shown).not.toMatch(/<[!@#]/);
  expect(shown).not.toMatch(/evil\.example/);
  expect(shown).not.toMatch(/(?<![\w[])@(?:here|channel|everyone)\b/);
}

const QUESTION = 'How are standard changes pre-approved and audited in change management?';
const SURFACES = ['slash', 'dm', 'mention', 'assistant', 'modal', 'button'] as const;
let n = 0;

/** Asks through one Slack surface and waits for the reply the person sees there. */
async function ask(surface: (typeof SURFACES)[number], text: string): Promise<Record<string, unknown>> {
  const k = String(++n).padStart(4, '0');
  const ts = `1720${k}.000100`;
  const from = h.slack.calls.length;
  const sinceCall = (match: (c: { method: string; body: Record<string, unknown> }) => boolean) =>
    h.slack.waitFor(() => h.slack.calls.slice(from).find(match)?.body);
  switch (surface) {
    case 'slash':
      await send(h.events, slashCommand({ text: `ask ${text}`, responseUrl: h.slack.responseUrl(`s${k}`) }), FORM);
      return (await h.slack.waitFor(() => h.slack.responses.find((r) => r.id === `s${k}`))).body;
    case 'button':
      await send(
        h.events,
        blockActions({ actionId: 'ask_question_1', value: text, responseUrl: h.slack.responseUrl(`b${k}`) }),
        FORM,
      );
      return (await h.slack.waitFor(() => h.slack.responses.find((r) => r.id === `b${k}`))).body;
    case 'dm':
      await send(
        h.events,
        eventEnvelope({ type: 'message', channel: `DLNK${k}`, channel_type: 'im', user: 'U1', text, ts }),
        JSON_TYPE,
      );
      return sinceCall((c) => c.method === 'chat.update' && c.body.channel === `DLNK${k}`);
    case 'mention':
      await send(
        h.events,
        eventEnvelope({ type: 'app_mention', channel: `CLNK${k}`, user: 'U1', text: `<@UBOT> ${text}`, ts }),
        JSON_TYPE,
      );
      return sinceCall((c) => c.method === 'chat.update' && c.body.channel === `CLNK${k}`);
    case 'assistant':
      await send(
        h.events,
        eventEnvelope({
          type: 'message',
          channel: `DAST${k}`,
          channel_type: 'im',
          user: 'U1',
          text,
          ts,
          thread_ts: `1719${k}.000100`,
        }),
        JSON_TYPE,
      );
      return sinceCall((c) => c.method === 'chat.stopStream' && c.body.channel === `DAST${k}`);
    case 'modal':
      await send(
        h.events,
        viewSubmission({
          callbackId: 'ask_modal',
          user: `UMODAL${k}`,
          values: { question: { text: { type: 'plain_text_input', value: text } } },
        }),
        FORM,
      );
      return sinceCall((c) => c.method === 'chat.update' && c.body.channel === `UMODAL${k}`);
  }
}

describe('mentions and links in what the model writes', () => {
  it.each(SURFACES)('pings nobody and links only to the knowledge base, through %s', async (surface) => {
    // In pieces, as a stream arrives, so a link or a mention is split across chunks.
    modelReply = HOSTILE.match(/[\s\S]{1,7}/g) ?? [];
    const calls = h.slack.calls.length;
    const responses = h.slack.responses.length;
    const seen = await ask(surface, QUESTION);
    const shown = shownSince(calls, responses);
    // It really was the model's answer that was shown, with what was neutralised standing in.
    expect(shown).toMatch(/pre-approved routine changes/);
    expect(shown).toMatch(/\[mention\]/);
    expect(shown).toMatch(/Reset your password/);
    expectInert(shown);
    if (surface !== 'assistant') {
      expect(JSON.stringify(seen)).toMatch(/Written by an AI model/);
      // The knowledge base's own page is still a live link.
      expect(JSON.stringify(seen)).toContain(`<${PLAYBOOK}|the principles>`);
    }
  });

  it('shares an answer to the channel without pinging anyone but naming the sharer', async () => {
    modelReply = [HOSTILE];
    const calls = h.slack.calls.length;
    const responses = h.slack.responses.length;
    const answer = await ask('slash', QUESTION);
    const share = JSON.stringify(answer).match(/"action_id":"share_answer","value":"([^"]+)"/)?.[1];
    expect(share).toBeDefined();
    await send(
      h.events,
      blockActions({ actionId: 'share_answer', value: share ?? '', responseUrl: h.slack.responseUrl('shared') }),
      FORM,
    );
    const posted = await h.slack.waitFor(() =>
      h.slack.responses.find((r) => r.id === 'shared' && r.body.response_type === 'in_channel'),
    );
    const text = JSON.stringify(posted.body);
    expect(text).toMatch(/pre-approved routine changes/);
    // The footer names the person who shared it, deliberately; nothing else mentions anyone.
    expect(text).toContain('Shared by <@U1>');
    expectInert(text.replace('Shared by <@U1>', ''));
    expectInert(shownSince(calls, responses).replaceAll('Shared by <@U1>', ''));
  });
});

describe('mentions and links in words repeated from a command', () => {
  it.each([
    '<!channel>',
    '<!here|here>',
    '<!subteam^S0OPS|@ops>',
    '<@U0ADMIN1>',
    '<#C0GENERAL|general>',
    `<${EVIL}|Reset>`,
    EVIL,
  ])('an unknown command %s comes back inert', async (word) => {
    const res = await send(h.events, slashCommand({ text: word, responseUrl: h.slack.responseUrl('unknown') }), FORM);
    const shown = JSON.stringify(res.json);
    expect(shown).toMatch(/I don't know the command/);
    expectInert(shown);
  });

  it('a digest schedule Opscoach did not understand is repeated inert, to an admin', async () => {
    const res = await send(
      h.events,
      slashCommand({
        text: `digest on <!here> <${EVIL}|Reset your password>`,
        responseUrl: h.slack.responseUrl('digest-on'),
        user: ADMIN,
      }),
      FORM,
    );
    expect(res.status).toBe(200);
    const reply = await h.slack.waitFor(() =>
      h.slack.responses.find((r) => r.id === 'digest-on' && /understand/.test(JSON.stringify(r.body))),
    );
    expectInert(JSON.stringify(reply.body));
  });
});

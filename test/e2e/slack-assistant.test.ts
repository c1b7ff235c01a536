import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { completion, FAKE_OPENAI, FAKE_OPENAI_BASE_URL, streamedCompletion } from '../helpers/fake-openai.ts';
import { eventEnvelope, JSON_TYPE, send } from '../helpers/slack-requests.ts';
import { startSlackHarness } from '../helpers/slack-server.ts';

const threadStarted = {
  type: 'assistant_thread_started',
  assistant_thread: {
    user_id: 'U1',
    context: { channel_id: 'C1', team_id: 'T1', enterprise_id: null },
    channel_id: 'D7',
    thread_ts: '1729999327.187299',
  },
  event_ts: '1729999327.200000',
};
const userMessage = (text: string, ts: string) => ({
  type: 'message',
  channel: 'D7',
  channel_type: 'im',
  user: 'U1',
  text,
  ts,
  thread_ts: '1729999327.187299',
  event_ts: ts,
});

describe('Slack AI assistant thread (offline)', () => {
  let h: Awaited<ReturnType<typeof startSlackHarness>>;
  beforeAll(async () => {
    h = await startSlackHarness();
  });
  afterAll(async () => h.close());

  it('greets and suggests prompts when a thread starts', async () => {
    await send(h.events, eventEnvelope(threadStarted), JSON_TYPE);
    const prompts = await h.slack.waitFor(() => h.slack.callsTo('assistant.threads.setSuggestedPrompts')[0]);
    expect(prompts.body).toMatchObject({ channel_id: 'D7', thread_ts: '1729999327.187299' });
    expect((prompts.body.prompts as unknown[]).length).toBeGreaterThanOrEqual(2);
    expect(h.slack.callsTo('chat.postMessage')[0]?.body).toMatchObject({
      channel: 'D7',
      thread_ts: '1729999327.187299',
    });
  });

  it('shows a status, titles the thread and answers in it', async () => {
    h.slack.clear();
    await send(h.events, eventEnvelope(userMessage('Who gets paged at 3am?', '1729999400.000100')), JSON_TYPE);
    const answer = await h.slack.waitFor(() => h.slack.callsTo('chat.postMessage')[0]);
    expect(h.slack.callsTo('assistant.threads.setStatus')[0]?.body).toMatchObject({ status: 'is looking that up…' });
    expect(h.slack.callsTo('assistant.threads.setTitle')[0]?.body).toMatchObject({ title: 'Who gets paged at 3am?' });
    expect(answer.body).toMatchObject({ channel: 'D7', thread_ts: '1729999327.187299' });
    expect(JSON.stringify(answer.body.blocks)).toMatch(/Sources/);
  });
});

describe('Slack AI assistant thread with a model', () => {
  let h: Awaited<ReturnType<typeof startSlackHarness>>;
  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    h = await startSlackHarness({
      OPENAI_API_KEY: 'sk-test-abcdefghijklmnop',
      OPENAI_BASE_URL: FAKE_OPENAI_BASE_URL,
      OPENAI_EMBEDDING_MODEL: 'none',
    });
  });
  afterEach(() => nock.cleanAll());
  afterAll(async () => {
    await h.close();
    nock.enableNetConnect();
  });

  it('streams the answer as it is written and finishes with sources and feedback', async () => {
    const answer = `On-call developers are paged directly by the incident response platform [1]. ${'The whole team swarms on serious incidents. '.repeat(6)}[1]`;
    nock(FAKE_OPENAI)
      .post('/v1/chat/completions')
      .reply(200, streamedCompletion(answer.match(/.{1,24}/gs) ?? []), { 'content-type': 'text/event-stream' });
    await send(h.events, eventEnvelope(userMessage('Who gets paged at 3am?', '1729999500.000100')), JSON_TYPE);
    const stop = await h.slack.waitFor(() => h.slack.callsTo('chat.stopStream')[0]);
    const start = h.slack.callsTo('chat.startStream')[0];
    expect(start?.body).toMatchObject({ channel: 'D7', thread_ts: '1729999327.187299', recipient_user_id: 'U1' });
    expect(h.slack.callsTo('chat.startStream')).toHaveLength(1);
    const chunks = [start, ...h.slack.callsTo('chat.appendStream'), stop].flatMap(
      (c) => (c?.body.chunks as { type: string; text: string }[] | undefined) ?? [],
    );
    expect(chunks.map((c) => c.text).join('')).toBe(answer);
    expect(JSON.stringify(stop.body.blocks)).toMatch(/Sources[\s\S]*feedback_helpful/);
  });

  it('answers from the knowledge base when the model fails', async () => {
    h.slack.clear();
    nock(FAKE_OPENAI).post('/v1/chat/completions').reply(500, completion('no'));
    await send(h.events, eventEnvelope(userMessage('What is a standard change?', '1729999600.000100')), JSON_TYPE);
    const answer = await h.slack.waitFor(() => h.slack.callsTo('chat.postMessage')[0]);
    expect(JSON.stringify(answer.body.blocks)).toMatch(/Quoted from the knowledge base/);
    expect(h.slack.callsTo('chat.startStream')).toEqual([]);
  });
});

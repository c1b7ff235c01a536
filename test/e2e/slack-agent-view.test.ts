import Database from 'better-sqlite3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventEnvelope, JSON_TYPE, send } from '../helpers/slack-requests.ts';
import { startSlackHarness } from '../helpers/slack-server.ts';

// Slack's agent messaging experience (the manifest's agent_view), over signed requests to the
// real bot: opening the Messages tab, each message there the root of its own thread, replies in
// that thread, and what the person is looking at (app_context_changed).

let h: Awaited<ReturnType<typeof startSlackHarness>>;
beforeAll(async () => {
  h = await startSlackHarness();
});
afterAll(async () => h.close());
beforeEach(() => h.slack.clear());

const messagesTabOpened = (user: string, channel: string) =>
  eventEnvelope({ type: 'app_home_opened', user, channel, tab: 'messages', event_ts: '1700001000.000100' });

const dm = (fields: { text: string; ts: string; threadTs?: string; channel?: string }) =>
  eventEnvelope({
    type: 'message',
    channel: fields.channel ?? 'DAGENT1',
    channel_type: 'im',
    user: 'UAGENT1',
    text: fields.text,
    ts: fields.ts,
    event_ts: fields.ts,
    ...(fields.threadTs ? { thread_ts: fields.threadTs } : {}),
  });

const blocksText = (blocks: unknown) => JSON.stringify(blocks ?? '');

describe('opening the Messages tab', () => {
  it('pins the suggested prompts for the tab, not a thread, and greets someone new', async () => {
    const res = await send(h.events, messagesTabOpened('UNEW1', 'DNEW1'), JSON_TYPE);
    expect(res.status).toBe(200);
    const prompts = await h.slack.waitFor(() => h.slack.callsTo('assistant.threads.setSuggestedPrompts')[0]);
    expect(prompts.body.channel_id).toBe('DNEW1');
    // Slack ignores (silently) a call naming a thread from an agent app.
    expect(prompts.body).not.toHaveProperty('thread_ts');
    expect(prompts.body.title).toBe('Good first questions');
    const list = prompts.body.prompts as { title: string; message: string }[];
    expect(list.length).toBeGreaterThanOrEqual(2);
    expect(list.length).toBeLessThanOrEqual(4);
    expect(list.map((p) => p.message)).toContain('What is Ops Run It?');
    const greeting = await h.slack.waitFor(() => h.slack.callsTo('chat.postMessage')[0]);
    expect(greeting.body).toMatchObject({ channel: 'DNEW1' });
    expect(String(greeting.body.text)).toMatch(/Ask me a question about running digital services/);
    const history = h.slack.callsTo('conversations.history')[0]?.body;
    expect(history?.channel).toBe('DNEW1');
    expect(Number(history?.limit)).toBe(1);
  });

  it('sets the prompts again but does not greet someone whose conversation already has messages', async () => {
    h.slack.answerWith('conversations.history', () => ({
      body: { ok: true, messages: [{ type: 'message', text: 'an earlier question', ts: '1.1' }] },
    }));
    try {
      await send(h.events, messagesTabOpened('UBACK1', 'DBACK1'), JSON_TYPE);
      // The prompts are set last, after the greeting would have been posted.
      await h.slack.waitFor(() => h.slack.callsTo('assistant.threads.setSuggestedPrompts')[0]);
      expect(h.slack.callsTo('conversations.history')).toHaveLength(1);
      expect(h.slack.callsTo('chat.postMessage')).toEqual([]);
    } finally {
      h.slack.answerWith('conversations.history', () => ({ body: { ok: true, messages: [] } }));
    }
  });
});

describe('a conversation in the Messages tab', () => {
  it('answers a message in its own thread, and a reply in that thread in the same thread with its context', async () => {
    await send(h.events, dm({ text: 'What is You Build It You Run It?', ts: '1700002000.000100' }), JSON_TYPE);
    const answer = await h.slack.waitFor(() => h.slack.callsTo('chat.update')[0]);
    const note = h.slack.callsTo('chat.postMessage')[0];
    // The message is the thread's root: the answer is posted under it, not beside it.
    expect(note?.body).toMatchObject({ channel: 'DAGENT1', thread_ts: '1700002000.000100' });
    expect(blocksText(answer.body.blocks)).toMatch(/You Build It You Run It/);
    expect(blocksText(answer.body.blocks)).toMatch(/Sources/);

    h.slack.clear();
    await send(
      h.events,
      dm({ text: 'what are its drawbacks?', ts: '1700002100.000100', threadTs: '1700002000.000100' }),
      JSON_TYPE,
    );
    const followUp = await h.slack.waitFor(() => h.slack.callsTo('chat.postMessage')[0]);
    expect(followUp.body).toMatchObject({ channel: 'DAGENT1', thread_ts: '1700002000.000100' });
    expect(h.slack.callsTo('assistant.threads.setStatus')[0]?.body).toMatchObject({
      channel_id: 'DAGENT1',
      thread_ts: '1700002000.000100',
    });
    // "its" is You Build It You Run It: the thread kept the first question as context (asked
    // with no context, the same words cite only the drawbacks of Ops Run It).
    expect(blocksText(followUp.body.blocks)).toMatch(/drawbacks of You Build It You Run It/);
  });

  it('runs commands in a thread as in a direct message: results are the person’s own', async () => {
    await send(
      h.events,
      dm({ text: 'results', ts: '1700002300.000100', threadTs: '1700002200.000100', channel: 'DAGENT2' }),
      JSON_TYPE,
    );
    const reply = await h.slack.waitFor(() => h.slack.callsTo('chat.postMessage')[0]);
    expect(reply.body).toMatchObject({ channel: 'DAGENT2', thread_ts: '1700002200.000100' });
    expect(blocksText(reply.body.blocks)).toMatch(/Your latest results/);
  });

  it('still answers when Slack refuses to set the thread’s status and title', async () => {
    h.slack.override('assistant.threads.setStatus', () => ({ body: { ok: false, error: 'invalid_thread_ts' } }));
    h.slack.override('assistant.threads.setTitle', () => ({ body: { ok: false, error: 'invalid_thread_ts' } }));
    await send(
      h.events,
      dm({ text: 'What is a standard change?', ts: '1700002500.000100', threadTs: '1700002400.000100' }),
      JSON_TYPE,
    );
    const reply = await h.slack.waitFor(() => h.slack.callsTo('chat.postMessage')[0]);
    expect(blocksText(reply.body.blocks)).toMatch(/standard change/i);
    expect(blocksText(reply.body.blocks)).not.toMatch(/reference/);
  });
});

describe('what the person is looking at', () => {
  it('acknowledges app_context_changed and keeps none of it', async () => {
    const res = await send(
      h.events,
      eventEnvelope({
        type: 'app_context_changed',
        user: 'UAGENT1',
        channel: 'DAGENT1',
        context: { entities: [{ type: 'slack#/types/channel_id', value: 'CSECRETPLACE9', team_id: 'T1' }] },
        event_ts: '1700003000.000100',
      }),
      JSON_TYPE,
    );
    expect(res.status).toBe(200);
    await h.slack.waitFor(() => h.logs.some((line) => line.includes('app context changed: nothing recorded')));
    expect(h.slack.calls).toEqual([]);
    expect(h.logs.join('\n')).not.toContain('CSECRETPLACE9');
    const db = new Database(h.dbPath, { readonly: true });
    try {
      const tables = db
        .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
        .all()
        .map((t) => t.name);
      for (const table of tables) {
        const rows = JSON.stringify(db.prepare(`SELECT * FROM "${table}"`).all());
        expect(rows).not.toContain('CSECRETPLACE9');
      }
    } finally {
      db.close();
    }
  });
});

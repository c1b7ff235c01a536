import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  BOT_TOKEN,
  blockActions,
  eventEnvelope,
  FORM,
  JSON_TYPE,
  SIGNING_SECRET,
  send,
  slashCommand,
  viewSubmission,
} from '../helpers/slack-requests.ts';
import { startSlackHarness } from '../helpers/slack-server.ts';

type Block = {
  type: string;
  text?: { text: string };
  elements?: { action_id?: string; value?: string; text?: unknown }[];
};

let h: Awaited<ReturnType<typeof startSlackHarness>>;
beforeAll(async () => {
  h = await startSlackHarness();
});
afterAll(async () => h.close());
beforeEach(() => h.slack.clear());

const blocksText = (blocks: unknown) =>
  (blocks as Block[]).map((b) => b.text?.text ?? JSON.stringify(b.elements ?? '')).join('\n');
const buttons = (blocks: unknown) =>
  (blocks as Block[]).flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : []));

describe('Slack over HTTP: slash command', () => {
  it('acks at once with a thinking note, then replaces it with a cited answer only the asker sees', async () => {
    const res = await send(
      h.events,
      slashCommand({ text: 'ask who gets paged at 3am?', responseUrl: h.slack.responseUrl('r1') }),
      FORM,
    );
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ response_type: 'ephemeral' });
    expect(String(res.json?.text)).toMatch(/Looking that up/);
    const answer = await h.slack.waitFor(() => h.slack.responses.find((r) => r.id === 'r1'));
    expect(answer.body).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    const text = blocksText(answer.body.blocks);
    expect(text).toMatch(/\*Sources\*/);
    expect(text).toMatch(/<https:\/\/playbooks\.equalexperts\.com\/you-build-it-you-run-it[^|]*\|[^>]+>/);
    expect(text).toMatch(/Quoted from the knowledge base/);
    const ids = buttons(answer.body.blocks).map((b) => b.action_id);
    expect(ids).toEqual(expect.arrayContaining(['feedback_helpful', 'feedback_not_helpful', 'share_answer']));
  });

  it.each([[''], ['help'], ['frobnicate']])('answers %j with help, in the ack itself', async (text) => {
    const res = await send(h.events, slashCommand({ text, responseUrl: h.slack.responseUrl('r2') }), FORM);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ response_type: 'ephemeral' });
    expect(blocksText(res.json?.blocks)).toMatch(/\/opscoach ask <question>|\/opscoach ask &lt;question&gt;/);
  });

  it('lists topics and explains privacy', async () => {
    const topics = await send(h.events, slashCommand({ text: 'topics', responseUrl: h.slack.responseUrl('r3') }), FORM);
    expect(blocksText(topics.json?.blocks)).toMatch(/Operating models/);
    const privacy = await send(
      h.events,
      slashCommand({ text: 'privacy', responseUrl: h.slack.responseUrl('r4') }),
      FORM,
    );
    expect(blocksText(privacy.json?.blocks)).toMatch(/pseudonymised/);
  });

  it('asks for a shorter question when the text is huge', async () => {
    await send(
      h.events,
      slashCommand({ text: `ask ${'why '.repeat(2000)}`, responseUrl: h.slack.responseUrl('r5') }),
      FORM,
    );
    const reply = await h.slack.waitFor(() => h.slack.responses.find((r) => r.id === 'r5'));
    expect(blocksText(reply.body.blocks)).toMatch(/long message/);
  });
});

describe('Slack over HTTP: conversations', () => {
  it('answers a DM in place: a thinking note edited into the answer', async () => {
    const res = await send(
      h.events,
      eventEnvelope({
        type: 'message',
        channel: 'D1',
        channel_type: 'im',
        user: 'U1',
        text: 'What is a standard change?',
        ts: '1700000001.000100',
        event_ts: '1700000001.000100',
      }),
      JSON_TYPE,
    );
    expect(res.status).toBe(200);
    const update = await h.slack.waitFor(() => h.slack.callsTo('chat.update')[0]);
    const note = h.slack.callsTo('chat.postMessage')[0];
    expect(note?.body).toMatchObject({ channel: 'D1' });
    expect(String(note?.body.text)).toMatch(/Looking that up/);
    expect(update.body).toMatchObject({ channel: 'D1', ts: expect.any(String) });
    expect(blocksText(update.body.blocks)).toMatch(/standard/i);
    expect(blocksText(update.body.blocks)).toMatch(/\*Sources\*/);
  });

  /** Mentions the bot in #C9 and returns the answer it edited into its thinking note. */
  async function mention(text: string, ts: string, threadTs?: string) {
    h.slack.clear();
    const event = {
      type: 'app_mention',
      channel: 'C9',
      user: 'U1',
      text: `<@UBOT> ${text}`,
      ts,
      event_ts: ts,
      thread_ts: threadTs,
    };
    await send(h.events, eventEnvelope(event), JSON_TYPE);
    const answer = await h.slack.waitFor(() => h.slack.callsTo('chat.update')[0]);
    return { note: h.slack.callsTo('chat.postMessage')[0], text: blocksText(answer.body.blocks) };
  }

  it('answers a mention in a thread and keeps that thread as context for a follow-up mention', async () => {
    const first = await mention('What is You Build It You Run It?', '1700000100.000100');
    expect(first.note?.body).toMatchObject({ channel: 'C9', thread_ts: '1700000100.000100' });
    expect(first.text).toMatch(/You Build It You Run It/);
    const second = await mention('what are its drawbacks?', '1700000200.000100', '1700000100.000100');
    expect(second.note?.body).toMatchObject({ channel: 'C9', thread_ts: '1700000100.000100' });
    expect(second.text).toMatch(/drawbacks of You Build It You Run It/i);
  });

  it('never answers channel messages that do not mention it, nor its own or edited messages', async () => {
    for (const event of [
      { type: 'message', channel: 'C1', channel_type: 'channel', user: 'U1', text: 'what is a CAB?', ts: '1.1' },
      { type: 'message', channel: 'D1', channel_type: 'im', bot_id: 'BBOT', user: 'UBOT', text: 'hello', ts: '1.2' },
      {
        type: 'message',
        subtype: 'message_changed',
        channel: 'D1',
        channel_type: 'im',
        ts: '1.3',
        message: { text: 'x' },
      },
    ]) {
      expect((await send(h.events, eventEnvelope(event), JSON_TYPE)).status).toBe(200);
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(h.slack.calls.filter((c) => c.method.startsWith('chat.'))).toEqual([]);
  });

  it('answers a retried or repeated event once', async () => {
    const body = eventEnvelope(
      {
        type: 'message',
        channel: 'D2',
        channel_type: 'im',
        user: 'U1',
        text: 'What is a CAB?',
        ts: '1700000300.000100',
      },
      'EvRETRY1',
    );
    await send(h.events, body, JSON_TYPE);
    await h.slack.waitFor(() => h.slack.callsTo('chat.update')[0]);
    const retry = await send(h.events, body, JSON_TYPE, {
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    expect(retry.status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(h.slack.callsTo('chat.update')).toHaveLength(1);
  });
});

describe('Slack over HTTP: App Home and buttons', () => {
  it('publishes App Home with a way to ask, starter questions, topics and the privacy note', async () => {
    await send(
      h.events,
      eventEnvelope({ type: 'app_home_opened', user: 'U1', channel: 'D1', tab: 'home', event_ts: '1.1' }),
      JSON_TYPE,
    );
    const publish = await h.slack.waitFor(() => h.slack.callsTo('views.publish')[0]);
    expect(publish.body.user_id).toBe('U1');
    const view = publish.body.view as { type: string; blocks: Block[] };
    expect(view.type).toBe('home');
    const text = blocksText(view.blocks);
    expect(text).toMatch(/What I know about/);
    expect(text).toMatch(/pseudonymised/);
    expect(buttons(view.blocks).map((b) => b.action_id)).toContain('open_ask_modal');
  });

  it('opens the ask modal from App Home and sends the answer to the Messages tab', async () => {
    const container = { type: 'view', view_id: 'VHOME' };
    await send(
      h.events,
      blockActions({ actionId: 'open_ask_modal', value: 'home', responseUrl: h.slack.responseUrl('m'), container }),
      FORM,
    );
    const open = await h.slack.waitFor(() => h.slack.callsTo('views.open')[0]);
    expect((open.body.view as { callback_id: string }).callback_id).toBe('ask_modal');
    const empty = await send(
      h.events,
      viewSubmission({
        callbackId: 'ask_modal',
        values: { question: { text: { type: 'plain_text_input', value: ' ' } } },
      }),
      FORM,
    );
    expect(empty.json).toMatchObject({ response_action: 'errors' });
    const ok = await send(
      h.events,
      viewSubmission({
        callbackId: 'ask_modal',
        values: { question: { text: { type: 'plain_text_input', value: 'How do we fund on-call?' } } },
      }),
      FORM,
    );
    expect(ok.status).toBe(200);
    const answer = await h.slack.waitFor(() => h.slack.callsTo('chat.update')[0]);
    expect(h.slack.callsTo('chat.postMessage')[0]?.body).toMatchObject({ channel: 'U1' });
    expect(blocksText(answer.body.blocks)).toMatch(/on-call/i);
  });

  async function askForAnswerId(): Promise<string> {
    await send(h.events, slashCommand({ text: 'ask what is a CAB?', responseUrl: h.slack.responseUrl('ans') }), FORM);
    const answer = await h.slack.waitFor(() => h.slack.responses.find((r) => r.id === 'ans'));
    const helpful = buttons(answer.body.blocks).find((b) => b.action_id === 'feedback_helpful');
    return String(helpful?.value);
  }

  it('stores feedback pseudonymously (last click wins) and thanks only the clicker', async () => {
    const answerId = await askForAnswerId();
    for (const actionId of ['feedback_helpful', 'feedback_not_helpful']) {
      const res = await send(
        h.events,
        blockActions({ actionId, value: answerId, responseUrl: h.slack.responseUrl(`fb-${actionId}`) }),
        FORM,
      );
      expect(res.status).toBe(200);
    }
    const thanks = await h.slack.waitFor(() => h.slack.responses.find((r) => r.id === 'fb-feedback_not_helpful'));
    expect(thanks.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(String(thanks.body.text)).toMatch(/curate the knowledge base/);
    const db = new (await import('better-sqlite3')).default(h.dbPath, { readonly: true });
    const votes = db.prepare('SELECT respondent, helpful FROM feedback WHERE answer_id = ?').all(answerId) as {
      respondent: string;
      helpful: number;
    }[];
    db.close();
    expect(votes).toHaveLength(1);
    expect(votes[0]?.helpful).toBe(0);
    expect(votes[0]?.respondent).not.toContain('U1');
  });

  it('shares an answer to the channel and removes the private copy', async () => {
    const answerId = await askForAnswerId();
    await send(
      h.events,
      blockActions({ actionId: 'share_answer', value: answerId, responseUrl: h.slack.responseUrl('share') }),
      FORM,
    );
    await h.slack.waitFor(() => h.slack.responses.filter((r) => r.id === 'share').length >= 2 && true);
    const [post, remove] = h.slack.responses.filter((r) => r.id === 'share');
    expect(post?.body).toMatchObject({ response_type: 'in_channel', replace_original: false });
    expect(blocksText(post?.body.blocks)).toMatch(/Shared by <@U1>/);
    expect(remove?.body).toMatchObject({ delete_original: true });
  });

  it('answers a suggested question where it was clicked', async () => {
    await send(
      h.events,
      blockActions({
        actionId: 'ask_question_1',
        value: 'What is a post-incident review?',
        responseUrl: h.slack.responseUrl('sugg'),
      }),
      FORM,
    );
    const reply = await h.slack.waitFor(() => h.slack.responses.find((r) => r.id === 'sugg'));
    expect(blocksText(reply.body.blocks)).toMatch(/post-incident review/i);
  });

  it('politely ignores a forged or stale button', async () => {
    await send(
      h.events,
      blockActions({ actionId: 'feedback_helpful', value: '<script>', responseUrl: h.slack.responseUrl('bad1') }),
      FORM,
    );
    const bad = await h.slack.waitFor(() => h.slack.responses.find((r) => r.id === 'bad1'));
    expect(String(bad.body.text)).toMatch(/older version/);
    await send(
      h.events,
      blockActions({ actionId: 'share_answer', value: 'unknownanswer', responseUrl: h.slack.responseUrl('bad2') }),
      FORM,
    );
    const gone = await h.slack.waitFor(() => h.slack.responses.find((r) => r.id === 'bad2'));
    expect(String(gone.body.text)).toMatch(/expired/);
    const res = await send(
      h.events,
      blockActions({ actionId: 'diagnose_answer_v0', value: 'x', responseUrl: h.slack.responseUrl('bad3') }),
      FORM,
    );
    expect(res.status).toBe(200);
    const old = await h.slack.waitFor(() => h.slack.responses.find((r) => r.id === 'bad3'));
    expect(String(old.body.text)).toMatch(/older version/);
  });
});

describe('Slack over HTTP: failures', () => {
  it('tells the person in one friendly line with a reference that is also in the log, and keeps running', async () => {
    const dm = (ts: string) =>
      send(
        h.events,
        eventEnvelope({ type: 'message', channel: 'D3', channel_type: 'im', user: 'U1', text: 'What is a CAB?', ts }),
        JSON_TYPE,
      );
    h.slack.override('chat.update', () => ({ body: { ok: false, error: 'internal_error' } }));
    await dm('1700000400.000100');
    const apology = await h.slack.waitFor(() =>
      h.slack.callsTo('chat.postMessage').find((c) => /reference/.test(String(c.body.text))),
    );
    const reference = /reference \*([0-9a-f]+)\*/.exec(String(apology.body.text))?.[1];
    expect(reference).toBeTruthy();
    expect(String(apology.body.text)).not.toMatch(/Error|at \w+ \(|stack/);
    const logged = h.logs.map((l) => JSON.parse(l)).find((l) => l.reference === reference);
    expect(logged).toMatchObject({ level: 50, listener: 'direct message' });
    // Still answering afterwards.
    h.slack.clear();
    await dm('1700000401.000100');
    await h.slack.waitFor(() => h.slack.callsTo('chat.update')[0]);
  });
});

describe('Slack over HTTP: security', () => {
  it('rejects a forged signature with 401 and does nothing', async () => {
    const res = await send(h.events, slashCommand({ text: 'help', responseUrl: h.slack.responseUrl('f') }), FORM, {
      secret: 'ffffffffffffffffffffffffffffffff',
    });
    expect(res.status).toBe(401);
  });

  it('rejects a request older than five minutes with 401', async () => {
    const res = await send(h.events, slashCommand({ text: 'help', responseUrl: h.slack.responseUrl('s') }), FORM, {
      timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
    });
    expect(res.status).toBe(401);
  });

  it('rejects a request signed with a timestamp more than five minutes ahead with 401, acting on nothing', async () => {
    const from = h.slack.calls.length;
    const responseUrl = h.slack.responseUrl('future');
    for (const minutes of [6, 60 * 24 * 365]) {
      const res = await send(h.events, slashCommand({ text: 'What is a standard change?', responseUrl }), FORM, {
        timestamp: Math.floor(Date.now() / 1000) + minutes * 60,
      });
      expect(res.status).toBe(401);
    }
    // A clock a little ahead is still fine, as Slack allows five minutes either way.
    const near = await send(h.events, slashCommand({ text: 'help', responseUrl: h.slack.responseUrl('near') }), FORM, {
      timestamp: Math.floor(Date.now() / 1000) + 4 * 60,
    });
    expect(near.status).toBe(200);
    expect(JSON.stringify(near.json)).toMatch(/opscoach/i);
    // The refused question reached no listener: nothing was said anywhere.
    expect(h.slack.responses.filter((r) => r.id === 'future')).toEqual([]);
    expect(h.slack.calls.slice(from).filter((c) => c.method.startsWith('chat.'))).toEqual([]);
  });

  it('answers /healthz', async () => {
    const res = await fetch(`${h.base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
  });

  it('never writes a token or secret to the logs', () => {
    const logs = h.logs.join('');
    expect(logs.length).toBeGreaterThan(1000);
    expect(logs).not.toContain(BOT_TOKEN);
    expect(logs).not.toContain(SIGNING_SECRET);
    expect(logs).not.toContain('test-pseudonym-secret-0123456789');
  });

  it('keeps raw Slack ids out of the database', () => {
    const bytes = readFileSync(h.dbPath).toString('latin1');
    expect(bytes).not.toMatch(/\bU1\b|\bT1:U1\b/);
  });
});

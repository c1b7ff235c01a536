import { afterAll, describe, expect, it } from 'vitest';
import { appContextChanged } from '../../../src/slack/listeners/events/app-context-changed.ts';
import { appHomeOpened } from '../../../src/slack/listeners/events/app-home-opened.ts';
import { appMention } from '../../../src/slack/listeners/events/app-mention.ts';
import { messagesTabOpened } from '../../../src/slack/listeners/events/messages-tab-opened.ts';
import { THINKING } from '../../../src/slack/render/thinking.ts';
import { fakeArgs, listenerHarness, shown } from '../../helpers/slack-listener.ts';

const h = listenerHarness();
afterAll(() => h.close());

const context = { teamId: 'T0ACME', botUserId: 'U0BOT' };

describe('app_home_opened', () => {
  it('publishes App Home for the person who opened it', async () => {
    const { client } = fakeArgs();
    await appHomeOpened(h.deps)({
      event: { type: 'app_home_opened', user: 'U0ALICE', tab: 'home' },
      client,
      context,
    } as never);
    expect(client.views.publish).toHaveBeenCalledWith(expect.objectContaining({ user_id: 'U0ALICE' }));
    expect(shown(client.views.publish)).toMatch(/"type":"home"/);
  });

  it('leaves the Messages tab alone', async () => {
    const { client } = fakeArgs();
    await appHomeOpened(h.deps)({
      event: { type: 'app_home_opened', user: 'U0ALICE', tab: 'messages' },
      client,
      context,
    } as never);
    expect(client.views.publish).not.toHaveBeenCalled();
  });
});

describe('app_mention', () => {
  const mention = (text: string, extra: Record<string, string> = {}) => ({
    type: 'app_mention',
    text,
    user: 'U0ALICE',
    channel: 'C0TEAM',
    ts: '1700000000.000100',
    ...extra,
  });

  it('answers in a thread under the mention: a thinking note, then the answer in its place', async () => {
    const { client } = fakeArgs();
    await appMention(h.deps)({ event: mention('<@U0BOT> who gets paged at 3am?'), client, context } as never);
    expect(client.chat.postMessage).toHaveBeenCalledWith({
      channel: 'C0TEAM',
      thread_ts: '1700000000.000100',
      text: THINKING,
    });
    expect(client.chat.update).toHaveBeenCalledOnce();
    expect(shown(client.chat.update)).not.toMatch(/U0BOT/);
  });

  it('shows a personal reply (your own results) to the asker only', async () => {
    const { client } = fakeArgs();
    await appMention(h.deps)({
      event: mention('<@U0BOT> results', { thread_ts: '1690000000.000100' }),
      client,
      context,
    } as never);
    expect(client.chat.postEphemeral).toHaveBeenCalledWith(
      expect.objectContaining({ channel: 'C0TEAM', user: 'U0ALICE', thread_ts: '1690000000.000100' }),
    );
    expect(client.chat.postMessage).not.toHaveBeenCalled();
  });
});

describe('the Messages tab opened (agent messaging experience)', () => {
  const opened = { type: 'app_home_opened', user: 'U0ALICE', tab: 'messages', channel: 'D0ALICE' };

  it('greets someone opening it for the first time, then pins the starter prompts', async () => {
    const { client } = fakeArgs();
    await messagesTabOpened(h.deps)({ event: opened, client, context } as never);
    expect(client.chat.postMessage).toHaveBeenCalledWith({ channel: 'D0ALICE', text: h.runtime.text.greeting });
    expect(client.assistant.threads.setSuggestedPrompts).toHaveBeenCalledWith(
      expect.objectContaining({ channel_id: 'D0ALICE', title: 'Good first questions' }),
    );
  });

  it('does not greet again where there is already a conversation', async () => {
    const { client } = fakeArgs();
    client.conversations.history.mockResolvedValueOnce({ ok: true, messages: [{ text: 'earlier' }] });
    await messagesTabOpened(h.deps)({ event: opened, client, context } as never);
    expect(client.chat.postMessage).not.toHaveBeenCalled();
    expect(client.assistant.threads.setSuggestedPrompts).toHaveBeenCalledOnce();
  });
});

describe('app_context_changed', () => {
  it('records and sends nothing about what the person is looking at', async () => {
    const { client } = fakeArgs();
    await appContextChanged(h.deps)({
      event: { type: 'app_context_changed', channel: 'C0SECRET' },
      client,
      context,
    } as never);
    expect(shown(client.chat.postMessage)).toBe('[]');
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { appHomeOpened } from '../../../src/slack/listeners/events/app-home-opened.ts';
import { appMention } from '../../../src/slack/listeners/events/app-mention.ts';
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

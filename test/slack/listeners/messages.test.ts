import { afterAll, describe, expect, it } from 'vitest';
import { directMessage } from '../../../src/slack/listeners/messages/direct-message.ts';
import { THINKING } from '../../../src/slack/render/thinking.ts';
import { fakeArgs, listenerHarness, shown } from '../../helpers/slack-listener.ts';

const h = listenerHarness();
afterAll(() => h.close());

const context = { teamId: 'T0ACME' };
const message = (extra: Record<string, unknown> = {}) => ({
  type: 'message',
  channel_type: 'im',
  channel: 'D0ALICE',
  user: 'U0ALICE',
  text: 'What is a standard change?',
  ts: '1700000000.000100',
  ...extra,
});

describe('a direct message to the app', () => {
  it('is answered in a thread of its own: a thinking note, then the answer in its place', async () => {
    const { client } = fakeArgs();
    await directMessage(h.deps)({ message: message(), client, context } as never);
    expect(client.chat.postMessage).toHaveBeenCalledWith({
      channel: 'D0ALICE',
      thread_ts: '1700000000.000100',
      text: THINKING,
    });
    expect(shown(client.chat.update)).toMatch(/standard change/i);
  });

  it.each([
    ['an edit', { subtype: 'message_changed' }],
    ['a bot message', { bot_id: 'B0OTHER' }],
    ['a reply in a thread (the assistant listener takes those)', { thread_ts: '1690000000.000100' }],
    ['a message in a channel', { channel_type: 'channel', channel: 'C0TEAM' }],
  ])('ignores %s', async (_, extra) => {
    const { client } = fakeArgs();
    await directMessage(h.deps)({ message: message(extra), client, context } as never);
    expect(client.chat.postMessage).not.toHaveBeenCalled();
  });
});

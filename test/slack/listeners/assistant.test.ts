import { afterAll, describe, expect, it, vi } from 'vitest';
import { threadContextChanged } from '../../../src/slack/listeners/assistant/thread-context-changed.ts';
import { threadStarted } from '../../../src/slack/listeners/assistant/thread-started.ts';
import { userMessage } from '../../../src/slack/listeners/assistant/user-message.ts';
import { fakeClient, listenerHarness, shown } from '../../helpers/slack-listener.ts';

const h = listenerHarness();
afterAll(() => h.close());

/** What Bolt's Assistant hands a listener, as fakes that record what was said and set. */
function assistantArgs() {
  return {
    client: fakeClient(),
    say: vi.fn(async (..._args: unknown[]) => ({ ok: true })),
    setStatus: vi.fn(async (..._args: unknown[]) => ({ ok: true })),
    setTitle: vi.fn(async (..._args: unknown[]) => ({ ok: true })),
    setSuggestedPrompts: vi.fn(async (..._args: unknown[]) => ({ ok: true })),
    sayStream: vi.fn(),
    context: { teamId: 'T0ACME' },
    payload: { assistant_thread: { channel_id: 'D0ALICE', thread_ts: '1.0' } },
  };
}

describe('assistant thread started (the legacy assistant panel)', () => {
  it('greets in the thread and offers the first four starter questions', async () => {
    const args = assistantArgs();
    await threadStarted(h.deps)(args as never);
    expect(args.client.chat.postMessage).toHaveBeenCalledWith({
      channel: 'D0ALICE',
      thread_ts: '1.0',
      text: h.runtime.text.greeting,
    });
    expect(args.setSuggestedPrompts).toHaveBeenCalledWith(
      expect.objectContaining({
        prompts: [expect.anything(), expect.anything(), expect.anything(), expect.anything()],
      }),
    );
  });
});

describe('assistant thread context changed', () => {
  it('records nothing of what the person is looking at', async () => {
    const args = assistantArgs();
    await threadContextChanged(h.deps)(args as never);
    expect(args.client.chat.postMessage).not.toHaveBeenCalled();
    expect(args.say).not.toHaveBeenCalled();
  });
});

describe('assistant user message (a reply in a DM thread)', () => {
  it('sets a title and a status, then answers in the thread (offline: no stream)', async () => {
    const args = assistantArgs();
    const message = { channel: 'D0ALICE', user: 'U0ALICE', text: 'What is a CAB?', ts: '2.0', thread_ts: '1.0' };
    await userMessage(h.deps)({ ...args, message } as never);
    expect(args.setTitle).toHaveBeenCalledWith('What is a CAB?');
    expect(args.setStatus).toHaveBeenCalledOnce();
    expect(args.sayStream).not.toHaveBeenCalled();
    expect(args.client.chat.postMessage).toHaveBeenCalledWith(
      expect.objectContaining({ channel: 'D0ALICE', thread_ts: '1.0' }),
    );
    expect(shown(args.client.chat.postMessage)).toMatch(/Change Advisory Board/);
  });

  it('ignores a message outside a thread, and its own messages', async () => {
    for (const message of [
      { channel: 'D0ALICE', user: 'U0ALICE', text: 'hi', ts: '2.0' },
      { channel: 'D0ALICE', bot_id: 'B0SELF', text: 'hi', ts: '3.0', thread_ts: '1.0' },
    ]) {
      const args = assistantArgs();
      await userMessage(h.deps)({ ...args, message } as never);
      expect(args.client.chat.postMessage).not.toHaveBeenCalled();
    }
  });
});

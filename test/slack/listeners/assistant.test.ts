import { afterAll, describe, expect, it, vi } from 'vitest';
import { threadStarted } from '../../../src/slack/listeners/assistant/thread-started.ts';
import { userMessage } from '../../../src/slack/listeners/assistant/user-message.ts';
import { listenerHarness, shown } from '../../helpers/slack-listener.ts';

const h = listenerHarness();
afterAll(() => h.close());

/** What Bolt's Assistant hands a listener, as fakes that record what was said and set. */
function assistantArgs() {
  return {
    say: vi.fn(async (..._args: unknown[]) => ({ ok: true })),
    setStatus: vi.fn(async (..._args: unknown[]) => ({ ok: true })),
    setTitle: vi.fn(async (..._args: unknown[]) => ({ ok: true })),
    setSuggestedPrompts: vi.fn(async (..._args: unknown[]) => ({ ok: true })),
    sayStream: vi.fn(),
    context: { teamId: 'T0ACME' },
  };
}

describe('assistant thread started', () => {
  it('greets and offers the first four starter questions', async () => {
    const args = assistantArgs();
    await threadStarted(h.deps)(args as never);
    expect(shown(args.say)).toMatch(/^\[\["Hi! /);
    expect(args.setSuggestedPrompts).toHaveBeenCalledWith(
      expect.objectContaining({
        prompts: [expect.anything(), expect.anything(), expect.anything(), expect.anything()],
      }),
    );
  });
});

describe('assistant user message', () => {
  it('sets a title and a status, then answers in the thread (offline: no stream)', async () => {
    const args = assistantArgs();
    const message = { channel: 'D0ALICE', user: 'U0ALICE', text: 'What is a CAB?', ts: '2.0', thread_ts: '1.0' };
    await userMessage(h.deps)({ ...args, message } as never);
    expect(args.setTitle).toHaveBeenCalledWith('What is a CAB?');
    expect(args.setStatus).toHaveBeenCalledOnce();
    expect(args.sayStream).not.toHaveBeenCalled();
    expect(shown(args.say)).toMatch(/Change Advisory Board/);
  });

  it('ignores a message outside a thread', async () => {
    const args = assistantArgs();
    await userMessage(h.deps)({
      ...args,
      message: { channel: 'D0ALICE', user: 'U0ALICE', text: 'hi', ts: '2.0' },
    } as never);
    expect(args.say).not.toHaveBeenCalled();
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { sealCommentPlace } from '../../../src/slack/comment-form.ts';
import { askModalSubmit } from '../../../src/slack/listeners/views/ask-modal-submit.ts';
import { diagnosticCommentSubmit } from '../../../src/slack/listeners/views/diagnostic-comment-submit.ts';
import { fakeArgs, listenerHarness, shown } from '../../helpers/slack-listener.ts';

const h = listenerHarness();
afterAll(() => h.close());

const body = {
  type: 'view_submission',
  team: { id: 'T0ACME', domain: 'acme' },
  user: { id: 'U0ALICE', team_id: 'T0ACME' },
};

describe('the ask modal, submitted', () => {
  const submit = async (question: string) => {
    const args = fakeArgs();
    const view = { state: { values: { question: { text: { value: question } } } }, private_metadata: '' };
    await askModalSubmit(h.deps)({ ...args, body, view } as never);
    return args;
  };

  it('answers in the Messages tab', async () => {
    const { ack, client } = await submit('Who gets paged at 3am?');
    expect(ack).toHaveBeenCalledWith();
    expect(client.chat.postMessage).toHaveBeenCalledWith(expect.objectContaining({ channel: 'U0ALICE' }));
    expect(client.chat.update).toHaveBeenCalledOnce();
  });

  it('keeps the modal open with a message when the question is too long', async () => {
    const { ack, client } = await submit('x'.repeat(1501));
    expect(ack).toHaveBeenCalledWith(expect.objectContaining({ response_action: 'errors' }));
    expect(client.chat.postMessage).not.toHaveBeenCalled();
  });
});

describe('the comment form, submitted', () => {
  const submit = async (metadata: string) => {
    const args = fakeArgs();
    const view = {
      state: { values: { comment: { text: { value: 'More runbooks please' } } } },
      private_metadata: metadata,
    };
    await diagnosticCommentSubmit(h.deps)({ ...args, body, view } as never);
    return args;
  };

  it('replaces the diagnostic message its button was on', async () => {
    const place = { session: 'session-1234567890', channel: 'D0ALICE', ts: '1700000000.000100' };
    const { ack, client } = await submit(sealCommentPlace(h.deps.identity, 'T0ACME', 'U0ALICE', place));
    expect(ack).toHaveBeenCalledWith();
    expect(client.chat.update).toHaveBeenCalledWith(expect.objectContaining({ channel: 'D0ALICE', ts: place.ts }));
  });

  it('acts on no message it did not seal for this person', async () => {
    const forged = sealCommentPlace(h.deps.identity, 'T0ACME', 'U0MALLORY', {
      session: 'session-1234567890',
      channel: 'C0TEAM',
      ts: '1700000000.000100',
    });
    const { ack, client } = await submit(forged);
    expect(shown(ack)).toMatch(/This form has expired/);
    expect(client.chat.update).not.toHaveBeenCalled();
  });
});

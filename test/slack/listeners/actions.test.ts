import { afterAll, describe, expect, it } from 'vitest';
import { ACTION } from '../../../src/slack/action-ids.ts';
import { sealCommentPlace } from '../../../src/slack/comment-form.ts';
import { askQuestion } from '../../../src/slack/listeners/actions/ask-question.ts';
import { diagnosticChoice } from '../../../src/slack/listeners/actions/diagnostic-choice.ts';
import { diagnosticComment } from '../../../src/slack/listeners/actions/diagnostic-comment.ts';
import { feedback } from '../../../src/slack/listeners/actions/feedback.ts';
import { openAskModal } from '../../../src/slack/listeners/actions/open-ask-modal.ts';
import { shareAnswer } from '../../../src/slack/listeners/actions/share-answer.ts';
import { THINKING } from '../../../src/slack/render/thinking.ts';
import { fakeArgs, listenerHarness, shown } from '../../helpers/slack-listener.ts';

const h = listenerHarness({ OPSCOACH_MIN_GROUP: '7' });
afterAll(() => h.close());

const DM = { id: 'D0ALICE', name: 'directmessage' };
const CHANNEL = { id: 'C0TEAM', name: 'platform-team' };

/** A block_actions payload: a click on a message (in a DM unless said otherwise) or on App Home. */
function click(action: { action_id: string; value?: string }, where: 'dm' | 'channel' | 'ephemeral' | 'home' = 'dm') {
  const channel = where === 'channel' ? CHANNEL : DM;
  return {
    type: 'block_actions',
    team: { id: 'T0ACME', domain: 'acme' },
    user: { id: 'U0ALICE', team_id: 'T0ACME', name: 'alice' },
    trigger_id: 'trigger-1',
    ...(where === 'home'
      ? { container: { type: 'view', view_id: 'V0HOME' } }
      : {
          channel,
          response_url: 'https://hooks.slack.com/actions/T0ACME/1/secret',
          container: {
            type: 'message',
            channel_id: channel.id,
            message_ts: '1700000000.000100',
            is_ephemeral: where === 'ephemeral',
          },
        }),
    actions: [action],
  };
}

const call = async (listener: (args: never) => Promise<void>, body: ReturnType<typeof click>) => {
  const args = fakeArgs();
  await listener({ ...args, body, action: body.actions[0] } as never);
  return args;
};

const answerId = async () => {
  const reply = await h.runtime.coach.ask('What is a standard change?');
  return reply.answerId as string;
};

describe('feedback (Helpful / Not helpful)', () => {
  it('acks, records the vote and thanks only the person who clicked', async () => {
    const { ack, respond } = await call(
      feedback(h.deps),
      click({ action_id: ACTION.helpful, value: await answerId() }),
    );
    expect(ack).toHaveBeenCalledOnce();
    expect(respond).toHaveBeenCalledWith(
      expect.objectContaining({ response_type: 'ephemeral', replace_original: false }),
    );
    expect(shown(respond)).toMatch(/glad it helped/);
  });

  it('explains a button it cannot read instead of failing', async () => {
    const { ack, respond } = await call(feedback(h.deps), click({ action_id: ACTION.notHelpful, value: '<script>' }));
    expect(ack).toHaveBeenCalledOnce();
    expect(shown(respond)).toMatch(/older version of Opscoach/);
  });
});

describe('share answer', () => {
  it('posts the answer for the channel, says who shared it, and removes the private copy', async () => {
    const { respond } = await call(shareAnswer(h.deps), click({ action_id: ACTION.share, value: await answerId() }));
    expect(respond).toHaveBeenNthCalledWith(1, expect.objectContaining({ response_type: 'in_channel' }));
    expect(shown(respond)).toMatch(/Shared by <@U0ALICE>/);
    expect(respond).toHaveBeenNthCalledWith(2, { delete_original: true });
  });

  it('says an expired answer cannot be shared', async () => {
    const { respond } = await call(shareAnswer(h.deps), click({ action_id: ACTION.share, value: 'a'.repeat(20) }));
    expect(respond).toHaveBeenCalledOnce();
    expect(shown(respond)).toMatch(/has expired/);
  });
});

describe('open ask modal (App Home)', () => {
  it('opens the question box for the click that asked for it', async () => {
    const { client } = await call(openAskModal(h.deps), click({ action_id: ACTION.openAsk }, 'home'));
    expect(client.views.open).toHaveBeenCalledWith(expect.objectContaining({ trigger_id: 'trigger-1' }));
    expect(shown(client.views.open)).toMatch(/"max_length":1500/);
  });

  it('points to the Messages tab when Slack will not open it', async () => {
    const args = fakeArgs();
    args.client.views.open.mockRejectedValueOnce(new Error('expired_trigger_id'));
    const body = click({ action_id: ACTION.openAsk }, 'home');
    await openAskModal(h.deps)({ ...args, body, action: body.actions[0] } as never);
    expect(args.client.chat.postMessage).toHaveBeenCalledWith(
      expect.objectContaining({ channel: 'U0ALICE', text: expect.stringMatching(/send me your question here/) }),
    );
  });
});

describe('ask question (a suggested question clicked)', () => {
  const suggestion = { action_id: `${ACTION.ask}_0`, value: 'What is Ops Run It?' };

  it('answers privately under a private answer, with a Share button', async () => {
    const { respond, client } = await call(askQuestion(h.deps), click(suggestion, 'ephemeral'));
    expect(respond).toHaveBeenCalledWith(expect.objectContaining({ response_type: 'ephemeral' }));
    expect(shown(respond)).toMatch(new RegExp(ACTION.share));
    expect(client.chat.postMessage).not.toHaveBeenCalled();
  });

  it('answers in the DM it was clicked in: a thinking note, then the answer in its place', async () => {
    const { client } = await call(askQuestion(h.deps), click(suggestion, 'dm'));
    expect(client.chat.postMessage).toHaveBeenCalledWith({ channel: DM.id, thread_ts: undefined, text: THINKING });
    expect(client.chat.update).toHaveBeenCalledWith(expect.objectContaining({ channel: DM.id }));
    expect(shown(client.chat.update)).toMatch(/Ops Run It/);
  });

  it('answers in a thread under a message in a channel', async () => {
    const { client } = await call(askQuestion(h.deps), click(suggestion, 'channel'));
    expect(client.chat.postMessage).toHaveBeenCalledWith(
      expect.objectContaining({ channel: CHANNEL.id, thread_ts: '1700000000.000100' }),
    );
  });

  it('answers from App Home in the Messages tab', async () => {
    const { client } = await call(askQuestion(h.deps), click(suggestion, 'home'));
    expect(client.chat.postMessage).toHaveBeenCalledWith(expect.objectContaining({ channel: 'U0ALICE' }));
  });
});

describe('diagnostic choice', () => {
  const start = () => ({
    action_id: `${ACTION.diagnosticChoice}_0`,
    value: h.runtime.coach.diagnosticMenu().choices[0]?.token,
  });

  it('updates the diagnostic message in place in a DM', async () => {
    const { client } = await call(diagnosticChoice(h.deps), click(start(), 'dm'));
    expect(client.chat.update).toHaveBeenCalledWith(
      expect.objectContaining({ channel: DM.id, ts: '1700000000.000100' }),
    );
  });

  it('opens privately from a message the whole channel sees (a digest), leaving it as it is', async () => {
    const { client, respond } = await call(diagnosticChoice(h.deps), click(start(), 'channel'));
    expect(respond).toHaveBeenCalledWith(expect.objectContaining({ response_type: 'ephemeral' }));
    expect(client.chat.update).not.toHaveBeenCalled();
  });

  it('opens in the Messages tab from App Home', async () => {
    const { client } = await call(diagnosticChoice(h.deps), click(start(), 'home'));
    expect(client.chat.postMessage).toHaveBeenCalledWith(expect.objectContaining({ channel: 'U0ALICE' }));
  });
});

describe('diagnostic comment (the button that opens the comment form)', () => {
  it('opens a form sealed to the message, saying the configured smallest group', async () => {
    const { client } = await call(
      diagnosticComment(h.deps),
      click({ action_id: ACTION.diagnosticComment, value: 'session-1234567890' }, 'dm'),
    );
    const opened = client.views.open.mock.calls[0]?.[0] as unknown as { view: { private_metadata: string } };
    expect(JSON.stringify(opened)).toMatch(/never shown for groups under 7\b/);
    expect(opened.view.private_metadata).toBe(
      sealCommentPlace(h.deps.identity, 'T0ACME', 'U0ALICE', {
        session: 'session-1234567890',
        channel: DM.id,
        ts: '1700000000.000100',
      }),
    );
  });

  it('explains a button with nothing to comment on', async () => {
    const { respond, client } = await call(
      diagnosticComment(h.deps),
      click({ action_id: ACTION.diagnosticComment, value: '' }, 'dm'),
    );
    expect(client.views.open).not.toHaveBeenCalled();
    expect(shown(respond)).toMatch(/finish the diagnostic without a comment/);
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { opscoachCommand } from '../../../src/slack/listeners/commands/opscoach.ts';
import { THINKING } from '../../../src/slack/render/thinking.ts';
import { fakeArgs, listenerHarness, shown } from '../../helpers/slack-listener.ts';

const h = listenerHarness({}, { admins: ['U0ADMIN'] });
afterAll(() => h.close());

/** `/opscoach <text>` typed by a person in a channel. */
async function slash(text: string, user = 'U0ALICE') {
  const args = fakeArgs();
  const command = {
    command: '/opscoach',
    text,
    team_id: 'T0ACME',
    user_id: user,
    channel_id: 'C0TEAM',
    channel_name: 'platform-team',
    response_url: 'https://hooks.slack.com/commands/T0ACME/1/secret',
    trigger_id: 'trigger-1',
  };
  await opscoachCommand(h.deps)({ ...args, command, body: command } as never);
  return args;
}

describe('/opscoach', () => {
  it('answers help on the ack itself, privately', async () => {
    const { ack, respond } = await slash('help');
    expect(ack).toHaveBeenCalledWith(expect.objectContaining({ response_type: 'ephemeral' }));
    expect(shown(ack)).toMatch(/\/opscoach ask /);
    expect(respond).not.toHaveBeenCalled();
  });

  it('acks a question at once with a thinking note, then replaces it with the answer and a Share button', async () => {
    const { ack, respond } = await slash('ask who gets paged at 3am?');
    expect(ack).toHaveBeenCalledWith({ response_type: 'ephemeral', text: THINKING });
    expect(respond).toHaveBeenCalledWith(
      expect.objectContaining({ response_type: 'ephemeral', replace_original: true }),
    );
    expect(shown(respond)).toMatch(/share_answer/);
  });

  it('refuses a report to someone who is not an admin, after acking', async () => {
    const { ack, respond } = await slash('report');
    expect(shown(ack)).toMatch(/Working on it/);
    expect(shown(respond)).toMatch(/people who run Opscoach/);
  });

  it('gives an admin the report, with the configured smallest group in its note', async () => {
    const { respond } = await slash('report', 'U0ADMIN');
    expect(shown(respond)).toMatch(/Opscoach report/);
    expect(shown(respond)).toMatch(/Groups under 5 are never shown/);
  });
});

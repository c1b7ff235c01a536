import { describe, expect, it } from 'vitest';
import {
  actionPlace,
  answerTarget,
  assistantPlace,
  commandPlace,
  conversationOf,
  directMessagePlace,
  homePlace,
  mentionPlace,
  seenByOthers,
} from '../../src/slack/place.ts';

const user = { id: 'U0ALICE', team_id: 'T0ACME' };
const team = { id: 'T0ACME' };
const click = (channel: { id: string; name: string } | undefined, container: Record<string, unknown>) => ({
  team,
  user,
  channel,
  container,
});

describe('where a Slack request happened, worked out in one place', () => {
  it('a slash command: the channel, and one person’s commands there as the conversation', () => {
    const place = commandPlace({ team_id: 'T0ACME', user_id: 'U0ALICE', channel_id: 'C0TEAM', channel_name: 'team' });
    expect(place).toMatchObject({ team: 'T0ACME', user: 'U0ALICE', channel: 'C0TEAM', channelName: 'team' });
    expect(place.conversation).toEqual(['C0TEAM', 'U0ALICE', 'slash']);
  });

  it('a mention: the thread it starts or is in', () => {
    expect(mentionPlace({ user: 'U0ALICE', channel: 'C0TEAM', ts: '2.0' }, 'T0ACME')).toMatchObject({
      threadTs: '2.0',
      conversation: ['C0TEAM', '2.0'],
    });
    expect(
      mentionPlace({ user: 'U0ALICE', channel: 'C0TEAM', ts: '2.0', thread_ts: '1.0' }, 'T0ACME').conversation,
    ).toEqual(['C0TEAM', '1.0']);
  });

  it('a direct message roots a thread that replies in it continue; App Home is a conversation of its own', () => {
    expect(directMessagePlace({ user: 'U0ALICE', channel: 'D0ALICE', ts: '1.0' }, 'T0ACME').conversation).toEqual([
      'D0ALICE',
      '1.0',
    ]);
    expect(assistantPlace({ user: 'U0ALICE', channel: 'D0ALICE', thread_ts: '1.0' }, 'T0ACME').conversation).toEqual([
      'D0ALICE',
      '1.0',
    ]);
    expect(homePlace({ team, user }).conversation).toEqual(['U0ALICE', 'home']);
  });

  it('a click on a private answer continues the slash command’s conversation, and is seen by nobody else', () => {
    const place = actionPlace(
      click(
        { id: 'C0TEAM', name: 'team' },
        { type: 'message', is_ephemeral: true, channel_id: 'C0TEAM', message_ts: '5.0' },
      ),
    );
    expect(place.conversation).toEqual(['C0TEAM', 'U0ALICE', 'slash']);
    expect(seenByOthers(place)).toBe(false);
  });

  it('a click on a message in a channel: its thread, seen by the channel', () => {
    const place = actionPlace(
      click({ id: 'C0TEAM', name: 'team' }, { type: 'message', channel_id: 'C0TEAM', message_ts: '5.0' }),
    );
    expect(answerTarget(place)).toEqual({ channel: 'C0TEAM', threadTs: '5.0' });
    expect(seenByOthers(place)).toBe(true);
  });

  it('a click in a group DM is seen by its members; in a DM with the app, by nobody else', () => {
    const group = actionPlace(
      click(
        { id: 'G0GROUP', name: 'mpdm-alice--bob-1' },
        { type: 'message', channel_id: 'G0GROUP', message_ts: '5.0' },
      ),
    );
    expect(seenByOthers(group)).toBe(true);
    expect(conversationOf(group)).toBe('direct');
    const dm = actionPlace(
      click({ id: 'D0ALICE', name: 'directmessage' }, { type: 'message', channel_id: 'D0ALICE', message_ts: '5.0' }),
    );
    expect(seenByOthers(dm)).toBe(false);
    expect(answerTarget(dm)).toEqual({ channel: 'D0ALICE', threadTs: undefined });
  });

  it('a click on App Home has no message: the answer goes to the person’s DM with the app', () => {
    const place = actionPlace(click(undefined, { type: 'view', view_id: 'V0HOME' }));
    expect(place.message).toBeUndefined();
    expect(answerTarget(place)).toEqual({ channel: 'U0ALICE', threadTs: undefined });
  });
});

import type { FakeSlack } from './fake-slack.ts';
import { blockActions, FORM, send } from './slack-requests.ts';

export type Element = { action_id?: string; value?: string; text?: { text: string } };
type Block = { type: string; text?: { text: string }; accessory?: Element; elements?: Element[] };

/** Every button in a message, accessories included, in order. */
export const buttonsOf = (blocks: unknown): Element[] =>
  (blocks as Block[]).flatMap((b) => [
    ...(b.accessory ? [b.accessory] : []),
    ...(b.type === 'actions' ? (b.elements ?? []) : []),
  ]);

/** The button whose label (or whose section's text) matches. */
export const labelled = (blocks: unknown, pattern: RegExp): Element | undefined => {
  for (const b of blocks as Block[]) {
    if (b.accessory && pattern.test(b.text?.text ?? '')) return b.accessory;
    for (const e of b.type === 'actions' ? (b.elements ?? []) : []) if (pattern.test(e.text?.text ?? '')) return e;
  }
  return undefined;
};

export interface Clicker {
  team: string;
  user: string;
  userName?: string;
  channel: string;
  channelName?: string;
}

let clicks = 0;

/**
 * Clicks buttons of an ephemeral message as one person, over signed HTTP, and returns the
 * replacement Slack received on the response URL.
 */
export function clickerFor(events: string, slack: FakeSlack, who: Clicker) {
  return async (button: Element | undefined): Promise<Record<string, unknown>> => {
    if (!button?.action_id || !button.value) throw new Error('no such button');
    const id = `click-${++clicks}`;
    const res = await send(
      events,
      blockActions({
        actionId: button.action_id,
        value: button.value,
        responseUrl: slack.responseUrl(id),
        user: who.user,
        userName: who.userName,
        team: who.team,
        channel: who.channel,
        channelName: who.channelName,
      }),
      FORM,
    );
    if (res.status !== 200) throw new Error(`click answered ${res.status}`);
    return (await slack.waitFor(() => slack.responses.find((r) => r.id === id))).body;
  };
}

import type { AnyMiddlewareArgs, Middleware, RespondFn } from '@slack/bolt';
import type { Logger } from '../core/logging/logger.ts';
import { VIEW } from './action-ids.ts';
import { privateNote } from './private-note.ts';

const KNOWN_VIEWS: ReadonlySet<string> = new Set(Object.values(VIEW));

const STALE_BUTTON =
  'That button is from an older version of Opscoach and no longer does anything. Type `/opscoach help` to see what I can do now.';

/**
 * A click on a button this version does not know (a message from an older version, or a
 * crafted payload) is acknowledged at once and explained, instead of timing out in Slack; so is
 * a form (modal) this version does not know, left open across an upgrade.
 */
export function unknownActions(known: readonly (string | RegExp)[], logger: Logger): Middleware<AnyMiddlewareArgs> {
  const isKnown = (id: string) => known.some((k) => (typeof k === 'string' ? k === id : k.test(id)));
  return async (args) => {
    const body = args.body as {
      type?: string;
      actions?: { action_id?: unknown }[];
      user?: { id?: string };
      view?: { callback_id?: unknown };
    };
    const { ack, respond } = args as unknown as { ack: (response?: object) => Promise<void>; respond?: RespondFn };
    if (body.type === 'view_submission') {
      const callbackId = body.view?.callback_id;
      if (typeof callbackId === 'string' && KNOWN_VIEWS.has(callbackId)) return args.next();
      // Without an answer Slack would show the person a connection error in the form.
      await ack({ response_action: 'update', view: staleForm() });
      logger.info({ callbackId: String(callbackId).slice(0, 60) }, 'unknown Slack form ignored');
      return;
    }
    if (body.type !== 'block_actions') return args.next();
    const actionId = body.actions?.[0]?.action_id;
    if (typeof actionId === 'string' && isKnown(actionId)) return args.next();
    await ack();
    logger.info({ actionId: String(actionId).slice(0, 60) }, 'unknown Slack action ignored');
    // A stale button on App Home comes without a response URL: the note then goes to the DM.
    await privateNote(respond, args.client, body.user?.id ?? '')(STALE_BUTTON);
  };
}

function staleForm() {
  return {
    type: 'modal',
    title: { type: 'plain_text', text: 'Opscoach' },
    close: { type: 'plain_text', text: 'Close' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: 'This form is from an older version of Opscoach, so nothing was saved. Close it and start again; `/opscoach help` shows what I can do now.',
        },
      },
    ],
  };
}

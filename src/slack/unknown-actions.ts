import type { AnyMiddlewareArgs, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Logger } from '../core/logging/logger.ts';

/**
 * A click on a button this version does not know (a message from an older version, or a
 * crafted payload) is acknowledged at once and explained, instead of timing out in Slack.
 */
export function unknownActions(known: readonly (string | RegExp)[], logger: Logger): Middleware<AnyMiddlewareArgs> {
  const isKnown = (id: string) => known.some((k) => (typeof k === 'string' ? k === id : k.test(id)));
  return async (args) => {
    const body = args.body as { type?: string; actions?: { action_id?: unknown }[] };
    if (body.type !== 'block_actions') return args.next();
    const actionId = body.actions?.[0]?.action_id;
    if (typeof actionId === 'string' && isKnown(actionId)) return args.next();
    const { ack, respond } = args as unknown as SlackActionMiddlewareArgs;
    await ack();
    logger.info({ actionId: String(actionId).slice(0, 60) }, 'unknown Slack action ignored');
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      text: 'That button is from an older version of Opscoach and no longer does anything. Type `/opscoach help` to see what I can do now.',
    });
  };
}

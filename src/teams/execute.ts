import type { InvokeResponse } from 'botbuilder';
import { StatusCodes } from 'botbuilder';
import type { Card } from './cards/elements.ts';

/**
 * The data an Action.Execute carried, from an adaptiveCard/action invoke's value
 * ({ action: { type: 'Action.Execute', verb, data } }); undefined when the value is not that shape.
 */
export function executeData(value: unknown): unknown {
  if (!value || typeof value !== 'object') return undefined;
  const action = (value as { action?: unknown }).action;
  if (!action || typeof action !== 'object') return undefined;
  const { type, data } = action as { type?: unknown; data?: unknown };
  return type === 'Action.Execute' ? data : undefined;
}

/**
 * The answer to an adaptiveCard/action invoke, as the Universal Actions protocol defines it:
 * status 200 with either a card that replaces the one clicked or a message shown on it.
 */
export function invokeResponse(result: { card: Card } | { message: string }): InvokeResponse {
  const body =
    'card' in result
      ? { statusCode: StatusCodes.OK, type: 'application/vnd.microsoft.card.adaptive', value: result.card }
      : { statusCode: StatusCodes.OK, type: 'application/vnd.microsoft.activity.message', value: result.message };
  return { status: StatusCodes.OK, body };
}

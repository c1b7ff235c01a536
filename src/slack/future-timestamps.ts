import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../core/logging/logger.ts';

/** Slack's own rule for stale requests, applied the other way too. */
const MAX_SKEW_SECONDS = 5 * 60;

/**
 * Bolt's verifier rejects a signed request older than five minutes but accepts any timestamp in
 * the future, so a request signed (or captured and re-signed) ahead of time would stay valid for
 * as long as its author liked. This refuses those before the body is read, as Bolt refuses stale
 * ones: 401 with an empty body.
 */
export function rejectFutureTimestamps(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const stamp = Number(req.get('x-slack-request-timestamp'));
    if (Number.isFinite(stamp) && stamp > Date.now() / 1000 + MAX_SKEW_SECONDS) {
      logger.warn('Slack request rejected: its timestamp is more than five minutes in the future');
      res.set('Connection', 'close').status(401).send();
      return;
    }
    next();
  };
}

import type { NextFunction, Request, Response } from 'express';

/**
 * The largest bodies each platform sends, with room to spare. Slack: a message is at most 40,000
 * characters and a modal 250 KB, both well under half a megabyte even form-encoded. Teams: the Bot
 * Framework Connector refuses anything over 256 KB (262,144 bytes).
 */
export const BODY_LIMITS = {
  slack: 512 * 1024,
  teams: 256 * 1024,
} as const;

/**
 * How many request bodies may be read at once. Slack's and Teams' bodies arrive in one or two
 * packets and are read in well under a millisecond, so real traffic never comes near this; it
 * bounds what slow or oversized unsigned requests can hold in memory (64 x 512 KB = 32 MB).
 */
export const MAX_BODIES_IN_FLIGHT = 64;

const limitFor = (path: string): number | undefined =>
  path === '/slack/events' ? BODY_LIMITS.slack : path === '/api/messages' ? BODY_LIMITS.teams : undefined;

/**
 * Runs before anything reads a body, so an oversized request is refused on its declared length
 * (413) without a byte of it being read, and a flood of bodies beyond the cap is turned away with
 * 503 (Slack and the Bot Connector retry). Bodies without a declared length are still cut off at
 * the limit by the parsers behind this (Bolt's bodyLimit, express.json's limit).
 */
export function guardBodies(maxInFlight = MAX_BODIES_IN_FLIGHT) {
  let reading = 0;
  return (req: Request, res: Response, next: NextFunction) => {
    const limit = limitFor(req.path);
    if (limit === undefined || req.method !== 'POST') {
      next();
      return;
    }
    // Connection: close, so the unread rest of the body is dropped with the socket, never read.
    if (Number(req.headers['content-length'] ?? 0) > limit) {
      res.set('Connection', 'close').status(413).json({ error: 'request body too large' });
      return;
    }
    if (reading >= maxInFlight) {
      res.set({ Connection: 'close', 'Retry-After': '1' }).status(503).json({ error: 'busy; please retry' });
      return;
    }
    closeIfAnsweredEarly(req, res);
    reading++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      reading--;
    };
    // Read to the end, abandoned by the client, or answered without reading it: the slot is free.
    req.once('end', release);
    req.once('close', release);
    res.once('close', release);
    next();
  };
}

/**
 * A response sent before the whole body arrived (a refusal: too large, unsigned, shutting down)
 * closes the connection. Otherwise the unread rest of the body would sit in a keep-alive
 * connection: Bolt stops reading at its limit and answers 413, after which nothing reads the
 * socket again and the client's next request on it would wait for ever.
 */
function closeIfAnsweredEarly(req: Request, res: Response): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: Response, ...args: unknown[]) {
    if (!req.complete && !this.headersSent) this.setHeader('Connection', 'close');
    return (writeHead as (...a: unknown[]) => Response).apply(this, args);
  } as Response['writeHead'];
}

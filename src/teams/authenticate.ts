import type { Activity, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { Logger } from '../core/logging/logger.ts';
import type { Authenticated } from './adapter.ts';
import { libraryConsoleToLogger } from './library-console.ts';

/** The algorithms the Bot Framework signs with, and the only ones botbuilder accepts. */
const SIGNING_ALGORITHMS = new Set(['RS256', 'RS384', 'RS512']);

/**
 * Why a bearer token cannot be a Bot Framework one, judged from its shape alone: an unsigned
 * (alg "none") or HMAC-signed token never reaches the library, and costs no key lookup.
 */
function shapeProblem(header: string): string | undefined {
  const match = /^Bearer ([\w-]+)\.([\w-]+)\.([\w-]*)$/.exec(header);
  if (!match?.[1]) return 'no bearer token';
  let alg: unknown;
  try {
    alg = (JSON.parse(Buffer.from(match[1], 'base64url').toString('utf8')) as { alg?: unknown }).alg;
  } catch {
    return 'malformed token';
  }
  if (typeof alg !== 'string' || !SIGNING_ALGORITHMS.has(alg)) return 'token not signed with RSA';
  if (!match[3]) return 'token without a signature';
  return undefined;
}

/** Errors that mean "this token is not valid", from botbuilder or the jsonwebtoken library under it. */
function isTokenRejection(error: unknown): boolean {
  const e = error as { name?: string; statusCode?: number };
  return e?.statusCode === 401 || ['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError'].includes(e?.name ?? '');
}

export type Outcome =
  | { ok: true; result: Authenticated }
  /** 401: the token is not a valid one. 503: it could not be checked now (e.g. the keys could not be fetched). */
  | { ok: false; status: 401 | 503; reason: string };

/**
 * Authenticates a Teams request with botbuilder (issuer, signature against the Bot Framework's
 * published keys, audience = our app id, serviceUrl claim = the activity's). A forged, unsigned,
 * expired or wrongly signed token is a 401 and trouble fetching the keys a 503 (the Bot Connector
 * retries), never botbuilder's 500 with a stack trace; the caller logs the outcome once. Without
 * an app id (local emulator) botbuilder accepts every request.
 */
export async function authenticate(
  auth: ConfigurationBotFrameworkAuthentication,
  activity: Activity,
  header: string,
  options: { required: boolean; logger: Logger },
): Promise<Outcome> {
  if (options.required) {
    const problem = shapeProblem(header);
    if (problem) return { ok: false, status: 401, reason: problem };
  }
  try {
    const result = await libraryConsoleToLogger(options.logger, () => auth.authenticateRequest(activity, header));
    return { ok: true, result };
  } catch (error) {
    const reason = String((error as Error)?.message ?? error).slice(0, 200);
    return { ok: false, status: isTokenRejection(error) ? 401 : 503, reason };
  }
}

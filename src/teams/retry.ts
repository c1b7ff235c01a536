/** Statuses Teams' connector uses for "try again later": throttled, precondition, gateway trouble. */
const RETRYABLE = new Set([429, 412, 502, 504]);

export interface RetryOptions {
  retries?: number;
  baseMs?: number;
  maxMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

function statusOf(error: unknown): number | undefined {
  const e = error as { statusCode?: number; status?: number; response?: { status?: number } };
  return e.statusCode ?? e.status ?? e.response?.status;
}

function retryAfterMs(error: unknown): number | undefined {
  const headers = (
    error as {
      response?: { headers?: { get?: (name: string) => string | null | undefined } & Record<string, unknown> };
    }
  ).response?.headers;
  const raw =
    typeof headers?.get === 'function' ? headers.get('retry-after') : (headers?.['retry-after'] as string | undefined);
  const seconds = raw === undefined || raw === null ? Number.NaN : Number(raw);
  return Number.isFinite(seconds) ? seconds * 1000 : undefined;
}

/**
 * Retries a send that Teams throttled or could not deliver for now, with exponential backoff and
 * jitter (or the Retry-After it asked for), so many digests going out at once spread themselves out.
 */
export async function withRetry<T>(send: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const { retries = 4, baseMs = 400, maxMs = 8_000 } = options;
  const sleep = options.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 0; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      const status = statusOf(error);
      if (attempt >= retries || status === undefined || !RETRYABLE.has(status)) throw error;
      const backoff = Math.min(maxMs, baseMs * 2 ** attempt) * (0.5 + Math.random());
      await sleep(Math.min(maxMs, retryAfterMs(error) ?? backoff));
    }
  }
}

/** The conversation is gone or the bot is no longer in it. */
export function isGone(error: unknown): boolean {
  const status = statusOf(error);
  return status === 403 || status === 404;
}

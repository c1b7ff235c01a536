import { signatureHeaders } from '../test/helpers/slack-requests.ts';

/** What came back for one signed request, and how long the ack took. */
export interface Ack {
  /** HTTP status, or 0 when there was no HTTP answer at all (refused, reset, timed out). */
  status: number;
  /** From just before fetch to the last byte of the response body, in milliseconds. */
  ms: number;
  json?: Record<string, unknown>;
  /** Why there was no HTTP answer. */
  failure?: string;
}

/** Slack gives an app 3 seconds to ack; waiting longer than this cannot be a success. */
const ACK_TIMEOUT_MS = 10_000;

/**
 * Posts a body exactly as Slack would, signed with the test signing secret. Like the tests'
 * send(), plus a timeout (a hung bot must not hang the run) and timing.
 */
export async function postSigned(url: string, body: string, contentType: string): Promise<Ack> {
  const started = performance.now();
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': contentType, ...signatureHeaders(body) },
      body,
      signal: AbortSignal.timeout(ACK_TIMEOUT_MS),
    });
    const text = await response.text();
    const ms = performance.now() - started;
    return { status: response.status, ms, json: parseJson(text) };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { status: 0, ms: performance.now() - started, failure: cause ?? (error as Error).name ?? String(error) };
  }
}

function parseJson(text: string): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

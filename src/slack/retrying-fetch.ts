/**
 * fetch with one more try when the connection failed before any answer came back: a kept-alive
 * socket the other side had just closed, a reset. The answer a person waits for is posted to
 * Slack's response URL after the ack; without this, one dropped connection loses it for good.
 * An HTTP answer of any status is returned as it is (Bolt and the Web API client decide what a
 * status means), and any other error is thrown at once. Our bodies are strings, buffers and
 * form data, which can be sent again.
 */
export function retryingFetch(base: typeof fetch = globalThis.fetch): typeof fetch {
  return async (input, init) => {
    try {
      return await base(input, init);
    } catch (error) {
      if (!connectionFailed(error)) throw error;
      return base(input, init);
    }
  };
}

const CONNECTION_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

function connectionFailed(error: unknown): boolean {
  if (!(error instanceof TypeError)) return false;
  const code = (error.cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && CONNECTION_CODES.has(code);
}

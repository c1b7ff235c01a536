import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/core/logging/logger.ts';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, destination };
}

describe('structured logs', () => {
  it('are JSON and never contain a secret, by field name or by value', () => {
    const { lines, destination } = capture();
    const secret = 'my-very-secret-pseudonym-key';
    const logger = createLogger({ level: 'info', secrets: [secret], destination });
    logger.info({ apiKey: 'sk-live-1234567890', nested: { token: 'xoxb-1-2-3' }, note: `uses ${secret}` }, 'starting');
    logger.error({ err: new Error(`request failed with key sk-abcdefghijklmnop and ${secret}`) }, 'model call failed');
    logger.warn({ headers: { authorization: 'Bearer abc' } }, 'token xoxb-123456789012-abc in message');
    const text = lines.join('');
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(text).not.toContain(secret);
    expect(text).not.toContain('sk-live-1234567890');
    expect(text).not.toContain('sk-abcdefghijklmnop');
    expect(text).not.toContain('xoxb-');
    expect(text).not.toContain('Bearer abc');
    expect(text).toContain('[REDACTED]');
    expect(JSON.parse(lines[1] ?? '{}').err.type).toBe('Error');
  });
});

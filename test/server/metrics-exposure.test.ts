import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackHarness } from '../helpers/slack-server.ts';

// What someone who can reach the bot's public port learns about it: nothing beyond up or down.

describe('without OPSCOACH_METRICS_TOKEN', () => {
  let h: Awaited<ReturnType<typeof startSlackHarness>>;
  beforeAll(async () => {
    h = await startSlackHarness({ LOG_LEVEL: 'info' });
  });
  afterAll(() => h.close());

  it('does not serve /metrics on the public port, and opens no metrics port unless asked', async () => {
    const res = await fetch(`${h.base}/metrics`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toMatch(/opscoach_/);
    expect(h.metricsBase).toBeUndefined();
    expect(h.logs.join('')).toMatch(/"metrics":"off"/);
  });

  it('says only up or down on /healthz', async () => {
    const res = await fetch(`${h.base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });
});

describe('with METRICS_PORT and no token', () => {
  let h: Awaited<ReturnType<typeof startSlackHarness>>;
  beforeAll(async () => {
    h = await startSlackHarness({ LOG_LEVEL: 'info', METRICS_PORT: '0' });
  });
  afterAll(() => h.close());

  it('serves /metrics on its own port, bound to loopback, and still not on the public one', async () => {
    expect(h.metricsBase).toBeDefined();
    const res = await fetch(`${h.metricsBase}/metrics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/opscoach_http_requests_total/);
    expect((await fetch(`${h.base}/metrics`)).status).toBe(404);
    // The metrics listener serves nothing else.
    expect((await fetch(`${h.metricsBase}/healthz`)).status).toBe(404);
    expect((await fetch(`${h.metricsBase}/slack/events`, { method: 'POST' })).status).toBe(404);
    const running = h.logs.map((l) => JSON.parse(l)).find((l) => l.msg === 'Opscoach is running');
    expect(running.metrics).toMatch(/^127\.0\.0\.1:\d+$/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventEnvelope, FORM, JSON_TYPE, send, slashCommand } from '../helpers/slack-requests.ts';
import { startSlackHarness } from '../helpers/slack-server.ts';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';

let h: Awaited<ReturnType<typeof startSlackHarness>>;
beforeAll(async () => {
  h = await startSlackHarness({ OPSCOACH_METRICS_TOKEN: METRICS_TOKEN });
});
afterAll(async () => h.close());

async function slash(text: string, id: string) {
  const res = await send(h.events, slashCommand({ text, responseUrl: h.slack.responseUrl(id) }), FORM);
  expect(res.status).toBe(200);
  return h.slack.waitFor(() => h.slack.responses.find((r) => r.id === id));
}

async function metrics(): Promise<string> {
  const res = await fetch(`${h.base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  return res.text();
}

/** The value of one series in Prometheus text format, or undefined when it is absent. */
function series(text: string, name: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

describe('operating Opscoach', () => {
  it('says it is ready on /readyz once serving', async () => {
    const res = await fetch(`${h.base}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready' });
  });

  it('counts requests, acknowledgements, answers and declines on /metrics', async () => {
    await slash('What is a standard change?', 'm1');
    await slash('How do I bake sourdough bread?', 'm2');
    // A diagnostic's first screen comes back in the acknowledgement itself.
    const start = await send(h.events, slashCommand({ text: 'diagnose handovers', responseUrl: 'unused' }), FORM);
    expect(JSON.stringify(start.json)).toMatch(/Start/);
    const text = await metrics();
    expect(series(text, 'opscoach_events_total{platform="slack",kind="command"}')).toBe(3);
    expect(series(text, 'opscoach_answers_total{outcome="answered",source="offline"}')).toBe(1);
    expect(series(text, 'opscoach_answers_total{outcome="declined",reason="unknown"}')).toBe(1);
    expect(series(text, 'opscoach_http_requests_total{route="slack",status="2xx"}')).toBe(3);
    expect(series(text, 'opscoach_http_ack_seconds_count{route="slack"}')).toBe(3);
    // Every acknowledgement was well inside Slack's three seconds.
    expect(series(text, 'opscoach_http_ack_seconds_bucket{le="2.5",route="slack"}')).toBe(3);
    expect(series(text, 'opscoach_diagnostics_started_total{diagnostic="handovers"}')).toBe(1);
    expect(series(text, 'opscoach_process_resident_memory_bytes')).toBeGreaterThan(10_000_000);
    expect(text).toMatch(/^opscoach_nodejs_eventloop_lag_seconds /m);
  });

  it('asks Slack who it is once at start-up, not before every acknowledgement', () => {
    expect(h.slack.callsTo('auth.test')).toHaveLength(1);
  });

  it('keeps /metrics behind its bearer token', async () => {
    expect((await fetch(`${h.base}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${h.base}/metrics`, { headers: { authorization: 'Bearer not-the-token-at-all!!' } });
    expect(wrong.status).toBe(401);
  });

  it('writes JSON log lines that carry one request id per request, and counts a failure a person saw', async () => {
    h.slack.override('chat.update', () => ({ body: { ok: false, error: 'internal_error' } }));
    await send(
      h.events,
      eventEnvelope({
        type: 'message',
        channel: 'D9',
        channel_type: 'im',
        user: 'U9',
        text: 'What is a CAB?',
        ts: '1',
      }),
      JSON_TYPE,
    );
    const apology = await h.slack.waitFor(() =>
      h.slack.callsTo('chat.postMessage').find((c) => /reference/.test(String(c.body.text))),
    );
    const reference = /reference \*([0-9a-f]+)\*/.exec(String(apology.body.text))?.[1];
    const lines = h.logs.map((l) => JSON.parse(l) as Record<string, unknown>);
    const failure = lines.find((l) => l.reference === reference);
    expect(failure?.request).toMatch(/^[0-9a-f]{12}$/);
    // Bolt's own debug lines for that delivery carry the same request id.
    expect(lines.filter((l) => l.request === failure?.request).length).toBeGreaterThan(1);
    const ids = new Set(lines.map((l) => l.request).filter(Boolean));
    expect(ids.size).toBeGreaterThanOrEqual(4);
    expect(series(await metrics(), 'opscoach_listener_failures_total{platform="slack"}')).toBe(1);
  });

  it('answers unknown paths with short JSON', async () => {
    const missing = await fetch(`${h.base}/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'not found' });
  });
});

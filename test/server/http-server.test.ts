import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logging/logger.ts';
import { Metrics } from '../../src/core/metrics/metrics.ts';
import { createHttpApp, finishHttpApp, listen } from '../../src/server/http-server.ts';
import { Lifecycle } from '../../src/server/lifecycle.ts';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

/** The shared HTTP app with a stand-in bot route whose work the test controls. */
async function start(work: () => Promise<void>) {
  // Resolved once the bot route is working on a request: waiting on it, not on a timer, keeps the
  // test right on a busy machine.
  let began: () => void = () => {};
  const working = new Promise<void>((resolve) => (began = resolve));
  const lifecycle = new Lifecycle();
  const app = createHttpApp({
    lifecycle,
    metrics: new Metrics(),
    health: () => true,
    ready: () => ({ ok: lifecycle.phase === 'ready', detail: { reason: lifecycle.phase } }),
  });
  app.post('/slack/events', async (_req, res) => {
    began();
    await work();
    res.json({ ok: true });
  });
  finishHttpApp(app, silentLogger);
  server = await listen(app, 0, '127.0.0.1');
  lifecycle.markReady();
  return { lifecycle, working, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('draining before shutdown', () => {
  it('turns not-ready and away new bot requests with 503, while finishing the ones in flight', async () => {
    let release: () => void = () => {};
    const { lifecycle, working, base } = await start(() => new Promise<void>((resolve) => (release = resolve)));
    const inFlight = fetch(`${base}/slack/events`, { method: 'POST' });
    await working;
    const drained = lifecycle.drain(5_000);

    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'not ready', reason: 'draining' });
    const refused = await fetch(`${base}/slack/events`, { method: 'POST' });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('connection')).toBe('close');
    expect((await fetch(`${base}/healthz`)).status).toBe(200); // alive, just not taking work

    release();
    expect((await inFlight).status).toBe(200);
    expect(await drained).toBe(true);
  });

  it('gives up at the deadline when work does not finish', async () => {
    const { lifecycle, working, base } = await start(() => new Promise<void>(() => {}));
    void fetch(`${base}/slack/events`, { method: 'POST' }).catch(() => {});
    await working;
    // The work never finishes: drain must still come back (false) rather than wait for ever.
    expect(await lifecycle.drain(300)).toBe(false);
    expect(lifecycle.inFlight).toBe(1);
  });
});

// The HTTP client thread of the slash command benchmark (see timed-http-client.ts). It has its
// own event loop, so an ack is timed when it arrives, not when the servers' thread (which goes
// on to answer the question right after acking) next lets a client run. Plain JavaScript:
// Node 20 worker threads do not inherit tsx's loader.
import { parentPort } from 'node:worker_threads';

parentPort?.on('message', async ({ url, body, headers }) => {
  const started = performance.now();
  const response = await fetch(url, { method: 'POST', headers, body });
  await response.text();
  parentPort?.postMessage({ ms: performance.now() - started, status: response.status });
});

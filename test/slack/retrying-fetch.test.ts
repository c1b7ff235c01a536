import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { retryingFetch } from '../../src/slack/retrying-fetch.ts';

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A response URL on loopback whose first `drops` requests lose their connection before any answer. */
async function flakyResponseUrl(drops: number, status = 200) {
  const bodies: string[] = [];
  let seen = 0;
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      seen++;
      if (seen <= drops) {
        req.socket.destroy();
        return;
      }
      bodies.push(body);
      res.writeHead(status).end('ok');
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/respond`, bodies, attempts: () => seen };
}

const post = (url: string) =>
  retryingFetch()(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"answer"}' });

describe('posting to Slack when a connection drops', () => {
  it('sends the answer again once when the connection is lost before Slack answers', async () => {
    const slack = await flakyResponseUrl(1);
    const response = await post(slack.url);
    expect(response.status).toBe(200);
    expect(slack.bodies).toEqual(['{"text":"answer"}']);
  });

  it('tries only once more: a second lost connection is an error', async () => {
    const slack = await flakyResponseUrl(2);
    await expect(post(slack.url)).rejects.toThrow(/fetch failed/);
    expect(slack.attempts()).toBe(2);
  });

  it('returns an HTTP error as it is, without sending again', async () => {
    const slack = await flakyResponseUrl(0, 404);
    const response = await post(slack.url);
    expect(response.status).toBe(404);
    expect(slack.attempts()).toBe(1);
  });
});

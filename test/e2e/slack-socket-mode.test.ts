import { once } from 'node:events';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { type RunningServer, startServer } from '../../src/main.ts';
import { FakeSlack } from '../helpers/fake-slack.ts';
import { tempDir } from '../helpers/runtime.ts';
import { BOT_TOKEN } from '../helpers/slack-requests.ts';

/**
 * Socket Mode end to end: the fake Web API hands out a loopback WebSocket URL from
 * apps.connections.open, and a local socket server plays Slack's side of the protocol.
 */
describe('Slack over Socket Mode', () => {
  const slack = new FakeSlack();
  const dir = tempDir();
  let sockets: WebSocketServer;
  let socket: WebSocket;
  let server: RunningServer;
  const received: Record<string, unknown>[] = [];

  beforeAll(async () => {
    await slack.start();
    sockets = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await once(sockets, 'listening');
    const { port } = sockets.address() as { port: number };
    slack.answerWith('apps.connections.open', () => ({ body: { ok: true, url: `ws://127.0.0.1:${port}/link` } }));
    // Like Slack, greet each connection with hello; Socket Mode start() waits for it.
    sockets.on('connection', (ws: WebSocket) => {
      socket = ws;
      ws.on('message', (data) => received.push(JSON.parse(String(data))));
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A1' } }));
    });
    server = await startServer({
      OPSCOACH_DB: join(dir.path, 'socket.db'),
      OPSCOACH_PSEUDONYM_SECRET: 'test-pseudonym-secret-0123456789',
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_APP_TOKEN: 'xapp-1-A1-1234-testapptoken',
      SLACK_API_URL: slack.apiUrl,
      PORT: '0',
      LOG_LEVEL: 'silent',
    });
  });

  afterAll(async () => {
    await server.close();
    for (const client of sockets.clients) client.terminate();
    sockets.close();
    await slack.stop();
    dir.cleanup();
  });

  it('connects with the app token through apps.connections.open', () => {
    expect(slack.callsTo('apps.connections.open')).toHaveLength(1);
  });

  it('acks a DM event over the socket and answers it through the Web API', async () => {
    socket.send(
      JSON.stringify({
        envelope_id: 'env-dm-1',
        type: 'events_api',
        accepts_response_payload: false,
        retry_attempt: 0,
        retry_reason: '',
        payload: {
          team_id: 'T1',
          api_app_id: 'A1',
          type: 'event_callback',
          event_id: 'EvSOCKET1',
          event_time: 1,
          authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true }],
          event: {
            type: 'message',
            channel: 'D5',
            channel_type: 'im',
            user: 'U1',
            text: 'What is a CAB?',
            ts: '1700000900.000100',
          },
        },
      }),
    );
    await slack.waitFor(() => received.find((m) => m.envelope_id === 'env-dm-1'));
    const update = await slack.waitFor(() => slack.callsTo('chat.update')[0]);
    expect(update.body).toMatchObject({ channel: 'D5' });
    expect(JSON.stringify(update.body.blocks)).toMatch(/Sources/);
  });

  it('acks a slash command with the thinking note and answers through its response URL', async () => {
    socket.send(
      JSON.stringify({
        envelope_id: 'env-slash-1',
        type: 'slash_commands',
        accepts_response_payload: true,
        payload: {
          team_id: 'T1',
          channel_id: 'C1',
          user_id: 'U1',
          command: '/opscoach',
          text: 'ask what is a standard change?',
          api_app_id: 'A1',
          response_url: slack.responseUrl('socket-slash'),
          trigger_id: '1.2.3',
        },
      }),
    );
    const ack = await slack.waitFor(() => received.find((m) => m.envelope_id === 'env-slash-1'));
    expect(JSON.stringify(ack.payload)).toMatch(/Looking that up/);
    const answer = await slack.waitFor(() => slack.responses.find((r) => r.id === 'socket-slash'));
    expect(answer.body).toMatchObject({ replace_original: true, response_type: 'ephemeral' });
  });
});

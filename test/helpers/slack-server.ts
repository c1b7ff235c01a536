import { join } from 'node:path';
import { Writable } from 'node:stream';
import { type RunningServer, startServer } from '../../src/main.ts';
import { FakeSlack } from './fake-slack.ts';
import { tempDir } from './runtime.ts';
import { BOT_TOKEN, SIGNING_SECRET } from './slack-requests.ts';

/** The real bot server in HTTP mode on loopback, talking to a fake Slack Web API. */
export async function startSlackHarness(env: Record<string, string> = {}, options: { now?: () => Date } = {}) {
  const logs: string[] = [];
  const logDestination = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const slack = new FakeSlack();
  await slack.start();
  const dir = tempDir();
  const dbPath = join(dir.path, 'slack.db');
  const server: RunningServer = await startServer(
    {
      OPSCOACH_DB: dbPath,
      OPSCOACH_PSEUDONYM_SECRET: 'test-pseudonym-secret-0123456789',
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'debug',
      ...env,
    },
    { logDestination, now: options.now },
  );
  return {
    slack,
    /** Every structured log line the server wrote, as JSON text. */
    logs,
    dbPath,
    events: `http://127.0.0.1:${server.port}/slack/events`,
    base: `http://127.0.0.1:${server.port}`,
    /** The loopback-only metrics listener, when METRICS_PORT was given. */
    metricsBase: server.metricsPort === undefined ? undefined : `http://127.0.0.1:${server.metricsPort}`,
    async close() {
      await server.close();
      await slack.stop();
      dir.cleanup();
    },
  };
}

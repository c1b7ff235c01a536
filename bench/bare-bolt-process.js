// The idle-memory benchmark's baseline: a process holding only a bare Bolt 5 app in HTTP mode
// whose one listener acks (bare-bolt-app.ts, in plain JavaScript so it runs without a loader,
// as the compiled bot does). It prints its port once listening.
import { App, ExpressReceiver, LogLevel } from '@slack/bolt';

const receiver = new ExpressReceiver({
  signingSecret: process.env.SLACK_SIGNING_SECRET ?? '',
  endpoints: '/slack/events',
  processBeforeResponse: false,
  logLevel: LogLevel.ERROR,
});
const app = new App({
  token: process.env.SLACK_BOT_TOKEN,
  receiver,
  logLevel: LogLevel.ERROR,
  tokenVerificationEnabled: true,
  convoStore: false,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
});
app.command('/opscoach', async ({ ack }) => {
  await ack();
});
const server = await receiver.start(0);
console.log(JSON.stringify({ msg: 'listening', port: server.address().port }));
process.once('SIGTERM', () => receiver.stop().then(() => process.exit(0)));

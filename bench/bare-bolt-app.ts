import type { AddressInfo } from 'node:net';
import { App, ExpressReceiver, LogLevel } from '@slack/bolt';

export interface BareBoltApp {
  /** Where Slack would post: the receiver's endpoint on loopback. */
  url: string;
  close(): Promise<void>;
}

/**
 * The least a Bolt 5 app in HTTP mode can do with a slash command: Bolt's ExpressReceiver
 * verifies the signature and parses the form, the listener only acks. Bolt's own machinery is
 * set up as in our app (ack before processing; the bot's identity asked of the same fake Slack
 * once, at construction, and reused; no in-memory conversation store), so the difference is what
 * our server adds before its ack.
 */
export async function startBareBoltApp(options: {
  signingSecret: string;
  botToken: string;
  apiUrl: string;
}): Promise<BareBoltApp> {
  const receiver = new ExpressReceiver({
    signingSecret: options.signingSecret,
    endpoints: '/slack/events',
    processBeforeResponse: false,
    logLevel: LogLevel.ERROR,
  });
  const app = new App({
    token: options.botToken,
    receiver,
    logLevel: LogLevel.ERROR,
    // With the token check turned off, Bolt 5.1 would call auth.test before every ack.
    tokenVerificationEnabled: true,
    convoStore: false,
    clientOptions: { slackApiUrl: options.apiUrl },
  });
  app.command('/opscoach', async ({ ack }) => {
    await ack();
  });
  const server = await receiver.start(0);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/slack/events`,
    close: () => receiver.stop(),
  };
}

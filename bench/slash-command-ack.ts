import { join } from 'node:path';
import { loadQuestions } from '../eval/evaluate.ts';
import { startServer } from '../src/main.ts';
import { FakeSlack } from '../test/helpers/fake-slack.ts';
import { BOT_TOKEN, FORM, SIGNING_SECRET, signatureHeaders, slashCommand } from '../test/helpers/slack-requests.ts';
import { startBareBoltApp } from './bare-bolt-app.ts';
import { percentile, since } from './stats.ts';
import type { BenchRow } from './table.ts';
import { TimedHttpClient } from './timed-http-client.ts';

const WARMUP = 30;
const REQUESTS = 300;

/**
 * Ack latency of `/opscoach <question>` on our real server in Slack HTTP mode against a bare
 * Bolt app that only acks, both on loopback, fed the same signed requests one at a time.
 */
export async function slashCommandAck(workDir: string): Promise<BenchRow[]> {
  const slack = new FakeSlack();
  await slack.start();
  const ours = await startServer(
    {
      OPSCOACH_DB: join(workDir, 'slash.db'),
      OPSCOACH_PSEUDONYM_SECRET: 'bench-pseudonym-secret-0123456789',
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      PORT: '0',
    },
    // Production log level (info), but nowhere to write to: the table, not the logs, is the output.
    { logDestination: { write: () => {} } },
  );
  const bare = await startBareBoltApp({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, apiUrl: slack.apiUrl });
  const oursUrl = `http://127.0.0.1:${ours.port}/slack/events`;
  const client = new TimedHttpClient();
  try {
    const questions = loadQuestions().map((q) => q.q);
    const oursMs: number[] = [];
    const bareMs: number[] = [];
    for (let i = 0; i < WARMUP + REQUESTS; i++) {
      const id = `slash-${i}`;
      const body = slashCommand({
        text: questions[i % questions.length] ?? 'what is on call',
        responseUrl: slack.responseUrl(id),
      });
      const headers = { 'content-type': FORM, ...signatureHeaders(body) };
      const sendOurs = async () => {
        await settle();
        const ms = await client.post({ url: oursUrl, body, headers });
        // The answer follows the ack (to response_url); let it land so the next ack meets an idle server.
        await until(() => slack.responses.some((r) => r.id === id));
        slack.clear();
        return ms;
      };
      const sendBare = async () => {
        await settle();
        return client.post({ url: bare.url, body, headers });
      };
      // Alternate who goes first, so a drift in machine load falls on both alike.
      let oursTime: number;
      let bareTime: number;
      if (i % 2 === 0) {
        oursTime = await sendOurs();
        bareTime = await sendBare();
      } else {
        bareTime = await sendBare();
        oursTime = await sendOurs();
      }
      if (i < WARMUP) continue;
      oursMs.push(oursTime);
      bareMs.push(bareTime);
    }
    return [
      {
        name: 'slash command ack, /opscoach <question>',
        p50: percentile(oursMs, 50),
        p99: percentile(oursMs, 99),
        baseline: 'bare Bolt 5 app whose listener only acks',
        baselineP50: percentile(bareMs, 50),
        baselineP99: percentile(bareMs, 99),
        note: `${REQUESTS} signed slash commands each (after ${WARMUP} to warm up), over HTTP on loopback from the same client (on its own thread, so work the server does after acking cannot delay reading the ack), alternating between the two servers, timed to the HTTP response (the ack). Both verify Slack's signature and parse the form in Bolt's ExpressReceiver; both ask Slack who the bot is once and reuse it. Ours also runs its own middleware (request metrics, dedupe, unknown actions) and parses the command before acking with a "looking it up" note. The answer itself is delivered after the ack, to response_url (the fake Slack), and is not in these figures; each next request waits for it, so every ack is timed on an idle server.`,
      },
    ];
  } finally {
    await client.close();
    await bare.close();
    await ours.close();
    await slack.stop();
  }
}

/**
 * A short pause before every timed request: the fake Slack records an answer as it arrives, so
 * our server is still finishing that request (Slack's reply, the listener's end) for a moment.
 */
const settle = () => new Promise((resolve) => setTimeout(resolve, 3));

async function until(done: () => boolean, timeoutMs = 10_000): Promise<void> {
  const started = performance.now();
  while (!done()) {
    if (since(started) > timeoutMs) throw new Error('slash command benchmark: the answer never reached response_url');
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

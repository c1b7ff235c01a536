import { join } from 'node:path';
import { webApi } from '@slack/bolt';
import pLimit from 'p-limit';
import { loadConfig } from '../src/config.ts';
import { loadDiagnostics } from '../src/core/diagnostics/definition.ts';
import { DigestScheduler } from '../src/core/digests/digest-scheduler.ts';
import { localWeek } from '../src/core/digests/schedule.ts';
import { silentLogger } from '../src/core/logging/logger.ts';
import type { Subscription } from '../src/core/store/digest-store.ts';
import { CoachRuntime } from '../src/runtime.ts';
import { createDigestSenders } from '../src/server/digest-senders.ts';
import { SlackIdentity } from '../src/slack/identity.ts';
import { renderDigest } from '../src/slack/render/report-blocks.ts';
import { FakeSlack } from '../test/helpers/fake-slack.ts';
import { seedResponses } from '../test/helpers/seed.ts';
import { BOT_TOKEN } from '../test/helpers/slack-requests.ts';
import { median, since } from './stats.ts';
import type { BenchRow } from './table.ts';

const CHANNELS = 1_000;
/** The scheduler's default, which the server uses; the baseline gets the same. */
const CONCURRENCY = 4;
/** A Monday afternoon: every channel's Monday 09:00 digest is due. Fixed, so the figures are too. */
const NOW = new Date('2026-06-01T15:00:00Z');
const RESPONSES_PER_DIAGNOSTIC = 30;

/**
 * One scheduler run posting this week's digest to 1,000 Slack channels through the real Slack
 * sender and Web API client, against 1,000 bare chat.postMessage calls of the same message at
 * the same concurrency, both to the local fake Slack Web API.
 */
export async function digestFanOut(workDir: string): Promise<BenchRow[]> {
  const slack = new FakeSlack();
  await slack.start();
  const runtime = CoachRuntime.create(
    loadConfig({
      OPSCOACH_DB: join(workDir, 'digests.db'),
      OPSCOACH_PSEUDONYM_SECRET: 'bench-pseudonym-secret-0123456789',
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_API_URL: slack.apiUrl,
    }),
    silentLogger,
    { now: () => NOW },
  );
  try {
    const workspace = new SlackIdentity(runtime.pseudonyms).workspace('T1');
    // Enough answers in the window that every report qualifies: the digest carries figures and a chart.
    const { diagnostics } = loadDiagnostics((id) => runtime.knowledge.article(id) !== undefined);
    for (const d of diagnostics)
      seedResponses(runtime.store.responses, d, RESPONSES_PER_DIAGNOSTIC, {
        workspace,
        when: NOW,
        pick: (i, q) => (i + q) % 4,
      });
    // Subscribed as an admin would from each channel (`/opscoach digest on monday 09:00 UTC`).
    const subscribe = (channel: string) =>
      runtime.coach.digest(['on', 'monday', '09:00', 'UTC'], {
        admin: true,
        digestTarget: { platform: 'slack', channel, label: `#${channel}`, workspace },
      });
    const scheduler = new DigestScheduler(
      runtime.digests,
      runtime.store.digests,
      await createDigestSenders(runtime, silentLogger),
      silentLogger,
      runtime.now,
      { concurrency: CONCURRENCY },
    );
    // Warm-up: one channel's digest end to end (chart renderer, fonts, Web API client).
    subscribe('CWARMUP');
    if ((await scheduler.runOnce()).sent !== 1) throw new Error('digest fan-out: the warm-up digest was not sent');
    const week = localWeek(NOW, 'UTC');
    const tip = runtime.digests.tipFor(runtime.store.digests.active()[0] as Subscription, week);

    const channels = Array.from({ length: CHANNELS }, (_, i) => `C${String(i).padStart(4, '0')}`);
    for (const channel of channels) subscribe(channel);

    // Baseline: the same digest message, already rendered, posted to every channel.
    const message = {
      ...renderDigest(runtime.digests.compose({ workspace }, week, tip)),
      unfurl_links: false,
    };
    const client = new webApi.WebClient(BOT_TOKEN, { slackApiUrl: slack.apiUrl });
    const limit = pLimit(CONCURRENCY);
    const post = (channel: string) => limit(() => client.chat.postMessage({ channel, ...message }));
    await Promise.all(channels.slice(0, 20).map(post));
    slack.clear();
    let started = performance.now();
    await Promise.all(channels.map(post));
    const baseMs = since(started);
    const basePosts = slack.callsTo('chat.postMessage').length;
    if (basePosts !== CHANNELS) throw new Error(`digest fan-out: the baseline posted ${basePosts} messages`);

    slack.clear();
    slack.uploads.length = 0;
    started = performance.now();
    const summary = await scheduler.runOnce();
    const oursMs = since(started);
    const composeMs = timeCompose(() => runtime.digests.compose({ workspace }, week, tip));
    const posted = slack.callsTo('chat.postMessage');
    const postedTo = new Set(posted.map((c) => c.body.channel));
    const charts = slack.callsTo('files.completeUploadExternal').length;
    // Exactly one digest per channel, or the time is for something else.
    if (summary.sent !== CHANNELS || posted.length !== CHANNELS || postedTo.size !== CHANNELS)
      throw new Error(
        `digest fan-out: expected ${CHANNELS} digests, the scheduler sent ${summary.sent} and Slack got ${posted.length} posts to ${postedTo.size} channels`,
      );
    const calls = Object.entries(countBy(slack.calls.map((c) => c.method)))
      .map(([method, n]) => `${n.toLocaleString('en-GB')} ${method}`)
      .join(', ');
    const kb = slack.uploads.reduce((sum, u) => sum + u.bytes, 0) / slack.uploads.length / 1024;
    const n = CHANNELS.toLocaleString('en-GB');
    return [
      {
        name: `digest fan-out to ${n} channels (one run)`,
        p50: oursMs / 1000,
        baseline: `${n} bare WebClient chat.postMessage`,
        baselineP50: baseMs / 1000,
        unit: 's',
        note: `checked: exactly ${summary.sent.toLocaleString('en-GB')} digests posted, one to each of ${postedTo.size.toLocaleString('en-GB')} channels, ${charts.toLocaleString('en-GB')} of them with their chart (${summary.failed} failed, ${summary.gone} gone). One DigestScheduler run through the real Slack digest sender at concurrency ${CONCURRENCY} (its default), against the fake Slack Web API via SLACK_API_URL; a single run, so there is no p99. Each digest is composed per channel (a tip, and the workspace's ${diagnostics.length} reports and profile chart, computed and drawn once per workspace and reused for a minute, so here once per run; composing a digest then takes ${composeMs.toFixed(1)} ms of the run's ${(oursMs / CHANNELS).toFixed(1)} ms per digest), claimed and recorded in SQLite, posted, and its chart uploaded (${kb.toFixed(0)} KB each), so the run made ${calls} calls plus ${slack.uploads.length.toLocaleString('en-GB')} file uploads: four HTTP requests per digest against the baseline's one. The baseline posts the same rendered digest (blocks, no chart) with a bare WebClient at the same concurrency. The fake Slack is local, so this is our own overhead, not Slack's: real Slack allows about one message per second per channel, with workspace-wide limits on top.`,
      },
    ];
  } finally {
    runtime.close();
    await slack.stop();
  }
}

/** Milliseconds to compose one channel's digest (reports, tip and chart): the median of a few, warm. */
function timeCompose(compose: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    compose();
    times.push(since(started));
  }
  return median(times);
}

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadDiagnostics } from '../../src/core/diagnostics/definition.ts';
import { silentLogger } from '../../src/core/logging/logger.ts';
import { CoachRuntime } from '../../src/runtime.ts';
import { SlackIdentity } from '../../src/slack/identity.ts';
import { TeamsIdentity } from '../../src/teams/identity.ts';
import { FakeBotFramework } from '../helpers/bot-framework.ts';
import { FakeConnector } from '../helpers/fake-connector.ts';
import {
  type ChatRequestBody,
  completion,
  FAKE_OPENAI,
  FAKE_OPENAI_BASE_URL,
  streamedCompletion,
} from '../helpers/fake-openai.ts';
import { tempDir, testConfig } from '../helpers/runtime.ts';
import { seedResponses } from '../helpers/seed.ts';
import { eventEnvelope, FORM, JSON_TYPE, send, slashCommand } from '../helpers/slack-requests.ts';
import { startSlackHarness } from '../helpers/slack-server.ts';

// The worst case of each reply that grows with what it is fed, through the real stacks: a model
// that writes far too much (the stub OpenAI server), a report with hundreds of long comments,
// and a KNOWLEDGE_DIRS of hundreds of articles. Each rendered message must be within what the
// platform accepts: Slack rejects blocks carrying more than about 13,000 characters of text
// (msg_blocks_too_long), 50 blocks or a section over 3,000 characters; Teams rejects an activity
// over about 100 KB and Microsoft recommends 80 KB.

const SLACK_ADMIN = 'USIZEADMIN01';
const TEAMS_ADMIN = '5123ad00-0000-4000-8000-0000000000a1';
const TENANT = 'ten51ze0-aaaa-bbbb-cccc-ddddeeeeffff';

const connector = new FakeConnector();
const botFramework = new FakeBotFramework();
const knowledge = tempDir();
let h: Awaited<ReturnType<typeof startSlackHarness>>;

/**
 * Hundreds of an organisation's own articles with long titles and addresses, as a wiki has
 * them: 250 under one topic, the rest two to a topic.
 */
function writeArticles(folder: string, count: number): void {
  const wiki = `https://wiki.example.com/operations/${'services-and-their-runbooks/'.repeat(5)}runbooks`;
  for (let i = 0; i < count; i++) {
    const name = `kestrel${i}`;
    const topic = i < 250 ? 'Our own runbooks' : `Our own area ${Math.floor((i - 250) / 2)}`;
    writeFileSync(
      join(folder, `runbook-${i}.md`),
      `---
id: runbook-${i}
title: Restarting the ${name} service safely after an overnight incident at Example
summary: How the team that runs the ${name} service restarts it safely at Example Ltd.
topic: ${topic}
tags: [ours]
aliases: [${name} restart]
sources: [${wiki}/${i}]
---
## Restarting the ${name} service
{sources: ${wiki}/${i}}

The team that runs the ${name} service restarts it from its own pipeline after telling the people on call.
`,
    );
  }
}

/**
 * What a model that ignores every limit might write: headings, a table, code, and some ninety
 * thousand characters of cited sentences (more than a Teams activity holds), with an emoji at
 * every turn.
 */
const HUGE = [
  '## Who gets paged',
  '',
  '| Model | Who is paged | When |',
  '| --- | --- | --- |',
  '| You Build It You Run It | The product team | Out of hours |',
  '| Ops Run It | An operations team | Always |',
  '',
  '```',
  'page: product-team # not a heading',
  '```',
  '',
  ...Array.from(
    { length: 1000 },
    (_, i) => `Point ${i} 🚀: the team that builds a service carries the pager for it, so fixes land fast [1].`,
  ),
].join('\n');

beforeAll(async () => {
  writeArticles(knowledge.path, 400);
  await connector.start();
  botFramework.install();
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  h = await startSlackHarness({
    LOG_LEVEL: 'warn',
    ...botFramework.env(connector.base),
    OPSCOACH_ADMINS: `slack:${SLACK_ADMIN},teams:${TEAMS_ADMIN}`,
    KNOWLEDGE_DIRS: knowledge.path,
    OPENAI_API_KEY: 'sk-test-abcdefghijklmnop',
    OPENAI_BASE_URL: FAKE_OPENAI_BASE_URL,
    OPENAI_EMBEDDING_MODEL: 'none',
    OPENAI_TIMEOUT_MS: '5000',
  });
  // Hundreds of long comments, in the Slack workspace and in the Teams tenant.
  const side = CoachRuntime.create(
    testConfig(h.dbPath, {
      OPSCOACH_PSEUDONYM_SECRET: 'test-pseudonym-secret-0123456789',
      KNOWLEDGE_DIRS: knowledge.path,
    }),
    silentLogger,
  );
  const { diagnostics } = loadDiagnostics((id) => side.knowledge.article(id) !== undefined);
  const comment = (i: number) =>
    `Comment ${i}: handovers take too long and nobody owns the pager at night, so incidents bounce between teams. `.repeat(
      9,
    );
  for (const workspace of [
    new SlackIdentity(side.pseudonyms).workspace('T1'),
    new TeamsIdentity(side.pseudonyms).tenant(TENANT),
  ]) {
    seedResponses(side.store.responses, diagnostics[0] as never, 300, { workspace, pick: (i) => i % 4, comment });
  }
  side.close();
}, 120_000);

afterAll(async () => {
  await h.close();
  await connector.stop();
  botFramework.uninstall();
  nock.enableNetConnect();
  knowledge.cleanup();
});

beforeEach(() => {
  h.slack.clear();
  connector.clear();
});

/** Every string in the blocks, added up: more than Slack counts towards msg_blocks_too_long. */
function stringsIn(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + stringsIn(v), 0);
  if (value && typeof value === 'object') return Object.values(value).reduce((n: number, v) => n + stringsIn(v), 0);
  return 0;
}

type Block = { type: string; text?: { text: string } };

function expectWithinSlackLimits(blocks: unknown) {
  const list = blocks as Block[];
  expect(list.length).toBeLessThanOrEqual(50);
  expect(stringsIn(list)).toBeLessThanOrEqual(13_000);
  for (const block of list) {
    if (block.type === 'section') expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
    if (block.type === 'section') expect(block.text?.text).not.toMatch(/^\s*\|.*\|\s*$|^#{1,6} /m);
  }
}

/** The text of every section, as a person reads it. */
const sectionText = (blocks: unknown) =>
  (blocks as Block[])
    .filter((b) => b.type === 'section')
    .map((b) => b.text?.text ?? '')
    .join('\n');

/** The size of an activity as the Bot Connector received it. */
const activityBytes = (body: unknown) => Buffer.byteLength(JSON.stringify(body));

let teamsCounter = 0;
async function teams(text: string) {
  const res = await fetch(`${h.base}/api/messages`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: botFramework.authorization({ serviceUrl: connector.base }),
    },
    body: JSON.stringify({
      type: 'message',
      id: `size-${++teamsCounter}`,
      timestamp: new Date().toISOString(),
      serviceUrl: connector.base,
      channelId: 'msteams',
      from: { id: `29:${TEAMS_ADMIN}`, name: 'Someone', aadObjectId: TEAMS_ADMIN },
      conversation: { id: `a:personal-${TEAMS_ADMIN}`, conversationType: 'personal', tenantId: TENANT },
      recipient: { id: '28:opscoach-bot', name: 'Opscoach' },
      text,
      locale: 'en-GB',
      channelData: { tenant: { id: TENANT } },
    }),
  });
  expect(res.status).toBeLessThan(300);
  return (await connector.waitFor(() => connector.of('reply').find((c) => c.body.type !== 'typing'))).body;
}

/** The stub OpenAI server answers the next chat completion with `body`, remembering the request. */
function modelWrites(body: unknown, streamed = false): ChatRequestBody[] {
  const requests: ChatRequestBody[] = [];
  nock(FAKE_OPENAI)
    .post('/v1/chat/completions', (request: ChatRequestBody) => {
      requests.push(request);
      return true;
    })
    .reply(200, body as nock.Body, streamed ? { 'content-type': 'text/event-stream' } : {});
  return requests;
}

describe('a model that writes far too much', () => {
  it('asks the model for a bounded answer, and Slack gets it shortened at a sentence with a link to the article', async () => {
    const requests = modelWrites(completion(HUGE));
    await send(
      h.events,
      eventEnvelope({
        type: 'message',
        channel: 'D5',
        channel_type: 'im',
        user: 'U5',
        text: 'Who gets paged at 3am?',
        ts: '1700000500.000100',
      }),
      JSON_TYPE,
    );
    const answer = await h.slack.waitFor(() => h.slack.callsTo('chat.update')[0]);
    expect(requests[0]).toMatchObject({ max_tokens: 900 });
    expectWithinSlackLimits(answer.body.blocks);
    const shown = sectionText(answer.body.blocks);
    expect(shown).toMatch(
      /fixes land fast \[1\]\.\n\n\u200b?_\(Shortened to fit here\. Read more in <https:\/\/[^|]+\|[^>]+>\.\)_/,
    );
    expect(shown).toMatch(/Point 1 🚀/);
    expect(shown).not.toMatch(/Point 999/);
  });

  it('streams no more into a Slack thread than one message holds, and ends with the link', async () => {
    const pieces = HUGE.match(/[\s\S]{1,2000}/g) ?? [];
    modelWrites(streamedCompletion(pieces), true);
    await send(
      h.events,
      eventEnvelope({
        type: 'message',
        channel: 'D6',
        channel_type: 'im',
        user: 'U6',
        text: 'Who gets paged at 3am?',
        ts: '1700000600.000200',
        thread_ts: '1700000600.000100',
      }),
      JSON_TYPE,
    );
    const stop = await h.slack.waitFor(() => h.slack.callsTo('chat.stopStream')[0], 20_000);
    const streamed = [h.slack.callsTo('chat.startStream')[0], ...h.slack.callsTo('chat.appendStream'), stop]
      .flatMap((c) => (c?.body.chunks as { text?: string }[] | undefined) ?? [])
      .map((c) => c.text ?? '')
      .join('');
    expect(streamed.length).toBeLessThanOrEqual(12_000 - stringsIn(stop.body.blocks));
    expect(streamed).toMatch(
      /fast \[1\]\.\n+_\(Shortened to fit here\. Read more in \[[^\]]+\]\(https:\/\/[^)]+\)\.\)_$/,
    );
    expectWithinSlackLimits(stop.body.blocks);
  }, 30_000);

  it('gives Teams a card under 80 KB with the same shortening, and no Markdown Teams cannot show', async () => {
    modelWrites(completion(HUGE));
    const reply = await teams('Who gets paged at 3am?');
    expect(activityBytes(reply)).toBeLessThanOrEqual(80_000);
    const card = JSON.stringify(reply);
    expect(card).toMatch(/Shortened to fit here\. Read more in \[[^\]]+\]\(https:/);
    expect(card).not.toMatch(/`|\\n#{1,6} |\\n\|/);
    expect(card).toMatch(/"fontType":"Monospace"/);
  });
});

describe('a report with hundreds of long comments', () => {
  it('fits one Slack message, saying how many comments it left out', async () => {
    await send(
      h.events,
      slashCommand({ text: 'report handovers', responseUrl: h.slack.responseUrl('rep'), user: SLACK_ADMIN }),
      FORM,
    );
    const report = (await h.slack.waitFor(() => h.slack.responses.find((r) => r.id === 'rep'), 20_000)).body;
    expectWithinSlackLimits(report.blocks);
    const shown = sectionText(report.blocks);
    expect(shown).toMatch(/Comments\*\u200b? \(300, shuffled and undated\)/);
    expect(shown).toMatch(/…and \d+ more comments, not shown here for space/);
  }, 30_000);

  it('fits one Teams activity, saying how many comments it left out', async () => {
    const reply = await teams('report handovers');
    expect(activityBytes(reply)).toBeLessThanOrEqual(80_000);
    expect(JSON.stringify(reply)).toMatch(/…and \d+ more comments, not shown here for space/);
  }, 30_000);
});

describe('a KNOWLEDGE_DIRS of hundreds of articles', () => {
  it('lists the topics in one Slack message, with how many more each has', async () => {
    const ack = await send(h.events, slashCommand({ text: 'topics', responseUrl: h.slack.responseUrl('t') }), FORM);
    const blocks = ack.json?.blocks;
    expectWithinSlackLimits(blocks);
    const shown = sectionText(blocks);
    expect(shown).toMatch(/Our own runbooks\* \(250\)/);
    expect(shown).toMatch(/…and \d+ more: ask about Our own runbooks to find them/);
  });

  it('lists the topics in one Teams activity, with how many more each has', async () => {
    const reply = await teams('topics');
    expect(activityBytes(reply)).toBeLessThanOrEqual(80_000);
    expect(JSON.stringify(reply)).toMatch(/…and \d+ more: ask about Our own runbooks to find them/);
  });
});

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliIn } from '../helpers/cli.ts';
import { FakeConnector } from '../helpers/fake-connector.ts';
import { tempDir } from '../helpers/runtime.ts';
import { FORM, send, slashCommand } from '../helpers/slack-requests.ts';
import { startSlackHarness } from '../helpers/slack-server.ts';
import {
  SUGGESTION_QUESTION as QUESTION,
  SUGGESTION_SOURCE_PAGE as SOURCE_PAGE,
  SUGGESTION_ARTICLE_TITLE,
  writeSuggestionArticle,
} from '../helpers/suggestion-article.ts';

// Advice marked {suggestion} in an article is Opscoach's own, not a source's: every adapter must
// say so and attach no link to it, while the section beside it keeps the page it cites. The
// article lives in an organisation's folder so the question finds it whatever the ranking does.

const knowledge = tempDir();
const work = tempDir();
const connector = new FakeConnector();
let h: Awaited<ReturnType<typeof startSlackHarness>>;

beforeAll(async () => {
  writeSuggestionArticle(knowledge.path);
  await connector.start();
  h = await startSlackHarness({ KNOWLEDGE_DIRS: knowledge.path, TEAMS_ENABLED: 'true', LOG_LEVEL: 'silent' });
});
afterAll(async () => {
  await h.close();
  await connector.stop();
  knowledge.cleanup();
  work.cleanup();
});

/** The source lines of an answer, one per number, whatever the platform's markup. */
function sourceLines(text: string): string[] {
  return text.split('\n').filter((line) => /^\s*\[\d+\]/.test(line));
}

function expectSuggestionMarked(lines: string[]) {
  const suggestion = lines.find((line) => /Opscoach's suggestion/.test(line));
  expect(suggestion, lines.join('\n')).toBeDefined();
  expect(suggestion).toContain(SUGGESTION_ARTICLE_TITLE);
  expect(suggestion).not.toMatch(/https?:/);
  // The section that cites a page still links it.
  expect(lines.some((line) => line.includes(SOURCE_PAGE) && !/Opscoach's suggestion/.test(line))).toBe(true);
}

describe("Opscoach's own suggestions in every adapter", () => {
  it('the terminal labels the suggestion and gives it no link (and --json carries no url for it)', () => {
    const cli = cliIn(work.path, join(work.path, 'cli.db'));
    const text = cli.run(['ask', QUESTION], { env: { KNOWLEDGE_DIRS: knowledge.path } });
    expect(text.code).toBe(0);
    expectSuggestionMarked(sourceLines(text.stdout.slice(text.stdout.indexOf('Sources'))));
    const json = JSON.parse(cli.run(['ask', '--json', QUESTION], { env: { KNOWLEDGE_DIRS: knowledge.path } }).stdout);
    const suggestion = json.sources.find((s: { kind: string }) => s.kind === 'suggestion');
    expect(suggestion).toEqual({
      kind: 'suggestion',
      id: 'zebrafish-rota-swaps',
      title: 'Swapping zebrafish rota shifts',
    });
  });

  it('Slack Block Kit labels the suggestion and gives it no link', async () => {
    await send(h.events, slashCommand({ text: `ask ${QUESTION}`, responseUrl: h.slack.responseUrl('s1') }), FORM);
    const answer = await h.slack.waitFor(() => h.slack.responses.find((r) => r.id === 's1'));
    const blocks = answer.body.blocks as { text?: { text: string } }[];
    const sources = blocks.find((b) => b.text?.text.startsWith('*Sources*'))?.text?.text ?? '';
    expectSuggestionMarked(sourceLines(sources));
  });

  it('a Teams Adaptive Card labels the suggestion and gives it no link', async () => {
    const status = await fetch(`${h.base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: 'incoming-1',
        timestamp: new Date().toISOString(),
        serviceUrl: connector.base,
        channelId: 'msteams',
        from: { id: '29:teams-user-id', name: 'Priya Example', aadObjectId: 'aad0f00d-1111-2222-3333-444455556666' },
        conversation: { id: 'a:personal-chat', conversationType: 'personal', tenantId: 'ten0f00d' },
        recipient: { id: '28:opscoach-bot', name: 'Opscoach' },
        text: QUESTION,
        locale: 'en-GB',
        channelData: { tenant: { id: 'ten0f00d' } },
      }),
    });
    expect(status.status).toBe(200);
    const reply = await connector.waitFor(() => connector.of('reply').find((c) => c.body.attachments));
    const card = (reply.body.attachments as { content: { body: { text?: string }[] } }[])[0]?.content;
    const sources = card?.body.map((element) => element.text ?? '').find((t) => t.startsWith('**Sources**')) ?? '';
    expectSuggestionMarked(sourceLines(sources.replace(/\n\n/g, '\n')));
  });
});

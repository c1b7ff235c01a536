import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type BotProcess, spawnBot } from '../helpers/bot-process.ts';
import { FakeSlack } from '../helpers/fake-slack.ts';
import { tempDir } from '../helpers/runtime.ts';
import { buttonsOf, clickerFor, type Element, labelled } from '../helpers/slack-buttons.ts';
import { BOT_TOKEN, FORM, SIGNING_SECRET, send, slashCommand } from '../helpers/slack-requests.ts';

const work = tempDir();
const db = join(work.path, 'crash.db');
const slack = new FakeSlack();
const running: BotProcess[] = [];
const PERSON = { team: 'TCRASH', user: 'UCRASHTEST', channel: 'CCRASH' };

beforeAll(() => slack.start());
afterEach(async () => {
  for (const bot of running.splice(0)) await bot.kill();
});
afterAll(async () => {
  await slack.stop();
  work.cleanup();
});

/** Starts the real bot on the same database file each time: a restart after a crash. */
async function startBot() {
  const bot = spawnBot(
    {
      OPSCOACH_DB: db,
      OPSCOACH_PSEUDONYM_SECRET: 'crash-test-pseudonym-secret-0123',
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      LOG_LEVEL: 'info',
    },
    { cwd: work.path },
  );
  running.push(bot);
  const events = `http://127.0.0.1:${await bot.started()}/slack/events`;
  return { bot, events, click: clickerFor(events, slack, PERSON) };
}

async function crash(bot: BotProcess) {
  bot.child.kill('SIGKILL');
  expect((await bot.exited).signal).toBe('SIGKILL');
}

const responses = () => {
  const raw = new Database(db, { readonly: true });
  try {
    return (raw.prepare('SELECT count(*) AS n FROM diagnostic_responses').get() as { n: number }).n;
  } finally {
    raw.close();
  }
};
const text = (body: Record<string, unknown>) => JSON.stringify(body.blocks);

describe('a crash in the middle of a diagnostic', () => {
  it('lets the person carry on where they were after SIGKILL and a restart, and saves exactly one response', async () => {
    let bot = await startBot();
    const start = await send(
      bot.events,
      slashCommand({ text: 'diagnose handovers', responseUrl: slack.responseUrl('unused'), ...PERSON }),
      FORM,
    );
    let message = await bot.click(labelled(start.json?.blocks, /^Start$/));
    message = await bot.click(labelled(message.blocks, /Building software/));
    message = await bot.click(labelled(message.blocks, /Mostly our own people/));
    message = await bot.click(labelled(message.blocks, /^Yes/));
    for (let q = 1; q <= 3; q++) message = await bot.click(buttonsOf(message.blocks)[1]);
    expect(text(message)).toMatch(/Question 4 of 8/);

    await crash(bot.bot);
    bot = await startBot();
    // The screen they were looking at still works: question 4 is answered, on to 5.
    message = await bot.click(buttonsOf(message.blocks)[1]);
    expect(text(message)).toMatch(/Question 5 of 8/);
    for (let q = 5; q <= 8; q++) message = await bot.click(buttonsOf(message.blocks)[1]);
    const finish: Element | undefined = labelled(message.blocks, /^Finish$/);
    const result = await bot.click(finish);
    expect(text(result)).toMatch(/Read next/);

    // Killed the moment the result was shown: the response is already safe on disk.
    await crash(bot.bot);
    expect(responses()).toBe(1);
    bot = await startBot();
    // Slack redelivering the same click, or the person clicking again, saves nothing twice.
    const again = await bot.click(finish);
    expect(text(again)).toMatch(/already (saved|finished)/);
    expect(responses()).toBe(1);
    const integrity = new Database(db, { readonly: true });
    expect(integrity.pragma('integrity_check', { simple: true })).toBe('ok');
    integrity.close();
  });
});

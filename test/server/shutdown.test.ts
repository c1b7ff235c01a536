import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logging/logger.ts';
import { CoachRuntime } from '../../src/runtime.ts';
import { type BotProcess, spawnBot } from '../helpers/bot-process.ts';
import { FakeSlack } from '../helpers/fake-slack.ts';
import { tempDir, testConfig } from '../helpers/runtime.ts';
import { BOT_TOKEN, FORM, SIGNING_SECRET, send, slashCommand } from '../helpers/slack-requests.ts';

const SECRET = 'shutdown-test-pseudonym-secret-01';
const work = tempDir();
const slack = new FakeSlack();
const running: BotProcess[] = [];
beforeAll(() => slack.start());
afterEach(async () => {
  for (const bot of running.splice(0)) await bot.kill();
  slack.clear();
});
afterAll(async () => {
  await slack.stop();
  work.cleanup();
});

/** A database whose one channel's weekly digest is due the moment the bot starts. */
function databaseWithDueDigest(name: string): string {
  const db = join(work.path, name);
  const runtime = CoachRuntime.create(testConfig(db, { OPSCOACH_PSEUDONYM_SECRET: SECRET }), silentLogger);
  const today = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'][new Date().getUTCDay()];
  runtime.coach.digest(['on', today ?? 'monday', '00:00', 'UTC'], {
    admin: true,
    digestTarget: { platform: 'slack', channel: 'CDIGEST', label: '#digest' },
  });
  runtime.close();
  return db;
}

async function startBot(db: string, env: Record<string, string> = {}) {
  const bot = spawnBot(
    {
      OPSCOACH_DB: db,
      OPSCOACH_PSEUDONYM_SECRET: SECRET,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      LOG_LEVEL: 'info',
      ...env,
    },
    { cwd: work.path },
  );
  running.push(bot);
  return { bot, base: `http://127.0.0.1:${await bot.started()}` };
}

/** Puts a question in flight: acknowledged at once, its answer slowed down by the fake Slack. */
async function askSlowly(base: string, id: string) {
  const ack = await send(
    `${base}/slack/events`,
    slashCommand({ text: 'What is a standard change?', responseUrl: slack.responseUrl(id) }),
    FORM,
  );
  expect(ack.status).toBe(200);
  return slack.waitFor(() => slack.responses.find((r) => r.id === id));
}

describe('SIGTERM', () => {
  it('stops taking work, finishes the answer and the digest in flight, closes the database and exits 0', async () => {
    const db = databaseWithDueDigest('graceful.db');
    slack.slowDown('chat.postMessage', 1_500);
    slack.slowDown('response', 1_500);
    const { bot, base } = await startBot(db);
    const digest = await slack.waitFor(() =>
      slack.callsTo('chat.postMessage').find((c) => c.body.channel === 'CDIGEST'),
    );
    const answer = await askSlowly(base, 'in-flight');
    expect(digest.answeredAt).toBeUndefined();
    expect(answer.answeredAt).toBeUndefined();

    const signalled = Date.now();
    bot.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 100));
    const late = await send(
      `${base}/slack/events`,
      slashCommand({ text: 'help', responseUrl: slack.responseUrl('late') }),
      FORM,
    ).catch(() => ({ status: 0 }));
    expect([0, 503]).toContain(late.status); // refused, or turned away for Slack to retry

    const exit = await bot.exited;
    const stopped = Date.now();
    expect(exit.code).toBe(0);
    expect(stopped - signalled).toBeLessThan(8_000);
    // Both pieces of work were allowed to finish before the process went.
    expect(digest.answeredAt).toBeLessThanOrEqual(stopped);
    expect(answer.answeredAt).toBeLessThanOrEqual(stopped);
    expect(bot.logs.map((l) => l.msg)).toEqual(
      expect.arrayContaining(['shutting down: finishing work in progress', 'stopped cleanly']),
    );

    // The digest counts as sent (it will not go out twice after a restart), and the database
    // was closed cleanly: its write-ahead log was checkpointed and removed.
    expect(existsSync(`${db}-wal`)).toBe(false);
    const raw = new Database(db, { readonly: true });
    expect(raw.prepare('SELECT status FROM digest_sends').all()).toEqual([{ status: 'sent' }]);
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    raw.close();
    expect(slack.callsTo('chat.postMessage').filter((c) => c.body.channel === 'CDIGEST')).toHaveLength(1);
    expect(slack.responses.find((r) => r.id === 'late')).toBeUndefined();
  });

  it('gives up after OPSCOACH_SHUTDOWN_TIMEOUT_MS, says what it abandoned, and exits 1', async () => {
    const db = join(work.path, 'stuck.db');
    slack.slowDown('chat.postMessage', 0);
    slack.slowDown('response', 10_000);
    const { bot, base } = await startBot(db, { OPSCOACH_SHUTDOWN_TIMEOUT_MS: '1000' });
    await askSlowly(base, 'stuck');
    const signalled = Date.now();
    bot.child.kill('SIGTERM');
    const exit = await bot.exited;
    expect(exit.code).toBe(1);
    expect(Date.now() - signalled).toBeLessThan(5_000);
    expect(bot.logs.find((l) => l.msg === 'shutdown timed out; work was abandoned')).toMatchObject({ level: 50 });
  });
});

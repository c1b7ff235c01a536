import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logging/logger.ts';
import { CoachRuntime } from '../../src/runtime.ts';
import { spawnBot } from '../helpers/bot-process.ts';
import { FakeSlack } from '../helpers/fake-slack.ts';
import { holdWriteLock } from '../helpers/lock-holder.ts';
import { tempDir, testConfig } from '../helpers/runtime.ts';
import { BOT_TOKEN, FORM, SIGNING_SECRET, send, slashCommand } from '../helpers/slack-requests.ts';
import { startSlackHarness } from '../helpers/slack-server.ts';

const work = tempDir();
// The bot may run as another user below: it must be able to reach its folders.
chmodSync(work.path, 0o755);
const slack = new FakeSlack();
beforeAll(() => slack.start());
afterAll(async () => {
  await slack.stop();
  work.cleanup();
});

const fingerprint = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const integrity = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true });
  } finally {
    db.close();
  }
};

/** A database as a previous run of Opscoach left it. */
function existingDatabase(folder: string): string {
  mkdirSync(folder, { recursive: true });
  const file = join(folder, 'opscoach.db');
  CoachRuntime.create(testConfig(file), silentLogger).close();
  return file;
}

/** `npm start` over that database until it gives up; its one-line complaint. */
async function startAgainst(db: string, runAs?: 'nobody') {
  const folder = join(work.path, `run-${Math.random().toString(36).slice(2)}`);
  mkdirSync(folder, { mode: 0o777 });
  chmodSync(folder, 0o777);
  const bot = spawnBot(
    {
      OPSCOACH_DB: db,
      OPSCOACH_PSEUDONYM_SECRET: 'db-faults-pseudonym-secret-0123',
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      LOG_LEVEL: 'info',
    },
    { cwd: folder, runAs },
  );
  // It should stop by itself; if it starts instead, that is the failure to report.
  const outcome = await Promise.race([
    bot.exited,
    bot.started().then(
      () => 'started' as const,
      () => 'failed' as const,
    ),
  ]);
  const exit = await (outcome === 'started' ? bot.kill().then(() => bot.exited) : bot.exited);
  return { code: outcome === 'started' ? 'started' : exit.code, stderr: bot.output().stderr };
}

describe('a database it cannot use at start-up', () => {
  it('refuses a read-only file in one line and leaves it untouched', async () => {
    const folder = join(work.path, 'read-only');
    const db = existingDatabase(folder);
    chmodSync(folder, 0o777);
    chmodSync(db, 0o444);
    const before = fingerprint(db);
    // Root may write any file, so the bot runs as another user when the tests run as root.
    const { code, stderr } = await startAgainst(db, process.getuid?.() === 0 ? 'nobody' : undefined);
    expect(code).toBe(1);
    expect(stderr).toBe(
      `opscoach: The database ${db} is read-only; Opscoach needs to write to it (check file permissions).\n`,
    );
    expect(fingerprint(db)).toBe(before);
  });

  it('refuses a file another process keeps locked, after waiting a while, in one line', async () => {
    const db = existingDatabase(join(work.path, 'locked'));
    // Held until the bot has given up, however long a busy machine takes to start it.
    const lock = await holdWriteLock(db, 120_000);
    const started = Date.now();
    const { code, stderr } = await startAgainst(db);
    expect(code).toBe(1);
    expect(stderr).toBe(`opscoach: The database ${db} is locked by another process; try again when it is free.\n`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(5_000); // the busy timeout was honoured
    await lock.release();
    expect(integrity(db)).toBe('ok');
  });
});

describe('a database locked while the bot is running', () => {
  let h: Awaited<ReturnType<typeof startSlackHarness>>;
  beforeAll(async () => {
    h = await startSlackHarness();
  });
  afterAll(async () => h.close());

  async function ask(id: string) {
    const res = await send(
      h.events,
      slashCommand({ text: 'What is a standard change?', responseUrl: h.slack.responseUrl(id) }),
      FORM,
    );
    expect(res.status).toBe(200);
    return JSON.stringify((await h.slack.waitFor(() => h.slack.responses.find((r) => r.id === id), 20_000)).body);
  }

  it('waits out a short lock: a question asked meanwhile is answered', async () => {
    const lock = await holdWriteLock(h.dbPath, 1_500);
    const reply = await ask('short-lock');
    expect(reply).toMatch(/pre-approved/);
    expect(reply).not.toMatch(/went wrong/);
    await lock.released;
  });

  it('tells the person with a reference when a lock outlasts the wait, then carries on unharmed', async () => {
    const lock = await holdWriteLock(h.dbPath, 6_500);
    const reply = await ask('long-lock');
    expect(reply).toMatch(/something went wrong on my side/);
    const reference = /reference \*([0-9a-f]+)\*/.exec(reply)?.[1];
    expect(h.logs.some((l) => l.includes(`"reference":"${reference}"`) && l.includes('database is locked'))).toBe(true);
    await lock.released;
    expect(await ask('after-lock')).toMatch(/pre-approved/);
    expect(integrity(h.dbPath)).toBe('ok');
  });
});

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../helpers/fake-slack.ts';
import { tempDir } from '../helpers/runtime.ts';
import { BOT_TOKEN, SIGNING_SECRET } from '../helpers/slack-requests.ts';

const main = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
// tsx's loader by absolute URL: the process runs in an empty folder, as on a fresh machine.
const tsx = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;
const work = tempDir();
const slack = new FakeSlack();
beforeAll(() => slack.start());
afterAll(async () => {
  await slack.stop();
  work.cleanup();
});

/** `npm start` as a separate process, from a folder with no .env, with only the given variables. */
function start(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', tsx, main], {
      cwd: work.path,
      env: { PATH: process.env.PATH ?? '', OPSCOACH_DB: join(work.path, 'start.db'), PORT: '0', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const secret = { OPSCOACH_PSEUDONYM_SECRET: 'test-pseudonym-secret-0123456789' };

describe('npm start', () => {
  it.each([
    ['no credentials at all', {}, /SLACK_BOT_TOKEN.*npm run chat/],
    [
      'a bot token alone',
      { SLACK_BOT_TOKEN: BOT_TOKEN, ...secret },
      /SLACK_APP_TOKEN \/ SLACK_SIGNING_SECRET.*npm run chat/,
    ],
    [
      'a malformed bot token',
      { SLACK_BOT_TOKEN: 'abc', SLACK_SIGNING_SECRET: SIGNING_SECRET },
      /Invalid SLACK_BOT_TOKEN: expected a bot token starting with xoxb-/,
    ],
    ['a malformed app token', { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: 'token' }, /Invalid SLACK_APP_TOKEN/],
    [
      'no pseudonym secret',
      { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET },
      /Invalid OPSCOACH_PSEUDONYM_SECRET/,
    ],
  ])('stops with one clear line for %s', async (_, env, message) => {
    const { code, stderr } = await start(env);
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(stderr).not.toContain(BOT_TOKEN);
  });

  it('says plainly when Slack rejects the token', async () => {
    slack.answerWith('auth.test', () => ({ body: { ok: false, error: 'invalid_auth' } }));
    const { code, stderr } = await start({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      LOG_LEVEL: 'silent',
      ...secret,
    });
    expect(code).toBe(1);
    expect(stderr.trim()).toMatch(/^opscoach: Invalid SLACK_BOT_TOKEN: Slack rejected it/);
    expect(stderr).not.toContain(BOT_TOKEN);
  });
});

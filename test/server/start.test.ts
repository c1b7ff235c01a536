import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnBot } from '../helpers/bot-process.ts';
import { FakeSlack } from '../helpers/fake-slack.ts';
import { tempDir } from '../helpers/runtime.ts';
import { BOT_TOKEN, SIGNING_SECRET } from '../helpers/slack-requests.ts';

const work = tempDir();
const slack = new FakeSlack();
beforeAll(() => slack.start());
afterAll(async () => {
  await slack.stop();
  work.cleanup();
});

/** `npm start` as a separate process, from a folder with no .env, run until it stops by itself. */
async function start(env: Record<string, string>) {
  const bot = spawnBot({ OPSCOACH_DB: join(work.path, 'start.db'), ...env }, { cwd: work.path });
  const timer = setTimeout(() => void bot.kill(), 45_000);
  const { code } = await bot.exited;
  clearTimeout(timer);
  return { code, ...bot.output() };
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
    [
      'Teams without authentication on every interface',
      { TEAMS_ENABLED: 'true', HOST: '', ...secret },
      /^opscoach: Invalid HOST: expected a loopback address .* authentication off \(got every interface\)/,
    ],
    [
      'Teams without authentication on a public interface',
      { TEAMS_ENABLED: 'true', HOST: '0.0.0.0', ...secret },
      /^opscoach: Invalid HOST: expected a loopback address .* \(got "0\.0\.0\.0"\); set MicrosoftAppId/,
    ],
    [
      'a Teams serviceUrl allow-list with a path in it',
      { TEAMS_ENABLED: 'true', TEAMS_SERVICE_URLS: 'https://smba.example.cn/teams/', ...secret },
      /^opscoach: Invalid TEAMS_SERVICE_URLS: expected host names/,
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

import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnBot } from './helpers/bot-process.ts';
import { FakeSlack } from './helpers/fake-slack.ts';
import { tempDir } from './helpers/runtime.ts';
import { BOT_TOKEN, SIGNING_SECRET } from './helpers/slack-requests.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
// A folder of its own beside dist/ (the build resolves knowledge and prompts from the package
// root), so this test never disturbs a dist/ someone is running.
const out = join(root, `dist-test-${process.pid}`);
const work = tempDir();
const slack = new FakeSlack();

beforeAll(async () => {
  execFileSync(process.execPath, ['scripts/build.js', out], { cwd: root, stdio: 'pipe' });
  await slack.start();
}, 180_000);
afterAll(async () => {
  await slack.stop();
  rmSync(out, { recursive: true, force: true });
  work.cleanup();
});

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
  );

describe('npm run build', () => {
  it('compiles every source file to JavaScript that loads no TypeScript', () => {
    const sources = files(join(root, 'src'))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => relative(join(root, 'src'), f).replace(/\.ts$/, '.js'));
    const compiled = files(out).map((f) => relative(out, f));
    expect(compiled).toEqual(expect.arrayContaining(sources));
    // Node 22.18 and later would run a .ts import by stripping types; production must not need to.
    const tsImports = compiled
      .filter((f) => f.endsWith('.js'))
      .filter((f) => /(?:from\s*|import\s*\(\s*)['"][^'"]+\.ts['"]/.test(readFileSync(join(out, f), 'utf8')));
    expect(tsImports).toEqual([]);
  });

  const ask = (question: string, db = 'cli.db') =>
    spawnSync(process.execPath, [join(out, 'cli', 'main.js'), 'ask', '--json', question], {
      cwd: work.path,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: work.path, OPSCOACH_DB: join(work.path, db) },
      timeout: 25_000,
    });

  it('answers from the compiled command with no TypeScript loader, its migrations found beside it', () => {
    const run = ask('Who gets paged at 3am?');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const answer = JSON.parse(run.stdout);
    expect(answer.answered).toBe(true);
    expect(answer.sources.length).toBeGreaterThan(0);
  });

  it('answers the same on the next start, from what the first start worked out and kept', () => {
    // A rare word makes the spelling check consult the everyday-English word lists.
    const question = 'Who gets pagged at 3am when the zeitgeist changes?';
    const first = ask(question, 'kept.db');
    const second = ask(question, 'kept.db');
    expect(second.status).toBe(0);
    expect(second.stdout).toBe(first.stdout);
  });

  it('starts the compiled server in Slack HTTP mode, healthy and ready', async () => {
    const bot = spawnBot(
      {
        OPSCOACH_DB: join(work.path, 'server.db'),
        OPSCOACH_PSEUDONYM_SECRET: 'test-pseudonym-secret-0123456789',
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
      },
      { cwd: work.path, compiled: join(out, 'main.js') },
    );
    try {
      const port = await bot.started();
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
      bot.child.kill('SIGTERM');
      expect((await bot.exited).code).toBe(0);
    } finally {
      await bot.kill();
    }
  });
});

import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { cliIn } from '../helpers/cli.ts';
import { tempDir } from '../helpers/runtime.ts';

const work = tempDir();
const db = join(work.path, 'checkins.db');
afterAll(() => work.cleanup());
const cli = cliIn(work.path, db);
// Every command here is a process that loads the knowledge base: the tests give them time.
const opscoach = (args: string[], input = '') => cli.run(args, { input, timeoutMs: 60_000 });

describe('check-ins at the terminal', () => {
  it('explains how to run the job, and refuses a date it cannot read', () => {
    const bare = opscoach(['checkins']);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/checkins needs --run-now/);
    const badDate = opscoach(['checkins', '--run-now', '--as-of', 'next tuesday']);
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toMatch(/--as-of needs a date such as 2026-03-16/);
    expect(opscoach(['report', '--as-of', '2026-03-16']).code).toBe(2);
    const noPlatform = opscoach(['checkins', '--run-now', '--as-of', '2026-03-16']);
    expect(noPlatform.code).toBe(2);
    expect(noPlatform.stderr).toMatch(/set SLACK_BOT_TOKEN or MicrosoftAppId/);
    for (const r of [bare, badDate, noPlatform]) expect(r.stderr).not.toMatch(/ at \w+ \(|node_modules/);
  }, 120_000);

  it('picks an experiment by number and asks how it went in the next chat once it is due', () => {
    // Start, decline both context questions, the worst answer to all eight, finish, then the first experiment.
    const input = ['1', '6', '4', '1', '1', '1', '1', '1', '1', '1', '1', '1', '1', ''].join('\n');
    const picked = opscoach(['diagnose', 'handovers'], input);
    expect(picked.code).toBe(0);
    expect(picked.stdout).toMatch(/One thing to try/);
    expect(picked.stdout).toMatch(/1\) Page the building team first, in office hours, for one week/);
    expect(picked.stdout).toMatch(/I'll check in on .* \(in two weeks\), the next time you run `?opscoach chat`? here/);
    // Nothing is due yet: the next chat is an ordinary one.
    expect(opscoach(['chat'], 'exit\n').stdout).not.toMatch(/How did it go/);
    // Two weeks pass.
    const raw = new Database(db);
    raw.prepare("UPDATE followups SET due_day = '2000-01-01'").run();
    raw.close();
    const chat = opscoach(['chat'], '1\n');
    expect(chat.code).toBe(0);
    expect(chat.stdout).toMatch(/How did it go\?/);
    expect(chat.stdout).toMatch(/noted “Tried it: it helped”/);
    // Asked once only.
    expect(opscoach(['chat'], 'exit\n').stdout).not.toMatch(/How did it go/);
    expect(opscoach(['results']).stdout).toMatch(/Page the building team first.*tried it: it helped/);
  }, 180_000);
});

import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS, usage } from '../../src/cli/command-table.ts';
import { cliIn } from '../helpers/cli.ts';
import { tempDir } from '../helpers/runtime.ts';

const work = tempDir();
afterAll(() => work.cleanup());
const cli = cliIn(work.path, join(work.path, 'table.db'));

describe('the table of commands', () => {
  it('is what help lists: every command with its usage and every option it takes', () => {
    const help = cli.run(['help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toBe(`${usage()}\n`);
    for (const command of COMMANDS) {
      expect(help.stdout).toContain(`  ${command.usage} `);
      const described = `${command.usage} ${command.summary.join(' ')}`;
      for (const option of command.options.filter((o) => o !== 'json' && o !== 'force' && o !== 'map'))
        expect(described).toContain(`--${option}`);
    }
  });

  it('refuses an option the command does not take, naming the ones it does, before opening anything', () => {
    const refused = cli.run(['ask', '--weeks', '3', 'What is a CAB?']);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toBe('opscoach: ask does not take --weeks; it takes --json\n');
    const none = cli.run(['chat', '--json']);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe('opscoach: chat does not take --json\n');
  });

  it('checks each command’s own arguments', () => {
    expect(cli.run(['gaps', '--days', '0']).stderr).toMatch(/--days needs a whole number of days from 1 to 3650/);
    expect(cli.run(['evidence', '--weeks', '105']).stderr).toMatch(
      /--weeks needs a whole number of weeks from 1 to 104/,
    );
    expect(cli.run(['import', 'jira', 'x.csv'])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/kinds: pagerduty/),
    });
  });
});

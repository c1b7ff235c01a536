import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type CliOptions, cliIn } from '../helpers/cli.ts';
import { tempDir } from '../helpers/runtime.ts';

const work = tempDir();
afterAll(() => work.cleanup());
const cli = cliIn(work.path, join(work.path, 'cli.db'));
const opscoach = (args: string[], options: CliOptions = {}) => cli.run(args, options);

describe('the opscoach command', () => {
  it('answers once with --json in the documented shape', () => {
    const { code, stdout, stderr } = opscoach(['ask', '--json', 'What is a standard change?']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(Object.keys(json).sort()).toEqual(['answered', 'sources', 'text']);
    expect(json.answered).toBe(true);
    expect(json.sources.length).toBeGreaterThan(0);
    for (const s of json.sources) {
      // Playbook-backed sources keep their main page as "url"; Opscoach's own suggestions have none.
      expect(Object.keys(s).sort()).toEqual(['id', 'kind', 'pages', 'title', 'url']);
      expect(s.url).toBe(s.pages[0].url);
    }
    expect(json.text).toMatch(/\[1\]/);
  });

  it('reports answered:false for an off-topic question', () => {
    const { code, stdout } = opscoach(['ask', '--json', 'best pizza place near the office?']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ answered: false, sources: [] });
  });

  it('chats over piped input, one message per line, keeping context for follow-ups', () => {
    const { code, stdout } = opscoach(['chat'], {
      input: 'help\nWhat is You Build It You Run It?\nwhat are its drawbacks?\nexit\nnever read\n',
    });
    expect(code).toBe(0);
    expect(stdout).toMatch(/Commands/);
    // Each source names its article, then the playbook pages it draws on.
    expect(stdout).toMatch(
      /\[1\] What is You Build It You Run It\?\n\s+[^\n]+: https:\/\/playbooks\.equalexperts\.com\//,
    );
    expect(stdout).toMatch(/drawbacks of You Build It You Run It/i);
    expect(stdout).not.toMatch(/never read/);
    expect(stdout).not.toContain(String.fromCharCode(27));
  });

  it('lists topics', () => {
    const { code, stdout } = opscoach(['topics']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Operating models/);
    expect(stdout).toMatch(/Case studies/);
  });

  it('stops with one clear line naming a bad variable', () => {
    const { code, stdout, stderr } = opscoach(['ask', 'hi'], { env: { OPENAI_TIMEOUT_MS: 'soon' } });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/OPENAI_TIMEOUT_MS/);
  });

  it('reads an optional .env file, with real environment variables winning', () => {
    const dir = tempDir();
    try {
      const env = join(dir.path, '.env');
      writeFileSync(env, 'LOG_LEVEL=loud\n');
      const there = cliIn(dir.path, join(dir.path, 'x.db'));
      const result = there.run(['topics']);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/Invalid LOG_LEVEL/);
      const overridden = there.run(['topics'], { env: { LOG_LEVEL: 'error' } });
      expect(overridden.code).toBe(0);
    } finally {
      dir.cleanup();
    }
  });

  it('explains usage for an unknown command', () => {
    const { code, stderr } = opscoach(['fly']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown command "fly"/);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { cliIn } from '../helpers/cli.ts';
import { tempDir } from '../helpers/runtime.ts';

const work = tempDir();
const db = join(work.path, 'diagnose.db');
afterAll(() => work.cleanup());
const cli = cliIn(work.path, db);
const opscoach = (args: string[], input = '') => cli.run(args, { input });

describe('a diagnostic in the terminal', () => {
  it('runs on piped numbers, takes a comment, shows the result and logs it pseudonymised', () => {
    // Start, role 1, sourcing 3, eight answers, then a comment.
    const comment =
      'Call Priya on +44 7700 900123 or priya@examplecorp.test, notes at https://intranet.examplecorp.test/oncall';
    const input = ['1', '1', '3', '4', '4', '3', '4', '3', '4', '4', '3', comment, ''].join('\n');
    const { code, stdout, stderr } = opscoach(['diagnose', 'handovers'], input);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/pseudonymised/);
    expect(stdout).toMatch(/Question 8 of 8/);
    expect(stdout).toMatch(/Incident handovers: Builders run it \(\d+\/100\)/);
    expect(stdout).toMatch(/Read next/);

    const raw = new Database(db, { readonly: true });
    const [row] = raw.prepare('SELECT sourcing, role, comment, week FROM diagnostic_responses').all() as Record<
      string,
      string
    >[];
    raw.close();
    expect(row).toMatchObject({ role: 'delivery', sourcing: 'outsourced' });
    expect(row?.comment).toBe('Call Priya on [phone] or [email], notes at [link]');
    expect(row?.week).toMatch(/^\d{4}-W\d{2}$/);
    const bytes = readFileSync(db).toString('latin1');
    for (const leak of ['7700 900123', 'priya@', 'intranet.examplecorp']) expect(bytes).not.toContain(leak);
  });

  it('shows the person their own results, also as JSON', () => {
    const { code, stdout } = opscoach(['results', '--json']);
    expect(code).toBe(0);
    const results = JSON.parse(stdout);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ diagnostic: 'handovers', profile: { id: 'builders-run-it' } });
    expect(opscoach(['results']).stdout).toMatch(/Builders run it/);
  });

  it('offers the choice when no diagnostic is named, and cancels cleanly', () => {
    const { code, stdout } = opscoach(['diagnose'], '2\n7\n');
    expect(code).toBe(0);
    expect(stdout).toMatch(/Incident handovers/);
    expect(stdout).toMatch(/Release pain/);
    expect(stdout).toMatch(/Question 1 of 8/);
    expect(stdout).toMatch(/cancelled; nothing was saved/);
  });
});

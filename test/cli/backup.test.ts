import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDiagnostics } from '../../src/core/diagnostics/definition.ts';
import { silentLogger } from '../../src/core/logging/logger.ts';
import { CoachRuntime } from '../../src/runtime.ts';
import { cliIn } from '../helpers/cli.ts';
import { tempDir, testConfig } from '../helpers/runtime.ts';
import { seedResponses } from '../helpers/seed.ts';

const work = tempDir();
afterAll(() => work.cleanup());
const live = join(work.path, 'live.db');
const cli = cliIn(work.path, live);

const count = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM diagnostic_responses').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('opscoach backup', () => {
  it('copies the database while it is being written to, checks the copy, and the copy restores', async () => {
    const runtime = CoachRuntime.create(testConfig(live), silentLogger);
    const { diagnostics } = loadDiagnostics((id) => runtime.knowledge.article(id) !== undefined);
    const d = diagnostics[0] as never;
    seedResponses(runtime.store.responses, d, 200);
    // The bot keeps writing while the backup runs.
    const writer = setInterval(() => seedResponses(runtime.store.responses, d, 5), 5);
    try {
      const { stdout } = await cli.runAsync(['backup', 'copy.db']);
      expect(stdout).toMatch(
        /^Backed up .*live\.db to copy\.db \([\d.]+ [KM]B, schema version \d+, integrity ok\)\.\n$/,
      );
    } finally {
      clearInterval(writer);
    }
    // Readable by this user alone, like the database itself.
    if (process.platform !== 'win32') expect(statSync(join(work.path, 'copy.db')).mode & 0o777).toBe(0o600);
    const copied = count(join(work.path, 'copy.db'));
    expect(copied).toBeGreaterThanOrEqual(200);
    expect(copied).toBeLessThanOrEqual(count(live));
    runtime.close();

    // Restoring is starting Opscoach on the copy.
    const restored = CoachRuntime.create(testConfig(join(work.path, 'copy.db')), silentLogger);
    restored.close();
    expect(count(join(work.path, 'copy.db'))).toBe(copied);
  });

  it('never overwrites a file unless told to, and explains a missing database', () => {
    const again = cli.run(['backup', 'copy.db']);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe('opscoach: copy.db already exists; choose another name or pass --force to replace it.\n');
    expect(cli.run(['backup', '--force', 'copy.db']).code).toBe(0);

    const nowhere = cliIn(work.path, join(work.path, 'missing.db')).run(['backup', 'x.db']);
    expect(nowhere.code).toBe(1);
    expect(nowhere.stderr).toMatch(/There is no database at .*missing\.db/);
    expect(existsSync(join(work.path, 'x.db'))).toBe(false);
    expect(cli.run(['backup']).code).toBe(2);
  });
});

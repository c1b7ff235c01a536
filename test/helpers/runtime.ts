import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Config, loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/core/logging/logger.ts';
import { CoachRuntime, type RuntimeOptions } from '../../src/runtime.ts';

/** A fresh temporary folder, removed by the returned cleanup. */
export function tempDir(prefix = 'opscoach-test-'): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

/** Configuration as the process would read it, with a database in a temporary folder. */
export function testConfig(dbPath: string, env: Record<string, string> = {}): Config {
  return loadConfig({ OPSCOACH_DB: dbPath, ...env });
}

/** A real runtime over a temporary SQLite file; close() also deletes the folder. */
export function startTestRuntime(env: Record<string, string> = {}, options: RuntimeOptions = {}) {
  const dir = tempDir();
  const runtime = CoachRuntime.create(testConfig(join(dir.path, 'coach.db'), env), silentLogger, options);
  return {
    runtime,
    dbPath: join(dir.path, 'coach.db'),
    close: () => {
      runtime.close();
      dir.cleanup();
    },
  };
}

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';

const sqlite = createRequire(import.meta.url).resolve('better-sqlite3');

/**
 * Another process holding the database's write lock for a while, as a backup script, a second
 * replica or a person with the sqlite3 shell might. Resolves once the lock is held; `released`
 * resolves when that process has let go and exited.
 */
export async function holdWriteLock(db: string, ms: number) {
  const script = `
    const Database = require(${JSON.stringify(sqlite)});
    const db = new Database(${JSON.stringify(db)});
    db.exec('BEGIN EXCLUSIVE');
    db.prepare("INSERT INTO processed_events (id, expires_hour) VALUES ('lock-holder', 0) ON CONFLICT DO NOTHING").run();
    process.stdout.write('locked\\n');
    const release = () => { try { db.exec('ROLLBACK'); db.close(); } catch {} process.exit(0); };
    setTimeout(release, ${ms});
    process.stdin.on('data', release);
  `;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const released = once(child, 'exit').then(() => undefined);
  for await (const chunk of child.stdout) if (String(chunk).includes('locked')) break;
  /** Lets go now, before the time is up (a test that holds the lock for as long as it needs). */
  const release = async () => {
    child.stdin?.end('release\n');
    await released;
  };
  return { released, release };
}

import { backupDatabase } from '../../core/store/backup.ts';
import { readConfig } from '../context.ts';

/** `opscoach backup <file> [--force]`: a consistent copy of the live database, checked. */
export async function backupCommand(target: string, force: boolean): Promise<number> {
  const config = readConfig();
  const result = await backupDatabase(config.OPSCOACH_DB, target, { force });
  const size =
    result.bytes >= 1_048_576 ? `${(result.bytes / 1_048_576).toFixed(1)} MB` : `${Math.ceil(result.bytes / 1024)} KB`;
  process.stdout.write(
    `Backed up ${config.OPSCOACH_DB} to ${target} (${size}, schema version ${result.schemaVersion}, integrity ok).\n`,
  );
  return 0;
}

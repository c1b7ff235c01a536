import { readFileSync, statSync } from 'node:fs';
import { DEFAULT_DB } from '../../config.ts';
import { type ImportKind, importExport, NothingUsable } from '../../core/evidence/importer.ts';
import { ImportRefused } from '../../core/evidence/read-export.ts';
import { Store } from '../../core/store/store.ts';
import { readConfig } from '../context.ts';

/** More reasons than this would scroll the summary away; the count says how many more. */
const SHOWN_SKIPS = 50;
/** Exports of a few years of incidents are tens of megabytes; a file far beyond that is a mistake. */
const MOST_BYTES = 512 * 1024 * 1024;

const WHAT: Record<ImportKind, string> = {
  pagerduty: 'PagerDuty incidents',
  servicenow: 'ServiceNow incidents',
  deployments: 'deployments',
};

/**
 * `opscoach import pagerduty|servicenow|deployments FILE [--map column=field ...]`: reads an
 * export and stores only what the evidence figures need, in one transaction. Exit 0 when
 * records were imported (skipped rows are listed), 1 when the file was refused and nothing was
 * stored.
 */
export function importCommand(kind: ImportKind, file: string, map: readonly string[]): number {
  const config = readConfig();
  let text: string;
  try {
    if (statSync(file).size > MOST_BYTES) return refuse(file, 'it is larger than 512 MB; split the export by date');
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return refuse(file, `it cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const store = Store.open(config.OPSCOACH_DB, { createFolder: config.OPSCOACH_DB === DEFAULT_DB });
  try {
    const summary = importExport(store, kind, text, { timezone: config.OPSCOACH_TIMEZONE, map });
    const { added, updated, unchanged } = summary.saved;
    process.stdout.write(
      `Imported ${summary.rows - summary.skipped.length} ${WHAT[kind]} from ${file} (${summary.format}, ${summary.file.toUpperCase()}): ${added} new, ${updated} updated, ${unchanged} already known.\n`,
    );
    writeSkipped(summary.skipped);
    return 0;
  } catch (error) {
    if (error instanceof NothingUsable) {
      writeSkipped(error.skipped);
      return refuse(file, error.message);
    }
    if (error instanceof ImportRefused) return refuse(file, error.message);
    throw error;
  } finally {
    store.close();
  }
}

function refuse(file: string, why: string): number {
  process.stderr.write(`opscoach: ${file} was not imported: ${why}. Nothing was stored.\n`);
  return 1;
}

function writeSkipped(skipped: readonly { where: string; reason: string }[]): void {
  if (skipped.length === 0) return;
  const lines = skipped.slice(0, SHOWN_SKIPS).map((s) => `  ${s.where}: ${s.reason}`);
  if (skipped.length > SHOWN_SKIPS) lines.push(`  … and ${skipped.length - SHOWN_SKIPS} more`);
  process.stderr.write(
    `Skipped ${skipped.length} ${skipped.length === 1 ? 'record' : 'records'} that could not be used:\n${lines.join('\n')}\n`,
  );
}
